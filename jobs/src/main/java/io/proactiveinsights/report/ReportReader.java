package io.proactiveinsights.report;

import static io.proactiveinsights.schema.RowCodec.intValue;
import static io.proactiveinsights.schema.RowCodec.longValue;
import static io.proactiveinsights.schema.RowCodec.nullableDouble;
import static io.proactiveinsights.schema.RowCodec.string;
import static io.proactiveinsights.schema.RowCodec.wire;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.config.ProactiveConfig.IngestSettings;
import io.proactiveinsights.experiments.ExperimentImpact;
import io.proactiveinsights.hygiene.HygieneFlag;
import io.proactiveinsights.impact.CsatImpact;
import io.proactiveinsights.impact.TicketAggregates;
import io.proactiveinsights.impact.TopicImpact;
import io.proactiveinsights.impact.TopicSuggestions;
import io.proactiveinsights.impact.TopicSuggestions.TopicLift;
import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.recommend.Action;
import io.proactiveinsights.recommend.Recommendation;
import io.proactiveinsights.report.ReportInputs.CsatRow;
import io.proactiveinsights.report.ReportInputs.FlagRow;
import io.proactiveinsights.report.ReportInputs.GoalRow;
import io.proactiveinsights.report.ReportInputs.ImpactRow;
import io.proactiveinsights.report.ReportInputs.MessageInfo;
import io.proactiveinsights.report.ReportInputs.ReasonCount;
import io.proactiveinsights.report.ReportInputs.RecommendationRow;
import io.proactiveinsights.report.ReportInputs.SeriesMember;
import io.proactiveinsights.report.ReportInputs.StatsRow;
import io.proactiveinsights.report.ReportInputs.TableCount;
import io.proactiveinsights.report.ReportInputs.TicketDay;
import io.proactiveinsights.report.ReportInputs.VariantRow;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.run.Stage;
import io.proactiveinsights.run.Window;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.MessageStatsColumns;
import io.proactiveinsights.schema.MessageStatsColumns.BaselinePosition;
import io.proactiveinsights.schema.QuarantineColumns;
import io.proactiveinsights.schema.VariantStatsColumns;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads what a report shows for ds D from the warehouse. Every table is reduced in Spark first: the
 * output tables of D hold a row per message (or message and topic, or flag), the quarantine is
 * grouped by table and reason, the ticket history is counted per topic and day, and the exposures
 * are reduced to their series and messages; only those small rows reach the driver.
 */
public final class ReportReader {

  /**
   * Quoted values inside a quarantine reason, blanked so that reasons of one kind group together.
   */
  static final String QUOTED_VALUE = "'[^']*'";

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final IngestSettings ingest;

  /** {@code ingest}: the lookback of the bronze event tables the report counts. */
  public ReportReader(SparkSession spark, Warehouse warehouse, IngestSettings ingest) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.ingest = ingest;
  }

  public ReportInputs read(RunDate date) {
    LocalDate ds = date.ds();
    Instant asOf = date.asOf();
    List<Row> recommendations =
        DeltaTables.readDsRows(
            spark,
            warehouse.path(Warehouse.RECOMMENDATIONS),
            ds,
            Stage.REPORT,
            Stage.RECOMMENDATIONS);
    List<Row> stats =
        DeltaTables.readDsRows(
            spark, warehouse.path(Warehouse.MESSAGE_STATS), ds, Stage.REPORT, Stage.METRICS);
    List<Row> impacts =
        DeltaTables.readDsRows(
            spark, warehouse.path(Warehouse.TOPIC_IMPACT), ds, Stage.REPORT, Stage.IMPACT);
    List<Row> csat =
        DeltaTables.readDsRows(
            spark, warehouse.path(Warehouse.CSAT_IMPACT), ds, Stage.REPORT, Stage.IMPACT);
    List<Row> flags =
        DeltaTables.readDsRows(
            spark, warehouse.path(Warehouse.HYGIENE_FLAGS), ds, Stage.REPORT, Stage.HYGIENE);
    List<Row> experiments =
        DeltaTables.readDsRows(
            spark,
            warehouse.path(Warehouse.EXPERIMENT_IMPACT),
            ds,
            Stage.REPORT,
            Stage.EXPERIMENTS);
    Dataset<Row> messages =
        DeltaTables.readDs(
            spark, warehouse.bronzePath(InputTable.MESSAGES), ds, Stage.REPORT, Stage.INGEST);

    List<ImpactRow> impactRows =
        impacts.stream().map(TopicImpact::fromRow).map(ImpactRow::of).toList();
    LocalDate historyStart =
        impactRows.stream()
            .map(r -> r.beforeStart() == null ? r.launchDay() : r.beforeStart())
            .filter(d -> d != null)
            .min(LocalDate::compareTo)
            .orElse(ds);
    List<String> topics = impactRows.stream().map(ImpactRow::topic).distinct().toList();

    return new ReportInputs(
        ds,
        asOf,
        warehouse.root(),
        messages
            .select("message_id", "name", "type", "state", "live_since", "topics", "goal_event")
            .collectAsList()
            .stream()
            .map(ReportReader::message)
            .toList(),
        recommendations.stream().map(ReportReader::recommendation).toList(),
        impactRows,
        stats.stream().map(ReportReader::stats).toList(),
        stats.stream().map(ReportReader::goal).toList(),
        csat.stream().map(CsatImpact::fromRow).map(CsatRow::of).toList(),
        flags.stream().map(HygieneFlag::fromRow).map(FlagRow::of).toList(),
        tableCounts(ds),
        quarantineReasons(quarantine(ds)).collectAsList().stream()
            .map(r -> new ReasonCount(r.getString(0), r.getString(1), r.getLong(2)))
            .toList(),
        topics.isEmpty()
            ? List.of()
            : ticketDays(
                    DeltaTables.readBronze(spark, warehouse, InputTable.CONVERSATIONS, ds, ingest),
                    topics,
                    historyStart,
                    asOf)
                .collectAsList()
                .stream()
                .map(r -> new TicketDay(r.getString(0), r.getDate(1).toLocalDate(), r.getLong(2)))
                .toList(),
        experiments.stream().map(ExperimentImpact::fromRow).toList(),
        topicSuggestions(ds),
        variants(ds),
        seriesMembers(DeltaTables.readBronze(spark, warehouse, InputTable.EXPOSURES, ds, ingest))
            .collectAsList()
            .stream()
            .map(r -> new SeriesMember(r.getString(0), r.getString(1), r.getString(2)))
            .toList());
  }

  /**
   * Which message was delivered in which series: one row per {@code series_id} and {@code
   * message_id} among the exposures that have a series (a message sent in two series has two), with
   * the series' latest title (that of its latest exposure that names one; null when none does), so
   * a renamed series is listed once. A few rows, however many exposures; none for exposures without
   * the columns (a bronze store from before them). Pure transform.
   *
   * @return {@code series_id}, {@code series_title}, {@code message_id}
   */
  public static Dataset<Row> seriesMembers(Dataset<Row> exposures) {
    List<String> columns = List.of(exposures.columns());
    if (!columns.contains(InputTable.SERIES_ID) || !columns.contains(InputTable.SERIES_TITLE)) {
      return exposures
          .where(lit(false))
          .select(
              lit(null).cast(DataTypes.StringType).as(InputTable.SERIES_ID),
              lit(null).cast(DataTypes.StringType).as(InputTable.SERIES_TITLE),
              col("message_id"));
    }
    String titled = "_titled";
    Dataset<Row> perMessage =
        exposures
            .where(col(InputTable.SERIES_ID).isNotNull())
            .groupBy(col(InputTable.SERIES_ID), col("message_id"))
            .agg(
                max(when(
                        col(InputTable.SERIES_TITLE).isNotNull(),
                        struct(
                            col("occurred_at").as("at"), col(InputTable.SERIES_TITLE).as("title"))))
                    .as(titled));
    // The latest title over the series' messages: a window over the few rows above.
    return perMessage
        .select(
            col(InputTable.SERIES_ID),
            max(col(titled))
                .over(
                    org.apache.spark.sql.expressions.Window.partitionBy(col(InputTable.SERIES_ID)))
                .as(titled),
            col("message_id"))
        .select(
            col(InputTable.SERIES_ID),
            col(titled).getField("title").as(InputTable.SERIES_TITLE),
            col("message_id"));
  }

  /** The {@code variant_stats} rows of ds; none before any run wrote the table. */
  private List<VariantRow> variants(LocalDate ds) {
    return DeltaTables.readIfExists(spark, warehouse.path(Warehouse.VARIANT_STATS))
        .map(
            t ->
                t.where(DeltaTables.dsPredicate(ds)).collectAsList().stream()
                    .map(ReportReader::variant)
                    .toList())
        .orElse(List.of());
  }

  private static VariantRow variant(Row r) {
    return new VariantRow(
        r.getAs(VariantStatsColumns.MESSAGE_ID),
        r.getAs(VariantStatsColumns.VARIANT_ID),
        r.<Long>getAs(VariantStatsColumns.RECEIVERS),
        r.getAs(VariantStatsColumns.PRIMARY_METRIC),
        r.<Long>getAs(VariantStatsColumns.PRIMARY_BASE),
        r.<Long>getAs(VariantStatsColumns.PRIMARY_PEOPLE),
        r.getAs(VariantStatsColumns.PRIMARY_RATE),
        r.<Boolean>getAs(VariantStatsColumns.IS_REFERENCE),
        r.getAs(VariantStatsColumns.DIFF_VS_REFERENCE),
        r.getAs(VariantStatsColumns.DIFF_CI_LOW),
        r.getAs(VariantStatsColumns.DIFF_CI_HIGH),
        r.getAs(VariantStatsColumns.P_VALUE));
  }

  /** The suggested rows of {@code topic_suggestions} for ds; none before any run wrote it. */
  private List<TopicLift> topicSuggestions(LocalDate ds) {
    return DeltaTables.readIfExists(spark, warehouse.path(Warehouse.TOPIC_SUGGESTIONS))
        .map(
            t ->
                t
                    .where(DeltaTables.dsPredicate(ds))
                    .where(col(TopicSuggestions.SUGGESTED))
                    .collectAsList()
                    .stream()
                    .map(TopicSuggestions::fromRow)
                    .toList())
        .orElse(List.of());
  }

  /** Quarantined rows per (source table, reason with its quoted values blanked). Pure transform. */
  public static Dataset<Row> quarantineReasons(Dataset<Row> quarantine) {
    return quarantine
        .groupBy(
            col(QuarantineColumns.SOURCE_TABLE),
            regexp_replace(col(QuarantineColumns.REASON), QUOTED_VALUE, "'…'")
                .as(QuarantineColumns.REASON))
        .agg(count(lit(1)).as("rows"));
  }

  /**
   * Inbound tickets per (topic, day) on the given topics, from {@code from} (a day) to the as-of
   * time. Pure transform.
   */
  public static Dataset<Row> ticketDays(
      Dataset<Row> conversations, List<String> topics, LocalDate from, Instant asOf) {
    Dataset<Row> inbound =
        TicketAggregates.inbound(conversations)
            .where(
                col("topic")
                    .isin(topics.toArray())
                    .and(
                        new Window(from.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), asOf)
                            .contains(col("created_at"))));
    return TicketAggregates.topicDays(inbound);
  }

  private Dataset<Row> quarantine(LocalDate ds) {
    return spark
        .read()
        .format("delta")
        .load(warehouse.quarantinePath())
        .where(DeltaTables.dsPredicate(ds));
  }

  /** Bronze rows (accepted) and quarantine rows of ds per input table: two small aggregates. */
  private List<TableCount> tableCounts(LocalDate ds) {
    Map<String, Long> quarantined = new HashMap<>();
    quarantine(ds)
        .groupBy(QuarantineColumns.SOURCE_TABLE)
        .count()
        .collectAsList()
        .forEach(r -> quarantined.put(r.getString(0), r.getLong(1)));
    return java.util.Arrays.stream(InputTable.values())
        .map(
            t ->
                new TableCount(
                    t.tableName(),
                    DeltaTables.readBronze(spark, warehouse, t, ds, ingest).count(),
                    quarantined.getOrDefault(t.tableName(), 0L)))
        .toList();
  }

  private static MessageInfo message(Row r) {
    List<String> topics =
        r.isNullAt(r.fieldIndex("topics")) ? List.of() : r.getList(r.fieldIndex("topics"));
    return new MessageInfo(
        r.getAs("message_id"),
        r.getAs("name"),
        r.getAs("type"),
        r.getAs("state"),
        instant(r.getAs("live_since")),
        List.copyOf(topics),
        r.getAs("goal_event"));
  }

  /** The evidence stays JSON text: the report reads what keys it has ({@link HowSure}). */
  private static RecommendationRow recommendation(Row r) {
    return new RecommendationRow(
        string(r, Recommendation.MESSAGE_ID),
        Action.valueOf(string(r, Recommendation.ACTION)),
        intValue(r, Recommendation.PRIORITY),
        string(r, Recommendation.REASON),
        string(r, Recommendation.SUGGESTION),
        string(r, Recommendation.EVIDENCE));
  }

  private static StatsRow stats(Row r) {
    return new StatsRow(
        string(r, MessageStatsColumns.MESSAGE_ID),
        string(r, MessageStatsColumns.TYPE),
        longValue(r, MessageStatsColumns.RECEIVERS),
        longValue(r, MessageStatsColumns.VIEWERS),
        longValue(r, MessageStatsColumns.CLICKERS),
        longValue(r, MessageStatsColumns.REPLIERS),
        longValue(r, MessageStatsColumns.COMPLETERS),
        longValue(r, MessageStatsColumns.DISMISSERS),
        string(r, MessageStatsColumns.PRIMARY_METRIC),
        nullableDouble(r, MessageStatsColumns.PRIMARY_RATE),
        nullableDouble(r, MessageStatsColumns.PRIMARY_LOW),
        nullableDouble(r, MessageStatsColumns.PRIMARY_HIGH),
        nullableDouble(r, MessageStatsColumns.BASELINE_MEDIAN),
        baselinePosition(r),
        nullableDouble(r, MessageStatsColumns.DISMISS_RATE),
        nullableDouble(r, MessageStatsColumns.low(MessageStatsColumns.DISMISS_RATE)),
        nullableDouble(r, MessageStatsColumns.high(MessageStatsColumns.DISMISS_RATE)),
        nullableDouble(r, MessageStatsColumns.DISMISS_BASELINE_MEDIAN));
  }

  private static GoalRow goal(Row r) {
    return new GoalRow(
        string(r, MessageStatsColumns.MESSAGE_ID),
        longValue(r, MessageStatsColumns.RECEIVERS),
        longValue(r, MessageStatsColumns.GOAL_USERS),
        nullableDouble(r, MessageStatsColumns.GOAL_RATE),
        nullableDouble(r, MessageStatsColumns.low(MessageStatsColumns.GOAL_RATE)),
        nullableDouble(r, MessageStatsColumns.high(MessageStatsColumns.GOAL_RATE)),
        baselinePosition(r) != BaselinePosition.INSUFFICIENT_DATA);
  }

  private static BaselinePosition baselinePosition(Row r) {
    return wire(r, MessageStatsColumns.BASELINE_POSITION, BaselinePosition.class);
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
