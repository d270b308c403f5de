package io.proactiveinsights.hygiene;

import io.proactiveinsights.config.ProactiveConfig.HygieneSettings;
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
import io.proactiveinsights.impact.CsatImpact;
import io.proactiveinsights.impact.TopicImpact;
import io.proactiveinsights.impact.TopicImpact.Comparison;
import io.proactiveinsights.metrics.PrimaryMetric;
import io.proactiveinsights.schema.MessageStatsColumns;
import io.proactiveinsights.schema.Vocabulary.MessageType;
import io.proactiveinsights.stats.ProportionDifference;
import io.proactiveinsights.stats.RateRatio;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Row;

/**
 * Turns the small per-message aggregates of one ds into {@link MessageFacts}: plain Java over rows
 * already brought to the driver (one per message, per message and week, per topic and day).
 */
public final class MessageFactsBuilder {

  /**
   * The dismissal rate of the first showing: dismissers on their first showing over people shown it
   * once or more.
   */
  public static final String DISMISS_FIRST_SHOWING = "dismiss_rate_first_showing";

  private final HygieneSettings settings;
  private final long minViewers;
  private final Instant asOf;

  /**
   * @param minViewers trials a rate needs before it is judged or serves as a reference
   *     (metrics.baseline_min_viewers)
   */
  public MessageFactsBuilder(HygieneSettings settings, long minViewers, Instant asOf) {
    this.settings = settings;
    this.minViewers = minViewers;
    this.asOf = asOf;
  }

  /**
   * Per message: people its rule matches as of ds, of them those seen since it went live, and of
   * those the ones who received it; people who opened a conversation on its topics, and how many of
   * them the rule matches. {@code matching} is null when the rule does not parse.
   */
  public record AudienceCounts(
      Long matching,
      long active,
      long reached,
      boolean runtimeConditions,
      long topicOpeners,
      long topicOpenersMatching) {
    public static final AudienceCounts UNKNOWN = new AudienceCounts(null, 0, 0, false, 0, 0);
  }

  /** The inputs, each already small. */
  public record Inputs(
      List<Row> messages,
      Map<String, Row> statsByMessage,
      List<TopicImpact> topicImpact,
      List<Row> knownIssues,
      Map<String, Map<LocalDate, Long>> ticketsByTopicDay,
      List<Row> weeklyPrimary,
      List<Row> overMessaging,
      Map<String, AudienceCounts> audiences,
      Map<String, MessageFacts.Showings> showings,
      Map<String, CsatImpact> csatByMessage,
      long usersTotal) {}

  public List<MessageFacts> build(Inputs in) {
    Map<String, Row> issues = new HashMap<>();
    for (Row issue : in.knownIssues()) {
      issues.put(issue.getAs("issue_id"), issue);
    }
    Map<String, List<TopicImpact>> impactByMessage =
        group(in.topicImpact(), t -> t.message().messageId());
    Map<String, List<Row>> weeksByMessage = group(in.weeklyPrimary(), r -> r.getAs("message_id"));
    Map<String, Row> overByMessage = new HashMap<>();
    in.overMessaging().forEach(r -> overByMessage.put(r.getAs("message_id"), r));
    long totalOverReceipts =
        in.overMessaging().stream()
            .mapToLong(r -> r.<Long>getAs(HygieneAggregates.RECEIPTS_TO_OVER_MESSAGED))
            .sum();

    List<MessageFacts> facts = new ArrayList<>();
    for (Row m : in.messages()) {
      Catalogue catalogue = catalogue(m);
      Showings showings = in.showings().getOrDefault(catalogue.messageId(), Showings.NONE);
      Engagement engagement =
          engagement(catalogue, in.statsByMessage().get(catalogue.messageId()), showings);
      AudienceCounts a = in.audiences().getOrDefault(catalogue.messageId(), AudienceCounts.UNKNOWN);
      Audience audience =
          Audience.of(
              in.usersTotal(),
              a.matching(),
              a.active(),
              a.reached(),
              a.runtimeConditions(),
              a.topicOpeners(),
              a.topicOpenersMatching());
      Incident incident =
          catalogue.knownIssueId() == null
              ? null
              : incident(
                  issues.get(catalogue.knownIssueId()),
                  catalogue.knownIssueId(),
                  in.ticketsByTopicDay());
      Decay decay =
          decay(
              weeksByMessage.getOrDefault(catalogue.messageId(), List.of()), engagement.liveDays());
      Impact impact = impact(impactByMessage.getOrDefault(catalogue.messageId(), List.of()));
      Row over = overByMessage.get(catalogue.messageId());
      OverMessaging overMessaging =
          over == null
              ? OverMessaging.NONE
              : new OverMessaging(
                  over.getAs(HygieneAggregates.OVER_MESSAGED_RECIPIENTS),
                  over.getAs(HygieneAggregates.RECEIPTS_TO_OVER_MESSAGED),
                  totalOverReceipts == 0
                      ? null
                      : over.<Long>getAs(HygieneAggregates.RECEIPTS_TO_OVER_MESSAGED)
                          / (double) totalOverReceipts);
      facts.add(
          new MessageFacts(
              catalogue,
              engagement,
              incident,
              decay,
              impact,
              overMessaging,
              audience,
              showings,
              csat(in.csatByMessage().get(catalogue.messageId()))));
    }
    return withReferences(facts);
  }

  private static <T> Map<String, List<T>> group(List<T> rows, Function<T, String> messageId) {
    Map<String, List<T>> grouped = new HashMap<>();
    rows.forEach(r -> grouped.computeIfAbsent(messageId.apply(r), k -> new ArrayList<>()).add(r));
    return grouped;
  }

  private static Catalogue catalogue(Row m) {
    List<String> topics =
        m.isNullAt(m.fieldIndex("topics")) ? List.of() : m.getList(m.fieldIndex("topics"));
    return new Catalogue(
        m.getAs("message_id"),
        m.getAs("name"),
        m.getAs("type"),
        m.getAs("state"),
        m.getAs("style"),
        m.getAs("dismissible"),
        m.getAs("frequency"),
        m.getAs("audience_rule"),
        m.getAs("cta_text"),
        instant(m.getAs("updated_at")),
        instant(m.getAs("live_since")),
        List.copyOf(topics),
        m.getAs("known_issue_id"),
        m.getAs("goal_event"));
  }

  /**
   * The window's rates from the message's {@code message_stats} row; references are added by {@link
   * #withReferences}.
   */
  private Engagement engagement(Catalogue c, Row stats, Showings showings) {
    double liveDays = c.live() ? MessageFacts.liveDays(c.liveSince(), asOf) : 0;
    long receivers = count(stats, MessageStatsColumns.RECEIVERS);
    long viewers = count(stats, MessageStatsColumns.VIEWERS);
    String metric =
        PrimaryMetric.of(MessageType.valueOf(c.type().toUpperCase(Locale.ROOT))).column();
    Rate primary = Rate.of(metric, count(stats, successesOf(metric)), viewers, Reference.NONE);
    // Dismissals are judged on the first showing: a person shown a `multiple` message four times
    // who
    // dismisses 15% of showings has dismissed it at least once with 48% probability, which is not a
    // format people reject on sight. Repeats are judged by the showing curve (Fatigue).
    Showing first = showings.first();
    Rate dismiss =
        first != null
            ? Rate.of(DISMISS_FIRST_SHOWING, first.dismissers(), first.viewers(), Reference.NONE)
            : Rate.of(
                MessageStatsColumns.DISMISS_RATE,
                count(stats, MessageStatsColumns.DISMISSERS_AMONG_VIEWERS),
                viewers,
                Reference.NONE);
    Rate goal =
        c.goalEvent() == null
            ? null
            : Rate.of(
                MessageStatsColumns.GOAL_RATE,
                count(stats, MessageStatsColumns.GOAL_USERS),
                receivers,
                Reference.NONE);
    return new Engagement(liveDays, receivers, viewers, primary, dismiss, goal);
  }

  /**
   * The people who did a primary metric's action among its denominator's (what the rate divides).
   */
  private static String successesOf(String metric) {
    return MessageStatsColumns.RATES.stream()
        .filter(r -> r.rate().equals(metric))
        .findFirst()
        .orElseThrow()
        .successes();
  }

  private static long count(Row stats, String column) {
    return stats == null || stats.isNullAt(stats.fieldIndex(column))
        ? 0
        : ((Number) stats.getAs(column)).longValue();
  }

  /** A {@link HygieneAggregates#showings} row as the message's showing curve. */
  public static Showings showings(Row r) {
    List<Showing> byShowing = new ArrayList<>();
    for (int n = 1; n <= 3; n++) {
      Showing s = showing(r, n, String.valueOf(n));
      if (s.viewers() > 0) {
        byShowing.add(s);
      }
    }
    Showing later = showing(r, 0, "later");
    return new Showings(
        byShowing,
        later.viewers() > 0 ? later : null,
        r.<Long>getAs(HygieneAggregates.REPEAT_DISMISSERS));
  }

  private static Showing showing(Row r, int number, String bucket) {
    return new Showing(
        number,
        r.<Long>getAs("viewers_" + bucket),
        r.<Long>getAs("dismissers_" + bucket),
        r.<Long>getAs("successes_" + bucket));
  }

  private static Csat csat(CsatImpact c) {
    if (c == null) {
      return null;
    }
    return new Csat(
        c.fromMessageN(),
        c.fromMessageMean(),
        c.othersN(),
        c.othersMean(),
        c.difference(),
        c.ciLow(),
        c.ciHigh(),
        c.pValue());
  }

  /**
   * Each message's references, left out of its own: the primary rate against messages judged on the
   * same metric, dismissals against every format, the goal rate against messages with a goal. Only
   * live messages live at least {@code min_live_days} with {@code baseline_min_viewers} trials
   * serve as references.
   */
  private List<MessageFacts> withReferences(List<MessageFacts> facts) {
    List<MessageFacts> eligible =
        facts.stream()
            .filter(
                f -> f.catalogue().live() && f.engagement().liveDays() >= settings.minLiveDays())
            .toList();
    List<MessageFacts> out = new ArrayList<>();
    for (MessageFacts f : facts) {
      Engagement e = f.engagement();
      String id = f.messageId();
      String type = f.catalogue().type();
      String metric = e.primaryMetric();
      Rate primary =
          e.primary()
              .withReference(
                  References.of(
                      id,
                      type,
                      candidates(
                          eligible.stream()
                              .filter(o -> metric.equals(o.engagement().primaryMetric()))
                              .toList(),
                          Engagement::primary),
                      settings.baselineMinMessages(),
                      "messages judged on " + Text.metricName(metric)));
      Rate dismiss =
          e.dismiss()
              .withReference(
                  References.of(
                      id,
                      type,
                      candidates(eligible, Engagement::dismiss),
                      settings.baselineMinMessages(),
                      "messages of any format"));
      Rate goal =
          e.goal() == null
              ? null
              : e.goal()
                  .withReference(
                      References.of(
                          id,
                          type,
                          candidates(
                              eligible.stream().filter(o -> o.engagement().goal() != null).toList(),
                              Engagement::goal),
                          settings.baselineMinMessages(),
                          "messages with a goal"));
      Engagement withReferences =
          new Engagement(e.liveDays(), e.receivers(), e.viewers(), primary, dismiss, goal);
      out.add(
          new MessageFacts(
              f.catalogue(),
              withReferences,
              f.incident(),
              f.decay(),
              f.impact(),
              f.overMessaging(),
              f.audience(),
              f.showings(),
              f.csat()));
    }
    return out;
  }

  private List<References.Candidate> candidates(
      List<MessageFacts> facts, Function<Engagement, Rate> rate) {
    return facts.stream()
        .filter(
            f ->
                rate.apply(f.engagement()) != null
                    && rate.apply(f.engagement()).value() != null
                    && rate.apply(f.engagement()).trials() >= minViewers)
        .map(
            f ->
                new References.Candidate(
                    f.messageId(), f.catalogue().type(), rate.apply(f.engagement()).value()))
        .toList();
  }

  /**
   * The incident's topics' inbound tickets per day: in the baseline days before it opened, from its
   * opening up to the recent days (or its resolution), and in the recent days; with exact
   * rate-ratio bounds for "did it spike" and "is it back to normal".
   */
  private Incident incident(
      Row issue, String issueId, Map<String, Map<LocalDate, Long>> ticketsByTopicDay) {
    if (issue == null) {
      return new Incident(issueId, null, null, null, null, null, null, null, null, null, null);
    }
    Instant opened = instant(issue.getAs("opened_at"));
    Instant resolved = instant(issue.getAs("resolved_at"));
    List<String> topics =
        issue.isNullAt(issue.fieldIndex("topics"))
            ? List.of()
            : issue.getList(issue.fieldIndex("topics"));
    LocalDate openedDay = day(opened);
    LocalDate asOfDay = day(asOf);
    LocalDate recentStart = asOfDay.minusDays(settings.incidentRecentDays());
    LocalDate incidentEnd =
        resolved == null ? recentStart : min(recentStart, day(resolved).plusDays(1));
    long baselineTickets =
        tickets(
            topics,
            ticketsByTopicDay,
            openedDay.minusDays(settings.incidentBaselineDays()),
            openedDay);
    long incidentTickets = tickets(topics, ticketsByTopicDay, openedDay, incidentEnd);
    long recentTickets = tickets(topics, ticketsByTopicDay, recentStart, asOfDay);
    double baselineDays = settings.incidentBaselineDays();
    double incidentDays = Math.max(0, incidentEnd.toEpochDay() - openedDay.toEpochDay());
    double recentDays = settings.incidentRecentDays();
    Double spike = null;
    Double spikeLow = null;
    Double recentVsIncidentHigh = null;
    if (incidentDays > 0 && baselineTickets > 0) {
      RateRatio s = RateRatio.exact(incidentTickets, incidentDays, baselineTickets, baselineDays);
      spike = s.ratio();
      spikeLow = s.low();
    }
    if (incidentDays > 0 && incidentTickets > 0) {
      recentVsIncidentHigh =
          RateRatio.exact(recentTickets, recentDays, incidentTickets, incidentDays).high();
    }
    Double recentVsBaselineLow =
        baselineTickets > 0
            ? RateRatio.exact(recentTickets, recentDays, baselineTickets, baselineDays).low()
            : null;
    return new Incident(
        issueId,
        issue.getAs("title"),
        opened,
        resolved,
        baselineTickets / baselineDays,
        incidentDays > 0 ? incidentTickets / incidentDays : null,
        recentTickets / recentDays,
        spike,
        spikeLow,
        recentVsBaselineLow,
        recentVsIncidentHigh);
  }

  private static long tickets(
      List<String> topics,
      Map<String, Map<LocalDate, Long>> byTopicDay,
      LocalDate from,
      LocalDate to) {
    long total = 0;
    for (String topic : topics) {
      for (Map.Entry<LocalDate, Long> e :
          byTopicDay.getOrDefault(topic.toLowerCase(Locale.ROOT), Map.of()).entrySet()) {
        if (!e.getKey().isBefore(from) && e.getKey().isBefore(to)) {
          total += e.getValue();
        }
      }
    }
    return total;
  }

  /** First against last trend week, only for messages live through all of them. */
  private Decay decay(List<Row> weeks, double liveDays) {
    if (liveDays < 7.0 * settings.decayWeeks()) {
      return null;
    }
    Row first = null;
    Row last = null;
    for (Row w : weeks) {
      int week = w.getAs(HygieneAggregates.WEEK);
      if (week == 0) {
        first = w;
      } else if (week == settings.decayWeeks() - 1) {
        last = w;
      }
    }
    if (first == null || last == null) {
      return null;
    }
    long fv = first.getAs(HygieneAggregates.VIEWERS);
    long fs = first.getAs(HygieneAggregates.SUCCESSES);
    long lv = last.getAs(HygieneAggregates.VIEWERS);
    long ls = last.getAs(HygieneAggregates.SUCCESSES);
    if (fv == 0 || lv == 0) {
      return new Decay(fv, fs, lv, ls, null, null);
    }
    ProportionDifference d = ProportionDifference.of(fs, fv, ls, lv);
    Double drop = fs == 0 ? null : 1 - d.rate2() / d.rate1();
    return new Decay(fv, fs, lv, ls, drop, d.pValue());
  }

  /**
   * A message's topic_impact rows summed up. A topic with too few viewers to tell is not judged,
   * but it is said in the summary and it leaves the largest compatible reduction unknown: "no
   * impact" must hold on every topic that could show it.
   */
  static Impact impact(List<TopicImpact> rows) {
    int judged = 0;
    int noChange = 0;
    int fewer = 0;
    int more = 0;
    int tooFewViewers = 0;
    List<Double> reductions = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    for (TopicImpact r : rows) {
      switch (r.verdict()) {
        case INSUFFICIENT_DATA -> {
          continue;
        }
        case TOO_FEW_VIEWERS -> tooFewViewers++;
        case NO_CHANGE -> {
          judged++;
          noChange++;
          reductions.add(largestCompatibleReduction(r));
        }
        case FEWER_TICKETS -> {
          judged++;
          fewer++;
        }
        case MORE_TICKETS -> {
          judged++;
          more++;
        }
      }
      parts.add(ImpactText.describe(r));
    }
    // One topic whose interval is unknown leaves the message's largest compatible reduction
    // unknown.
    Double largest =
        noChange == 0 || noChange < judged || tooFewViewers > 0 || reductions.contains(null)
            ? null
            : reductions.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    return new Impact(
        judged,
        noChange,
        fewer,
        more,
        tooFewViewers,
        largest,
        parts.isEmpty() ? null : String.join("; ", parts));
  }

  /**
   * The largest share of tickets the message could still be preventing given the trusted
   * comparison's always-valid 95% interval (the one its verdict was read from, since both are read
   * daily): for viewers against non-viewers, minus the interval's lower bound over the viewers' own
   * before-rate; for before/after, the topic's largest compatible reduction (one minus the ratio's
   * lower bound) over the viewers' share of the topic's tickets, since a message moves the topic
   * only through its viewers (at most 1: all of their tickets).
   */
  static Double largestCompatibleReduction(TopicImpact r) {
    if (r.trustedComparison() == Comparison.EXPOSED_VS_UNEXPOSED) {
      Double low = r.viewers().alwaysValid().low();
      Double before = r.viewers().exposedBefore();
      return low == null || before == null || before <= 0 ? null : Math.max(0, -low / before);
    }
    Double low = r.weekday().alwaysValid().low();
    Double share = r.viewerTicketShare();
    return low == null || share == null || share <= 0
        ? null
        : Math.min(1, Math.max(0, 1 - low) / share);
  }

  static Instant instant(Object timestamp) {
    return timestamp == null ? null : ((Timestamp) timestamp).toInstant();
  }

  private static LocalDate day(Instant instant) {
    return instant.atZone(ZoneOffset.UTC).toLocalDate();
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }

  /** Days between two instants, for "resolved 10 days ago". */
  public static long daysBetween(Instant from, Instant to) {
    return Duration.between(from, to).toDays();
  }
}
