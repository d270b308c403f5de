package io.proactiveinsights.experiments;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.impact.TicketAggregates;
import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.job.StageJob;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.run.Stage;
import io.proactiveinsights.run.StageResult;
import io.proactiveinsights.schema.AssignmentsColumns;
import io.proactiveinsights.schema.ExperimentImpactColumns;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.Vocabulary.Arm;
import io.proactiveinsights.stats.ArmSums;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code experiment_impact} for ds D: every holdout message's treatment arm against its
 * control arm, from the {@code assignments} made before the as-of time of D and the bronze tables
 * of D. Spark sums each (message, metric, arm) ({@link ArmAggregates}); those few rows reach the
 * driver, where {@link ExperimentReading} compares the arms. A warehouse without assignments gets
 * an empty partition.
 */
public final class ExperimentsJob extends StageJob<ExperimentsJob.Result> {

  private static final Logger LOG = LoggerFactory.getLogger(ExperimentsJob.class);

  /** What an experiments run wrote. */
  public record Result(LocalDate ds, long messages, long rows, Map<String, Long> verdicts)
      implements StageResult {

    @Override
    public Long rowsIn() {
      return null;
    }

    @Override
    public Long rowsOut() {
      return rows;
    }

    @Override
    public List<String> outputs() {
      return List.of(Warehouse.EXPERIMENT_IMPACT);
    }

    @Override
    public Map<String, Object> details() {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("experiments", messages);
      details.put("experiment_rows", rows);
      details.put("verdicts", verdicts);
      return details;
    }
  }

  public ExperimentsJob(SparkSession spark, ProactiveConfig config, Warehouse warehouse) {
    super(Stage.EXPERIMENTS, spark, config, warehouse);
  }

  @Override
  protected Result doRun(RunDate date) {
    LocalDate ds = date.ds();
    Dataset<Row> messages =
        DeltaTables.readSmallDs(
            spark, warehouse.bronzePath(InputTable.MESSAGES), ds, Stage.EXPERIMENTS, Stage.INGEST);
    Optional<Dataset<Row>> assignments = arms(ds, messages, date.asOf());
    List<ExperimentImpact> impacts =
        assignments.isEmpty() ? List.of() : compare(date, messages, assignments.get());
    writer.replaceDs(
        spark
            .createDataFrame(
                impacts.stream().map(ExperimentImpact::toRow).toList(), ExperimentImpact.SCHEMA)
            .withColumn(InputTable.DS, lit(Date.valueOf(ds))),
        warehouse.path(Warehouse.EXPERIMENT_IMPACT),
        ds);

    Map<String, Long> verdicts = new TreeMap<>();
    impacts.forEach(
        i -> verdicts.merge(i.verdict() == null ? "none" : i.verdict().wire(), 1L, Long::sum));
    long experiments = impacts.stream().map(i -> i.arms().messageId()).distinct().count();
    LOG.info(
        "experiments ds={}: {} holdout messages, {} message×metric rows {}",
        ds,
        experiments,
        impacts.size(),
        verdicts);
    return new Result(ds, experiments, impacts.size(), verdicts);
  }

  /**
   * The arms D is analysed on: the jobs' own ({@code assignments}, source holdout, made before D's
   * as-of) and the source's as ingest stored them for D ({@code bronze_assignments}), with their
   * message's share. Not the source's arms the segments stage copies into {@code assignments}:
   * those exist only once a segments run of D has happened, and a first run of D, a rerun and a
   * backfill must read the same arms. A person with both keeps the jobs' arm, as the table does.
   * Empty when neither table exists.
   */
  private Optional<Dataset<Row>> arms(LocalDate ds, Dataset<Row> messages, Instant asOf) {
    Optional<Dataset<Row>> own =
        DeltaTables.readIfExists(spark, warehouse.path(Warehouse.ASSIGNMENTS))
            .map(
                t ->
                    t.where(
                            col(AssignmentsColumns.SOURCE)
                                .equalTo(lit(AssignmentsColumns.Source.HOLDOUT.wire()))
                                .and(
                                    col(AssignmentsColumns.ASSIGNED_AT)
                                        .lt(lit(Timestamp.from(asOf)))))
                        .select(ARM_COLUMNS));
    Optional<Dataset<Row>> given =
        DeltaTables.readIfExists(spark, warehouse.bronzePath(InputTable.ASSIGNMENTS))
            .map(
                t ->
                    DeltaTables.readBronze(
                            spark, warehouse, InputTable.ASSIGNMENTS, ds, config.ingest())
                        .join(shares(messages), AssignmentsColumns.MESSAGE_ID)
                        .select(ARM_COLUMNS));
    if (own.isPresent() && given.isPresent()) {
      Dataset<Row> givenOnly =
          given
              .get()
              .join(
                  own.get().select(AssignmentsColumns.MESSAGE_ID, AssignmentsColumns.USER_ID),
                  AssignmentsColumns.KEY.toArray(String[]::new),
                  "left_anti");
      return Optional.of(own.get().unionByName(givenOnly));
    }
    return own.isPresent() ? own : given;
  }

  private static final Column[] ARM_COLUMNS = {
    col(AssignmentsColumns.MESSAGE_ID),
    col(AssignmentsColumns.USER_ID),
    col(AssignmentsColumns.ARM),
    col(AssignmentsColumns.ASSIGNED_AT),
    col(AssignmentsColumns.HOLDOUT_SHARE)
  };

  /** Each catalogue message's holdout share: its own, else {@code experiments.holdout_share}. */
  private Dataset<Row> shares(Dataset<Row> messages) {
    Column fallback = lit(config.experiments().holdoutShare());
    Column share =
        java.util.Arrays.asList(messages.columns()).contains(AssignmentsColumns.HOLDOUT_SHARE)
            ? coalesce(col(AssignmentsColumns.HOLDOUT_SHARE).cast("double"), fallback)
            : fallback;
    return messages.select(
        col(AssignmentsColumns.MESSAGE_ID), share.as(AssignmentsColumns.HOLDOUT_SHARE));
  }

  private List<ExperimentImpact> compare(
      RunDate date, Dataset<Row> messages, Dataset<Row> assignments) {
    LocalDate ds = date.ds();
    Instant asOf = date.asOf();
    Dataset<Row> conversations =
        DeltaTables.readBronze(spark, warehouse, InputTable.CONVERSATIONS, ds, config.ingest());
    Dataset<Row> assigned = ArmAggregates.assignedBefore(assignments, messages, asOf).cache();
    try {
      Map<String, MessageArms> arms = messageArms(ArmAggregates.messageArms(assigned), asOf);
      List<Row> sums =
          ArmAggregates.armSums(
                  assigned,
                  messages,
                  TicketAggregates.inbound(conversations),
                  conversations,
                  DeltaTables.readBronze(spark, warehouse, InputTable.USERS, ds),
                  DeltaTables.readBronze(
                      spark, warehouse, InputTable.USER_EVENTS, ds, config.ingest()),
                  DeltaTables.readBronze(
                      spark, warehouse, InputTable.EXPOSURES, ds, config.ingest()),
                  asOf,
                  date.trailing(config.ingest().lookbackDays()).start(),
                  Duration.ofDays(config.experiments().cupedPreDays()))
              .orderBy(ExperimentImpactColumns.MESSAGE_ID, ExperimentImpactColumns.METRIC)
              .collectAsList();
      return read(arms, sums);
    } finally {
      assigned.unpersist();
    }
  }

  /** Per message, its arms from {@link ArmAggregates#messageArms}. */
  private static Map<String, MessageArms> messageArms(Dataset<Row> sizes, Instant asOf) {
    Map<String, MessageArms> arms = new HashMap<>();
    for (Row r : sizes.collectAsList()) {
      String message = r.getAs(ExperimentImpactColumns.MESSAGE_ID);
      arms.put(
          message,
          MessageArms.of(
              message,
              r.<Long>getAs(ArmAggregates.TREATMENT_USERS),
              r.<Long>getAs(ArmAggregates.CONTROL_USERS),
              r.<Double>getAs(ArmAggregates.SHARE_SUM),
              r.<Long>getAs(ArmAggregates.SHARE_COUNT),
              r.<Timestamp>getAs(ArmAggregates.FIRST_ASSIGNED_AT).toInstant(),
              asOf));
    }
    return arms;
  }

  /** The (message, metric, arm) sums, sorted by message and metric, to one row per metric. */
  private List<ExperimentImpact> read(Map<String, MessageArms> arms, List<Row> sums) {
    ExperimentReading reading = new ExperimentReading(config.experiments());
    Map<List<String>, Map<String, ArmSums>> byMetric = new LinkedHashMap<>();
    for (Row r : sums) {
      List<String> key =
          List.of(
              r.getAs(ExperimentImpactColumns.MESSAGE_ID), r.getAs(ExperimentImpactColumns.METRIC));
      byMetric
          .computeIfAbsent(key, k -> new HashMap<>())
          .put(r.getAs(AssignmentsColumns.ARM), armSums(r));
    }
    List<ExperimentImpact> impacts = new ArrayList<>();
    byMetric.forEach(
        (key, arm) ->
            impacts.add(
                reading.read(
                    arms.get(key.get(0)),
                    key.get(1),
                    arm.getOrDefault(Arm.TREATMENT.wire(), ArmSums.EMPTY),
                    arm.getOrDefault(Arm.CONTROL.wire(), ArmSums.EMPTY))));
    return impacts;
  }

  /** A row of {@link ArmAggregates#sums} as the record the statistics take. */
  private static ArmSums armSums(Row r) {
    return new ArmSums(
        r.<Long>getAs(ArmAggregates.N),
        r.<Double>getAs(ArmAggregates.SUM_Y),
        r.<Double>getAs(ArmAggregates.SUM_Y2),
        r.<Double>getAs(ArmAggregates.SUM_D),
        r.<Double>getAs(ArmAggregates.SUM_D2),
        r.<Double>getAs(ArmAggregates.SUM_YD),
        r.<Double>getAs(ArmAggregates.SUM_X),
        r.<Double>getAs(ArmAggregates.SUM_X2),
        r.<Double>getAs(ArmAggregates.SUM_XY),
        r.<Double>getAs(ArmAggregates.SUM_XD));
  }
}
