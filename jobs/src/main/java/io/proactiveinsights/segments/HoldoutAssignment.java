package io.proactiveinsights.segments;

import static io.proactiveinsights.schema.SegmentsColumns.SEGMENT_ID;
import static io.proactiveinsights.schema.SegmentsColumns.USER_ID;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.delivery.holdout.HoldoutArm;
import io.proactiveinsights.schema.AssignmentsColumns;
import io.proactiveinsights.schema.AssignmentsColumns.Source;
import io.proactiveinsights.schema.SegmentsColumns;
import io.proactiveinsights.schema.Vocabulary.Arm;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The holdout arms of the segments job, as Spark transforms: no reads, writes or clock (the as-of
 * time comes in as an argument). For each message whose holdout share h is above 0, every audience
 * member gets an arm once: the arm the source gave ({@code bronze_assignments}), else the one the
 * {@code assignments} table already holds, else {@link HoldoutArm}'s hash, computed here with
 * Spark's {@code sha2} (no UDF). The job adds the new arms to {@code assignments} (only keys it
 * does not hold: an arm never changes, whatever the share says later) and reads every member's arm
 * back from it.
 */
public final class HoldoutAssignment {

  /** Column of {@link #shares}: the share's threshold as 16 hex digits ({@link HoldoutArm}). */
  static final String THRESHOLD_HEX = "threshold_hex";

  private static final String SHARE_MESSAGE = "_share_message_id";
  private static final String KNOWN_MESSAGE = "_known_message_id";
  private static final String KNOWN_USER = "_known_user_id";
  private static final String KNOWN_ARM = "_known_arm";

  private HoldoutAssignment() {}

  /**
   * The small table of every catalogue message's share (message_id, holdout_share, threshold_hex),
   * built on the driver from a row per message so the threshold is {@link HoldoutArm}'s own.
   *
   * @param shares message id → its effective share (the catalogue's, else the conf default)
   */
  public static Dataset<Row> shares(SparkSession spark, Map<String, Double> shares) {
    StructType schema =
        new StructType()
            .add(AssignmentsColumns.MESSAGE_ID, DataTypes.StringType, false)
            .add(AssignmentsColumns.HOLDOUT_SHARE, DataTypes.DoubleType, false)
            .add(THRESHOLD_HEX, DataTypes.StringType, false);
    List<Row> rows = new ArrayList<>();
    shares.forEach(
        (id, share) -> rows.add(RowFactory.create(id, share, HoldoutArm.thresholdHex(share))));
    return spark.createDataFrame(rows, schema);
  }

  /**
   * {@link HoldoutArm#isControl} in Spark: the first 16 hex digits of SHA-256 of {@code messageId
   * NUL userId} sort below the threshold (equal-length lowercase hex sorts as the number it
   * spells).
   */
  public static Column isControl(Column messageId, Column userId, Column thresholdHex) {
    return substring(sha2(concat(messageId, lit("\u0000"), userId), 256), 1, 16).lt(thresholdHex);
  }

  /**
   * The assignments a run of as-of {@code asOf} would add, in the {@code assignments} columns, one
   * per message and person: every given arm (source {@code input}, with its message's share, null
   * for a message not in the catalogue), and for each member of a message with a holdout and no
   * given arm, the hash's arm (source {@code holdout}, assigned at {@code asOf}). The table keeps
   * only those whose key it does not hold yet.
   *
   * @param members segment_id, user_id (a segment's id is its message's)
   * @param shares {@link #shares}
   * @param given the accepted {@code assignments} input: message_id, user_id, arm, assigned_at, one
   *     row per message and person
   */
  public static Dataset<Row> candidates(
      Dataset<Row> members, Dataset<Row> shares, Dataset<Row> given, Instant asOf) {
    Dataset<Row> givenArms =
        given
            .join(
                broadcast(
                    shares.select(
                        col(AssignmentsColumns.MESSAGE_ID).as(SHARE_MESSAGE),
                        col(AssignmentsColumns.HOLDOUT_SHARE))),
                col(AssignmentsColumns.MESSAGE_ID).equalTo(col(SHARE_MESSAGE)),
                "left")
            .select(
                col(AssignmentsColumns.MESSAGE_ID),
                col(AssignmentsColumns.USER_ID),
                col(AssignmentsColumns.ARM),
                col(AssignmentsColumns.ASSIGNED_AT),
                lit(Source.INPUT.wire()).as(AssignmentsColumns.SOURCE),
                col(AssignmentsColumns.HOLDOUT_SHARE));
    Dataset<Row> held = withHoldout(members, shares);
    Dataset<Row> hashed =
        held.join(
                given.select(
                    col(AssignmentsColumns.MESSAGE_ID).as(KNOWN_MESSAGE),
                    col(AssignmentsColumns.USER_ID).as(KNOWN_USER)),
                col(SEGMENT_ID)
                    .equalTo(col(KNOWN_MESSAGE))
                    .and(col(USER_ID).equalTo(col(KNOWN_USER))),
                "left_anti")
            .select(
                col(SEGMENT_ID).as(AssignmentsColumns.MESSAGE_ID),
                col(USER_ID).as(AssignmentsColumns.USER_ID),
                when(
                        isControl(col(SEGMENT_ID), col(USER_ID), col(THRESHOLD_HEX)),
                        lit(Arm.CONTROL.wire()))
                    .otherwise(lit(Arm.TREATMENT.wire()))
                    .as(AssignmentsColumns.ARM),
                lit(Timestamp.from(asOf)).as(AssignmentsColumns.ASSIGNED_AT),
                lit(Source.HOLDOUT.wire()).as(AssignmentsColumns.SOURCE),
                col(AssignmentsColumns.HOLDOUT_SHARE));
    return givenArms.unionByName(hashed);
  }

  /**
   * The members with their arm ({@link SegmentsColumns#ARM}): for a message with a holdout, the arm
   * {@code assignments} holds for them; null for a message without one. Every other column of
   * {@code members} is kept.
   *
   * @param members segment_id, user_id, …
   * @param shares {@link #shares}
   * @param assignments the {@code assignments} table, holding every member of a message with a
   *     holdout once the run's {@link #candidates} were added
   */
  public static Dataset<Row> withArms(
      Dataset<Row> members, Dataset<Row> shares, Dataset<Row> assignments) {
    Dataset<Row> holdouts =
        shares
            .where(col(AssignmentsColumns.HOLDOUT_SHARE).gt(0))
            .select(col(AssignmentsColumns.MESSAGE_ID).as(SHARE_MESSAGE));
    Dataset<Row> known =
        assignments
            .join(
                broadcast(holdouts),
                col(AssignmentsColumns.MESSAGE_ID).equalTo(col(SHARE_MESSAGE)),
                "left_semi")
            .select(
                col(AssignmentsColumns.MESSAGE_ID).as(KNOWN_MESSAGE),
                col(AssignmentsColumns.USER_ID).as(KNOWN_USER),
                col(AssignmentsColumns.ARM).as(KNOWN_ARM));
    List<Column> out = new ArrayList<>();
    Arrays.stream(members.columns()).forEach(c -> out.add(col(c)));
    out.add(col(KNOWN_ARM).as(SegmentsColumns.ARM));
    return members
        .join(
            known,
            col(SEGMENT_ID).equalTo(col(KNOWN_MESSAGE)).and(col(USER_ID).equalTo(col(KNOWN_USER))),
            "left")
        .select(out.toArray(Column[]::new));
  }

  /** The members of messages whose share is above 0, with the share and its threshold. */
  private static Dataset<Row> withHoldout(Dataset<Row> members, Dataset<Row> shares) {
    Dataset<Row> holdouts =
        shares
            .where(col(AssignmentsColumns.HOLDOUT_SHARE).gt(0))
            .withColumnRenamed(AssignmentsColumns.MESSAGE_ID, SHARE_MESSAGE);
    return members
        .select(col(SEGMENT_ID), col(USER_ID))
        .join(broadcast(holdouts), col(SEGMENT_ID).equalTo(col(SHARE_MESSAGE)));
  }
}
