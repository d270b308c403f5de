package io.proactiveinsights.hygiene;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.proactiveinsights.schema.EvidenceJson;
import io.proactiveinsights.stats.Proportion;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Everything the hygiene and recommendation rules know about one message on one ds: its catalogue
 * entry, its engagement against a reference, its audience and reach, how people react to repeated
 * showings, its incident, its weekly trend, its ticket impact, its share in over-messaging and the
 * CSAT of the conversations it starts. Built by {@link MessageFactsBuilder} from small per-message
 * aggregates; written flat to {@code message_facts} so reports and later stages read the same numbers.
 */
public record MessageFacts(
    Catalogue catalogue, Engagement engagement, Incident incident, Decay decay, Impact impact, OverMessaging overMessaging,
    Audience audience, Showings showings, Csat csat) {

  /** The message as the catalogue describes it. */
  public record Catalogue(
      String messageId, String name, String type, String state, String style, Boolean dismissible, String frequency,
      String audienceRule, String ctaText, Instant updatedAt, Instant liveSince, List<String> topics, String knownIssueId,
      String goalEvent) {

    public boolean live() {
      return "live".equals(state);
    }
  }

  /**
   * What a rate is compared with: the median of the same rate over {@code messages} other messages
   * ({@code basis} {@link Basis#FORMAT}: of its own format; {@link Basis#WIDER}: every message judged
   * on the same metric, when its format has too few), never including the message itself.
   */
  public record Reference(Double value, Basis basis, int messages, String description) {
    public static final Reference NONE = new Reference(null, Basis.NONE, 0, "no other message to compare with");

    public enum Basis { FORMAT, WIDER, NONE }

    public boolean exists() {
      return value != null;
    }
  }

  /**
   * One rate of the metrics window: {@code successes} of {@code trials} with its Wilson 95% interval,
   * and the reference it is judged against.
   */
  public record Rate(String metric, long successes, long trials, Double value, Double low, Double high, Reference reference) {
    public static Rate of(String metric, long successes, long trials, Reference reference) {
      Proportion p = Proportion.of(successes, trials);
      return p == null ? new Rate(metric, successes, trials, null, null, null, reference)
          : new Rate(metric, successes, trials, p.rate(), p.low(), p.high(), reference);
    }

    public Rate withReference(Reference newReference) {
      return new Rate(metric, successes, trials, value, low, high, newReference);
    }
  }

  /**
   * Engagement over the metrics window: the format's primary rate, the dismissal rate and (for a
   * message with a goal_event) the goal rate, each with its interval and reference.
   */
  public record Engagement(double liveDays, long receivers, long viewers, Rate primary, Rate dismiss, Rate goal) {

    public String primaryMetric() {
      return primary == null ? null : primary.metric();
    }
  }

  /**
   * Who the rule matches and how many of them it reached. {@code matching}: people the rule matches
   * as of ds (null when the rule does not parse); {@code active}: those of them seen in the product
   * since the message went live; {@code reached}: those of the active who received it since launch
   * (within the ingest lookback); reach = reached / active with its Wilson interval. {@code
   * topicOpeners}: people who opened a conversation on the message's topics in the lookback, and how
   * many of them the rule matches.
   */
  public record Audience(
      long usersTotal, Long matching, long active, long reached, Double reach, Double reachLow, Double reachHigh,
      boolean runtimeConditions, long topicOpeners, long topicOpenersMatching) {

    public static Audience of(long usersTotal, Long matching, long active, long reached, boolean runtimeConditions, long topicOpeners,
        long topicOpenersMatching) {
      Proportion p = Proportion.of(reached, active);
      return new Audience(usersTotal, matching, active, reached, p == null ? null : p.rate(), p == null ? null : p.low(),
          p == null ? null : p.high(), runtimeConditions, topicOpeners, topicOpenersMatching);
    }
  }

  /**
   * How people react to the n-th showing of the message (a showing is a view; a dismissal or the
   * primary action counts towards the latest showing before it), over the metrics window. {@code
   * byShowing} has the 1st, 2nd and "3rd and later" showings that anyone had; {@code later} is every
   * showing after the 1st, per person (shown it again; dismissed, or did the primary action, on any
   * later showing); {@code repeatDismissers} dismissed it on two or more showings.
   */
  public record Showings(List<Showing> byShowing, Showing later, long repeatDismissers) {
    public static final Showings NONE = new Showings(List.of(), null, 0);

    /** The first showing, or null. */
    public Showing first() {
      return byShowing.stream().filter(s -> s.number() == 1).findFirst().orElse(null);
    }
  }

  /**
   * People shown the message an n-th time ({@code number} 3 stands for "3rd and later", 0 for "any
   * later showing"), and how many of them dismissed, or did its primary action, on that showing.
   */
  public record Showing(int number, long viewers, long dismissers, long successes) {
    public Double dismissRate() {
      return viewers == 0 ? null : (double) dismissers / viewers;
    }

    public Double successRate() {
      return viewers == 0 ? null : (double) successes / viewers;
    }
  }

  /**
   * CSAT of conversations started from the message against the other rated conversations on its
   * topics: the {@code csat_impact} row of ds (null fields when there were too few ratings).
   */
  public record Csat(long fromMessage, Double fromMessageMean, long others, Double othersMean, Double difference, Double low,
      Double high, Double pValue) {}

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

  /** The column holding the whole record as JSON, which the recommendations job reads back instead of recomputing it. */
  public static final String FACTS_JSON = "facts_json";

  /** The facts of a {@code message_facts} row, as hygiene built them. */
  public static MessageFacts fromRow(Row row) {
    String json = row.getAs(FACTS_JSON);
    try {
      return EvidenceJson.read(json, MessageFacts.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot read message_facts of " + row.getAs("message_id") + ": " + e.getOriginalMessage()
          + " (rerun `proactive hygiene` for its ds)", e);
    }
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
          .add("goal_event", DataTypes.StringType, true)
          .add("live_days", DataTypes.DoubleType, false)
          .add("users_total", DataTypes.LongType, false)
          .add("audience_users", DataTypes.LongType, true)
          .add("audience_active", DataTypes.LongType, false)
          .add("audience_reached", DataTypes.LongType, false)
          .add("reach", DataTypes.DoubleType, true)
          .add("reach_low", DataTypes.DoubleType, true)
          .add("reach_high", DataTypes.DoubleType, true)
          .add("topic_openers", DataTypes.LongType, false)
          .add("topic_openers_matching", DataTypes.LongType, false)
          .add("receivers", DataTypes.LongType, false)
          .add("viewers", DataTypes.LongType, false)
          .add("primary_metric", DataTypes.StringType, true)
          .add("primary_rate", DataTypes.DoubleType, true)
          .add("primary_low", DataTypes.DoubleType, true)
          .add("primary_high", DataTypes.DoubleType, true)
          .add("primary_reference", DataTypes.DoubleType, true)
          .add("primary_reference_basis", DataTypes.StringType, true)
          .add("dismiss_rate", DataTypes.DoubleType, true)
          .add("dismiss_low", DataTypes.DoubleType, true)
          .add("dismiss_high", DataTypes.DoubleType, true)
          .add("dismiss_reference", DataTypes.DoubleType, true)
          .add("dismiss_reference_basis", DataTypes.StringType, true)
          .add("goal_rate", DataTypes.DoubleType, true)
          .add("goal_low", DataTypes.DoubleType, true)
          .add("goal_high", DataTypes.DoubleType, true)
          .add("goal_reference", DataTypes.DoubleType, true)
          .add("goal_reference_basis", DataTypes.StringType, true)
          .add("first_showing_viewers", DataTypes.LongType, true)
          .add("first_showing_dismiss_rate", DataTypes.DoubleType, true)
          .add("later_showing_viewers", DataTypes.LongType, true)
          .add("later_showing_dismiss_rate", DataTypes.DoubleType, true)
          .add("repeat_dismissers", DataTypes.LongType, false)
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
          .add("over_messaging_contribution", DataTypes.DoubleType, true)
          .add("csat_difference", DataTypes.DoubleType, true)
          .add("csat_p_value", DataTypes.DoubleType, true)
          .add(FACTS_JSON, DataTypes.StringType, false);

  /** The flat {@code message_facts} row, in {@link #SCHEMA} order. */
  public Row toRow() {
    Catalogue c = catalogue;
    Engagement e = engagement;
    Audience a = audience;
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
    v.add(c.goalEvent());
    v.add(e.liveDays());
    v.add(a.usersTotal());
    v.add(a.matching());
    v.add(a.active());
    v.add(a.reached());
    v.add(a.reach());
    v.add(a.reachLow());
    v.add(a.reachHigh());
    v.add(a.topicOpeners());
    v.add(a.topicOpenersMatching());
    v.add(e.receivers());
    v.add(e.viewers());
    v.add(e.primaryMetric());
    addRate(v, e.primary());
    addRate(v, e.dismiss());
    addRate(v, e.goal());
    Showing first = showings.first();
    v.add(first == null ? null : first.viewers());
    v.add(first == null ? null : first.dismissRate());
    v.add(showings.later() == null ? null : showings.later().viewers());
    v.add(showings.later() == null ? null : showings.later().dismissRate());
    v.add(showings.repeatDismissers());
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
    v.add(csat == null ? null : csat.difference());
    v.add(csat == null ? null : csat.pValue());
    v.add(EvidenceJson.write(this));
    return RowFactory.create(v.toArray());
  }

  private static void addRate(List<Object> v, Rate r) {
    v.add(r == null ? null : r.value());
    v.add(r == null ? null : r.low());
    v.add(r == null ? null : r.high());
    v.add(r == null ? null : r.reference().value());
    v.add(r == null || r.reference().basis() == Reference.Basis.NONE ? null : r.reference().basis().name().toLowerCase(Locale.ROOT));
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
