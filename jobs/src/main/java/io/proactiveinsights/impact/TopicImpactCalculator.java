package io.proactiveinsights.impact;

import io.proactiveinsights.config.ProactiveConfig.ImpactSettings;
import io.proactiveinsights.impact.TopicImpact.AlwaysValid;
import io.proactiveinsights.impact.TopicImpact.Comparison;
import io.proactiveinsights.impact.TopicImpact.Method;
import io.proactiveinsights.impact.TopicImpact.RatioTest;
import io.proactiveinsights.impact.TopicImpact.Verdict;
import io.proactiveinsights.impact.TopicImpact.ViewerComparison;
import io.proactiveinsights.stats.AlwaysValidInterval;
import io.proactiveinsights.stats.BenjaminiHochberg;
import io.proactiveinsights.stats.ConfidenceSequence;
import io.proactiveinsights.stats.RateRatio;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The statistics half of ticket impact, in plain Java: from per-(topic, day) ticket counts and the
 * exposed-group sums, one {@link TopicImpact} per (message, topic).
 *
 * <ul>
 *   <li><b>Before/after</b>: tickets on the topic in the whole UTC days {@code [L−W, L)} and {@code
 *       [L, L+W)} around the launch day L, cut at the as-of time, compared as an exact ratio of
 *       Poisson rates per day ({@link RateRatio}).
 *   <li><b>Weekday-weighted</b>: the same, with each day weighted by how busy that weekday usually
 *       is for the topic (its mean tickets relative to the topic's overall daily mean, over the
 *       whole history), so that an after-period that happens to hold more Mondays does not look
 *       like a rise. This variant judges messages without enough viewers to compare.
 *   <li><b>Exposed vs never exposed</b>: the change in tickets per person-day after vs before each
 *       viewer's own first view, minus the change for the people in the message's audience who
 *       never viewed it over the same calendar days: a difference in differences, with a normal
 *       interval from Poisson variances. Person-days are time at risk: each person counts from
 *       their signup ({@code users.signed_up_at}) on.
 * </ul>
 *
 * The verdict comes from the exposed-vs-unexposed comparison whenever both groups are large enough
 * and their trends were parallel before launch, and always for known-issue messages: they are
 * launched during incidents, when tickets rise and fall with the incident whatever the banner does,
 * while viewers and non-viewers live through the same incident. It needs the comparison's
 * Benjamini–Hochberg q-value (across all rows of the run) below {@code impact.max_q_value}.
 *
 * <p><b>Parallel trends.</b> A difference in differences assumes that without the message the
 * viewers' rate would have moved like the non-viewers'. Viewers choose themselves, so this is
 * checked on the weeks before launch: the same comparison with every viewer's first view moved
 * {@code impact.window_days} earlier (a placebo launch, whose "after" is the real before-window)
 * must have a 95% interval that contains 0 and lies within {@code impact.pretrend_margin} of the
 * viewers' before-launch rate (an equivalence check, as Bilinski &amp; Hatfield 2018 propose, not
 * only "no significant pre-trend", which small groups pass by being noisy). When it fails there is
 * no verdict ({@code insufficient_data}) and the note says why, for every message: the check has
 * just shown that viewers differ from the people who did not view, and the topic's before/after
 * cannot tell the message from whatever else changed at launch, so falling back to it would turn a
 * failed check into a weaker verdict. When the check cannot be made (too little history before
 * launch), the note says so and the comparison still gives the verdict.
 *
 * <p><b>Read daily.</b> The verdict is recomputed every day from {@code impact.min_post_days} after
 * launch to {@code impact.window_days}; read that way, fixed-horizon intervals find an effect in
 * about one message in ten that has none. So the verdict, its q-values and the power gate use
 * always-valid intervals ({@link ConfidenceSequence}, Waudby-Smith et al. 2024): for the weekday
 * ratio on the log scale, with variance {@code 1/after + 1/before} (counts of 0 taken as 0.5), and
 * for the difference in differences with its Poisson variance. The units are the days the
 * comparison covers (before plus after): each day brings the information of a day's tickets, only
 * their ratio to the tuning matters, and the tuning is {@code 2 × impact.window_days}, so the
 * interval is tightest at the last daily reading. The exact fixed-horizon columns stay, as R
 * computes them.
 *
 * <p>A "no change" is only a verdict about the message when the comparison could have shown the
 * deflection a message is meant to achieve (the planned deflection, {@code
 * hygiene.no_impact_min_excluded_deflection}). Workspace before/after counts everybody's tickets,
 * so a message seen by people who open a share s of the topic's tickets can move the topic by at
 * most s × its deflection: seven viewers on a topic with 20 tickets a day cannot show up in it.
 * When the smallest reduction the before/after comparison could rule out ({@code
 * detectable_reduction}, in viewers' tickets) is at least the planned deflection, the verdict is
 * {@code too_few_viewers} instead of {@code no_change}, and the note says "too few viewers to
 * tell". Viewers against non-viewers needs no such gate: it counts the viewers' own tickets, and
 * NO_TICKET_IMPACT reads its interval in their terms.
 */
public final class TopicImpactCalculator {

  /** A message's topic and launch. */
  public record MessageTopic(
      String messageId, String topic, String type, String knownIssueId, Instant liveSince) {}

  /**
   * The people who viewed a message: their count and their tickets around their own first view,
   * each counted from their signup ({@link TicketAggregates#exposedGroups}), in the window before
   * it, the window after it, and the window before that (the placebo's before-window, for the
   * pre-trend check); their cohorts by first-view day and first day at risk ({@link
   * TicketAggregates#viewerCohorts}); and per day the tickets they opened on the topic ({@link
   * TicketAggregates#viewerTicketDays}).
   */
  public record ExposedGroup(
      long users,
      long beforeTickets,
      long afterTickets,
      double beforeUserDays,
      double afterUserDays,
      long placeboBeforeTickets,
      double placeboBeforeUserDays,
      List<Cohort> cohorts,
      Map<LocalDate, Long> viewerTicketsByDay) {}

  /**
   * Viewers who first saw the message on {@code firstView} and are at risk from {@code riskFrom}
   * (their signup day; null when they signed up before their placebo before-window, two windows
   * before their first view).
   */
  public record Cohort(LocalDate firstView, LocalDate riskFrom, long viewers) {}

  /**
   * The people in the message's audience who never viewed it: how many, how many of them were at
   * risk (signed up) on each day, in person-days, and the tickets on the topic they opened each day
   * after signing up.
   */
  public record UnexposedGroup(
      long users, Map<LocalDate, Double> personDaysByDay, Map<LocalDate, Long> ticketsByDay) {

    /**
     * Person-days per day from the signups: {@code alwaysAtRisk} people every day, plus each day's
     * signups from that day on, counting the signup day by the share of it they were there ({@code
     * signupDayShare}, summed over the day's signups).
     */
    public static Map<LocalDate, Double> personDays(
        long alwaysAtRisk,
        Map<LocalDate, Long> signupsByDay,
        Map<LocalDate, Double> signupDayShare,
        LocalDate from,
        LocalDate to) {
      double before = alwaysAtRisk;
      for (Map.Entry<LocalDate, Long> e : signupsByDay.entrySet()) {
        if (e.getKey().isBefore(from)) {
          before += e.getValue();
        }
      }
      Map<LocalDate, Double> days = new HashMap<>();
      for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
        days.put(d, before + signupDayShare.getOrDefault(d, 0.0));
        before += signupsByDay.getOrDefault(d, 0L);
      }
      return days;
    }
  }

  private final ImpactSettings settings;
  private final double plannedDeflection;
  private final double alpha;
  private final LocalDate historyStart;
  private final LocalDate asOfDay;
  private final ViewerDifferenceInDifferences viewerComparison;

  /**
   * @param plannedDeflection the share of its viewers' tickets a message should prevent ({@code
   *     hygiene.no_impact_min_excluded_deflection}): a "no change" that could not have shown a
   *     deflection this large says {@code too_few_viewers} instead
   * @param alpha the error rate of the always-valid intervals over all daily readings ({@code
   *     experiments.alpha}, the same as the experiments')
   */
  public TopicImpactCalculator(
      ImpactSettings settings,
      double plannedDeflection,
      double alpha,
      Instant historyStart,
      Instant asOf) {
    this.settings = settings;
    this.plannedDeflection = plannedDeflection;
    this.alpha = alpha;
    this.historyStart = LocalDate.ofInstant(historyStart, ZoneOffset.UTC);
    this.asOfDay = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
    this.viewerComparison =
        new ViewerDifferenceInDifferences(
            settings, alpha, this.historyStart, this.asOfDay, tuningUnits());
  }

  /**
   * @param ticketsByTopicDay topic → day → tickets
   * @param exposed {@link #key}(message, topic) → the viewers; absent when nobody viewed
   * @param unexposed {@link #key}(message, topic) → the audience members who never viewed it;
   *     absent when there are none
   */
  public List<TopicImpact> compute(
      List<MessageTopic> messageTopics,
      Map<String, Map<LocalDate, Long>> ticketsByTopicDay,
      Map<String, ExposedGroup> exposed,
      Map<String, UnexposedGroup> unexposed) {
    List<TopicImpact> rows = new ArrayList<>();
    for (MessageTopic mt : messageTopics) {
      Map<LocalDate, Long> days = ticketsByTopicDay.getOrDefault(mt.topic(), Map.of());
      String key = key(mt.messageId(), mt.topic());
      rows.add(one(mt, days, exposed.get(key), unexposed.get(key)));
    }
    Double[] q = qValues(rows, r -> r.beforeAfter().pValue());
    // The verdict is read daily: its q-values come from the always-valid p-values.
    Double[] weekdayQ = qValues(rows, r -> r.weekday().alwaysValid().pValue());
    Double[] viewersQ = qValues(rows, r -> r.viewers().alwaysValid().pValue());
    List<TopicImpact> judged = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      TopicImpact row = rows.get(i);
      Verdict verdict;
      if (row.trustedComparison() == Comparison.BEFORE_AFTER) {
        verdict = verdict(row.weekday().ratio(), 1.0, weekdayQ[i]);
      } else if (row.viewers().preTrend().diverged()) {
        // The trends before launch were not parallel: the comparison is not trusted, and there is
        // none better to fall back to.
        verdict = Verdict.INSUFFICIENT_DATA;
      } else {
        verdict = verdict(row.viewers().difference(), 0.0, viewersQ[i]);
      }
      String note = row.note();
      // Viewers against non-viewers already measures the viewers' own tickets, and its interval
      // (in their terms) is what NO_TICKET_IMPACT reads; the workspace's tickets dilute them.
      if (verdict == Verdict.NO_CHANGE
          && row.trustedComparison() == Comparison.BEFORE_AFTER
          && (row.detectableReduction() == null
              || row.detectableReduction() >= plannedDeflection)) {
        verdict = Verdict.TOO_FEW_VIEWERS;
        note = tooFewViewers(row) + "; " + note;
      }
      judged.add(row.judged(q[i], weekdayQ[i], viewersQ[i], verdict, note));
    }
    return judged;
  }

  private static Double[] qValues(List<TopicImpact> rows, Function<TopicImpact, Double> pValue) {
    return BenjaminiHochberg.qValues(rows.stream().map(pValue).toArray(Double[]::new));
  }

  public static String key(String messageId, String topic) {
    return messageId + "\u0000" + topic;
  }

  private TopicImpact one(
      MessageTopic mt,
      Map<LocalDate, Long> ticketsByDay,
      ExposedGroup group,
      UnexposedGroup others) {
    LocalDate launch = LocalDate.ofInstant(mt.liveSince(), ZoneOffset.UTC);
    int w = settings.impactWindowDays();
    LocalDate beforeStart = max(launch.minusDays(w), historyStart);
    LocalDate afterEnd = min(launch.plusDays(w), asOfDay);
    long beforeDays = Math.max(0, ChronoUnit.DAYS.between(beforeStart, launch));
    long afterDays = Math.max(0, ChronoUnit.DAYS.between(launch, afterEnd));
    long before = sum(ticketsByDay, beforeStart, launch);
    long after = sum(ticketsByDay, launch, afterEnd);

    String insufficient = null;
    if (afterDays < settings.minPostDays()) {
      insufficient =
          String.format(
              Locale.ROOT,
              "live for %d day(s); needs %d (impact.min_post_days)",
              afterDays,
              settings.minPostDays());
    } else if (beforeDays < settings.minPostDays()) {
      insufficient =
          String.format(
              Locale.ROOT,
              "only %d day(s) of history before launch; needs %d",
              beforeDays,
              settings.minPostDays());
    } else if (before + after < settings.minTickets()) {
      insufficient =
          String.format(
              Locale.ROOT,
              "%d ticket(s) on the topic in both windows; needs %d (impact.min_tickets)",
              before + after,
              settings.minTickets());
    }

    // The days the comparisons cover: the always-valid intervals' units.
    double units = beforeDays + afterDays;
    RateRatio plain = null;
    RateRatio weekday = null;
    AlwaysValid weekdayAlwaysValid = AlwaysValid.NONE;
    if (insufficient == null) {
      plain = RateRatio.exact(after, afterDays, before, beforeDays);
      Map<DayOfWeek, Double> weights = weekdayWeights(ticketsByDay);
      double afterExposure = exposure(weights, launch, afterEnd);
      double beforeExposure = exposure(weights, beforeStart, launch);
      weekday = RateRatio.exact(after, afterExposure, before, beforeExposure);
      weekdayAlwaysValid =
          logRateRatioAlwaysValid(after, afterExposure, before, beforeExposure, units);
    }
    // Too soon after launch, neither comparison has seen a week's rhythm.
    ViewerComparison did =
        afterDays < settings.minPostDays()
            ? ViewerComparison.NONE
            : viewerComparison.of(group, others, launch, units);
    String preTrendMissing =
        did.measured() ? viewerComparison.preTrendMissing(launch, group, did) : null;

    boolean knownIssue = mt.knownIssueId() != null;
    boolean diverged = did.measured() && did.preTrend().diverged();
    Comparison trusted =
        knownIssue || did.measured() ? Comparison.EXPOSED_VS_UNEXPOSED : Comparison.BEFORE_AFTER;
    long viewerBefore = group == null ? 0 : sum(group.viewerTicketsByDay(), beforeStart, launch);
    Double share = before == 0 ? null : Math.min(1.0, (double) viewerBefore / before);
    String note;
    if (knownIssue) {
      note =
          "a known-issue message is launched during an incident, when tickets rise and fall with"
              + " the incident; people who saw it are compared with people who did not, over the"
              + " same days"
              + (did.measured() ? "" : " (too few people in one of the groups to judge)")
              + (did.preTrend().diverged()
                  ? "; " + viewerComparison.trendsDiverged(did) + ", so there is no verdict"
                  : "");
    } else if (diverged) {
      note =
          viewerComparison.trendsDiverged(did)
              + ", so there is no verdict: the people who viewed it differ from those who did not,"
              + " and the topic's tickets before and after launch cannot tell the message from"
              + " whatever else changed then";
    } else if (did.measured()) {
      note =
          "viewers' tickets around their first view against people who never saw it over the same"
              + " days: the sharper comparison, since anything else that changed at launch hits"
              + " both groups"
              + (insufficient != null ? "; before/after: " + insufficient : "");
    } else {
      note =
          insufficient != null
              ? insufficient
              : "tickets per day on the topic after launch vs before, weighted by weekday (too few"
                  + " people to compare viewers with non-viewers)";
    }
    if (preTrendMissing != null) {
      note += "; the trends before launch could not be checked: " + preTrendMissing;
    }
    return new TopicImpact(
        mt,
        beforeStart,
        launch,
        afterEnd,
        beforeDays,
        afterDays,
        before,
        after,
        insufficient == null ? Method.EXACT_POISSON_RATE_RATIO : Method.INSUFFICIENT_DATA,
        RatioTest.of(plain, AlwaysValid.NONE),
        RatioTest.of(weekday, weekdayAlwaysValid),
        group == null ? 0 : group.users(),
        did,
        trusted,
        null,
        note,
        viewerBefore,
        share,
        detectableReduction(trusted, did, before, after, insufficient == null, share, units));
  }

  /**
   * Why a "no change" says nothing about the message: its viewers are too small a part of the topic
   * for its tickets to show them.
   */
  private String tooFewViewers(TopicImpact row) {
    String detectable =
        row.detectableReduction() == null
            ? "no reduction at all"
            : String.format(
                Locale.ROOT, "only a reduction above %.0f%%", 100 * row.detectableReduction());
    return String.format(
        Locale.ROOT,
        "too few viewers to tell: the %d people who saw it opened %d of the topic's %d tickets"
            + " before launch (%.1f%%), so even preventing %.0f%% of their tickets would move the"
            + " topic by %.1f%%; these volumes can rule out %s of the viewers' tickets",
        row.exposedUsers(),
        row.viewerBeforeTickets(),
        row.beforeTickets(),
        100 * (row.viewerTicketShare() == null ? 0 : row.viewerTicketShare()),
        100 * plannedDeflection,
        100 * plannedDeflection * (row.viewerTicketShare() == null ? 0 : row.viewerTicketShare()),
        detectable);
  }

  /**
   * The smallest reduction of the viewers' tickets the trusted comparison could rule out (at 95%)
   * if nothing had changed, or null when it could rule out none. Viewers against non-viewers: the
   * interval's half-width over the viewers' own before-rate. Workspace before/after: the
   * before/after ratio's best possible lower bound, {@code exp(−z·√(1/after + 1/before))} (normal
   * approximation on the log scale), is a reduction of the topic, and a message moves the topic by
   * its viewers' share of the tickets times what it prevents among them.
   */
  private Double detectableReduction(
      Comparison trusted,
      ViewerComparison did,
      long before,
      long after,
      boolean judged,
      Double share,
      double units) {
    if (trusted == Comparison.EXPOSED_VS_UNEXPOSED) {
      AlwaysValid av = did.alwaysValid();
      return !did.measured() || !(did.exposedBefore() > 0)
          ? null
          : (av.high() - av.low()) / 2 / did.exposedBefore();
    }
    if (!judged || before == 0 || after == 0 || share == null || share == 0) {
      return null;
    }
    double halfwidth =
        ConfidenceSequence.halfwidth(1.0 / after + 1.0 / before, units, alpha, tuningUnits());
    return (1 - Math.exp(-halfwidth)) / share;
  }

  /**
   * The always-valid interval is tightest when the comparison covers both whole windows: at the
   * last daily reading.
   */
  private double tuningUnits() {
    return 2.0 * settings.impactWindowDays();
  }

  /**
   * The always-valid interval of a ratio of two Poisson rates, from the normal approximation of its
   * logarithm (variance 1/a + 1/b); a count of 0 is taken as 0.5 on both sides (Haldane), so that
   * the logarithm exists.
   */
  private AlwaysValid logRateRatioAlwaysValid(
      long after, double afterExposure, long before, double beforeExposure, double units) {
    double correction = after == 0 || before == 0 ? 0.5 : 0.0;
    double a = after + correction;
    double b = before + correction;
    AlwaysValidInterval i =
        ConfidenceSequence.of(
            Math.log(a / afterExposure) - Math.log(b / beforeExposure),
            1 / a + 1 / b,
            units,
            alpha,
            tuningUnits());
    return new AlwaysValid(Math.exp(i.low()), Math.exp(i.high()), i.pValue());
  }

  /**
   * fewer/more tickets when the trusted comparison's q-value clears impact.max_q_value, else
   * no_change.
   */
  private Verdict verdict(Double estimate, double noEffect, Double qValue) {
    if (estimate == null || qValue == null) {
      return Verdict.INSUFFICIENT_DATA;
    }
    if (qValue >= settings.maxQValue()) {
      return Verdict.NO_CHANGE;
    }
    return estimate < noEffect ? Verdict.FEWER_TICKETS : Verdict.MORE_TICKETS;
  }

  /**
   * Each weekday's mean tickets per day relative to the topic's overall mean; all 1 without
   * history.
   */
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
      weights.put(
          day,
          mean == 0 || acc == null || acc[1] == 0 ? 1.0 : Math.max(acc[0] / acc[1] / mean, 0.05));
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

  /** Tickets in the days {@code [from, to)}. */
  static long sum(Map<LocalDate, Long> ticketsByDay, LocalDate from, LocalDate to) {
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
}
