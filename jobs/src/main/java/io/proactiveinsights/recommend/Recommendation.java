package io.proactiveinsights.recommend;

import io.proactiveinsights.schema.EvidenceJson;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One row of {@code recommendations}: what to do about a message, how urgently, why (one sentence
 * with the numbers) and a concrete suggestion (a rule, a format, a frequency).
 *
 * @param priority 1 = do it today, 2 = this week, 3 = when you next edit it
 */
public record Recommendation(String messageId, Action action, int priority, String reason, Map<String, Object> evidence, String suggestion) {

  public static final StructType SCHEMA =
      new StructType()
          .add("message_id", DataTypes.StringType, false)
          .add("action", DataTypes.StringType, false)
          .add("priority", DataTypes.IntegerType, false)
          .add("reason", DataTypes.StringType, false)
          .add("evidence", DataTypes.StringType, false)
          .add("suggestion", DataTypes.StringType, false);

  public Row toRow() {
    return RowFactory.create(messageId, action.name(), priority, reason, EvidenceJson.write(evidence), suggestion);
  }
}
