package io.proactiveinsights.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reference values from R 4.2 (Debian r-base-core); each test names the R call that produced them. */
class ImpactStatisticsTest {

  @ParameterizedTest(name = "poisson.test(c({0}, {2}), c({1}, {3}))")
  @CsvSource({
    // a, t1, b, t0, estimate, low, high, p  — from R: poisson.test(c(a, b), c(t1, t0))
    "30, 14, 60, 14, 0.5, 0.311359197512, 0.787467833194, 0.00206026568096",
    "12, 10, 40, 14, 0.42, 0.200578234250, 0.816602507329, 0.00701952898347",
    "25, 7, 25, 14, 2.0, 1.102088156843, 3.629473717837, 0.015859777809",
    "100, 14, 80, 14, 1.25, 0.922276649928, 1.698818451171, 0.156531469578",
  })
  void exactRateRatioMatchesPoissonTest(long a, double t1, long b, double t0, double estimate, double low, double high, double p) {
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
    //    df 19.594740275768, p 0.0228787171526. Summaries: x n=10 sum=42 sumsq=186; y n=12 sum=37 sumsq=127.
    WelchTest.Result r = WelchTest.test(new WelchTest.Sample(10, 42, 186), new WelchTest.Sample(12, 37, 127));

    assertThat(r.difference()).isCloseTo(1.116666666667, within(1e-9));
    assertThat(r.low()).isCloseTo(0.172060108337, within(1e-8));
    assertThat(r.high()).isCloseTo(2.061273224997, within(1e-8));
    assertThat(r.t()).isCloseTo(2.469195323656, within(1e-9));
    assertThat(r.degreesOfFreedom()).isCloseTo(19.594740275768, within(1e-8));
    assertThat(r.pValue()).isCloseTo(0.0228787171526, within(1e-9));
    assertThat(WelchTest.test(new WelchTest.Sample(1, 5, 25), new WelchTest.Sample(12, 37, 127))).isNull();
  }

  @Test
  void benjaminiHochbergMatchesPAdjust() {
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.04), method = "BH")
    //    → 0.035 0.056 0.056 0.035 0.233333333333 0.5 0.056
    Double[] q = BenjaminiHochberg.qValues(new Double[] {0.01, 0.04, 0.03, 0.005, null, 0.2, 0.5, 0.04});

    assertThat(q[0]).isCloseTo(0.035, within(1e-12));
    assertThat(q[1]).isCloseTo(0.056, within(1e-12));
    assertThat(q[2]).isCloseTo(0.056, within(1e-12));
    assertThat(q[3]).isCloseTo(0.035, within(1e-12));
    assertThat(q[4]).as("untested rows stay untested").isNull();
    assertThat(q[5]).isCloseTo(0.233333333333, within(1e-9));
    assertThat(q[6]).isCloseTo(0.5, within(1e-12));
    assertThat(q[7]).isCloseTo(0.056, within(1e-12));
  }
}
