package io.proactiveinsights.impact;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One row of {@code topic_impact}: did tickets on this topic change after this message went live?
 * Rates are tickets per day (workspace) or tickets per 1,000 people per week (exposed vs not).
 *
 * @param viewerBeforeTickets the topic's tickets in the before-period opened by people who viewed
 *     the message (then or later)
 * @param viewerTicketShare those tickets over all the topic's before-period tickets: the most of
 *     the topic a message seen by these people could move; null without before-period tickets
 * @param detectableReduction the smallest reduction of its viewers' tickets that the trusted
 *     comparison, with these volumes, could rule out if nothing had changed (0.3 = it cannot tell a
 *     message that prevents 30% of its viewers' tickets from one that prevents none); null when no
 *     reduction could be ruled out at all
 */
public record TopicImpact(
    String messageId, String topic, String type, String knownIssueId, Instant liveSince,
    LocalDate beforeStart, LocalDate launchDay, LocalDate afterEnd, long beforeDays, long afterDays,
    long beforeTickets, long afterTickets, Double beforeRate, Double afterRate,
    Double rateRatio, Double ciLow, Double ciHigh, Double pValue, Double qValue, String method,
    Double weekdayRateRatio, Double weekdayCiLow, Double weekdayCiHigh, Double weekdayPValue, Double weekdayQValue,
    long exposedUsers, Long unexposedUsers, Double exposedBeforeRate, Double exposedAfterRate,
    Double unexposedBeforeRate, Double unexposedAfterRate, Double didPer1000UserWeeks, Double didCiLow,
    Double didCiHigh, Double didPValue, Double didQValue, String trustedComparison, String verdict, String note,
    long viewerBeforeTickets, Double viewerTicketShare, Double detectableReduction) {

  public static final StructType SCHEMA =
      new StructType()
          .add("message_id", DataTypes.StringType, false)
          .add("topic", DataTypes.StringType, false)
          .add("type", DataTypes.StringType, true)
          .add("known_issue_id", DataTypes.StringType, true)
          .add("live_since", DataTypes.TimestampType, true)
          .add("before_start", DataTypes.DateType, true)
          .add("launch_day", DataTypes.DateType, true)
          .add("after_end", DataTypes.DateType, true)
          .add("before_days", DataTypes.LongType, false)
          .add("after_days", DataTypes.LongType, false)
          .add("before_tickets", DataTypes.LongType, false)
          .add("after_tickets", DataTypes.LongType, false)
          .add("before_rate", DataTypes.DoubleType, true)
          .add("after_rate", DataTypes.DoubleType, true)
          .add("rate_ratio", DataTypes.DoubleType, true)
          .add("ci_low", DataTypes.DoubleType, true)
          .add("ci_high", DataTypes.DoubleType, true)
          .add("p_value", DataTypes.DoubleType, true)
          .add("q_value", DataTypes.DoubleType, true)
          .add("method", DataTypes.StringType, false)
          .add("weekday_rate_ratio", DataTypes.DoubleType, true)
          .add("weekday_ci_low", DataTypes.DoubleType, true)
          .add("weekday_ci_high", DataTypes.DoubleType, true)
          .add("weekday_p_value", DataTypes.DoubleType, true)
          .add("weekday_q_value", DataTypes.DoubleType, true)
          .add("exposed_users", DataTypes.LongType, false)
          .add("unexposed_users", DataTypes.LongType, true)
          .add("exposed_before_rate", DataTypes.DoubleType, true)
          .add("exposed_after_rate", DataTypes.DoubleType, true)
          .add("unexposed_before_rate", DataTypes.DoubleType, true)
          .add("unexposed_after_rate", DataTypes.DoubleType, true)
          .add("did_per_1000_user_weeks", DataTypes.DoubleType, true)
          .add("did_ci_low", DataTypes.DoubleType, true)
          .add("did_ci_high", DataTypes.DoubleType, true)
          .add("did_p_value", DataTypes.DoubleType, true)
          .add("did_q_value", DataTypes.DoubleType, true)
          .add("trusted_comparison", DataTypes.StringType, false)
          .add("verdict", DataTypes.StringType, false)
          .add("note", DataTypes.StringType, true)
          .add("viewer_before_tickets", DataTypes.LongType, false)
          .add("viewer_ticket_share", DataTypes.DoubleType, true)
          .add("detectable_reduction", DataTypes.DoubleType, true);

  /** This row with its q-values and the verdict they allow (and the note that says why, when it changes). */
  public TopicImpact judged(Double q, Double weekdayQ, Double didQ, String newVerdict, String newNote) {
    return new TopicImpact(messageId, topic, type, knownIssueId, liveSince, beforeStart, launchDay, afterEnd, beforeDays,
        afterDays, beforeTickets, afterTickets, beforeRate, afterRate, rateRatio, ciLow, ciHigh, pValue, q, method,
        weekdayRateRatio, weekdayCiLow, weekdayCiHigh, weekdayPValue, weekdayQ, exposedUsers, unexposedUsers, exposedBeforeRate,
        exposedAfterRate, unexposedBeforeRate, unexposedAfterRate, didPer1000UserWeeks, didCiLow, didCiHigh, didPValue, didQ,
        trustedComparison, newVerdict, newNote, viewerBeforeTickets, viewerTicketShare, detectableReduction);
  }

  /** The row in {@link #SCHEMA} order. */
  public Row toRow() {
    return RowFactory.create(messageId, topic, type, knownIssueId, liveSince == null ? null : Timestamp.from(liveSince),
        date(beforeStart), date(launchDay), date(afterEnd), beforeDays, afterDays, beforeTickets, afterTickets,
        beforeRate, afterRate, rateRatio, ciLow, ciHigh, pValue, qValue, method, weekdayRateRatio, weekdayCiLow,
        weekdayCiHigh, weekdayPValue, weekdayQValue, exposedUsers, unexposedUsers, exposedBeforeRate, exposedAfterRate,
        unexposedBeforeRate, unexposedAfterRate, didPer1000UserWeeks, didCiLow, didCiHigh, didPValue, didQValue,
        trustedComparison, verdict, note, viewerBeforeTickets, viewerTicketShare, detectableReduction);
  }

  private static Date date(LocalDate d) {
    return d == null ? null : Date.valueOf(d);
  }
}
