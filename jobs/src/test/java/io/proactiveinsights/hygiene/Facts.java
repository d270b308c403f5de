package io.proactiveinsights.hygiene;

import io.proactiveinsights.hygiene.MessageFacts.Audience;
import io.proactiveinsights.hygiene.MessageFacts.Catalogue;
import io.proactiveinsights.hygiene.MessageFacts.Csat;
import io.proactiveinsights.hygiene.MessageFacts.Decay;
import io.proactiveinsights.hygiene.MessageFacts.Engagement;
import io.proactiveinsights.hygiene.MessageFacts.Impact;
import io.proactiveinsights.hygiene.MessageFacts.Incident;
import io.proactiveinsights.hygiene.MessageFacts.OverMessaging;
import io.proactiveinsights.hygiene.MessageFacts.Rate;
import io.proactiveinsights.hygiene.MessageFacts.Reference;
import io.proactiveinsights.hygiene.MessageFacts.Showing;
import io.proactiveinsights.hygiene.MessageFacts.Showings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A builder of {@link MessageFacts} for rule tests: a healthy live post, seen by 2,000 of 20,000
 * people, live 30 days and edited 5 days ago, unless a test says otherwise.
 */
public final class Facts {

  public static final Instant AS_OF = Instant.parse("2024-05-01T00:00:00Z");

  private String id = "msg_test";
  private String type = "post";
  private String state = "live";
  private Boolean dismissible = true;
  private String frequency = "once";
  private String rule = "everyone";
  private String cta = "Open the export page";
  private Instant updatedAt = AS_OF.minus(Duration.ofDays(5));
  private Instant liveSince = AS_OF.minus(Duration.ofDays(30));
  private List<String> topics = List.of("data-export");
  private long usersTotal = 20_000;
  private Long audienceUsers = 20_000L;
  private long receivers = 2_500;
  private long viewers = 2_000;
  private String primaryMetric = "ctr";
  private long successes = 200;
  private Double baselineMedian = 0.10;
  private long dismissers = 200;
  private Double dismissBaselineMedian = 0.10;
  private long active = 15_000;
  private long reached = 12_000;
  private long topicOpeners = 0;
  private long topicOpenersMatching = 0;
  private boolean runtimeConditions = false;
  private int referenceMessages = 3;
  private String goalEvent;
  private long goalUsers;
  private Double goalReference;
  private Showings showings = Showings.NONE;
  private Csat csat;
  private Incident incident;
  private Decay decay;
  private Impact impact = Impact.NONE;
  private OverMessaging overMessaging = OverMessaging.NONE;

  /**
   * A chat shown up to 5 times: 30% dismiss the 1st showing, 80% the 2nd, 90% later; replies come
   * from the 1st.
   */
  public static Showings naggingShowings() {
    return new Showings(
        List.of(
            new Showing(1, 2_000, 600, 40),
            new Showing(2, 1_800, 1_440, 2),
            new Showing(3, 1_500, 1_350, 0)),
        new Showing(0, 1_800, 1_530, 2),
        1_200);
  }

  /**
   * A week where {@code overMessaged} people got 6 or more messages and dismissed 35% of what they
   * saw, against 10% for the rest.
   */
  public static WeeklyLoad annoyedWeek(long overMessaged) {
    return new WeeklyLoad(
        5,
        List.of(
            new WeeklyLoad.Group(2, 5_000, 8_000, 800),
            new WeeklyLoad.Group(
                6, overMessaged, 4 * overMessaged, Math.round(4 * overMessaged * 0.35))));
  }

  /**
   * As {@link #annoyedWeek}, but the over-messaged dismiss 11% of what they see: many messages
   * nobody minds.
   */
  public static WeeklyLoad calmWeek(long overMessaged) {
    return new WeeklyLoad(
        5,
        List.of(
            new WeeklyLoad.Group(2, 5_000, 8_000, 800),
            new WeeklyLoad.Group(
                6, overMessaged, 4 * overMessaged, Math.round(4 * overMessaged * 0.11))));
  }

  public static Facts post(String id) {
    Facts f = new Facts();
    f.id = id;
    return f;
  }

  public Facts type(String value) {
    type = value;
    primaryMetric =
        switch (value) {
          case "chat" -> "reply_rate";
          case "product_tour", "checklist", "survey" -> "completion_rate";
          default -> "ctr";
        };
    return this;
  }

  public Facts state(String value) {
    state = value;
    return this;
  }

  public Facts dismissible(Boolean value) {
    dismissible = value;
    return this;
  }

  public Facts frequency(String value) {
    frequency = value;
    return this;
  }

  public Facts rule(String value) {
    rule = value;
    return this;
  }

  public Facts cta(String value) {
    cta = value;
    return this;
  }

  public Facts editedDaysAgo(long days) {
    updatedAt = AS_OF.minus(Duration.ofDays(days));
    return this;
  }

  public Facts liveDaysAgo(long days) {
    liveSince = AS_OF.minus(Duration.ofDays(days));
    return this;
  }

  public Facts liveHoursAgo(long hours) {
    liveSince = AS_OF.minus(Duration.ofHours(hours));
    return this;
  }

  public Facts topics(List<String> value) {
    topics = value;
    return this;
  }

  public Facts audience(Long matching) {
    audienceUsers = matching;
    return this;
  }

  /**
   * Of the people the rule matches, {@code activeSinceLaunch} used the product since it went live
   * and {@code receivedBy} of those received it.
   */
  public Facts reach(long activeSinceLaunch, long receivedBy) {
    active = activeSinceLaunch;
    reached = receivedBy;
    return this;
  }

  /** People who opened conversations on its topics, and how many of them its rule matches. */
  public Facts topicOpeners(long openers, long matching) {
    topicOpeners = openers;
    topicOpenersMatching = matching;
    return this;
  }

  public Facts runtimeConditions(boolean value) {
    runtimeConditions = value;
    return this;
  }

  /**
   * How many other messages its references are medians of: 3 or more compare within the format,
   * fewer widen.
   */
  public Facts referenceMessages(int value) {
    referenceMessages = value;
    return this;
  }

  public Facts goal(String event, long reachedGoal, Double reference) {
    goalEvent = event;
    goalUsers = reachedGoal;
    goalReference = reference;
    return this;
  }

  public Facts showings(Showings value) {
    showings = value;
    return this;
  }

  public Facts csat(Csat value) {
    csat = value;
    return this;
  }

  public Facts receivers(long value) {
    receivers = value;
    return this;
  }

  public Facts viewers(long value) {
    viewers = value;
    return this;
  }

  public Facts primary(long successCount, Double formatMedian) {
    successes = successCount;
    baselineMedian = formatMedian;
    return this;
  }

  public Facts dismissals(long dismissedBy, Double formatMedian) {
    dismissers = dismissedBy;
    dismissBaselineMedian = formatMedian;
    return this;
  }

  public Facts incident(Incident value) {
    incident = value;
    return this;
  }

  public Facts decay(Decay value) {
    decay = value;
    return this;
  }

  public Facts impact(Impact value) {
    impact = value;
    return this;
  }

  public Facts overMessaging(OverMessaging value) {
    overMessaging = value;
    return this;
  }

  public MessageFacts build() {
    long inWindow = Math.max(Math.min(receivers, viewers + 500), viewers);
    double liveDays = "live".equals(state) ? MessageFacts.liveDays(liveSince, AS_OF) : 0;
    Catalogue catalogue =
        new Catalogue(
            id,
            "Test " + id,
            type,
            state,
            "banner".equals(type) ? "info" : null,
            dismissible,
            frequency,
            rule,
            cta,
            updatedAt,
            liveSince,
            topics,
            incident == null ? null : incident.issueId(),
            goalEvent);
    Engagement engagement =
        new Engagement(
            liveDays,
            inWindow,
            viewers,
            Rate.of(primaryMetric, successes, viewers, reference(baselineMedian, primaryMetric)),
            Rate.of(
                "dismiss_rate",
                dismissers,
                viewers,
                reference(dismissBaselineMedian, "dismiss_rate")),
            goalEvent == null
                ? null
                : Rate.of("goal_rate", goalUsers, inWindow, reference(goalReference, "goal_rate")));
    Audience audience =
        Audience.of(
            usersTotal,
            audienceUsers,
            active,
            reached,
            runtimeConditions,
            topicOpeners,
            topicOpenersMatching);
    return new MessageFacts(
        catalogue, engagement, incident, decay, impact, overMessaging, audience, showings, csat);
  }

  private Reference reference(Double value, String metric) {
    if (value == null) {
      return Reference.NONE;
    }
    return referenceMessages >= 3
        ? new Reference(
            value,
            Reference.Basis.FORMAT,
            referenceMessages,
            "median of " + referenceMessages + " other " + Text.plural(type))
        : new Reference(
            value,
            Reference.Basis.WIDER,
            5,
            "median of 5 other messages judged on " + Text.metricName(metric));
  }
}
