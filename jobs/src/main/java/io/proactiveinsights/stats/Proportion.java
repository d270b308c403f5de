package io.proactiveinsights.stats;

import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * A rate with its 95% Wilson score interval, from counts. Plain Java over Commons Math, no Spark:
 * Spark aggregates the counts, this turns them into an estimate.
 *
 * <p>Wilson rather than the normal ("Wald") interval because message rates are often near 0 or 1
 * and samples often small; Wilson stays inside [0, 1] and keeps its coverage there. It equals R's
 * {@code prop.test(x, n, correct = FALSE)$conf.int}.
 *
 * @param rate successes / trials
 * @param low lower bound of the interval
 * @param high upper bound of the interval
 */
public record Proportion(double rate, double low, double high) {

  public static final double CONFIDENCE = 0.95;

  private static final WilsonScoreInterval WILSON = new WilsonScoreInterval();

  /** The rate and interval, or null when there are no trials (a rate of nothing is not 0). */
  public static Proportion of(long successes, long trials) {
    if (trials <= 0) {
      return null;
    }
    if (successes < 0 || successes > trials) {
      throw new IllegalArgumentException(
          "Cannot estimate a proportion: successes must be within 0.."
              + trials
              + " (got "
              + successes
              + ")");
    }
    // Commons Math takes int counts; message audiences stay far below 2^31 people.
    ConfidenceInterval interval =
        WILSON.createInterval(Math.toIntExact(trials), Math.toIntExact(successes), CONFIDENCE);
    return new Proportion(
        (double) successes / trials, interval.getLowerBound(), interval.getUpperBound());
  }

  /** Whether the whole interval lies above {@code value}. */
  public boolean above(double value) {
    return low > value;
  }

  /** Whether the whole interval lies below {@code value}. */
  public boolean below(double value) {
    return high < value;
  }
}
