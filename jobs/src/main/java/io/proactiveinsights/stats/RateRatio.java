package io.proactiveinsights.stats;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;

/**
 * The ratio of two Poisson rates (events per unit of exposure time), with an exact 95% interval and
 * a two-sided p-value for "the rates are equal".
 *
 * <p>Conditional on the total {@code n = a + b}, the count {@code a} is binomial with {@code p =
 * ratio·t1 / (ratio·t1 + t0)}; the Clopper–Pearson interval for p maps to the ratio by {@code ratio
 * = p/(1-p) · t0/t1}, and the test of ratio = 1 is the exact binomial test of {@code p =
 * t1/(t1+t0)}. This is R's {@code poisson.test(c(a, b), c(t1, t0))}.
 *
 * @param ratio (a/t1) / (b/t0); null when b = 0 (unbounded) or there are no events at all
 * @param low lower bound; 0 when a = 0
 * @param high upper bound; null when unbounded (b = 0)
 * @param pValue two-sided exact p-value (Commons Math sums the tail probabilities directly; a tail
 *     below 2.2e-308 is reported as {@link PValues#SMALLEST}); null when there are no events at all
 */
public record RateRatio(Double ratio, Double low, Double high, Double pValue) {

  private static final BinomialTest BINOMIAL_TEST = new BinomialTest();

  /**
   * @param a events in the period of interest (e.g. after launch)
   * @param t1 its exposure time (e.g. days)
   * @param b events in the reference period (e.g. before launch)
   * @param t0 its exposure time
   */
  public static RateRatio exact(long a, double t1, long b, double t0) {
    if (a < 0 || b < 0 || !(t1 > 0) || !(t0 > 0)) {
      throw new IllegalArgumentException(
          "Cannot compare rates: counts must be >= 0 and times > 0 (got "
              + a
              + "/"
              + t1
              + " vs "
              + b
              + "/"
              + t0
              + ")");
    }
    long n = a + b;
    if (n == 0) {
      return new RateRatio(null, null, null, null);
    }
    int trials = Math.toIntExact(n);
    int successes = Math.toIntExact(a);
    double nullP = t1 / (t1 + t0);
    double pValue =
        BINOMIAL_TEST.binomialTest(trials, successes, nullP, AlternativeHypothesis.TWO_SIDED);
    double alpha = 1 - Proportion.CONFIDENCE;
    // Clopper–Pearson from Beta quantiles (Commons Math's ClopperPearsonInterval fails at 0
    // successes).
    double pLow =
        a == 0 ? 0.0 : new BetaDistribution(a, b + 1.0).inverseCumulativeProbability(alpha / 2);
    double pHigh =
        b == 0 ? 1.0 : new BetaDistribution(a + 1.0, b).inverseCumulativeProbability(1 - alpha / 2);
    Double ratio = b == 0 ? null : (a / t1) / (b / t0);
    return new RateRatio(
        ratio,
        toRatio(pLow, t1, t0),
        b == 0 ? null : toRatio(pHigh, t1, t0),
        PValues.bounded(pValue));
  }

  private static double toRatio(double p, double t1, double t0) {
    return p / (1 - p) * t0 / t1;
  }

  /** Whether the interval excludes 1: evidence that the rates differ. */
  public boolean significant() {
    return low != null && (low > 1.0 || (high != null && high < 1.0));
  }
}
