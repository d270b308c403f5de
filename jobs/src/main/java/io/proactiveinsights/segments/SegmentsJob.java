package io.proactiveinsights.segments;

import static io.proactiveinsights.schema.SegmentsColumns.ARM;
import static io.proactiveinsights.schema.SegmentsColumns.RULE;
import static io.proactiveinsights.schema.SegmentsColumns.SEGMENT_ID;
import static io.proactiveinsights.schema.SegmentsColumns.USER_ID;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.delivery.snapshot.LocalSnapshotStore;
import io.proactiveinsights.delivery.snapshot.SnapshotStore;
import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.job.StageJob;
import io.proactiveinsights.rules.RuleLimits;
import io.proactiveinsights.rules.RuleSyntaxException;
import io.proactiveinsights.rules.RuleValidation;
import io.proactiveinsights.rules.RuleValidation.RuleError;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.run.Stage;
import io.proactiveinsights.run.StageResult;
import io.proactiveinsights.schema.AssignmentsColumns;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.Vocabulary.Arm;
import io.proactiveinsights.schema.Vocabulary.MessageState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the {@code segments} table for ds D: for each live message of the bronze catalogue of D,
 * the users of D its audience rule matches as of the end of D (D+1 00:00 UTC), one row per
 * (segment, user). A rule that does not parse, or goes over the {@code audience_rules} limits,
 * gives no segment and is reported in the result; the run goes on for the other messages. Reads
 * only partition D of bronze (event conditions from {@code bronze_user_event_history}, all the
 * history the inputs held), and replaces only partition D of segments.
 *
 * <p>For a message with a holdout (share above 0, its own or {@code experiments.holdout_share}),
 * every member gets an arm ({@link HoldoutAssignment}); arms not given before are added to {@code
 * assignments}, the segments rows carry each member's arm, and the serving snapshot holds the
 * control group out.
 */
public final class SegmentsJob extends StageJob<SegmentsJob.Result> {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentsJob.class);

  /**
   * A segment written: its id, its rule as written, its runtime conditions, its size (everyone its
   * rule matches), its holdout share (0: none) and how many of its members are held out (control).
   */
  public record Segment(
      String segmentId,
      String rule,
      List<String> runtimeConditions,
      long members,
      double holdoutShare,
      long heldOut) {

    /** A segment without a holdout. */
    public Segment(String segmentId, String rule, List<String> runtimeConditions, long members) {
      this(segmentId, rule, runtimeConditions, members, 0, 0);
    }
  }

  /**
   * A segment written to the table but left out of the serving snapshot, and why: its id is one no
   * request could name (empty, or over {@link
   * io.proactiveinsights.delivery.snapshot.SnapshotIds#MAX_SEGMENT_ID_BYTES} bytes).
   */
  public record Unpublished(String segmentId, String reason) {
    Map<String, Object> toSummary() {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("segment_id", segmentId);
      summary.put("reason", reason);
      return summary;
    }
  }

  /** What a segments run wrote. */
  public record Result(
      LocalDate ds,
      long users,
      long liveMessages,
      List<Segment> segments,
      List<RuleError> ruleErrors,
      String snapshotVersion,
      String servingRoot,
      List<Unpublished> unpublished,
      boolean holdouts)
      implements StageResult {

    @Override
    public Long rowsIn() {
      return users;
    }

    /** Rows written to segments for D: the sum of the segment sizes. */
    @Override
    public Long rowsOut() {
      return segments.stream().mapToLong(Segment::members).sum();
    }

    @Override
    public List<String> outputs() {
      return holdouts
          ? List.of(Warehouse.SEGMENTS, Warehouse.ASSIGNMENTS)
          : List.of(Warehouse.SEGMENTS);
    }

    @Override
    public Map<String, Object> details() {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("live_messages", liveMessages);
      Map<String, Object> bySegment = new LinkedHashMap<>();
      for (Segment s : segments) {
        Map<String, Object> segment = new LinkedHashMap<>();
        segment.put("members", s.members());
        if (!s.runtimeConditions().isEmpty()) {
          segment.put("runtime_conditions", s.runtimeConditions());
        }
        if (s.holdoutShare() > 0) {
          segment.put("holdout_share", s.holdoutShare());
          segment.put("held_out", s.heldOut());
        }
        bySegment.put(s.segmentId(), segment);
      }
      details.put("segments", bySegment);
      details.put("snapshot_version", snapshotVersion);
      details.put("serving_root", servingRoot);
      details.put(
          "unpublished_segments", unpublished.stream().map(Unpublished::toSummary).toList());
      details.put("rule_errors", ruleErrors.stream().map(RuleError::toSummary).toList());
      return details;
    }
  }

  public SegmentsJob(SparkSession spark, ProactiveConfig config, Warehouse warehouse) {
    super(Stage.SEGMENTS, spark, config, warehouse);
  }

  @Override
  protected Result doRun(RunDate date) {
    LocalDate ds = date.ds();
    Instant asOf = date.asOf();
    Dataset<Row> messages =
        DeltaTables.readDs(
            spark, warehouse.bronzePath(InputTable.MESSAGES), ds, Stage.SEGMENTS, Stage.INGEST);
    Dataset<Row> users = bronze(InputTable.USERS, ds);

    RuleLimits limits = config.audienceRules().limits();
    List<CompiledRule> rules = new ArrayList<>();
    List<RuleError> errors = new ArrayList<>();
    List<Row> live =
        messages
            .where(col("state").equalTo(MessageState.LIVE.wire()))
            .select(col(RuleValidation.MESSAGE_ID), col(RuleValidation.AUDIENCE_RULE))
            .orderBy(col(RuleValidation.MESSAGE_ID))
            .collectAsList();
    for (Row message : live) {
      try {
        rules.add(CompiledRule.parse(message.getString(0), message.getString(1), limits));
      } catch (RuleSyntaxException e) {
        errors.add(RuleError.of(message.getString(0), e));
        LOG.warn(
            "segments ds={}: message {} gets no segment: {}",
            ds,
            message.getString(0),
            e.summary());
      }
    }

    Map<String, Double> shares = holdoutShares(messages);
    Dataset<Row> given = givenAssignments(ds);
    boolean holdouts =
        rules.stream().anyMatch(r -> shares.getOrDefault(r.segmentId(), 0.0) > 0)
            || !given.isEmpty();

    Dataset<Row> members =
        withRules(
            SegmentEvaluation.members(
                users,
                () -> DeltaTables.readUserEventHistory(spark, warehouse, ds, Stage.SEGMENTS),
                rules,
                asOf),
            rules);
    if (holdouts) {
      members = members.persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> shareTable = HoldoutAssignment.shares(spark, shares);
      writer.insertNew(
          HoldoutAssignment.candidates(members, shareTable, given, asOf),
          warehouse.path(Warehouse.ASSIGNMENTS),
          AssignmentsColumns.KEY);
      // Read back, not the candidates: a person already assigned keeps the arm the table holds.
      Dataset<Row> assignments =
          spark.read().format("delta").load(warehouse.path(Warehouse.ASSIGNMENTS));
      try {
        writeSegments(HoldoutAssignment.withArms(members, shareTable, assignments), ds);
      } finally {
        members.unpersist();
      }
    } else {
      writeSegments(members.withColumn(ARM, lit(null).cast(DataTypes.StringType)), ds);
    }

    Map<String, long[]> sizes = new HashMap<>();
    for (Row r :
        read(ds)
            .groupBy(col(SEGMENT_ID))
            .agg(count(lit(1)), sum(when(col(ARM).equalTo(Arm.CONTROL.wire()), 1L).otherwise(0L)))
            .collectAsList()) {
      sizes.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2)});
    }
    List<Segment> segments =
        rules.stream()
            .map(
                r -> {
                  long[] size = sizes.getOrDefault(r.segmentId(), new long[2]);
                  return new Segment(
                      r.segmentId(),
                      r.text(),
                      r.runtimeConditions(),
                      size[0],
                      shares.getOrDefault(r.segmentId(), 0.0),
                      size[1]);
                })
            .toList();
    long userCount = users.count();
    LOG.info(
        "segments ds={}: {} live messages, {} segments over {} users, {} rules that do not parse",
        ds,
        live.size(),
        segments.size(),
        userCount,
        errors.size());
    SnapshotStore servingRoot = servingRoot();
    String version = null;
    List<Unpublished> unpublished = List.of();
    Dataset<Row> dictionary = dictionary(users).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      ServingSnapshot.Published published =
          ServingSnapshot.publish(
              dictionary,
              SegmentEvaluation.withUserIndex(read(ds), dictionary, List.of(ARM)),
              segments,
              servingRoot,
              config.segments().keepVersions(),
              ds,
              Instant.now());
      version = published.manifest().version();
      unpublished = published.unpublished();
      unpublished.forEach(
          u ->
              LOG.warn(
                  "segments ds={}: segment {} left out of the serving snapshot: its id cannot be"
                      + " served because {} (listed in the summary as unpublished_segments)",
                  ds,
                  u.segmentId(),
                  u.reason()));
      LOG.info(
          "segments ds={}: published serving snapshot {} under {}",
          ds,
          version,
          servingRoot.location());
    } finally {
      dictionary.unpersist();
    }
    return new Result(
        ds,
        userCount,
        live.size(),
        segments,
        List.copyOf(errors),
        version,
        servingRoot.location(),
        unpublished,
        holdouts);
  }

  private void writeSegments(Dataset<Row> members, LocalDate ds) {
    writer.replaceDs(
        members.withColumn(InputTable.DS, lit(Date.valueOf(ds))),
        warehouse.path(Warehouse.SEGMENTS),
        ds);
  }

  /**
   * Each catalogue message's holdout share: its own, else {@code experiments.holdout_share}. A
   * catalogue ingested before the column existed has none of its own. One row per message, read on
   * the driver.
   */
  private Map<String, Double> holdoutShares(Dataset<Row> messages) {
    double fallback = config.experiments().holdoutShare();
    boolean hasColumn =
        Arrays.asList(messages.columns()).contains(AssignmentsColumns.HOLDOUT_SHARE);
    Map<String, Double> shares = new HashMap<>();
    for (Row r :
        messages
            .select(
                col(RuleValidation.MESSAGE_ID),
                hasColumn
                    ? col(AssignmentsColumns.HOLDOUT_SHARE)
                    : lit(null).cast(DataTypes.DoubleType))
            .collectAsList()) {
      shares.put(r.getString(0), r.isNullAt(1) ? fallback : r.getDouble(1));
    }
    return shares;
  }

  /**
   * The arms the source gave ({@code bronze_assignments} of ds); none when ingest of ds predates
   * the table.
   */
  private Dataset<Row> givenAssignments(LocalDate ds) {
    String path = warehouse.bronzePath(InputTable.ASSIGNMENTS);
    if (!io.delta.tables.DeltaTable.isDeltaTable(spark, path)) {
      return spark.createDataFrame(List.of(), InputTable.ASSIGNMENTS.contractSchema());
    }
    return DeltaTables.readBronze(spark, warehouse, InputTable.ASSIGNMENTS, ds, config.ingest());
  }

  /**
   * Where the serving snapshot goes. A local folder keeps the delivery module's own store (atomic
   * renames, flushed to disk, no Hadoop checksum files beside the snapshot); any other file system
   * Hadoop reaches ({@code s3a://}, {@code abfss://}, {@code gs://}, {@code hdfs://}) goes through
   * Hadoop's FileSystem.
   */
  private SnapshotStore servingRoot() {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(warehouse.servingPath());
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
        return new LocalSnapshotStore(Path.of(fs.makeQualified(root).toUri()).toAbsolutePath());
      }
      return new HadoopSnapshotStore(fs, root);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot publish the serving snapshot under " + root + ": " + e.getMessage(), e);
    }
  }

  /** Partition {@code ds} of the segments table (segment_id, user_id, rule, arm). */
  public Dataset<Row> read(LocalDate ds) {
    return spark
        .read()
        .format("delta")
        .load(warehouse.path(Warehouse.SEGMENTS))
        .where(DeltaTables.dsPredicate(ds))
        .drop(InputTable.DS);
  }

  /**
   * The members of ds's segments with their dense index in the dictionary of ds's users, for the
   * serving snapshot: segment_id, user_id, user_index. Use {@link #dictionary(Dataset)} on the same
   * users for the index → user id table.
   */
  public Dataset<Row> indexedMembers(LocalDate ds) {
    return SegmentEvaluation.withUserIndex(read(ds), dictionary(bronze(InputTable.USERS, ds)));
  }

  /**
   * The users of ds as a dictionary: user_id with a dense index in UTF-8 byte order (see {@link
   * SegmentEvaluation#dictionary}).
   */
  public static Dataset<Row> dictionary(Dataset<Row> users) {
    return SegmentEvaluation.dictionary(users);
  }

  /** Adds each segment's rule text (a broadcast of the small rules table). */
  private Dataset<Row> withRules(Dataset<Row> members, List<CompiledRule> rules) {
    StructType schema =
        new StructType()
            .add("_rule_segment", DataTypes.StringType, false)
            .add(RULE, DataTypes.StringType, false);
    Dataset<Row> ruleTexts =
        spark.createDataFrame(
            rules.stream().map(r -> RowFactory.create(r.segmentId(), r.text())).toList(), schema);
    return members
        .join(broadcast(ruleTexts), members.col(SEGMENT_ID).equalTo(ruleTexts.col("_rule_segment")))
        .select(col(SEGMENT_ID), col(USER_ID), col(RULE));
  }

  private Dataset<Row> bronze(InputTable table, LocalDate ds) {
    return spark
        .read()
        .format("delta")
        .load(warehouse.bronzePath(table))
        .where(DeltaTables.dsPredicate(ds))
        .drop(InputTable.DS);
  }
}
