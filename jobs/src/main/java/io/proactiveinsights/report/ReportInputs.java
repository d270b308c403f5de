package io.proactiveinsights.report;

import io.proactiveinsights.experiments.ExperimentImpact;
import io.proactiveinsights.hygiene.Flag;
import io.proactiveinsights.hygiene.HygieneFlag;
import io.proactiveinsights.hygiene.Severity;
import io.proactiveinsights.impact.CsatImpact;
import io.proactiveinsights.impact.TopicImpact;
import io.proactiveinsights.impact.TopicImpact.Comparison;
import io.proactiveinsights.impact.TopicImpact.Verdict;
import io.proactiveinsights.impact.TopicSuggestions.TopicLift;
import io.proactiveinsights.recommend.Action;
import io.proactiveinsights.schema.MessageStatsColumns.BaselinePosition;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What the report reads from the warehouse for one ds, already reduced to small per-message,
 * per-topic-day and per-reason rows ({@code experiments}: the {@code experiment_impact} rows as
 * they are, one per holdout message and metric; {@code topicSuggestions}: the {@code
 * topic_suggestions} rows that are suggested; {@code variants}: the {@code variant_stats} rows;
 * {@code series}: which message was delivered in which series, from the exposures ds reads). {@link
 * ReportReader} fills it from the Delta tables; {@link ReportModel} turns it into the {@link
 * ReportView} every output renders. Tests build it by hand.
 */
public record ReportInputs(
    LocalDate ds,
    Instant asOf,
    String warehouseRoot,
    List<MessageInfo> messages,
    List<RecommendationRow> recommendations,
    List<ImpactRow> impacts,
    List<StatsRow> stats,
    List<GoalRow> goals,
    List<CsatRow> csat,
    List<FlagRow> flags,
    List<TableCount> tableCounts,
    List<ReasonCount> quarantineReasons,
    List<TicketDay> ticketDays,
    List<ExperimentImpact> experiments,
    List<TopicLift> topicSuggestions,
    List<VariantRow> variants,
    List<SeriesMember> series) {

  /**
   * A message delivered as part of a series in the exposures ds reads: one per series and message
   * (a message sent in two series has two); {@code seriesTitle} null when no exposure named it.
   */
  public record SeriesMember(String seriesId, String seriesTitle, String messageId) {}

  /**
   * A row of {@code variant_stats}: one A/B variant of a message, its primary metric's people and
   * rate, and (not for the reference) its difference from the reference with a 95% interval.
   */
  public record VariantRow(
      String messageId,
      String variantId,
      long receivers,
      String primaryMetric,
      long primaryBase,
      long primaryPeople,
      Double primaryRate,
      boolean reference,
      Double difference,
      Double low,
      Double high,
      Double pValue) {}

  /**
   * A message of the catalogue, as the report names it; {@code goalEvent} null when it has no goal.
   */
  public record MessageInfo(
      String messageId,
      String name,
      String type,
      String state,
      Instant liveSince,
      List<String> topics,
      String goalEvent) {}

  /**
   * A row of {@code recommendations}; {@code evidence} is its JSON text, which the report reads for
   * the interval and reference behind the decision.
   */
  public record RecommendationRow(
      String messageId,
      Action action,
      int priority,
      String reason,
      String suggestion,
      String evidence) {}

  /**
   * A row of {@code topic_impact}, with the intervals its verdict reads: the weekday-weighted
   * before/after ratio and the viewers' difference in differences, each with its always-valid 95%
   * interval (valid however many days it is read; the fixed-horizon ones are not shown), and the
   * pre-launch trend check. Every row is observational.
   */
  public record ImpactRow(
      String messageId,
      String topic,
      LocalDate launchDay,
      LocalDate beforeStart,
      LocalDate afterEnd,
      long beforeTickets,
      long afterTickets,
      Double beforeRate,
      Double afterRate,
      Double weekdayRatio,
      Double weekdayAlwaysValidLow,
      Double weekdayAlwaysValidHigh,
      long exposedUsers,
      Double exposedBeforeRate,
      Double exposedAfterRate,
      Double unexposedBeforeRate,
      Double unexposedAfterRate,
      Double didPer1000UserWeeks,
      Double didAlwaysValidLow,
      Double didAlwaysValidHigh,
      Boolean pretrendParallel,
      Comparison trustedComparison,
      Verdict verdict,
      String note) {

    /** The columns of a {@code topic_impact} row that the report shows. */
    public static ImpactRow of(TopicImpact t) {
      return new ImpactRow(
          t.message().messageId(),
          t.message().topic(),
          t.launchDay(),
          t.beforeStart(),
          t.afterEnd(),
          t.beforeTickets(),
          t.afterTickets(),
          t.beforeRate(),
          t.afterRate(),
          t.weekday().ratio(),
          t.weekday().alwaysValid().low(),
          t.weekday().alwaysValid().high(),
          t.exposedUsers(),
          t.viewers().exposedBefore(),
          t.viewers().exposedAfter(),
          t.viewers().unexposedBefore(),
          t.viewers().unexposedAfter(),
          t.viewers().difference(),
          t.viewers().alwaysValid().low(),
          t.viewers().alwaysValid().high(),
          t.viewers().preTrend().parallel(),
          t.trustedComparison(),
          t.verdict(),
          t.note());
    }
  }

  /**
   * A row of {@code message_stats}: engagement over the metrics window against the message's
   * format.
   */
  public record StatsRow(
      String messageId,
      String type,
      long receivers,
      long viewers,
      long clickers,
      long repliers,
      long completers,
      long dismissers,
      String primaryMetric,
      Double primaryRate,
      Double primaryLow,
      Double primaryHigh,
      Double baselineMedian,
      BaselinePosition baselinePosition,
      Double dismissRate,
      Double dismissLow,
      Double dismissHigh,
      Double dismissBaselineMedian) {}

  /**
   * The goal columns of a {@code message_stats} row: receivers who reached the message's goal, the
   * goal rate with its 95% interval (null when nobody received it), and whether the metrics job had
   * enough viewers to judge the message ({@code baseline_position} not {@code insufficient_data}).
   */
  public record GoalRow(
      String messageId,
      long receivers,
      long goalUsers,
      Double goalRate,
      Double goalLow,
      Double goalHigh,
      boolean judged) {}

  /**
   * A row of {@code csat_impact}: mean rating of conversations started from the message against the
   * rest on its topics. {@code method} is {@code insufficient_data} when either side has too few
   * ratings; then difference, interval and p-value are null.
   */
  public record CsatRow(
      String messageId,
      long fromN,
      Double fromMean,
      long othersN,
      Double othersMean,
      Double difference,
      Double ciLow,
      Double ciHigh,
      Double pValue,
      CsatImpact.Method method) {

    public static CsatRow of(CsatImpact c) {
      return new CsatRow(
          c.messageId(),
          c.fromMessageN(),
          c.fromMessageMean(),
          c.othersN(),
          c.othersMean(),
          c.difference(),
          c.ciLow(),
          c.ciHigh(),
          c.pValue(),
          c.method());
    }
  }

  /** A row of {@code hygiene_flags}. */
  public record FlagRow(
      String messageId, Flag flag, Severity severity, Instant since, String detail) {

    public static FlagRow of(HygieneFlag f) {
      return new FlagRow(f.messageId(), f.flag(), f.severity(), f.since(), f.detail());
    }
  }

  /** Rows of an input table that ingest accepted into bronze, and that it quarantined, for ds. */
  public record TableCount(String table, long accepted, long quarantined) {}

  /**
   * Quarantined rows of a table that share a reason (quoted values blanked so like reasons group).
   */
  public record ReasonCount(String table, String reason, long rows) {}

  /** Inbound tickets (conversations not started from a message) on a topic on a UTC day. */
  public record TicketDay(String topic, LocalDate day, long tickets) {}
}
