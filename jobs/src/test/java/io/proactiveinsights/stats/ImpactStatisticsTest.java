package io.proactiveinsights.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reference values from R 4.2 (Debian r-base-core); each test names the R call that produced them.
 */
class ImpactStatisticsTest {

  @ParameterizedTest(name = "poisson.test(c({0}, {2}), c({1}, {3}))")
  @CsvSource({
    // a, t1, b, t0, estimate, low, high, p  — from R: poisson.test(c(a, b), c(t1, t0))
    "30, 14, 60, 14, 0.5, 0.311359197512, 0.787467833194, 0.00206026568096",
    "12, 10, 40, 14, 0.42, 0.200578234250, 0.816602507329, 0.00701952898347",
    "25, 7, 25, 14, 2.0, 1.102088156843, 3.629473717837, 0.015859777809",
    "100, 14, 80, 14, 1.25, 0.922276649928, 1.698818451171, 0.156531469578",
  })
  void exactRateRatioMatchesPoissonTest(
      long a, double t1, long b, double t0, double estimate, double low, double high, double p) {
    RateRatio r = RateRatio.exact(a, t1, b, t0);

    assertThat(r.ratio()).isCloseTo(estimate, within(1e-9));
    assertThat(r.low()).isCloseTo(low, within(1e-7));
    assertThat(r.high()).isCloseTo(high, within(1e-7));
    assertThat(r.pValue()).isCloseTo(p, within(1e-9));
  }

  @Test
  void zeroCountsGiveOpenEndedIntervals() {
    // R: poisson.test(c(0, 5), c(14, 14)) → estimate 0, [0, 1.091279105183], p = 0.0625
    RateRatio none = RateRatio.exact(0, 14, 5, 14);
    assertThat(none.ratio()).isZero();
    assertThat(none.low()).isZero();
    assertThat(none.high()).isCloseTo(1.091279105183, within(1e-7));
    assertThat(none.pValue()).isCloseTo(0.0625, within(1e-12));
    // R: poisson.test(c(3, 0), c(14, 14)) → estimate Inf, [0.413231355031, Inf], p = 0.25
    RateRatio unbounded = RateRatio.exact(3, 14, 0, 14);
    assertThat(unbounded.ratio()).isNull();
    assertThat(unbounded.low()).isCloseTo(0.413231355031, within(1e-7));
    assertThat(unbounded.high()).isNull();
    assertThat(unbounded.pValue()).isCloseTo(0.25, within(1e-12));
    assertThat(RateRatio.exact(0, 14, 0, 14).pValue()).isNull();
  }

  @Test
  void welchFromSummaryStatisticsMatchesTTest() {
    // R: x <- c(5,4,5,3,5,4,4,5,2,5); y <- c(3,4,2,5,3,3,4,1,2,3,4,3); t.test(x, y)
    //    diff 1.116666666667, CI [0.172060108337, 2.061273224997], t 2.469195323656,
    //    df 19.594740275768, p 0.0228787171526. Summaries: x n=10 sum=42 sumsq=186; y n=12 sum=37
    // sumsq=127.
    WelchTest.Result r =
        WelchTest.test(new WelchTest.Sample(10, 42, 186), new WelchTest.Sample(12, 37, 127));

    assertThat(r.difference()).isCloseTo(1.116666666667, within(1e-9));
    assertThat(r.low()).isCloseTo(0.172060108337, within(1e-8));
    assertThat(r.high()).isCloseTo(2.061273224997, within(1e-8));
    assertThat(r.t()).isCloseTo(2.469195323656, within(1e-9));
    assertThat(r.degreesOfFreedom()).isCloseTo(19.594740275768, within(1e-8));
    assertThat(r.pValue()).isCloseTo(0.0228787171526, within(1e-9));
    assertThat(WelchTest.test(new WelchTest.Sample(1, 5, 25), new WelchTest.Sample(12, 37, 127)))
        .isNull();
  }

  @Test
  void benjaminiHochbergMatchesPAdjust() {
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.04), method = "BH")
    //    → 0.035 0.056 0.056 0.035 0.233333333333 0.5 0.056
    Double[] q =
        BenjaminiHochberg.qValues(new Double[] {0.01, 0.04, 0.03, 0.005, null, 0.2, 0.5, 0.04});

    assertThat(q[0]).isCloseTo(0.035, within(1e-12));
    assertThat(q[1]).isCloseTo(0.056, within(1e-12));
    assertThat(q[2]).isCloseTo(0.056, within(1e-12));
    assertThat(q[3]).isCloseTo(0.035, within(1e-12));
    assertThat(q[4]).as("untested rows stay untested").isNull();
    assertThat(q[5]).isCloseTo(0.233333333333, within(1e-9));
    assertThat(q[6]).isCloseTo(0.5, within(1e-12));
    assertThat(q[7]).isCloseTo(0.056, within(1e-12));
  }

  @Test
  void extremeDataGiveTinyPositivePValuesNeverZero() {
    // Two-sided tails computed directly (python3: math.erfc(z / math.sqrt(2)), independent of
    // Commons Math).
    assertThat(PValues.twoSidedNormal(10))
        .isCloseTo(1.5239706048321186e-23, withinPercentage(1e-6));
    // prop.test(c(200, 20), c(1000, 1000), correct = FALSE): z = 0.18 / sqrt(0.11·0.89·0.002) =
    // 12.8637;
    // 1 − pchisq(z², 1) cancels to 0 in doubles, the normal tail does not: erfc(z/√2) =
    // 7.203668744352086e-38.
    assertThat(ProportionDifference.of(200, 1000, 20, 1000).pValue())
        .isCloseTo(7.203668744352086e-38, withinPercentage(1e-6));
    // poisson.test(c(0, 500), c(14, 14)) is binom.test(0, 500): p = 2·0.5^500 = 2^-499 =
    // 6.10987272699921e-151.
    assertThat(RateRatio.exact(0, 14, 500, 14).pValue())
        .isCloseTo(6.10987272699921e-151, withinPercentage(1e-6));

    // Tails below the smallest normal double (2·0.5^2000 ≈ 1e-602; 2Φ(−45); a t of 1e6) are
    // reported as
    // PValues.SMALLEST, not 0, and so are their q-values.
    Double tiny = RateRatio.exact(0, 14, 2000, 14).pValue();
    double lopsided = ProportionDifference.of(1000, 1000, 0, 1000).pValue();
    double welch =
        WelchTest.test(
                new WelchTest.Sample(100, 500, 2500.01), new WelchTest.Sample(100, 100, 100.01))
            .pValue();
    assertThat(List.of(tiny, lopsided, welch, PValues.twoSidedNormal(45)))
        .containsOnly(PValues.SMALLEST);
    assertThat(PValues.SMALLEST).isPositive();
    Double[] q = BenjaminiHochberg.qValues(new Double[] {tiny, lopsided, 0.5, welch});
    assertThat(q).allSatisfy(v -> assertThat(v).isPositive());
    assertThat(q[0])
        .as("p·m/rank with m = 4 and rank 3 of three ties: 4/3 of the smallest")
        .isCloseTo(PValues.SMALLEST * 4 / 3, withinPercentage(1e-9));
  }
}
