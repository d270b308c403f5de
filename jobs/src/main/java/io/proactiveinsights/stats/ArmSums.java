package io.proactiveinsights.stats;

/**
 * One arm's sufficient statistics, as Spark aggregates them (sums of per-person values and of their
 * squares and products): enough for the arm's ratio metric, its delta-method variance and CUPED,
 * without any person's row reaching the driver.
 *
 * <p>Per person: y the outcome (e.g. tickets on a topic since assignment), d its denominator (days
 * at risk since assignment for a rate; 1 for a mean such as goal rate), x the pre-period covariate
 * (e.g. the person's ticket rate in the weeks before assignment; 0 when there is none).
 *
 * @param n people in the arm
 * @param sumY Σy
 * @param sumY2 Σy²
 * @param sumD Σd
 * @param sumD2 Σd²
 * @param sumYD Σyd
 * @param sumX Σx
 * @param sumX2 Σx²
 * @param sumXY Σxy
 * @param sumXD Σxd
 */
public record ArmSums(
    long n,
    double sumY,
    double sumY2,
    double sumD,
    double sumD2,
    double sumYD,
    double sumX,
    double sumX2,
    double sumXY,
    double sumXD) {

  /** An arm with nobody in it. */
  public static final ArmSums EMPTY = new ArmSums(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  public ArmSums {
    if (n < 0) {
      throw new IllegalArgumentException(
          "Cannot summarise an arm: the number of people must be >= 0 (got " + n + ")");
    }
  }

  /** One person's contribution. */
  public static ArmSums ofPerson(double y, double d, double x) {
    return new ArmSums(1, y, y * y, d, d * d, y * d, x, x * x, x * y, x * d);
  }

  /** Both arms' people together (or one arm's, summed from parts). */
  public ArmSums plus(ArmSums other) {
    return new ArmSums(
        n + other.n,
        sumY + other.sumY,
        sumY2 + other.sumY2,
        sumD + other.sumD,
        sumD2 + other.sumD2,
        sumYD + other.sumYD,
        sumX + other.sumX,
        sumX2 + other.sumX2,
        sumXY + other.sumXY,
        sumXD + other.sumXD);
  }
}
