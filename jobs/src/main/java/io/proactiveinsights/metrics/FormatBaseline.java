package io.proactiveinsights.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * A format's workspace baseline: the median and quartiles of its messages' primary rates, and the
 * median dismissal rate, over the messages of that format with enough viewers. Plain Java over
 * Commons Math; the inputs are one value per message.
 *
 * <p>Percentiles interpolate linearly between the closest ranks (Hyndman and Fan's type 7, R's
 * default and what Spark's {@code percentile} computes); missing rates are left out.
 *
 * @param median median primary rate, null when no message has one
 * @param q1 first quartile of the primary rates
 * @param q3 third quartile of the primary rates
 * @param messages how many messages of the format had enough viewers
 * @param dismissMedian median dismissal rate of those messages
 */
record FormatBaseline(Double median, Double q1, Double q3, long messages, Double dismissMedian) {

  /** No message of the format had enough viewers. */
  static final FormatBaseline NONE = new FormatBaseline(null, null, null, 0, null);

  /**
   * The baseline of the given messages' primary and dismissal rates (nulls where a rate is
   * missing).
   */
  static FormatBaseline of(List<Double> primaryRates, List<Double> dismissRates) {
    double[] primary = present(primaryRates);
    return new FormatBaseline(
        percentile(primary, 50),
        percentile(primary, 25),
        percentile(primary, 75),
        primaryRates.size(),
        percentile(present(dismissRates), 50));
  }

  private static double[] present(List<Double> rates) {
    return rates.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
  }

  private static Double percentile(double[] values, double quantile) {
    if (values.length == 0) {
      return null;
    }
    double[] sorted = Arrays.copyOf(values, values.length);
    Arrays.sort(sorted);
    return new Percentile().withEstimationType(EstimationType.R_7).evaluate(sorted, quantile);
  }
}
