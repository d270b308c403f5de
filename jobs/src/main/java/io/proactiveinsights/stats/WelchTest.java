package io.proactiveinsights.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Welch's two-sample t-test from summary statistics: difference of means with its 95% interval and
 * a two-sided p-value, not assuming equal variances. Equals R's {@code t.test(x, y)}.
 *
 * <p>Summary statistics in (count, sum, sum of squares) are what Spark aggregates per group, so no
 * individual rating reaches the driver.
 */
public final class WelchTest {

  /** One group's sufficient statistics. */
  public record Sample(long n, double sum, double sumOfSquares) {
    public double mean() {
      return sum / n;
    }

    /** Unbiased sample variance. */
    public double variance() {
      return (sumOfSquares - sum * sum / n) / (n - 1);
    }
  }

  /**
   * @param difference mean(x) − mean(y)
   * @param low lower bound of the 95% interval of the difference
   * @param high upper bound
   * @param t the t statistic
   * @param degreesOfFreedom Welch–Satterthwaite degrees of freedom
   * @param pValue two-sided p-value
   */
  public record Result(
      double difference,
      double low,
      double high,
      double t,
      double degreesOfFreedom,
      double pValue) {}

  private WelchTest() {}

  /** The test, or null when either group has fewer than two values or both have no spread. */
  public static Result test(Sample x, Sample y) {
    if (x.n() < 2 || y.n() < 2) {
      return null;
    }
    double vx = Math.max(0, x.variance()) / x.n();
    double vy = Math.max(0, y.variance()) / y.n();
    double se = Math.sqrt(vx + vy);
    if (!(se > 0)) {
      return null;
    }
    double difference = x.mean() - y.mean();
    double df = (vx + vy) * (vx + vy) / (vx * vx / (x.n() - 1) + vy * vy / (y.n() - 1));
    TDistribution t = new TDistribution(df);
    double statistic = difference / se;
    double pValue = PValues.bounded(2 * t.cumulativeProbability(-Math.abs(statistic)));
    double margin = t.inverseCumulativeProbability(1 - (1 - Proportion.CONFIDENCE) / 2) * se;
    return new Result(difference, difference - margin, difference + margin, statistic, df, pValue);
  }
}
