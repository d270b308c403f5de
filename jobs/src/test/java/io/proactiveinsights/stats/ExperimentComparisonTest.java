package io.proactiveinsights.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Fixed-horizon parts against R 4.2.2 (Debian r-base-core). The two arms below are typed into R as
 * {@code yt, dt, xt, yc, dc, xc}; each golden value names the R expression that gave it. The
 * interval itself is checked against GrowthBook in {@link ConfidenceSequenceTest}: here it is
 * checked through its half-width on the log scale, which fixes the variance the comparison passed
 * on ({@code Var(lift) / (vt/vc)²}, R: {@code var/(vt/vc)^2}).
 */
class ExperimentComparisonTest {

  // tickets since assignment, days at risk, pre-period tickets per day
  private static final double[] YT = {0, 2, 1, 0, 3, 0, 1, 4, 0, 2, 1, 0, 5, 1, 0};
  private static final double[] DT = {10, 14, 7, 3, 14, 12, 9, 14, 2, 11, 6, 14, 13, 8, 5};
  private static final double[] XT = {
    0.0, 0.2, 0.1, 0.0, 0.3, 0.05, 0.0, 0.25, 0.0, 0.1, 0.15, 0.0, 0.4, 0.05, 0.0
  };
  private static final double[] YC = {1, 3, 0, 2, 4, 0, 1, 6, 2, 0, 1, 3};
  private static final double[] DC = {12, 14, 4, 9, 14, 6, 10, 13, 8, 3, 7, 14};
  private static final double[] XC = {0.1, 0.2, 0.0, 0.1, 0.3, 0.0, 0.05, 0.5, 0.15, 0.0, 0.0, 0.2};
  private static final double[] ONES_T = ones(YT.length);
  private static final double[] ONES_C = ones(YC.length);
  private static final double[] NO_X_T = new double[YT.length];
  private static final double[] NO_X_C = new double[YC.length];
  private static final double PEOPLE = YT.length + YC.length;

  @Test
  void ratioMetricLiftAndVarianceMatchTheLinearisationInR() {
    ExperimentEstimate estimate =
        ExperimentComparison.of(sums(YT, DT, XT), sums(YC, DC, XC), false, 0.05);

    // R: vt <- sum(yt)/sum(dt); vc <- sum(yc)/sum(dc)
    assertThat(estimate.treatmentValue()).isCloseTo(0.140845070422535, within(1e-14));
    assertThat(estimate.controlValue()).isCloseTo(0.201754385964912, within(1e-14));
    // R: vt/vc - 1
    assertThat(estimate.lift()).isCloseTo(-0.301898346601347, within(1e-14));
    // R: vart <- var(yt - vt*dt)/(nt*mean(dt)^2); varc likewise;
    //    (vart/vc^2 + vt^2*varc/vc^4)/(vt/vc)^2 = 0.105638954033957 (Var(lift) 0.0514827130807267)
    assertThat(logHalfwidth(estimate))
        .isCloseTo(
            ConfidenceSequence.halfwidth(0.105638954033957, PEOPLE, 0.05, 5000), within(1e-12));
    assertThat(estimate.method()).isEqualTo(ExperimentComparison.METHOD_ALWAYS_VALID);
  }

  @Test
  void meanMetricVarianceUsesTheArmsStandardErrorsAsTTestDoes() {
    ExperimentEstimate estimate =
        ExperimentComparison.of(sums(YT, ONES_T, NO_X_T), sums(YC, ONES_C, NO_X_C), true, 0.05);

    // R: mt <- t.test(yt)$estimate; mc <- t.test(yc)$estimate; mt/mc - 1
    assertThat(estimate.lift()).isCloseTo(-0.304347826086957, within(1e-14));
    // R: st <- t.test(yt)$stderr^2; sc <- t.test(yc)$stderr^2;
    //    (st/mc^2 + mt^2*sc/mc^4)/(mt/mc)^2 = 0.170772776372965
    assertThat(logHalfwidth(estimate))
        .isCloseTo(
            ConfidenceSequence.halfwidth(0.170772776372965, PEOPLE, 0.05, 5000), within(1e-12));
    // x is all 0: asked for CUPED, there is nothing to adjust by.
    assertThat(estimate.method()).isEqualTo(ExperimentComparison.METHOD_ALWAYS_VALID);
  }

  @Test
  void cupedThetaMinimisesTheLiftsDeltaMethodVarianceAsROptimizeFindsIt() {
    ExperimentEstimate estimate =
        ExperimentComparison.of(sums(YT, DT, XT), sums(YC, DC, XC), true, 0.05);

    // R: lift(m, theta) of the six arm means with x-bar pooled; variance(theta, at) = g' S g / n
    //    per arm, g by central differences (h = 1e-6), S = cov(cbind(y, d, x));
    //    o <- optimize(function(th) variance(th, mstar), c(-100, 100), tol = 1e-12), mstar = the
    //    means with both arms' x-bar set to the pooled one → theta 8.17068120142515;
    //    lift(m0, o$minimum) = -0.200717735694133; variance(o$minimum, m0) = 0.0152285823389607
    //    (0.0514827130799466 without CUPED); on the log scale
    //    variance(o$minimum)/(1 + lift(m0, o$minimum))^2 = 0.0238374131232105.
    assertThat(estimate.lift()).isCloseTo(-0.200717735694133, within(1e-8));
    assertThat(logHalfwidth(estimate))
        .isCloseTo(
            ConfidenceSequence.halfwidth(0.0238374131232105, PEOPLE, 0.05, 5000), within(1e-8));
    assertThat(estimate.method()).isEqualTo(ExperimentComparison.METHOD_ALWAYS_VALID_CUPED);
  }

  @Test
  void noLiftWhenAnArmIsEmptyOrControlHasNoTickets() {
    ArmSums control = sums(YC, DC, XC);
    ExperimentEstimate emptyTreatment = ExperimentComparison.of(ArmSums.EMPTY, control, true, 0.05);
    assertThat(emptyTreatment.lift()).isNull();
    assertThat(emptyTreatment.ciLow()).isNull();
    assertThat(emptyTreatment.pValue()).isNull();
    assertThat(emptyTreatment.treatmentValue()).isZero();
    assertThat(emptyTreatment.method()).isEqualTo(ExperimentComparison.INSUFFICIENT_DATA);

    ExperimentEstimate quietControl =
        ExperimentComparison.of(sums(YT, DT, XT), sums(new double[12], DC, XC), true, 0.05);
    assertThat(quietControl.lift()).isNull();
    assertThat(quietControl.controlValue()).isZero();
    assertThat(quietControl.method()).isEqualTo(ExperimentComparison.INSUFFICIENT_DATA);
  }

  @Test
  void aLiftWithoutSpreadHasNoInterval() {
    double[] everyoneConverts = ones(10);
    double[] noneConvert = new double[10];
    double[] halfConvert = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0};
    ExperimentEstimate estimate =
        ExperimentComparison.of(
            sums(everyoneConverts, ones(10), noneConvert),
            sums(everyoneConverts, ones(10), noneConvert),
            false,
            0.05);

    assertThat(estimate.lift()).isZero();
    assertThat(estimate.ciLow()).isNull();
    assertThat(estimate.method()).isEqualTo(ExperimentComparison.NO_VARIANCE);
    assertThat(
            ExperimentComparison.of(
                    sums(everyoneConverts, ones(10), noneConvert),
                    sums(halfConvert, ones(10), noneConvert),
                    false,
                    0.05)
                .lift())
        .isCloseTo(1.0, within(1e-15));
  }

  @Test
  void theIntervalIsTheLogScaleOnesMappedBackToTheLift() {
    ExperimentEstimate estimate =
        ExperimentComparison.of(sums(YT, DT, XT), sums(YC, DC, XC), false, 0.05);

    assertThat(Math.log1p(estimate.lift()) - Math.log1p(estimate.ciLow()))
        .isCloseTo(logHalfwidth(estimate), within(1e-12));
    assertThat(estimate.ciLow()).isGreaterThan(-1.0);
    AlwaysValidInterval logScale =
        ConfidenceSequence.of(Math.log1p(estimate.lift()), 0.105638954033957, PEOPLE, 0.05);
    assertThat(estimate.pValue()).isCloseTo(logScale.pValue(), within(1e-12));
  }

  @Test
  void noTicketsInTreatmentIsALiftOfMinusOneWithoutAnInterval() {
    ExperimentEstimate estimate =
        ExperimentComparison.of(sums(new double[15], DT, XT), sums(YC, DC, XC), false, 0.05);

    assertThat(estimate.lift()).isEqualTo(-1.0);
    assertThat(estimate.ciLow()).isNull();
    assertThat(estimate.method()).isEqualTo(ExperimentComparison.INSUFFICIENT_DATA);
  }

  private static double logHalfwidth(ExperimentEstimate estimate) {
    return Math.log1p(estimate.ciHigh()) - Math.log1p(estimate.lift());
  }

  static ArmSums sums(double[] y, double[] d, double[] x) {
    ArmSums sums = ArmSums.EMPTY;
    for (int i = 0; i < y.length; i++) {
      sums = sums.plus(ArmSums.ofPerson(y[i], d[i], x[i]));
    }
    return sums;
  }

  private static double[] ones(int n) {
    double[] ones = new double[n];
    java.util.Arrays.fill(ones, 1.0);
    return ones;
  }
}
