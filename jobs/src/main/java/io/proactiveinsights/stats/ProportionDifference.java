package io.proactiveinsights.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The difference between two rates (group 1 minus group 2) with its 95% interval and a two-sided
 * p-value: the comparison behind "Premium viewers click 30%, everyone else 2%".
 *
 * <p>It is R's {@code prop.test(c(x1, x2), c(n1, n2), correct = FALSE)}: a Wald interval for p1 −
 * p2 (unpooled variance) and Pearson's chi-squared test of equal rates (pooled), which is the
 * two-sided two-proportion z-test. The slices it compares are hundreds of viewers or more, where
 * the normal approximation holds; callers enforce a minimum sample before trusting it.
 *
 * @param difference rate1 − rate2
 * @param low lower bound of the 95% interval of the difference
 * @param high upper bound
 * @param pValue two-sided p-value of "both groups have the same rate"
 * @param ratio rate1 / rate2 (the lift), or null when rate2 is 0
 */
public record ProportionDifference(
    double rate1,
    double rate2,
    double difference,
    double low,
    double high,
    double pValue,
    Double ratio) {

  private static final double Z_975 = new NormalDistribution().inverseCumulativeProbability(0.975);

  /**
   * Compares x1 successes out of n1 with x2 out of n2.
   *
   * @throws IllegalArgumentException when a group is empty or has more successes than trials
   */
  public static ProportionDifference of(long x1, long n1, long x2, long n2) {
    check(x1, n1, "first");
    check(x2, n2, "second");
    double p1 = (double) x1 / n1;
    double p2 = (double) x2 / n2;
    double se = Math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
    double pooled = (double) (x1 + x2) / (n1 + n2);
    double pooledVariance = pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2);
    // Pearson's chi-squared (1 df) at z² is the two-sided normal tail at z, computed directly: 1 −
    // cdf
    // would cancel to 0 for a lopsided comparison.
    double pValue =
        pooledVariance == 0 ? 1.0 : PValues.twoSidedNormal((p1 - p2) / Math.sqrt(pooledVariance));
    // prop.test clamps the interval to [-1, 1].
    double low = Math.max(-1, p1 - p2 - Z_975 * se);
    double high = Math.min(1, p1 - p2 + Z_975 * se);
    return new ProportionDifference(p1, p2, p1 - p2, low, high, pValue, x2 == 0 ? null : p1 / p2);
  }

  private static void check(long successes, long trials, String which) {
    if (trials <= 0 || successes < 0 || successes > trials) {
      throw new IllegalArgumentException(
          "Cannot compare proportions: the "
              + which
              + " group needs trials > 0 and 0 <= successes <= trials (got "
              + successes
              + " of "
              + trials
              + ")");
    }
  }
}
