package io.proactiveinsights.hygiene;

import static io.proactiveinsights.schema.RowCodec.instant;
import static io.proactiveinsights.schema.RowCodec.string;
import static io.proactiveinsights.schema.RowCodec.wire;

import io.proactiveinsights.schema.EvidenceJson;
import io.proactiveinsights.schema.RowCodec;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * One row of {@code hygiene_flags}: a message, what is wrong with it, since when, and a sentence
 * with the numbers behind it. {@code evidence} carries the same numbers as JSON for machines. The
 * table's columns, its schema and the row codec are here.
 *
 * @param since when the condition began (resolution time, last edit plus the review interval, …),
 *     or null when it has no clear start
 */
public record HygieneFlag(
    String messageId,
    Flag flag,
    Severity severity,
    Instant since,
    String detail,
    Map<String, Object> evidence) {

  public static final String MESSAGE_ID = "message_id";
  public static final String FLAG = "flag";
  public static final String SEVERITY = "severity";
  public static final String SINCE = "since";
  public static final String DETAIL = "detail";
  public static final String EVIDENCE = "evidence";

  private static final RowCodec<HygieneFlag> CODEC =
      RowCodec.<HygieneFlag>builder()
          .string(MESSAGE_ID, false, HygieneFlag::messageId)
          .string(FLAG, false, f -> f.flag().name())
          .string(SEVERITY, false, f -> f.severity().wire())
          .timestamp(SINCE, true, HygieneFlag::since)
          .string(DETAIL, false, HygieneFlag::detail)
          .string(EVIDENCE, false, f -> EvidenceJson.write(f.evidence()))
          .build();

  public static final StructType SCHEMA = CODEC.schema();

  public Row toRow() {
    return CODEC.toRow(this);
  }

  /** A {@code hygiene_flags} row as the hygiene job wrote it, its evidence parsed from the JSON. */
  public static HygieneFlag fromRow(Row r) {
    String messageId = string(r, MESSAGE_ID);
    return new HygieneFlag(
        messageId,
        Flag.valueOf(string(r, FLAG)),
        wire(r, SEVERITY, Severity.class),
        instant(r, SINCE),
        string(r, DETAIL),
        EvidenceJson.readEvidence(string(r, EVIDENCE), "hygiene_flags", messageId));
  }
}
