package io.proactiveinsights.stats;

/**
 * The sample-ratio-mismatch check: did the arms get the share of people the design declared? A
 * mismatch means assignment or logging is broken (a source that held out fewer people, a platform
 * that drops control users), and any lift computed from such arms is not a randomised comparison.
 *
 * <p>Pearson's chi-squared goodness-of-fit test with one degree of freedom, as R's {@code
 * chisq.test(c(treatment, control), p = c(1 − h, h))}: with N people and declared control share h,
 * {@code X² = (control − N·h)² / (N·h·(1 − h))}. Its upper tail is read as the two-sided normal
 * tail at {@code sqrt(X²)}, computed directly so that a blatant mismatch gets a tiny p-value, never
 * 0.
 */
public final class SampleRatioMismatch {

  private SampleRatioMismatch() {}

  /**
   * @param treatmentUsers people assigned to treatment
   * @param controlUsers people assigned to control
   * @param expectedControlShare the declared holdout share h, within (0, 1)
   * @return the p-value of "the split is as declared"; 1 when nobody is assigned yet
   */
  public static double pValue(long treatmentUsers, long controlUsers, double expectedControlShare) {
    if (treatmentUsers < 0 || controlUsers < 0) {
      throw new IllegalArgumentException(
          "Cannot test the sample ratio: arm sizes must be >= 0 (got "
              + treatmentUsers
              + " treatment, "
              + controlUsers
              + " control)");
    }
    if (!(expectedControlShare > 0 && expectedControlShare < 1)) {
      throw new IllegalArgumentException(
          "Cannot test the sample ratio: the declared control share must be within (0, 1) (got "
              + expectedControlShare
              + ")");
    }
    double people = (double) treatmentUsers + controlUsers;
    if (people == 0) {
      return 1.0;
    }
    double expectedControl = people * expectedControlShare;
    double z =
        (controlUsers - expectedControl) / Math.sqrt(expectedControl * (1 - expectedControlShare));
    return PValues.twoSidedNormal(z);
  }
}
