package io.proactiveinsights.hygiene;

import io.proactiveinsights.schema.EvidenceJson;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One row of {@code hygiene_flags}: a message, what is wrong with it, since when, and a sentence
 * with the numbers behind it. {@code evidence} carries the same numbers as JSON for machines.
 *
 * @param since when the condition began (resolution time, last edit plus the review interval, …),
 *     or null when it has no clear start
 */
public record HygieneFlag(String messageId, Flag flag, Severity severity, Instant since, String detail, Map<String, Object> evidence) {

  public static final StructType SCHEMA =
      new StructType()
          .add("message_id", DataTypes.StringType, false)
          .add("flag", DataTypes.StringType, false)
          .add("severity", DataTypes.StringType, false)
          .add("since", DataTypes.TimestampType, true)
          .add("detail", DataTypes.StringType, false)
          .add("evidence", DataTypes.StringType, false);

  public Row toRow() {
    return RowFactory.create(messageId, flag.name(), severity.wire(), since == null ? null : Timestamp.from(since), detail,
        EvidenceJson.write(evidence));
  }
}
