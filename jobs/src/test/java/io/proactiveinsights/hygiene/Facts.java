package io.proactiveinsights.hygiene;

import io.proactiveinsights.hygiene.MessageFacts.Catalogue;
import io.proactiveinsights.hygiene.MessageFacts.Decay;
import io.proactiveinsights.hygiene.MessageFacts.Engagement;
import io.proactiveinsights.hygiene.MessageFacts.Impact;
import io.proactiveinsights.hygiene.MessageFacts.Incident;
import io.proactiveinsights.hygiene.MessageFacts.OverMessaging;
import io.proactiveinsights.stats.Proportion;
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
  private Double reachBaseline = 0.12;
  private Incident incident;
  private Decay decay;
  private Impact impact = Impact.NONE;
  private OverMessaging overMessaging = OverMessaging.NONE;

  public static Facts post(String id) {
    Facts f = new Facts();
    f.id = id;
    return f;
  }

  public Facts type(String value) {
    type = value;
    primaryMetric = switch (value) {
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

  public Facts reach(long receivedBy, double formatMedianReach) {
    receivers = receivedBy;
    reachBaseline = formatMedianReach;
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
    Proportion primary = Proportion.of(successes, viewers);
    Proportion dismiss = Proportion.of(dismissers, viewers);
    Proportion reach = Proportion.of(receivers, usersTotal);
    long inWindow = Math.min(receivers, viewers + 500);
    double liveDays = "live".equals(state) ? MessageFacts.liveDays(liveSince, AS_OF) : 0;
    Catalogue catalogue = new Catalogue(id, "Test " + id, type, state, "banner".equals(type) ? "info" : null, dismissible, frequency,
        rule, cta, updatedAt, liveSince, topics, incident == null ? null : incident.issueId());
    Engagement engagement = new Engagement(liveDays, usersTotal, audienceUsers, receivers, Math.max(inWindow, viewers), viewers, primaryMetric,
        primary == null ? null : primary.rate(), primary == null ? null : primary.low(), primary == null ? null : primary.high(),
        baselineMedian, null, dismissers, dismiss == null ? null : dismiss.rate(), dismiss == null ? null : dismiss.low(),
        dismiss == null ? null : dismiss.high(), dismissBaselineMedian, reach.rate(), reach.low(), reach.high(), reachBaseline);
    return new MessageFacts(catalogue, engagement, incident, decay, impact, overMessaging);
  }
}
