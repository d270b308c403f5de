package io.proactiveinsights.io;

import static org.apache.spark.sql.functions.col;

import io.proactiveinsights.rules.RuleValidation;
import io.proactiveinsights.rules.RuleValidation.MessageRule;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The audience rules of a message catalogue, collected for the rule language (which has no Spark).
 */
public final class MessageRules {

  private MessageRules() {}

  /**
   * Each message's id and audience rule.
   *
   * @param messages at least message_id and audience_rule, one row per message: a catalogue is
   *     small, and is collected to the driver
   */
  public static List<MessageRule> of(Dataset<Row> messages) {
    List<MessageRule> rules = new ArrayList<>();
    for (Row row :
        messages
            .select(col(RuleValidation.MESSAGE_ID), col(RuleValidation.AUDIENCE_RULE))
            .collectAsList()) {
      rules.add(new MessageRule(row.getString(0), row.getString(1)));
    }
    return rules;
  }
}
