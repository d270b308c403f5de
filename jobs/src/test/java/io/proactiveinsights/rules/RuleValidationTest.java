package io.proactiveinsights.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.io.MessageRules;
import io.proactiveinsights.rules.RuleValidation.MessageRule;
import io.proactiveinsights.rules.RuleValidation.RuleError;
import io.proactiveinsights.testing.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RuleValidationTest {

  private static final RuleLimits LIMITS = SharedSpark.config().audienceRules().limits();

  @Test
  void reportsOnlyTheRulesThatDoNotParseWithMessageIdColumnAndError() {
    List<RuleError> errors =
        RuleValidation.check(
            List.of(
                new MessageRule("m3", "plan IN ('Pro', 'Premium'"),
                new MessageRule("m1", "everyone"),
                new MessageRule("m2", "plna = 'Pro'"),
                new MessageRule("m4", null)),
            LIMITS);

    assertThat(errors).extracting(RuleError::messageId).containsExactly("m2", "m3", "m4");
    assertThat(errors.get(0))
        .isEqualTo(
            new RuleError(
                "m2",
                "plna = 'Pro'",
                1,
                "Cannot parse audience rule \"plna = 'Pro'\" at column 1: unknown field plna:"
                    + " expected plan, role, signed_up_at, last_seen_at, attr.<name>, event.<name>,"
                    + " page.<name> or session.<name>"));
    assertThat(errors.get(1).column()).isEqualTo(26);
    assertThat(errors.get(1).error())
        .endsWith("expected ',' or ')' in the list of values after IN")
        .doesNotContain("\n");
    assertThat(errors.get(2).error()).contains("the rule is empty");
  }

  @Test
  void checksACatalogueDataset() {
    StructType schema =
        new StructType()
            .add("message_id", DataTypes.StringType)
            .add("name", DataTypes.StringType)
            .add("audience_rule", DataTypes.StringType);
    Dataset<Row> messages =
        SharedSpark.session()
            .createDataFrame(
                List.of(
                    RowFactory.create("ok", "Fine", "role = 'lead' AND last_seen_at WITHIN 30d"),
                    RowFactory.create("bad", "Broken", "last_seen_at WITHIN 30")),
                schema);

    assertThat(RuleValidation.check(MessageRules.of(messages), LIMITS))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.messageId()).isEqualTo("bad");
              assertThat(e.column()).isEqualTo(21);
              assertThat(e.error()).endsWith("expected a duration such as 7d or 12h, found 30");
            });
  }
}
