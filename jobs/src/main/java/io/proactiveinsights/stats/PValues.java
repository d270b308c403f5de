package io.proactiveinsights.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * P-values that never become 0. A p-value of exactly 0 would say "impossible" where the data only
 * say "vanishingly unlikely", and a Benjamini–Hochberg q-value of 0 cannot be ranked or logged.
 *
 * <p>Two causes, two cures. {@code 1 − cdf(x)} cancels to 0 once the tail is below 1.1e-16, so
 * tails are computed directly ({@link #twoSidedNormal} from the lower tail, which Commons Math
 * evaluates through {@code erfc} down to about 1e-308). And a tail smaller than the smallest normal
 * double (2.2e-308) cannot be represented at all: it is reported as {@link #SMALLEST}, which reads
 * "below 2.2e-308" and still sorts below every real p-value.
 */
public final class PValues {

  /** The smallest p-value reported: {@link Double#MIN_NORMAL}, about 2.2e-308. */
  public static final double SMALLEST = Double.MIN_NORMAL;

  private static final NormalDistribution NORMAL = new NormalDistribution();

  private PValues() {}

  /** {@code p} within [{@link #SMALLEST}, 1]. */
  public static double bounded(double p) {
    if (Double.isNaN(p)) {
      throw new IllegalArgumentException(
          "Cannot report a p-value: got NaN (a test was given no spread or no data)");
    }
    return Math.min(1.0, Math.max(SMALLEST, p));
  }

  /**
   * Two-sided p-value of a standard normal statistic: {@code 2·Φ(−|z|)}, the lower tail computed
   * directly. Equals the upper tail of a chi-squared with one degree of freedom at {@code z²}.
   */
  public static double twoSidedNormal(double z) {
    return bounded(2 * NORMAL.cumulativeProbability(-Math.abs(z)));
  }
}
