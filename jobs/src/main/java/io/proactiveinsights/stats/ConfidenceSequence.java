package io.proactiveinsights.stats;

/**
 * Always-valid (time-uniform) two-sided intervals for an asymptotically normal estimate, so a
 * support lead may read an experiment every day without inflating its false-positive rate.
 *
 * <p>The method is the asymptotic confidence sequence of Waudby-Smith, Arnold, Wu, Howard &amp;
 * Ramdas, "Time-uniform central limit theory and asymptotic confidence sequences" (Annals of
 * Statistics, 2024; arXiv:2103.06476, eq. 9), as GrowthBook's gbstats implements it ({@code
 * sequential_interval_halfwidth} and {@code sequential_rho}). With {@code n} units and a per-unit
 * variance {@code s² = estimatorVariance · n}, the half-width is
 *
 * <pre>
 *   halfwidth = sqrt(s²) · sqrt( 2(nρ² + 1) / (n²ρ²) · ln( sqrt(nρ² + 1) / α ) )
 *   ρ²        = ( −2 ln α + ln(−2 ln α + 1) ) / N        (eq. 161 of the arXiv version)
 * </pre>
 *
 * where N, the tuning constant, is the number of units at which the interval is tightest relative
 * to a fixed-horizon one. Far from N the interval is wider, never invalid.
 *
 * <p>The p-value inverts the same interval with ρ held at its value for the configured alpha:
 * {@code p = min(1, sqrt(nρ² + 1) · exp(−ρ² n θ̂² / (2 V (nρ² + 1))))} with V the estimator
 * variance, the reciprocal of the paper's e-value (eq. 155). It is computed in log space so it
 * never underflows to 0, and so {@code p <= alpha} exactly when the interval excludes 0.
 *
 * <p>"Units" are independent units, here people; for a difference between two arms they are the
 * people in both arms. Plain Java, no Spark.
 */
public final class ConfidenceSequence {

  /** The {@link AlwaysValidInterval#method()} of every interval built here. */
  public static final String METHOD = "asymptotic_confidence_sequence";

  /** GrowthBook's default tuning constant, and {@code experiments.sequential_tuning_users}'. */
  public static final double DEFAULT_TUNING_UNITS = 5000;

  private ConfidenceSequence() {}

  /** The interval tuned to be tightest at {@link #DEFAULT_TUNING_UNITS} units. */
  public static AlwaysValidInterval of(
      double estimate, double estimatorVariance, double units, double alpha) {
    return of(estimate, estimatorVariance, units, alpha, DEFAULT_TUNING_UNITS);
  }

  /**
   * @param estimate the point estimate, asymptotically normal
   * @param estimatorVariance its variance (the squared standard error) after {@code units} units
   * @param units independent units behind the estimate, > 0
   * @param alpha the chance, over all looks together, that the interval misses: within (0, 1)
   * @param tuningUnits the number of units at which the interval is tightest, > 0
   */
  public static AlwaysValidInterval of(
      double estimate, double estimatorVariance, double units, double alpha, double tuningUnits) {
    check(estimate, estimatorVariance, units, alpha, tuningUnits);
    double rhoSquared = rhoSquared(alpha, tuningUnits);
    double halfwidth = halfwidthAt(estimatorVariance, units, alpha, rhoSquared);
    double nRho2PlusOne = units * rhoSquared + 1;
    double logP =
        0.5 * Math.log(nRho2PlusOne)
            - rhoSquared * units * estimate * estimate / (2 * estimatorVariance * nRho2PlusOne);
    double pValue = PValues.bounded(Math.exp(Math.min(0.0, logP)));
    return new AlwaysValidInterval(
        estimate, estimate - halfwidth, estimate + halfwidth, pValue, METHOD);
  }

  /**
   * The half-width of the interval: how far the estimate must be from 0 for the interval to exclude
   * 0. Power planning uses it before any data exist.
   */
  public static double halfwidth(
      double estimatorVariance, double units, double alpha, double tuningUnits) {
    check(0.0, estimatorVariance, units, alpha, tuningUnits);
    return halfwidthAt(estimatorVariance, units, alpha, rhoSquared(alpha, tuningUnits));
  }

  /** ρ² of eq. 161: the mixing variance that makes the interval tightest at tuningUnits. */
  static double rhoSquared(double alpha, double tuningUnits) {
    double minusTwoLogAlpha = -2 * Math.log(alpha);
    return (minusTwoLogAlpha + Math.log(minusTwoLogAlpha + 1)) / tuningUnits;
  }

  private static double halfwidthAt(
      double estimatorVariance, double units, double alpha, double rhoSquared) {
    // s²·2(nρ²+1)/(n²ρ²) with s² = V·n is V·2(nρ²+1)/(nρ²): the standard error times a multiplier
    // that plays the role of the fixed-horizon z.
    double nRho2 = units * rhoSquared;
    return Math.sqrt(
        estimatorVariance * 2 * (nRho2 + 1) / nRho2 * Math.log(Math.sqrt(nRho2 + 1) / alpha));
  }

  private static void check(
      double estimate, double estimatorVariance, double units, double alpha, double tuningUnits) {
    if (!Double.isFinite(estimate)
        || !(estimatorVariance > 0)
        || !Double.isFinite(estimatorVariance)) {
      throw new IllegalArgumentException(
          "Cannot build an always-valid interval: the estimate must be finite and its variance"
              + " finite and > 0 (got estimate "
              + estimate
              + ", variance "
              + estimatorVariance
              + ")");
    }
    if (!(units > 0) || !(tuningUnits > 0)) {
      throw new IllegalArgumentException(
          "Cannot build an always-valid interval: units and tuning units must be > 0 (got "
              + units
              + " and "
              + tuningUnits
              + ")");
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException(
          "Cannot build an always-valid interval: alpha must be within (0, 1) (got " + alpha + ")");
    }
  }
}
