package io.proactiveinsights.segments;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.rules.RuleLimits;
import io.proactiveinsights.testing.SharedSpark;
import io.proactiveinsights.testing.WithShippedCodegen;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * A rule as big as the shipped {@code audience_rules} limits allow is evaluated like any other:
 * compiled, planned and run by Spark with code generation on, as a user's run has it. (The longest
 * chain of ORs: {@link LongestRuleTest}.)
 */
@WithShippedCodegen
class BoundedRulesTest {

  static final Instant AS_OF = Instant.parse("2024-05-01T00:00:00Z");

  private static final RuleLimits LIMITS = SharedSpark.config().audienceRules().limits();

  @Test
  void aRuleNestedAsDeepAsTheLimitAllowsFindsItsMembers() {
    // Each level opens one parenthesis, alternately OR-ing in a plan nobody has and AND-ing a
    // role: the whole rule means plan = 'Pro' AND role = 'user'.
    String rule = "plan = 'Pro'";
    for (int level = 1; level <= LIMITS.maxNesting(); level++) {
      rule =
          level % 2 == 0
              ? "(plan = 'nobody-" + level + "' OR " + rule + ")"
              : "(role = 'user' AND " + rule + ")";
    }
    String nots = "NOT ".repeat(LIMITS.maxNesting()) + "plan = 'Pro'";

    assertThat(
            members(
                List.of(
                    CompiledRule.parse("nested", rule, LIMITS),
                    CompiledRule.parse("nots", nots, LIMITS))))
        .containsExactly("nested:u1", "nots:u1", "nots:u3");
  }

  static List<String> members(List<CompiledRule> rules) {
    Dataset<Row> users =
        SharedSpark.session()
            .createDataFrame(
                List.of(
                    RowFactory.create("u1", "Pro", "user", null, null, null),
                    RowFactory.create("u2", "Free", "user", null, null, null),
                    RowFactory.create("u3", "Pro", "lead", null, null, null)),
                SegmentEvaluationTest.USERS);
    Dataset<Row> noEvents = users.limit(0);
    return SegmentEvaluation.members(users, noEvents, rules, AS_OF).collectAsList().stream()
        .map(r -> r.getString(0) + ":" + r.getString(1))
        .sorted()
        .toList();
  }
}
