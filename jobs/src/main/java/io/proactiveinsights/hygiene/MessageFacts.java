package io.proactiveinsights.hygiene;

import static io.proactiveinsights.schema.RowCodec.ofPart;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.proactiveinsights.schema.EvidenceJson;
import io.proactiveinsights.schema.RowCodec;
import io.proactiveinsights.stats.Proportion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Everything the hygiene and recommendation rules know about one message on one ds: its catalogue
 * entry, its engagement against a reference, its audience and reach, how people react to repeated
 * showings, its incident, its weekly trend, its ticket impact, its share in over-messaging and the
 * CSAT of the conversations it starts. Built by {@link MessageFactsBuilder} from small per-message
 * aggregates; written flat to {@code message_facts} so reports and later stages read the same
 * numbers.
 */
public record MessageFacts(
    Catalogue catalogue,
    Engagement engagement,
    Incident incident,
    Decay decay,
    Impact impact,
    OverMessaging overMessaging,
    Audience audience,
    Showings showings,
    Csat csat) {

  /** The message as the catalogue describes it. */
  public record Catalogue(
      String messageId,
      String name,
      String type,
      String state,
      String style,
      Boolean dismissible,
      String frequency,
      String audienceRule,
      String ctaText,
      Instant updatedAt,
      Instant liveSince,
      List<String> topics,
      String knownIssueId,
      String goalEvent) {

    public boolean live() {
      return "live".equals(state);
    }
  }

  /**
   * What a rate is compared with: the median of the same rate over {@code messages} other messages
   * ({@code basis} {@link Basis#FORMAT}: of its own format; {@link Basis#WIDER}: every message
   * judged on the same metric, when its format has too few), never including the message itself.
   */
  public record Reference(Double value, Basis basis, int messages, String description) {
    public static final Reference NONE =
        new Reference(null, Basis.NONE, 0, "no other message to compare with");

    public enum Basis {
      FORMAT,
      WIDER,
      NONE
    }

    public boolean exists() {
      return value != null;
    }
  }

  /**
   * One rate of the metrics window: {@code successes} of {@code trials} with its Wilson 95%
   * interval, and the reference it is judged against.
   */
  public record Rate(
      String metric,
      long successes,
      long trials,
      Double value,
      Double low,
      Double high,
      Reference reference) {
    public static Rate of(String metric, long successes, long trials, Reference reference) {
      Proportion p = Proportion.of(successes, trials);
      return p == null
          ? new Rate(metric, successes, trials, null, null, null, reference)
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
  public record Engagement(
      double liveDays, long receivers, long viewers, Rate primary, Rate dismiss, Rate goal) {

    public String primaryMetric() {
      return primary == null ? null : primary.metric();
    }
  }

  /**
   * Who the rule matches and how many of them it reached. {@code matching}: people the rule matches
   * as of ds (null when the rule does not parse); {@code active}: those of them seen in the product
   * since the message went live; {@code reached}: those of the active who received it since launch
   * (within the ingest lookback); reach = reached / active with its Wilson interval. {@code
   * topicOpeners}: people who opened a conversation on the message's topics in the lookback, and
   * how many of them the rule matches.
   */
  public record Audience(
      long usersTotal,
      Long matching,
      long active,
      long reached,
      Double reach,
      Double reachLow,
      Double reachHigh,
      boolean runtimeConditions,
      long topicOpeners,
      long topicOpenersMatching) {

    public static Audience of(
        long usersTotal,
        Long matching,
        long active,
        long reached,
        boolean runtimeConditions,
        long topicOpeners,
        long topicOpenersMatching) {
      Proportion p = Proportion.of(reached, active);
      return new Audience(
          usersTotal,
          matching,
          active,
          reached,
          p == null ? null : p.rate(),
          p == null ? null : p.low(),
          p == null ? null : p.high(),
          runtimeConditions,
          topicOpeners,
          topicOpenersMatching);
    }
  }

  /**
   * How people react to the n-th showing of the message (a showing is a view; a dismissal or the
   * primary action counts towards the latest showing before it), over the metrics window. {@code
   * byShowing} has the 1st, 2nd and "3rd and later" showings that anyone had; {@code later} is
   * every showing after the 1st, per person (shown it again; dismissed, or did the primary action,
   * on any later showing); {@code repeatDismissers} dismissed it on two or more showings.
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
  public record Csat(
      long fromMessage,
      Double fromMessageMean,
      long others,
      Double othersMean,
      Double difference,
      Double low,
      Double high,
      Double pValue) {}

  /**
   * The known issue a message announces, and its topics' ticket volume: per day in the {@code
   * incident_baseline_days} before it opened, during it, and in the last {@code
   * incident_recent_days}; ratios with exact 95% bounds.
   */
  public record Incident(
      String issueId,
      String title,
      Instant openedAt,
      Instant resolvedAt,
      Double baselinePerDay,
      Double incidentPerDay,
      Double recentPerDay,
      Double spikeRatio,
      Double spikeRatioLow,
      Double recentVsBaselineLow,
      Double recentVsIncidentHigh) {

    public boolean resolvedBy(Instant asOf) {
      return resolvedAt != null && !resolvedAt.isAfter(asOf);
    }
  }

  /** The primary rate in the first and the last of the trend weeks, and the test between them. */
  public record Decay(
      long firstViewers,
      long firstSuccesses,
      long lastViewers,
      long lastSuccesses,
      Double relativeDrop,
      Double pValue) {

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
      int topicsJudged,
      int topicsNoChange,
      int topicsFewer,
      int topicsMore,
      int topicsTooFewViewers,
      Double largestCompatibleReduction,
      String summary) {
    public static final Impact NONE = new Impact(0, 0, 0, 0, 0, null, null);

    /** Without topics judged too thinly viewed. */
    public Impact(
        int topicsJudged,
        int topicsNoChange,
        int topicsFewer,
        int topicsMore,
        Double largestCompatibleReduction,
        String summary) {
      this(
          topicsJudged,
          topicsNoChange,
          topicsFewer,
          topicsMore,
          0,
          largestCompatibleReduction,
          summary);
    }
  }

  /**
   * Over the last 7 days: how many over-messaged people received this message, and its share of all
   * receipts those people got.
   */
  public record OverMessaging(
      long overMessagedRecipients, long receiptsToOverMessaged, Double contribution) {
    public static final OverMessaging NONE = new OverMessaging(0, 0, null);
  }

  public String messageId() {
    return catalogue.messageId();
  }

  /** Whole days since the message last went live, at {@code asOf}; 0 when it never did. */
  public static double liveDays(Instant liveSince, Instant asOf) {
    return liveSince == null
        ? 0
        : Math.max(0, Duration.between(liveSince, asOf).toSeconds() / 86_400.0);
  }

  public static final String MESSAGE_ID = "message_id";

  /**
   * The column holding the whole record as JSON, which the recommendations job reads back instead
   * of recomputing it.
   */
  public static final String FACTS_JSON = "facts_json";

  /**
   * The flat columns, for reports and people querying the table; {@link #FACTS_JSON} holds the
   * record itself.
   */
  private static final RowCodec<MessageFacts> CODEC = codec();

  public static final StructType SCHEMA = CODEC.schema();

  /** The flat {@code message_facts} row, in {@link #SCHEMA} order. */
  public Row toRow() {
    return CODEC.toRow(this);
  }

  /** The facts of a {@code message_facts} row, as hygiene built them. */
  public static MessageFacts fromRow(Row row) {
    String json = row.getAs(FACTS_JSON);
    try {
      return EvidenceJson.read(json, MessageFacts.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "Cannot read message_facts of "
              + row.getAs(MESSAGE_ID)
              + ": "
              + e.getOriginalMessage()
              + " (rerun `proactive hygiene` for its ds)",
          e);
    }
  }

  private static RowCodec<MessageFacts> codec() {
    RowCodec.Builder<MessageFacts> columns =
        RowCodec.<MessageFacts>builder()
            .string(MESSAGE_ID, false, MessageFacts::messageId)
            .string("name", true, f -> f.catalogue().name())
            .string("type", true, f -> f.catalogue().type())
            .string("state", true, f -> f.catalogue().state())
            .string("frequency", true, f -> f.catalogue().frequency())
            .string("audience_rule", true, f -> f.catalogue().audienceRule())
            .string("cta_text", true, f -> f.catalogue().ctaText())
            .timestamp("updated_at", true, f -> f.catalogue().updatedAt())
            .timestamp("live_since", true, f -> f.catalogue().liveSince())
            .string("known_issue_id", true, f -> f.catalogue().knownIssueId())
            .string("goal_event", true, f -> f.catalogue().goalEvent())
            .doubles("live_days", false, f -> f.engagement().liveDays())
            .longs("users_total", false, f -> f.audience().usersTotal())
            .longs("audience_users", true, f -> f.audience().matching())
            .longs("audience_active", false, f -> f.audience().active())
            .longs("audience_reached", false, f -> f.audience().reached())
            .doubles("reach", true, f -> f.audience().reach())
            .doubles("reach_low", true, f -> f.audience().reachLow())
            .doubles("reach_high", true, f -> f.audience().reachHigh())
            .longs("topic_openers", false, f -> f.audience().topicOpeners())
            .longs("topic_openers_matching", false, f -> f.audience().topicOpenersMatching())
            .longs("receivers", false, f -> f.engagement().receivers())
            .longs("viewers", false, f -> f.engagement().viewers())
            .string("primary_metric", true, f -> f.engagement().primaryMetric());
    rate(columns, "primary", Engagement::primary);
    rate(columns, "dismiss", Engagement::dismiss);
    rate(columns, "goal", Engagement::goal);
    return columns
        .longs("first_showing_viewers", true, ofPart(f -> f.showings().first(), Showing::viewers))
        .doubles(
            "first_showing_dismiss_rate",
            true,
            ofPart(f -> f.showings().first(), Showing::dismissRate))
        .longs("later_showing_viewers", true, ofPart(f -> f.showings().later(), Showing::viewers))
        .doubles(
            "later_showing_dismiss_rate",
            true,
            ofPart(f -> f.showings().later(), Showing::dismissRate))
        .longs("repeat_dismissers", false, f -> f.showings().repeatDismissers())
        .timestamp("issue_resolved_at", true, ofPart(MessageFacts::incident, Incident::resolvedAt))
        .doubles(
            "issue_baseline_per_day",
            true,
            ofPart(MessageFacts::incident, Incident::baselinePerDay))
        .doubles(
            "issue_incident_per_day",
            true,
            ofPart(MessageFacts::incident, Incident::incidentPerDay))
        .doubles(
            "issue_recent_per_day", true, ofPart(MessageFacts::incident, Incident::recentPerDay))
        .doubles("decay_first_rate", true, ofPart(MessageFacts::decay, Decay::firstRate))
        .doubles("decay_last_rate", true, ofPart(MessageFacts::decay, Decay::lastRate))
        .doubles("decay_p_value", true, ofPart(MessageFacts::decay, Decay::pValue))
        .integer("impact_topics_judged", false, f -> f.impact().topicsJudged())
        .integer("impact_topics_no_change", false, f -> f.impact().topicsNoChange())
        .integer("impact_topics_fewer", false, f -> f.impact().topicsFewer())
        .doubles(
            "impact_largest_compatible_reduction",
            true,
            f -> f.impact().largestCompatibleReduction())
        .string("impact_summary", true, f -> f.impact().summary())
        .longs("over_messaged_recipients", false, f -> f.overMessaging().overMessagedRecipients())
        .doubles("over_messaging_contribution", true, f -> f.overMessaging().contribution())
        .doubles("csat_difference", true, ofPart(MessageFacts::csat, Csat::difference))
        .doubles("csat_p_value", true, ofPart(MessageFacts::csat, Csat::pValue))
        .string(FACTS_JSON, false, EvidenceJson::write)
        .build();
  }

  /**
   * A rate's value, interval, reference and the reference's basis; null when the message has no
   * such rate.
   */
  private static void rate(
      RowCodec.Builder<MessageFacts> columns, String prefix, Function<Engagement, Rate> rate) {
    Function<MessageFacts, Rate> of = f -> rate.apply(f.engagement());
    columns
        .doubles(prefix + "_rate", true, ofPart(of, Rate::value))
        .doubles(prefix + "_low", true, ofPart(of, Rate::low))
        .doubles(prefix + "_high", true, ofPart(of, Rate::high))
        .doubles(prefix + "_reference", true, ofPart(of, r -> r.reference().value()))
        .string(
            prefix + "_reference_basis",
            true,
            ofPart(
                of,
                r ->
                    r.reference().basis() == Reference.Basis.NONE
                        ? null
                        : r.reference().basis().name().toLowerCase(Locale.ROOT)));
  }
}
