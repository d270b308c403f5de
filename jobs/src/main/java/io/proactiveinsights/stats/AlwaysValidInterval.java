package io.proactiveinsights.stats;

/**
 * An interval and p-value that stay valid however often they are read: the chance that the interval
 * misses the true value at <em>any</em> of the looks, however many, is at most alpha. Built by
 * {@link ConfidenceSequence}.
 *
 * @param estimate the point estimate
 * @param low lower bound
 * @param high upper bound
 * @param pValue always-valid two-sided p-value of "the true value is 0": the smallest alpha whose
 *     interval excludes 0, so {@code pValue <= alpha} exactly when {@code low > 0 || high < 0}
 * @param method how the interval was built ({@link ConfidenceSequence#METHOD})
 */
public record AlwaysValidInterval(
    double estimate, double low, double high, double pValue, String method) {

  /** Whether the interval lies wholly above or wholly below 0. */
  public boolean excludesZero() {
    return low > 0 || high < 0;
  }
}
