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
    List<ActionItem> actions,
    List<ImpactItem> impacts,
    List<EngagementItem> engagement,
    List<HygieneGroup> hygiene,
    DataQuality quality,
    List<TopicSeries> ticketSeries) {

  /** The counts at the top of the page. */
  public record Summary(
      int liveMessages, int actionsToday, int actionsThisWeek, int actionsLater, int messagesDeflecting,
      int messagesNotDeflecting, int highSeverityFlags, int flags, long rowsAccepted, long rowsQuarantined) {}

  /** A recommendation, as a to-do item. */
  public record ActionItem(
      int priority, String priorityLabel, String messageId, String messageName, String messageType, String action,
      String actionLabel, String reason, String suggestion) {}

  /**
   * A message's effect on one of its topics. {@code verdict} is the impact job's
   * ({@code fewer_tickets}, {@code no_change}, {@code more_tickets}, {@code too_few_viewers},
   * {@code insufficient_data}).
   */
  public record ImpactItem(
      String messageId, String messageName, String topic, String launchDay, String verdict, String verdictLabel,
      String beforeAfter, String change, String exposedVsUnexposed, String basis, String note) {

    public boolean deflects() {
      return "fewer_tickets".equals(verdict);
    }
  }

  /** A message's engagement over the metrics window against its format. */
  public record EngagementItem(
      String messageId, String messageName, String type, String state, long receivers, long viewers, long clickers,
      long repliers, long completers, long dismissers, String primaryMetric, String primaryRate, String primaryInterval, String baseline,
      String position, String positionTone, String dismissRate, String dismissBaseline,
      Double dismissRateValue, Double dismissLowValue, Double dismissHighValue, Double dismissBaselineValue) {}

  /** Hygiene flags of one kind (or a few related kinds), worst first. */
  public record HygieneGroup(String title, String explanation, List<FlagItem> items) {}

  /** One hygiene flag on one message. */
  public record FlagItem(String messageId, String messageName, String flag, String severity, String since, String detail) {}

  /** What ingest accepted and rejected for ds. */
  public record DataQuality(List<TableQuality> tables, List<ReasonItem> topReasons, int otherReasons, long otherReasonRows) {}

  public record TableQuality(String table, long accepted, long quarantined, String quarantinedShare) {}

  public record ReasonItem(String table, String reason, long rows) {}

  /** Daily inbound tickets on a topic (every day of the range, zeros included) and the launches on it. */
  public record TopicSeries(String topic, List<LocalDate> days, List<Long> tickets, List<Launch> launches) {}

  public record Launch(String messageId, String messageName, LocalDate day) {}
}
