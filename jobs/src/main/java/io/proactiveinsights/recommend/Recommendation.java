package io.proactiveinsights.recommend;

import static io.proactiveinsights.schema.RowCodec.intValue;
import static io.proactiveinsights.schema.RowCodec.string;

import io.proactiveinsights.schema.EvidenceJson;
import io.proactiveinsights.schema.RowCodec;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * One row of {@code recommendations}: what to do about a message, how urgently, why (one sentence
 * with the numbers) and a concrete suggestion (a rule, a format, a frequency). The table's columns,
 * its schema and the row codec are here.
 *
 * @param priority 1 = do it today, 2 = this week, 3 = when you next edit it
 */
public record Recommendation(
    String messageId,
    Action action,
    int priority,
    String reason,
    Map<String, Object> evidence,
    String suggestion) {

  public static final String MESSAGE_ID = "message_id";
  public static final String ACTION = "action";
  public static final String PRIORITY = "priority";
  public static final String REASON = "reason";
  public static final String EVIDENCE = "evidence";
  public static final String SUGGESTION = "suggestion";

  private static final RowCodec<Recommendation> CODEC =
      RowCodec.<Recommendation>builder()
          .string(MESSAGE_ID, false, Recommendation::messageId)
          .string(ACTION, false, r -> r.action().name())
          .integer(PRIORITY, false, Recommendation::priority)
          .string(REASON, false, Recommendation::reason)
          .string(EVIDENCE, false, r -> EvidenceJson.write(r.evidence()))
          .string(SUGGESTION, false, Recommendation::suggestion)
          .build();

  public static final StructType SCHEMA = CODEC.schema();

  public Row toRow() {
    return CODEC.toRow(this);
  }

  /**
   * A {@code recommendations} row as the recommendations job wrote it, its evidence parsed from the
   * JSON.
   */
  public static Recommendation fromRow(Row r) {
    String messageId = string(r, MESSAGE_ID);
    return new Recommendation(
        messageId,
        Action.valueOf(string(r, ACTION)),
        intValue(r, PRIORITY),
        string(r, REASON),
        EvidenceJson.readEvidence(string(r, EVIDENCE), "recommendations", messageId),
        string(r, SUGGESTION));
  }
}
