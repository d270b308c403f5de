package io.proactiveinsights.experiments;

import io.proactiveinsights.stats.SampleRatioMismatch;
import java.time.Duration;
import java.time.Instant;

/**
 * A holdout message's two arms as of a run: who is in each, the control share they were declared
 * with, whether the split matches it, and how long the experiment has run.
 *
 * @param expectedControlShare the mean declared holdout share of the assigned people; null when
 *     none declares one (assignments given in the inputs may not)
 * @param srmPValue the sample-ratio-mismatch p-value of the arms' sizes against that share; null
 *     when there is no share to test against
 * @param daysRun whole days from the first assignment to the as-of time, rounded up
 */
public record MessageArms(
    String messageId,
    long treatmentUsers,
    long controlUsers,
    Double expectedControlShare,
    Double srmPValue,
    long daysRun) {

  private static final long SECONDS_PER_DAY = Duration.ofDays(1).toSeconds();

  /**
   * The arms from their sizes and the sum and count of their people's declared shares (both arms
   * together), as of {@code asOf}.
   */
  public static MessageArms of(
      String messageId,
      long treatmentUsers,
      long controlUsers,
      double shareSum,
      long shareCount,
      Instant firstAssignedAt,
      Instant asOf) {
    Double share = shareCount > 0 ? shareSum / shareCount : null;
    // A share of 0 or 1 leaves one arm empty by design: there is no ratio to test.
    Double srm =
        share != null && share > 0 && share < 1
            ? SampleRatioMismatch.pValue(treatmentUsers, controlUsers, share)
            : null;
    long seconds = Duration.between(firstAssignedAt, asOf).toSeconds();
    long days = Math.floorDiv(seconds + SECONDS_PER_DAY - 1, SECONDS_PER_DAY);
    return new MessageArms(messageId, treatmentUsers, controlUsers, share, srm, days);
  }

  /** Whether the split fails the sample-ratio-mismatch test at {@code maxPValue}. */
  public boolean mismatched(double maxPValue) {
    return srmPValue != null && srmPValue < maxPValue;
  }
}
