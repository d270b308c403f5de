package io.proactiveinsights.report;

import java.time.LocalDate;
import java.util.List;

/**
 * Everything the HTML page, the Markdown digest and the notebook show, already ordered and
 * formatted (numbers as the reader sees them), so the three outputs say the same thing and the
 * templates only lay it out. Built by {@link ReportModel}; user text (message names, reasons) is
 * kept raw here and escaped by each output.
 */
public record ReportView(
    String ds,
    String asOf,
    String warehouse,
    Summary summary,
    Digest digest,
    List<ActionItem> actions,
    List<ImpactItem> impacts,
    List<EngagementItem> engagement,
    List<GoalItem> goals,
    List<CsatItem> csat,
    List<HygieneGroup> hygiene,
    DataQuality quality,
    List<TopicSeries> ticketSeries,
    List<ExperimentItem> experiments,
    List<SuggestionItem> topicSuggestions,
    List<VariantTest> variantTests,
    List<SeriesItem> series) {

  /**
   * A series with messages delivered in it ({@code series_id} on the exposures ds reads): its title
   * (its id when it has none) and its messages, by name.
   */
  public record SeriesItem(String seriesId, String title, List<SeriesMessage> messages) {}

  /**
   * A message of a series: its name, its id and its receivers over the metrics window as the
   * engagement table counts them ("1,200"; "–" when the message has no statistics).
   */
  public record SeriesMessage(String messageId, String messageName, String receivers) {}

  /**
   * A message with A/B variants ({@code variant_stats}): its primary metric and one line per
   * variant, the reference first.
   */
  public record VariantTest(
      String messageId, String messageName, String metricLabel, List<VariantLine> variants) {}

  /**
   * One variant: its receivers, its rate ("12.1% (121 of 1,000)"), its difference from the
   * reference in percentage points with the 95% interval ("–" for the reference), the sentence a
   * support lead reads, and a tone (good / bad / neutral) for the difference.
   */
  public record VariantLine(
      String variantId,
      boolean reference,
      long receivers,
      String rate,
      String difference,
      String interval,
      String sentence,
      String tone) {}

  /**
   * A topic suggested for a message that names none: how many of its receivers' follow-up
   * conversations were on it ("30 of 30, 100%"), its share elsewhere, the lift with its interval,
   * and whether ticket impact uses it ({@code intercom.infer_topics}) or it waits to be confirmed.
   */
  public record SuggestionItem(
      String messageId,
      String messageName,
      String topic,
      String followUps,
      String usualShare,
      String lift,
      String use) {}

  /** The counts at the top of the page. */
  public record Summary(
      int liveMessages,
      int actionsToday,
      int actionsThisWeek,
      int actionsLater,
      int messagesDeflecting,
      int messagesNotDeflecting,
      int highSeverityFlags,
      int flags,
      long rowsAccepted,
      long rowsQuarantined) {}

  /** The digest's sentences under the counts: goals and CSAT, one line each. */
  public record Digest(String goals, String csat) {}

  /**
   * A recommendation, as a to-do item. {@code howSure} is the interval behind the decision and the
   * reference it was compared with ("41% (95% CI 37–45%) vs 60%, median of 3 other product tours"),
   * empty when its evidence does not say.
   */
  public record ActionItem(
      int priority,
      String priorityLabel,
      String messageId,
      String messageName,
      String messageType,
      String action,
      String actionLabel,
      String reason,
      String suggestion,
      String howSure) {}

  /**
   * A message's effect on one of its topics. {@code verdict} is the impact job's ({@code
   * fewer_tickets}, {@code no_change}, {@code more_tickets}, {@code too_few_viewers}, {@code
   * insufficient_data}).
   */
  public record ImpactItem(
      String messageId,
      String messageName,
      String topic,
      String launchDay,
      String verdict,
      String verdictLabel,
      String beforeAfter,
      String change,
      String exposedVsUnexposed,
      String basis,
      String note) {}

  /** A message's engagement over the metrics window against its format. */
  public record EngagementItem(
      String messageId,
      String messageName,
      String type,
      String state,
      long receivers,
      long viewers,
      long clickers,
      long repliers,
      long completers,
      long dismissers,
      String primaryMetric,
      String primaryRate,
      String primaryInterval,
      String baseline,
      String position,
      String positionTone,
      String dismissRate,
      String dismissBaseline,
      Double dismissRateValue,
      Double dismissLowValue,
      Double dismissHighValue,
      Double dismissBaselineValue) {}

  /**
   * A live message with a goal: its goal rate over the metrics window with the 95% interval, and
   * how it compares with the other live messages of its format that have a goal. {@code position}
   * is {@code below}, {@code above}, {@code within}, {@code no_peer} or {@code not_received}.
   */
  public record GoalItem(
      String messageId,
      String messageName,
      String type,
      String goalEvent,
      long receivers,
      long goalUsers,
      String rate,
      String interval,
      String peerMedian,
      int peers,
      String position,
      String positionLabel,
      String tone,
      String comparison,
      Double rateValue,
      Double lowValue,
      Double highValue,
      Double peerMedianValue) {}

  /**
   * CSAT of conversations started from a message against the rest on its topics. {@code verdict} is
   * {@code lower}, {@code higher}, {@code no_difference} or {@code not_enough_ratings}.
   */
  public record CsatItem(
      String messageId,
      String messageName,
      String type,
      String topics,
      String fromMean,
      long fromN,
      String othersMean,
      long othersN,
      String difference,
      String interval,
      String pValue,
      String verdict,
      String verdictLabel,
      String tone) {}

  /**
   * A holdout message: its arms, how long it has run, its split check ({@code splitTone} {@code
   * bad} when the split fails the sample-ratio test: then no metric is read) and one line per
   * metric.
   */
  public record ExperimentItem(
      String messageId,
      String messageName,
      long daysRun,
      long treatmentUsers,
      long controlUsers,
      String split,
      String splitTone,
      List<ExperimentMetric> metrics) {}

  /**
   * One metric of a holdout: treatment against control, the lift with its always-valid 95% interval
   * ({@code liftValue} … null when the arms were not compared), and the verdict; {@code tone} good
   * / bad / warn / neutral.
   */
  public record ExperimentMetric(
      String metric,
      String metricLabel,
      String treatmentValue,
      String controlValue,
      String lift,
      String interval,
      String verdict,
      String verdictLabel,
      String tone,
      Double liftValue,
      Double lowValue,
      Double highValue) {}

  /** Hygiene flags of one kind (or a few related kinds), worst first. */
  public record HygieneGroup(String title, String explanation, List<FlagItem> items) {}

  /** One hygiene flag on one message. */
  public record FlagItem(
      String messageId,
      String messageName,
      String flag,
      String severity,
      String since,
      String detail) {}

  /** What ingest accepted and rejected for ds. */
  public record DataQuality(
      List<TableQuality> tables,
      List<ReasonItem> topReasons,
      int otherReasons,
      long otherReasonRows) {}

  public record TableQuality(
      String table, long accepted, long quarantined, String quarantinedShare) {}

  public record ReasonItem(String table, String reason, long rows) {}

  /**
   * Daily inbound tickets on a topic (every day of the range, zeros included) and the launches on
   * it.
   */
  public record TopicSeries(
      String topic, List<LocalDate> days, List<Long> tickets, List<Launch> launches) {}

  public record Launch(String messageId, String messageName, LocalDate day) {}
}
