package io.proactiveinsights.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;

import io.proactiveinsights.impact.TicketAggregates;
import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.report.ReportInputs.CsatRow;
import io.proactiveinsights.report.ReportInputs.FlagRow;
import io.proactiveinsights.report.ReportInputs.GoalRow;
import io.proactiveinsights.report.ReportInputs.ImpactRow;
import io.proactiveinsights.report.ReportInputs.MessageInfo;
import io.proactiveinsights.report.ReportInputs.ReasonCount;
import io.proactiveinsights.report.ReportInputs.RecommendationRow;
import io.proactiveinsights.report.ReportInputs.StatsRow;
import io.proactiveinsights.report.ReportInputs.TableCount;
import io.proactiveinsights.report.ReportInputs.TicketDay;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.run.Stage;
import io.proactiveinsights.run.Window;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.MessageStatsColumns;
import io.proactiveinsights.schema.MessageStatsColumns.BaselinePosition;
import io.proactiveinsights.schema.QuarantineColumns;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads what a report shows for ds D from the warehouse. Every table is reduced in Spark first:
 * the output tables of D hold a row per message (or message and topic, or flag), the quarantine is
 * grouped by table and reason, and the ticket history is counted per topic and day; only those
 * small rows reach the driver.
 */
public final class ReportReader {

  /** Quoted values inside a quarantine reason, blanked so that reasons of one kind group together. */
  static final String QUOTED_VALUE = "'[^']*'";

  private final SparkSession spark;
  private final Warehouse warehouse;

  public ReportReader(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  public ReportInputs read(RunDate date) {
    LocalDate ds = date.ds();
    Instant asOf = date.asOf();
    List<Row> recommendations = DeltaTables.readDsRows(spark, warehouse.path(Warehouse.RECOMMENDATIONS), ds, Stage.REPORT, Stage.RECOMMENDATIONS);
    List<Row> stats = DeltaTables.readDsRows(spark, warehouse.path(Warehouse.MESSAGE_STATS), ds, Stage.REPORT, Stage.METRICS);
    List<Row> impacts = DeltaTables.readDsRows(spark, warehouse.path(Warehouse.TOPIC_IMPACT), ds, Stage.REPORT, Stage.IMPACT);
    List<Row> csat = DeltaTables.readDsRows(spark, warehouse.path(Warehouse.CSAT_IMPACT), ds, Stage.REPORT, Stage.IMPACT);
    List<Row> flags = DeltaTables.readDsRows(spark, warehouse.path(Warehouse.HYGIENE_FLAGS), ds, Stage.REPORT, Stage.HYGIENE);
    Dataset<Row> messages = DeltaTables.readDs(spark, warehouse.bronzePath(InputTable.MESSAGES), ds, Stage.REPORT, Stage.INGEST);

    List<ImpactRow> impactRows = impacts.stream().map(ReportReader::impact).toList();
    LocalDate historyStart = impactRows.stream().map(r -> r.beforeStart() == null ? r.launchDay() : r.beforeStart())
        .filter(d -> d != null).min(LocalDate::compareTo).orElse(ds);
    List<String> topics = impactRows.stream().map(ImpactRow::topic).distinct().toList();

    return new ReportInputs(
        ds,
        asOf,
        warehouse.root(),
        messages.select("message_id", "name", "type", "state", "live_since", "topics", "goal_event").collectAsList().stream().map(ReportReader::message).toList(),
        recommendations.stream().map(ReportReader::recommendation).toList(),
        impactRows,
        stats.stream().map(ReportReader::stats).toList(),
        stats.stream().map(ReportReader::goal).toList(),
        csat.stream().map(ReportReader::csat).toList(),
        flags.stream().map(ReportReader::flag).toList(),
        tableCounts(ds),
        quarantineReasons(quarantine(ds)).collectAsList().stream()
            .map(r -> new ReasonCount(r.getString(0), r.getString(1), r.getLong(2))).toList(),
        topics.isEmpty() ? List.of()
            : ticketDays(DeltaTables.readBronze(spark, warehouse, InputTable.CONVERSATIONS, ds), topics, historyStart, asOf).collectAsList().stream()
                .map(r -> new TicketDay(r.getString(0), r.getDate(1).toLocalDate(), r.getLong(2))).toList());
  }

  /** Quarantined rows per (source table, reason with its quoted values blanked). Pure transform. */
  public static Dataset<Row> quarantineReasons(Dataset<Row> quarantine) {
    return quarantine
        .groupBy(col(QuarantineColumns.SOURCE_TABLE), regexp_replace(col(QuarantineColumns.REASON), QUOTED_VALUE, "'…'").as(QuarantineColumns.REASON))
        .agg(count(lit(1)).as("rows"));
  }

  /** Inbound tickets per (topic, day) on the given topics, from {@code from} (a day) to the as-of time. Pure transform. */
  public static Dataset<Row> ticketDays(Dataset<Row> conversations, List<String> topics, LocalDate from, Instant asOf) {
    Dataset<Row> inbound = TicketAggregates.inbound(conversations)
        .where(col("topic").isin(topics.toArray())
            .and(new Window(from.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), asOf).contains(col("created_at"))));
    return TicketAggregates.topicDays(inbound);
  }

  private Dataset<Row> quarantine(LocalDate ds) {
    return spark.read().format("delta").load(warehouse.quarantinePath()).where(DeltaTables.dsPredicate(ds));
  }

  /** Bronze rows (accepted) and quarantine rows of ds per input table: two small aggregates. */
  private List<TableCount> tableCounts(LocalDate ds) {
    Map<String, Long> quarantined = new HashMap<>();
    quarantine(ds).groupBy(QuarantineColumns.SOURCE_TABLE).count().collectAsList()
        .forEach(r -> quarantined.put(r.getString(0), r.getLong(1)));
    return java.util.Arrays.stream(InputTable.values())
        .map(t -> new TableCount(t.tableName(), DeltaTables.readBronze(spark, warehouse, t, ds).count(), quarantined.getOrDefault(t.tableName(), 0L)))
        .toList();
  }

  private static MessageInfo message(Row r) {
    List<String> topics = r.isNullAt(r.fieldIndex("topics")) ? List.of() : r.getList(r.fieldIndex("topics"));
    return new MessageInfo(r.getAs("message_id"), r.getAs("name"), r.getAs("type"), r.getAs("state"), instant(r.getAs("live_since")),
        List.copyOf(topics), r.getAs("goal_event"));
  }

  private static RecommendationRow recommendation(Row r) {
    return new RecommendationRow(r.getAs("message_id"), r.getAs("action"), r.<Integer>getAs("priority"), r.getAs("reason"), r.getAs("suggestion"),
        r.getAs("evidence"));
  }

  private static ImpactRow impact(Row r) {
    return new ImpactRow(r.getAs("message_id"), r.getAs("topic"), date(r.getAs("launch_day")), date(r.getAs("before_start")),
        date(r.getAs("after_end")), r.<Long>getAs("before_tickets"), r.<Long>getAs("after_tickets"), r.getAs("before_rate"),
        r.getAs("after_rate"), r.getAs("rate_ratio"), r.getAs("ci_low"), r.getAs("ci_high"), r.getAs("q_value"),
        r.<Long>getAs("exposed_users"), r.getAs("exposed_before_rate"), r.getAs("exposed_after_rate"), r.getAs("unexposed_before_rate"),
        r.getAs("unexposed_after_rate"), r.getAs("did_per_1000_user_weeks"), r.getAs("did_ci_low"), r.getAs("did_ci_high"),
        r.getAs("trusted_comparison"), r.getAs("verdict"), r.getAs("note"));
  }

  private static StatsRow stats(Row r) {
    return new StatsRow(r.getAs("message_id"), r.getAs("type"), r.<Long>getAs("receivers"), r.<Long>getAs("viewers"),
        r.<Long>getAs("clickers"), r.<Long>getAs("repliers"), r.<Long>getAs("completers"), r.<Long>getAs("dismissers"), r.getAs("primary_metric"),
        r.getAs("primary_rate"), r.getAs("primary_low"), r.getAs("primary_high"), r.getAs("baseline_median"),
        r.getAs("baseline_position"), r.getAs("dismiss_rate"), r.getAs("dismiss_rate_low"), r.getAs("dismiss_rate_high"),
        r.getAs("dismiss_baseline_median"));
  }

  private static GoalRow goal(Row r) {
    return new GoalRow(r.getAs(MessageStatsColumns.MESSAGE_ID), r.<Long>getAs(MessageStatsColumns.RECEIVERS), r.<Long>getAs(MessageStatsColumns.GOAL_USERS),
        r.getAs(MessageStatsColumns.GOAL_RATE), r.getAs(MessageStatsColumns.GOAL_RATE + "_low"), r.getAs(MessageStatsColumns.GOAL_RATE + "_high"),
        !BaselinePosition.INSUFFICIENT_DATA.wire().equals(r.getAs(MessageStatsColumns.BASELINE_POSITION)));
  }

  private static CsatRow csat(Row r) {
    return new CsatRow(r.getAs("message_id"), r.<Long>getAs("from_message_n"), r.getAs("from_message_mean"), r.<Long>getAs("others_n"),
        r.getAs("others_mean"), r.getAs("difference"), r.getAs("ci_low"), r.getAs("ci_high"), r.getAs("p_value"), r.getAs("method"));
  }

  private static FlagRow flag(Row r) {
    return new FlagRow(r.getAs("message_id"), r.getAs("flag"), r.getAs("severity"), instant(r.getAs("since")), r.getAs("detail"));
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }

  private static LocalDate date(Date d) {
    return d == null ? null : d.toLocalDate();
  }
}
