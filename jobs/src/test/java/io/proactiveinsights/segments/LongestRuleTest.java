package io.proactiveinsights.segments;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.rules.RuleLimits;
import io.proactiveinsights.testing.WithShippedCodegen;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The longest flat chain of ORs the shipped {@code audience_rules} limits admit (20,000 characters,
 * about 1,100 conditions) is compiled, planned and evaluated without overflowing the stack: {@link
 * RuleCompiler} joins a chain as a balanced tree (11 levels here) instead of one level per
 * condition. Longer rules are their message's rule error ({@code SegmentsCommandTest}); a
 * 6,001-condition chain under raised limits works the same way but takes Spark half a minute to
 * plan, so it is not run here.
 */
@WithShippedCodegen
class LongestRuleTest {

  @Test
  void theLongestChainTheDefaultLimitsAdmitFindsItsMembers() {
    RuleLimits limits = ProactiveConfig.defaults().audienceRules().limits();
    // Only one condition matches anyone: u2, the one Free user.
    List<String> conditions = new ArrayList<>(List.of("plan = 'Free'"));
    for (int i = 0; String.join(" OR ", conditions).length() < limits.maxLength() - 20; i++) {
      conditions.add(0, "plan = 'p" + i + "'");
    }
    String chain = String.join(" OR ", conditions);
    assertThat(chain.length()).isLessThanOrEqualTo(limits.maxLength());
    assertThat(conditions.size()).isGreaterThan(1_000);

    assertThat(BoundedRulesTest.members(List.of(CompiledRule.parse("chain", chain, limits))))
        .containsExactly("chain:u2");
  }
}
