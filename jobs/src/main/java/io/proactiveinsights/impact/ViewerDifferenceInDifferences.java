package io.proactiveinsights.impact;

import io.proactiveinsights.config.ProactiveConfig.ImpactSettings;
import io.proactiveinsights.impact.TopicImpact.AlwaysValid;
import io.proactiveinsights.impact.TopicImpact.PreTrend;
import io.proactiveinsights.impact.TopicImpact.ViewerComparison;
import io.proactiveinsights.impact.TopicImpactCalculator.Cohort;
import io.proactiveinsights.impact.TopicImpactCalculator.ExposedGroup;
import io.proactiveinsights.impact.TopicImpactCalculator.UnexposedGroup;
import io.proactiveinsights.stats.AlwaysValidInterval;
import io.proactiveinsights.stats.ConfidenceSequence;
import io.proactiveinsights.stats.PValues;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Viewers against the people in the message's audience who never viewed it: a difference in
 * differences in tickets per 1,000 people a week, each person counted from signup, with its
 * fixed-horizon and always-valid intervals, and the pre-trend check that decides whether it can be
 * trusted (the same comparison {@code impact.window_days} earlier, as a placebo). The arithmetic
 * half of {@link TopicImpactCalculator}, which decides what the comparison's figures mean for the
 * verdict; the method is described there and in docs/impact.md.
 */
final class ViewerDifferenceInDifferences {

  private static final double PER_THOUSAND_USER_WEEKS = 7_000.0;
  private static final double Z_975 = new NormalDistribution().inverseCumulativeProbability(0.975);

  private final ImpactSettings settings;
  private final double alpha;
  private final LocalDate historyStart;
  private final LocalDate asOfDay;
  private final double tuningUnits;

  /**
   * @param tuningUnits the days at which the always-valid interval is tightest (the calculator's,
   *     so that both comparisons are tuned alike)
   */
  ViewerDifferenceInDifferences(
      ImpactSettings settings,
      double alpha,
      LocalDate historyStart,
      LocalDate asOfDay,
      double tuningUnits) {
    this.settings = settings;
    this.alpha = alpha;
    this.historyStart = historyStart;
    this.asOfDay = asOfDay;
    this.tuningUnits = tuningUnits;
  }

  /** Why the pre-trend check of a measured comparison has no result, or null when it has one. */
  String preTrendMissing(LocalDate launch, ExposedGroup group, ViewerComparison did) {
    long days = placeboBeforeDays(launch);
    if (days < settings.minPostDays()) {
      return String.format(
          Locale.ROOT,
          "only %d day(s) of history before %s (a launch impact.window_days earlier); needs %d",
          days,
          launch.minusDays(settings.impactWindowDays()),
          settings.minPostDays());
    }
    if (did.preTrend().parallel() == null) {
      return group.placeboBeforeUserDays() <= 0
          ? "no viewer was signed up in the weeks before that"
          : "nobody who never saw it was signed up in the weeks before launch";
    }
    return null;
  }

  /** The note's sentence for a failed pre-trend check, with its figures and margin. */
  String trendsDiverged(ViewerComparison did) {
    PreTrend p = did.preTrend();
    return String.format(
        Locale.ROOT,
        "viewers' and non-viewers' tickets were not shown to move in parallel before launch (the"
            + " same comparison %d days earlier: %+.1f per 1,000 people a week, 95%% CI %+.1f to"
            + " %+.1f, allowed ±%.1f)",
        settings.impactWindowDays(),
        p.difference(),
        p.low(),
        p.high(),
        settings.pretrendMargin() * did.exposedBefore());
  }

  /**
   * Viewers' change around their own first view minus never-exposed people's change over the same
   * calendar days: each day of the never-exposed windows is weighted by how many viewers had it in
   * their window (and were signed up), so an incident or a season hits both sides alike. Every
   * person counts only from their signup: the never-exposed rate of a day is its tickets over the
   * people signed up that day, and a workspace that grows during the window does not look like a
   * rise or fall in tickets. Changes are in tickets per 1,000 people per week. With it, the same
   * comparison {@code impact.window_days} earlier: the pre-trend check.
   */
  ViewerComparison of(ExposedGroup g, UnexposedGroup u, LocalDate launch, double units) {
    if (g == null
        || u == null
        || g.users() < settings.minGroupUsers()
        || u.users() < settings.minGroupUsers()
        || g.beforeUserDays() <= 0
        || g.afterUserDays() <= 0) {
      return ViewerComparison.NONE;
    }
    Did did =
        did(
            g.beforeTickets(),
            g.beforeUserDays(),
            g.afterTickets(),
            g.afterUserDays(),
            g.cohorts(),
            u,
            0);
    if (did == null) {
      return ViewerComparison.NONE;
    }
    double se = Math.sqrt(did.variance);
    double p = se > 0 ? PValues.twoSidedNormal(did.estimate / se) : 1.0;
    double k = PER_THOUSAND_USER_WEEKS;
    AlwaysValid alwaysValid;
    if (did.variance > 0) {
      AlwaysValidInterval i =
          ConfidenceSequence.of(did.estimate, did.variance, units, alpha, tuningUnits);
      alwaysValid = new AlwaysValid(i.low() * k, i.high() * k, i.pValue());
    } else {
      // No ticket on either side in either period: nothing moved.
      alwaysValid = new AlwaysValid(did.estimate * k, did.estimate * k, 1.0);
    }
    return new ViewerComparison(
        u.users(),
        did.exposedBefore * k,
        did.exposedAfter * k,
        did.unexposedBefore * k,
        did.unexposedAfter * k,
        did.estimate * k,
        (did.estimate - Z_975 * se) * k,
        (did.estimate + Z_975 * se) * k,
        p,
        null,
        alwaysValid,
        preTrend(g, u, launch, did.exposedBefore));
  }

  /**
   * The difference in differences with every first view moved {@code impact.window_days} earlier:
   * its "after" is the viewers' real before-window, its "before" the window before that. Parallel
   * when its 95% interval contains 0 and lies within {@code impact.pretrend_margin} of the viewers'
   * before-launch rate; {@link PreTrend#NONE} without enough history before launch or without
   * anyone at risk then.
   */
  private PreTrend preTrend(
      ExposedGroup g, UnexposedGroup u, LocalDate launch, double exposedBeforeRate) {
    int w = settings.impactWindowDays();
    if (placeboBeforeDays(launch) < settings.minPostDays() || g.placeboBeforeUserDays() <= 0) {
      return PreTrend.NONE;
    }
    Did placebo =
        did(
            g.placeboBeforeTickets(),
            g.placeboBeforeUserDays(),
            g.beforeTickets(),
            g.beforeUserDays(),
            g.cohorts(),
            u,
            w);
    if (placebo == null) {
      return PreTrend.NONE;
    }
    double se = Math.sqrt(placebo.variance);
    double low = placebo.estimate - Z_975 * se;
    double high = placebo.estimate + Z_975 * se;
    double margin = settings.pretrendMargin() * exposedBeforeRate;
    boolean parallel = low <= 0 && high >= 0 && -low <= margin && high <= margin;
    double k = PER_THOUSAND_USER_WEEKS;
    return new PreTrend(placebo.estimate * k, low * k, high * k, parallel);
  }

  /**
   * Days of history in the placebo launch's before-window, {@code [L − 2W, L − W)}: like the real
   * before-window, it needs {@code impact.min_post_days} of them.
   */
  private long placeboBeforeDays(LocalDate launch) {
    int w = settings.impactWindowDays();
    LocalDate placeboLaunch = launch.minusDays(w);
    return Math.max(
        0, ChronoUnit.DAYS.between(max(placeboLaunch.minusDays(w), historyStart), placeboLaunch));
  }

  /** A difference in differences per person-day, its parts and its variance. */
  private record Did(
      double exposedBefore,
      double exposedAfter,
      double unexposedBefore,
      double unexposedAfter,
      double estimate,
      double variance) {}

  /**
   * Viewers' rate in the window after {@code firstView − shiftDays} minus their rate in the window
   * before it, minus the same change for the never-exposed over the same calendar days; null
   * without a never-exposed person-day at risk on either side.
   */
  private Did did(
      long exposedBeforeTickets,
      double exposedBeforeUserDays,
      long exposedAfterTickets,
      double exposedAfterUserDays,
      List<Cohort> cohorts,
      UnexposedGroup u,
      int shiftDays) {
    Map<LocalDate, Double> beforeWeights = new HashMap<>();
    Map<LocalDate, Double> afterWeights = new HashMap<>();
    int w = settings.impactWindowDays();
    for (Cohort c : cohorts) {
      LocalDate f = c.firstView().minusDays(shiftDays);
      LocalDate riskFrom = c.riskFrom() == null ? historyStart : max(c.riskFrom(), historyStart);
      for (LocalDate d = max(f.minusDays(w), riskFrom); d.isBefore(f); d = d.plusDays(1)) {
        beforeWeights.merge(d, (double) c.viewers(), Double::sum);
      }
      for (LocalDate d = max(f, riskFrom);
          d.isBefore(min(f.plusDays(w), asOfDay));
          d = d.plusDays(1)) {
        afterWeights.merge(d, (double) c.viewers(), Double::sum);
      }
    }
    Matched ub = matched(beforeWeights, u);
    Matched ua = matched(afterWeights, u);
    if (ub == null || ua == null) {
      return null;
    }
    double eb = exposedBeforeTickets / exposedBeforeUserDays;
    double ea = exposedAfterTickets / exposedAfterUserDays;
    // Poisson counts: var(count / exposure) = count / exposure²; the matched side sums weighted
    // counts.
    double variance =
        exposedAfterTickets / sq(exposedAfterUserDays)
            + exposedBeforeTickets / sq(exposedBeforeUserDays)
            + ua.variance
            + ub.variance;
    return new Did(eb, ea, ub.rate, ua.rate, (ea - eb) - (ua.rate - ub.rate), variance);
  }

  /** A never-exposed rate per person-day over weighted days, and its variance. */
  private record Matched(double rate, double variance) {}

  /** Σ w·tickets / Σ w·people at risk over the weighted days; null without a person-day at risk. */
  private static Matched matched(Map<LocalDate, Double> weights, UnexposedGroup u) {
    double tickets = 0;
    double variance = 0;
    double personDays = 0;
    for (Map.Entry<LocalDate, Double> e : weights.entrySet()) {
      long t = u.ticketsByDay().getOrDefault(e.getKey(), 0L);
      tickets += e.getValue() * t;
      variance += e.getValue() * e.getValue() * t;
      personDays += e.getValue() * u.personDaysByDay().getOrDefault(e.getKey(), 0.0);
    }
    return personDays > 0 ? new Matched(tickets / personDays, variance / sq(personDays)) : null;
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
