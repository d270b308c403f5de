package io.proactiveinsights.segments;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.rules.RuleLimits;
import io.proactiveinsights.testing.ShippedCodegen;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A flat chain of 6,001 ORs (about 100 KB), allowed by raised {@code audience_rules} limits, is
 * compiled, planned and evaluated without overflowing the stack: {@link RuleCompiler} joins the
 * chain as a balanced tree, 13 levels deep instead of 6,001. Slow (Spark plans every one of the
 * 6,001 conditions, about half a minute), so an IT.
 */
@ExtendWith(ShippedCodegen.class)
class LongOrChainIT {

  @Test
  void sixThousandOneOrsFindTheirMembers() {
    // Only the middle condition matches anyone: u2, the one Free user.
    String chain =
        String.join(
            " OR ",
            IntStream.range(0, 6_001)
                .mapToObj(i -> "plan = '" + (i == 3_000 ? "Free" : "p" + i) + "'")
                .toList());

    assertThat(
            BoundedRulesTest.members(
                List.of(CompiledRule.parse("chain", chain, new RuleLimits(200_000, 32)))))
        .containsExactly("chain:u2");
  }
}
