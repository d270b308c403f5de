package io.proactiveinsights.hygiene;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Everything the hygiene and recommendation rules know about one message on one ds: its catalogue
 * entry, its engagement against its format, its incident, its weekly trend, its ticket impact and
 * its share in over-messaging. Built by {@link MessageFactsBuilder} from small per-message
 * aggregates; written flat to {@code message_facts} so reports and later stages read the same numbers.
 */
public record MessageFacts(
    Catalogue catalogue, Engagement engagement, Incident incident, Decay decay, Impact impact, OverMessaging overMessaging) {

  /** The message as the catalogue describes it. */
  public record Catalogue(
      String messageId, String name, String type, String state, String style, Boolean dismissible, String frequency,
      String audienceRule, String ctaText, Instant updatedAt, Instant liveSince, List<String> topics, String knownIssueId) {

    public boolean live() {
      return "live".equals(state);
    }
  }

  /**
   * Reach and engagement. {@code reach} is the people who received it since launch (within the
   * ingest lookback) over all users, with its Wilson interval; the other counts cover the metrics
   * window; {@code reachBaselineMedian} the median reach of the other live messages of the
   * format (of every other live message when the format has fewer than two others).
   *
   * @param audienceUsers people the audience rule matches as of ds, or null when the rule does not parse
   */
  public record Engagement(
      double liveDays, long usersTotal, Long audienceUsers, long receiversSinceLaunch, long receivers, long viewers,
      String primaryMetric, Double primaryRate, Double primaryLow, Double primaryHigh, Double baselineMedian, String baselinePosition,
      long dismissers, Double dismissRate, Double dismissLow, Double dismissHigh, Double dismissBaselineMedian,
      Double reach, Double reachLow, Double reachHigh, Double reachBaselineMedian) {}

  /**
   * The known issue a message announces, and its topics' ticket volume: per day in the
   * {@code incident_baseline_days} before it opened, during it, and in the last
   * {@code incident_recent_days}; ratios with exact 95% bounds.
   */
  public record Incident(
      String issueId, String title, Instant openedAt, Instant resolvedAt, Double baselinePerDay, Double incidentPerDay,
      Double recentPerDay, Double spikeRatio, Double spikeRatioLow, Double recentVsBaselineLow, Double recentVsIncidentHigh) {

    public boolean resolvedBy(Instant asOf) {
      return resolvedAt != null && !resolvedAt.isAfter(asOf);
    }
  }

  /** The primary rate in the first and the last of the trend weeks, and the test between them. */
  public record Decay(long firstViewers, long firstSuccesses, long lastViewers, long lastSuccesses, Double relativeDrop, Double pValue) {

    public Double firstRate() {
      return firstViewers == 0 ? null : (double) firstSuccesses / firstViewers;
    }

    public Double lastRate() {
      return lastViewers == 0 ? null : (double) lastSuccesses / lastViewers;
    }
  }

  /**
   * The message's topic_impact rows of ds, summed up.
   *
   * @param largestCompatibleReduction when every judged topic says no_change: the largest share of
   *     its viewers' tickets the message could still be preventing within the 95% intervals (0.2 =
   *     the data rule out preventing more than 20%); null otherwise, when unknown, or when a topic
   *     has too few viewers to tell
   * @param topicsTooFewViewers topics whose "no change" could not have shown a deflection: the
   *     message's viewers are too small a part of the topic's tickets (verdict too_few_viewers)
   */
  public record Impact(
      int topicsJudged, int topicsNoChange, int topicsFewer, int topicsMore, int topicsTooFewViewers, Double largestCompatibleReduction,
      String summary) {
    public static final Impact NONE = new Impact(0, 0, 0, 0, 0, null, null);

    /** Without topics judged too thinly viewed. */
    public Impact(int topicsJudged, int topicsNoChange, int topicsFewer, int topicsMore, Double largestCompatibleReduction, String summary) {
      this(topicsJudged, topicsNoChange, topicsFewer, topicsMore, 0, largestCompatibleReduction, summary);
    }
  }

  /**
   * Over the last 7 days: how many over-messaged people received this message, and its share of
   * all receipts those people got.
   */
  public record OverMessaging(long overMessagedRecipients, long receiptsToOverMessaged, Double contribution) {
    public static final OverMessaging NONE = new OverMessaging(0, 0, null);
  }

  public String messageId() {
    return catalogue.messageId();
  }

  /** Whole days since the message last went live, at {@code asOf}; 0 when it never did. */
  public static double liveDays(Instant liveSince, Instant asOf) {
    return liveSince == null ? 0 : Math.max(0, Duration.between(liveSince, asOf).toSeconds() / 86_400.0);
  }

  public static final StructType SCHEMA =
      new StructType()
          .add("message_id", DataTypes.StringType, false)
          .add("name", DataTypes.StringType, true)
          .add("type", DataTypes.StringType, true)
          .add("state", DataTypes.StringType, true)
          .add("frequency", DataTypes.StringType, true)
          .add("audience_rule", DataTypes.StringType, true)
          .add("cta_text", DataTypes.StringType, true)
          .add("updated_at", DataTypes.TimestampType, true)
          .add("live_since", DataTypes.TimestampType, true)
          .add("known_issue_id", DataTypes.StringType, true)
          .add("live_days", DataTypes.DoubleType, false)
          .add("users_total", DataTypes.LongType, false)
          .add("audience_users", DataTypes.LongType, true)
          .add("receivers_since_launch", DataTypes.LongType, false)
          .add("receivers", DataTypes.LongType, false)
          .add("viewers", DataTypes.LongType, false)
          .add("reach", DataTypes.DoubleType, true)
          .add("reach_low", DataTypes.DoubleType, true)
          .add("reach_high", DataTypes.DoubleType, true)
          .add("reach_baseline_median", DataTypes.DoubleType, true)
          .add("primary_metric", DataTypes.StringType, true)
          .add("primary_rate", DataTypes.DoubleType, true)
          .add("primary_low", DataTypes.DoubleType, true)
          .add("primary_high", DataTypes.DoubleType, true)
          .add("baseline_median", DataTypes.DoubleType, true)
          .add("baseline_position", DataTypes.StringType, true)
          .add("dismissers", DataTypes.LongType, false)
          .add("dismiss_rate", DataTypes.DoubleType, true)
          .add("dismiss_low", DataTypes.DoubleType, true)
          .add("dismiss_high", DataTypes.DoubleType, true)
          .add("dismiss_baseline_median", DataTypes.DoubleType, true)
          .add("issue_resolved_at", DataTypes.TimestampType, true)
          .add("issue_baseline_per_day", DataTypes.DoubleType, true)
          .add("issue_incident_per_day", DataTypes.DoubleType, true)
          .add("issue_recent_per_day", DataTypes.DoubleType, true)
          .add("decay_first_rate", DataTypes.DoubleType, true)
          .add("decay_last_rate", DataTypes.DoubleType, true)
          .add("decay_p_value", DataTypes.DoubleType, true)
          .add("impact_topics_judged", DataTypes.IntegerType, false)
          .add("impact_topics_no_change", DataTypes.IntegerType, false)
          .add("impact_topics_fewer", DataTypes.IntegerType, false)
          .add("impact_largest_compatible_reduction", DataTypes.DoubleType, true)
          .add("impact_summary", DataTypes.StringType, true)
          .add("over_messaged_recipients", DataTypes.LongType, false)
          .add("over_messaging_contribution", DataTypes.DoubleType, true);

  /** The flat {@code message_facts} row, in {@link #SCHEMA} order. */
  public Row toRow() {
    Catalogue c = catalogue;
    Engagement e = engagement;
    List<Object> v = new ArrayList<>();
    v.add(c.messageId());
    v.add(c.name());
    v.add(c.type());
    v.add(c.state());
    v.add(c.frequency());
    v.add(c.audienceRule());
    v.add(c.ctaText());
    v.add(ts(c.updatedAt()));
    v.add(ts(c.liveSince()));
    v.add(c.knownIssueId());
    v.add(e.liveDays());
    v.add(e.usersTotal());
    v.add(e.audienceUsers());
    v.add(e.receiversSinceLaunch());
    v.add(e.receivers());
    v.add(e.viewers());
    v.add(e.reach());
    v.add(e.reachLow());
    v.add(e.reachHigh());
    v.add(e.reachBaselineMedian());
    v.add(e.primaryMetric());
    v.add(e.primaryRate());
    v.add(e.primaryLow());
    v.add(e.primaryHigh());
    v.add(e.baselineMedian());
    v.add(e.baselinePosition());
    v.add(e.dismissers());
    v.add(e.dismissRate());
    v.add(e.dismissLow());
    v.add(e.dismissHigh());
    v.add(e.dismissBaselineMedian());
    v.add(incident == null ? null : ts(incident.resolvedAt()));
    v.add(incident == null ? null : incident.baselinePerDay());
    v.add(incident == null ? null : incident.incidentPerDay());
    v.add(incident == null ? null : incident.recentPerDay());
    v.add(decay == null ? null : decay.firstRate());
    v.add(decay == null ? null : decay.lastRate());
    v.add(decay == null ? null : decay.pValue());
    v.add(impact.topicsJudged());
    v.add(impact.topicsNoChange());
    v.add(impact.topicsFewer());
    v.add(impact.largestCompatibleReduction());
    v.add(impact.summary());
    v.add(overMessaging.overMessagedRecipients());
    v.add(overMessaging.contribution());
    return RowFactory.create(v.toArray());
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
