package io.proactiveinsights.impact;

import io.proactiveinsights.config.ProactiveConfig.ImpactSettings;
import io.proactiveinsights.stats.BenjaminiHochberg;
import io.proactiveinsights.stats.RateRatio;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The statistics half of ticket impact, in plain Java: from per-(topic, day) ticket counts and the
 * exposed-group sums, one {@link TopicImpact} per (message, topic).
 *
 * <ul>
 *   <li><b>Before/after</b>: tickets on the topic in the whole UTC days {@code [L−W, L)} and {@code
 *       [L, L+W)} around the launch day L, cut at the as-of time, compared as an exact ratio of
 *       Poisson rates per day ({@link RateRatio}).
 *   <li><b>Weekday-weighted</b>: the same, with each day weighted by how busy that weekday
 *       usually is for the topic (its mean tickets relative to the topic's overall daily mean,
 *       over the whole history), so that an after-period that happens to hold more Mondays does
 *       not look like a rise. This variant decides the verdict.
 *   <li><b>Exposed vs never exposed</b>: the change in tickets per person-day after vs before each
 *       viewer's own first view, minus the same change for people who never viewed it around the
 *       launch: a difference in differences, with a normal interval from Poisson variances.
 * </ul>
 *
 * Known-issue messages are launched during incidents, when tickets rise and fall with the
 * incident whatever the banner does, so for them the exposed-vs-unexposed comparison is the one
 * trusted: both groups live through the same incident.
 */
public final class TopicImpactCalculator {

  /** A message's topic and launch. */
  public record MessageTopic(String messageId, String topic, String type, String knownIssueId, Instant liveSince) {}

  /** Sums over the people who viewed a message, from {@link TicketAggregates#exposedGroups}. */
  public record ExposedGroup(
      long users, long beforeTickets, long afterTickets, double beforeUserDays, double afterUserDays,
      long launchBeforeTickets, long launchAfterTickets) {}

  public static final String METHOD = "exact_poisson_rate_ratio";
  public static final String INSUFFICIENT = "insufficient_data";

  private static final double PER_THOUSAND_USER_WEEKS = 7_000.0;
  private static final NormalDistribution NORMAL = new NormalDistribution();

  private final ImpactSettings settings;
  private final LocalDate historyStart;
  private final LocalDate asOfDay;

  public TopicImpactCalculator(ImpactSettings settings, Instant historyStart, Instant asOf) {
    this.settings = settings;
    this.historyStart = LocalDate.ofInstant(historyStart, ZoneOffset.UTC);
    this.asOfDay = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
  }

  /**
   * @param ticketsByTopicDay topic → day → tickets
   * @param exposed (message_id + "\u0000" + topic) → exposed-group sums; absent when nobody viewed
   * @param audience how many people could have seen the message
   */
  public List<TopicImpact> compute(
      List<MessageTopic> messageTopics, Map<String, Map<LocalDate, Long>> ticketsByTopicDay,
      Map<String, ExposedGroup> exposed, long audience) {
    List<TopicImpact> rows = new ArrayList<>();
    for (MessageTopic mt : messageTopics) {
      Map<LocalDate, Long> days = ticketsByTopicDay.getOrDefault(mt.topic(), Map.of());
      rows.add(one(mt, days, exposed.get(key(mt.messageId(), mt.topic())), audience));
    }
    Double[] p = rows.stream().map(TopicImpact::pValue).toArray(Double[]::new);
    Double[] q = BenjaminiHochberg.qValues(p);
    List<TopicImpact> withQ = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      withQ.add(rows.get(i).withQValue(q[i]));
    }
    return withQ;
  }

  public static String key(String messageId, String topic) {
    return messageId + "\u0000" + topic;
  }

  private TopicImpact one(MessageTopic mt, Map<LocalDate, Long> ticketsByDay, ExposedGroup group, long audience) {
    LocalDate launch = LocalDate.ofInstant(mt.liveSince(), ZoneOffset.UTC);
    int w = settings.windowDays();
    LocalDate beforeStart = max(launch.minusDays(w), historyStart);
    LocalDate afterEnd = min(launch.plusDays(w), asOfDay);
    long beforeDays = Math.max(0, ChronoUnit.DAYS.between(beforeStart, launch));
    long afterDays = Math.max(0, ChronoUnit.DAYS.between(launch, afterEnd));
    long before = sum(ticketsByDay, beforeStart, launch);
    long after = sum(ticketsByDay, launch, afterEnd);

    String insufficient = null;
    if (afterDays < settings.minPostDays()) {
      insufficient = String.format(Locale.ROOT, "live for %d day(s); needs %d (impact.min_post_days)", afterDays, settings.minPostDays());
    } else if (beforeDays < settings.minPostDays()) {
      insufficient = String.format(Locale.ROOT, "only %d day(s) of history before launch; needs %d", beforeDays, settings.minPostDays());
    } else if (before + after < settings.minTickets()) {
      insufficient = String.format(Locale.ROOT, "%d ticket(s) on the topic in both windows; needs %d (impact.min_tickets)", before + after, settings.minTickets());
    }

    RateRatio plain = null;
    RateRatio weekday = null;
    if (insufficient == null) {
      plain = RateRatio.exact(after, afterDays, before, beforeDays);
      Map<DayOfWeek, Double> weights = weekdayWeights(ticketsByDay);
      weekday = RateRatio.exact(after, exposure(weights, launch, afterEnd), before, exposure(weights, beforeStart, launch));
    }
    DiffInDiff did = diffInDiff(group, audience, before, after, beforeDays, afterDays);

    boolean knownIssue = mt.knownIssueId() != null;
    String trusted = knownIssue ? "exposed_vs_unexposed" : "before_after";
    String verdict;
    String note;
    if (knownIssue) {
      verdict = did == null ? INSUFFICIENT : verdict(did.low > 0, did.high < 0);
      note = "a known-issue message is launched during an incident, when tickets rise and fall with the incident; "
          + "people who saw it are compared with people who did not, who lived through the same incident"
          + (did == null ? " (too few people in one of the groups)" : "");
    } else {
      verdict = weekday == null ? INSUFFICIENT : verdict(weekday.low() != null && weekday.low() > 1, weekday.high() != null && weekday.high() < 1);
      note = insufficient != null ? insufficient : "tickets per day on the topic after launch vs before, weighted by weekday";
    }
    return new TopicImpact(
        mt.messageId(), mt.topic(), mt.type(), mt.knownIssueId(), mt.liveSince(), beforeStart, launch, afterEnd,
        beforeDays, afterDays, before, after,
        beforeDays == 0 ? null : (double) before / beforeDays, afterDays == 0 ? null : (double) after / afterDays,
        plain == null ? null : plain.ratio(), plain == null ? null : plain.low(), plain == null ? null : plain.high(),
        plain == null ? null : plain.pValue(), null, insufficient == null ? METHOD : INSUFFICIENT,
        weekday == null ? null : weekday.ratio(), weekday == null ? null : weekday.low(),
        weekday == null ? null : weekday.high(), weekday == null ? null : weekday.pValue(),
        group == null ? 0 : group.users(), did == null ? null : did.unexposedUsers,
        did == null ? null : did.exposedBefore, did == null ? null : did.exposedAfter,
        did == null ? null : did.unexposedBefore, did == null ? null : did.unexposedAfter,
        did == null ? null : did.estimate, did == null ? null : did.low, did == null ? null : did.high,
        did == null ? null : did.pValue, trusted, verdict, note);
  }

  private static String verdict(boolean more, boolean fewer) {
    return fewer ? "fewer_tickets" : more ? "more_tickets" : "no_change";
  }

  /** Exposed and never-exposed changes in tickets per person-day, in tickets per 1,000 people per week. */
  private record DiffInDiff(
      long unexposedUsers, double exposedBefore, double exposedAfter, double unexposedBefore, double unexposedAfter,
      double estimate, double low, double high, double pValue) {}

  private DiffInDiff diffInDiff(ExposedGroup g, long audience, long before, long after, long beforeDays, long afterDays) {
    if (g == null) {
      return null;
    }
    long unexposed = Math.max(0, audience - g.users());
    if (g.users() < settings.minGroupUsers() || unexposed < settings.minGroupUsers()
        || g.beforeUserDays() <= 0 || g.afterUserDays() <= 0 || beforeDays == 0 || afterDays == 0) {
      return null;
    }
    long uBeforeTickets = Math.max(0, before - g.launchBeforeTickets());
    long uAfterTickets = Math.max(0, after - g.launchAfterTickets());
    double uBeforeDays = (double) unexposed * beforeDays;
    double uAfterDays = (double) unexposed * afterDays;
    double eb = g.beforeTickets() / g.beforeUserDays();
    double ea = g.afterTickets() / g.afterUserDays();
    double ub = uBeforeTickets / uBeforeDays;
    double ua = uAfterTickets / uAfterDays;
    double estimate = (ea - eb) - (ua - ub);
    // Poisson counts: var(count / exposure) = count / exposure².
    double variance = g.afterTickets() / sq(g.afterUserDays()) + g.beforeTickets() / sq(g.beforeUserDays())
        + uAfterTickets / sq(uAfterDays) + uBeforeTickets / sq(uBeforeDays);
    double se = Math.sqrt(variance);
    double z = NORMAL.inverseCumulativeProbability(0.975);
    double p = se > 0 ? 2 * NORMAL.cumulativeProbability(-Math.abs(estimate / se)) : 1.0;
    double k = PER_THOUSAND_USER_WEEKS;
    return new DiffInDiff(unexposed, eb * k, ea * k, ub * k, ua * k, estimate * k, (estimate - z * se) * k, (estimate + z * se) * k, p);
  }

  /** Each weekday's mean tickets per day relative to the topic's overall mean; all 1 without history. */
  private Map<DayOfWeek, Double> weekdayWeights(Map<LocalDate, Long> ticketsByDay) {
    Map<DayOfWeek, double[]> perWeekday = new EnumMap<>(DayOfWeek.class);
    double total = 0;
    long dayCount = 0;
    for (LocalDate d = historyStart; d.isBefore(asOfDay); d = d.plusDays(1)) {
      long n = ticketsByDay.getOrDefault(d, 0L);
      double[] acc = perWeekday.computeIfAbsent(d.getDayOfWeek(), k -> new double[2]);
      acc[0] += n;
      acc[1] += 1;
      total += n;
      dayCount++;
    }
    Map<DayOfWeek, Double> weights = new EnumMap<>(DayOfWeek.class);
    double mean = dayCount == 0 ? 0 : total / dayCount;
    for (DayOfWeek day : DayOfWeek.values()) {
      double[] acc = perWeekday.get(day);
      // A weekday with no tickets at all keeps a small weight so that an exposure is never zero.
      weights.put(day, mean == 0 || acc == null || acc[1] == 0 ? 1.0 : Math.max(acc[0] / acc[1] / mean, 0.05));
    }
    return weights;
  }

  private static double exposure(Map<DayOfWeek, Double> weights, LocalDate from, LocalDate to) {
    double t = 0;
    for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
      t += weights.get(d.getDayOfWeek());
    }
    return t;
  }

  private static long sum(Map<LocalDate, Long> ticketsByDay, LocalDate from, LocalDate to) {
    long n = 0;
    for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
      n += ticketsByDay.getOrDefault(d, 0L);
    }
    return n;
  }

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }

  private static double sq(double x) {
    return x * x;
  }
}
