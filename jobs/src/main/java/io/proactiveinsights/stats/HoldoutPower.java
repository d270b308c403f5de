package io.proactiveinsights.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Before launch: how many days a holdout must run before a given relative change in a topic's
 * tickets would show, read with the always-valid interval that {@link ExperimentComparison}
 * reports.
 *
 * <p>The model: {@code initialUsers} people are in the audience when the holdout starts and are
 * assigned on its first day, {@code dailyNewUsers} more enter each day after, a share h of everyone
 * to control; each stays at risk from the day they arrive, so after t days the arms hold {@code E_a
 * = share_a · (initialUsers · t + dailyNewUsers · t(t+1)/2)} person-days. Tickets come at λ per
 * person-day in control and λ(1+L) in treatment, with a per-person variance φ times the mean (φ =
 * 1: Poisson; φ > 1 for people who differ in how often they write in). {@link ExperimentComparison}
 * draws its interval for {@code log(1 + lift)}, whose delta-method variance is then
 *
 * <pre>
 *   V(t) = φ · [ 1 / ((1+L)·λ·E_t) + 1 / (λ·E_c) ]
 * </pre>
 *
 * <p>The criterion: the answer is the first day t whose interval excludes 0 with probability at
 * least the power (80% by default) when the true lift is L, the log-scale estimate being normal
 * around {@code log(1+L)}: {@code |log(1+L)| ≥ halfwidth(V(t), people(t)) + z_power · sqrt(V(t))},
 * the half-width that of {@link ConfidenceSequence} at alpha. This is the chance at that one day's
 * look; since the interval is read every day and stays valid, the chance that it has excluded 0 by
 * then is at least as high ({@code HoldoutPowerTest} checks both on simulated holdouts).
 */
public final class HoldoutPower {

  /** The usual planning power. */
  public static final double DEFAULT_POWER = 0.8;

  /** Plans beyond a year answer "not within the horizon". */
  public static final int DEFAULT_HORIZON_DAYS = 365;

  private static final NormalDistribution NORMAL = new NormalDistribution();

  /**
   * @param days the first day the change would show; null when it would not within horizonDays
   * @param treatmentUsers people in treatment by then (by horizonDays when days is null)
   * @param controlUsers people in control by then
   * @param halfwidth the always-valid interval's expected half-width for {@code log(1 + lift)} by
   *     then
   * @param horizonDays the longest run considered
   */
  public record Answer(
      Integer days,
      double treatmentUsers,
      double controlUsers,
      double halfwidth,
      int horizonDays) {}

  private HoldoutPower() {}

  /** Poisson tickets, 80% power, a horizon of a year. */
  public static Answer daysToDetect(
      double holdoutShare,
      double dailyNewUsers,
      double ticketsPerPersonDay,
      double relativeLift,
      double alpha,
      double tuningUnits) {
    return daysToDetect(
        holdoutShare,
        dailyNewUsers,
        ticketsPerPersonDay,
        relativeLift,
        alpha,
        tuningUnits,
        1.0,
        DEFAULT_POWER,
        DEFAULT_HORIZON_DAYS);
  }

  /**
   * @param holdoutShare the planned control share h, within (0, 1)
   * @param dailyNewUsers people newly assigned each day, > 0 (the audience starts empty)
   * @param ticketsPerPersonDay the baseline (control) rate λ, > 0
   * @param relativeLift the change to detect, L: −0.2 for 20% fewer tickets; > −1 and not 0
   * @param alpha the interval's miss rate over all looks ({@code experiments.alpha})
   * @param tuningUnits {@code experiments.sequential_tuning_users}
   * @param varianceToMeanRatio φ, > 0; 1 for Poisson
   * @param power the chance of detection wanted, within [0.5, 1)
   * @param horizonDays the longest run to consider, ≥ 1
   */
  public static Answer daysToDetect(
      double holdoutShare,
      double dailyNewUsers,
      double ticketsPerPersonDay,
      double relativeLift,
      double alpha,
      double tuningUnits,
      double varianceToMeanRatio,
      double power,
      int horizonDays) {
    return daysToDetect(
        holdoutShare,
        0,
        dailyNewUsers,
        ticketsPerPersonDay,
        relativeLift,
        alpha,
        tuningUnits,
        varianceToMeanRatio,
        power,
        horizonDays);
  }

  /**
   * As above, for a holdout started on an audience that already holds {@code initialUsers} people
   * (≥ 0; all assigned on the first day), with {@code dailyNewUsers} (≥ 0) joining each day after;
   * at least one of the two > 0.
   */
  public static Answer daysToDetect(
      double holdoutShare,
      double initialUsers,
      double dailyNewUsers,
      double ticketsPerPersonDay,
      double relativeLift,
      double alpha,
      double tuningUnits,
      double varianceToMeanRatio,
      double power,
      int horizonDays) {
    if (!(initialUsers >= 0) || !(dailyNewUsers >= 0) || initialUsers + dailyNewUsers <= 0) {
      throw new IllegalArgumentException(
          "Cannot plan a holdout: the audience must hold people or gain them (got "
              + initialUsers
              + " people and "
              + dailyNewUsers
              + " new a day)");
    }
    if (!(holdoutShare > 0 && holdoutShare < 1)) {
      throw new IllegalArgumentException(
          "Cannot plan a holdout: the share must be within (0, 1) (got " + holdoutShare + ")");
    }
    if (!(ticketsPerPersonDay > 0) || !(varianceToMeanRatio > 0)) {
      throw new IllegalArgumentException(
          "Cannot plan a holdout: the ticket rate and the variance ratio must be > 0 (got "
              + ticketsPerPersonDay
              + ", "
              + varianceToMeanRatio
              + ")");
    }
    if (!(relativeLift > -1) || relativeLift == 0 || !Double.isFinite(relativeLift)) {
      throw new IllegalArgumentException(
          "Cannot plan a holdout: the lift to detect must be above -1 and not 0 (got "
              + relativeLift
              + ")");
    }
    if (!(power >= 0.5 && power < 1) || horizonDays < 1) {
      throw new IllegalArgumentException(
          "Cannot plan a holdout: power must be within [0.5, 1) and the horizon >= 1 day (got "
              + power
              + ", "
              + horizonDays
              + ")");
    }
    double zPower = NORMAL.inverseCumulativeProbability(power);
    double logRatio = Math.log1p(relativeLift);
    double halfwidth = Double.NaN;
    for (int day = 1; day <= horizonDays; day++) {
      double people = initialUsers + dailyNewUsers * day;
      double personDays = initialUsers * day + dailyNewUsers * day * (day + 1) / 2.0;
      double treatmentPersonDays = (1 - holdoutShare) * personDays;
      double controlPersonDays = holdoutShare * personDays;
      double variance =
          varianceToMeanRatio
              * (1 / ((1 + relativeLift) * ticketsPerPersonDay * treatmentPersonDays)
                  + 1 / (ticketsPerPersonDay * controlPersonDays));
      halfwidth = ConfidenceSequence.halfwidth(variance, people, alpha, tuningUnits);
      if (Math.abs(logRatio) >= halfwidth + zPower * Math.sqrt(variance)) {
        return new Answer(
            day, (1 - holdoutShare) * people, holdoutShare * people, halfwidth, horizonDays);
      }
    }
    double people = initialUsers + dailyNewUsers * horizonDays;
    return new Answer(
        null, (1 - holdoutShare) * people, holdoutShare * people, halfwidth, horizonDays);
  }
}
