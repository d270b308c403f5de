package io.proactiveinsights.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reference values are GrowthBook's own functions run in Python (numpy 2.4): {@code sequential_rho}
 * and {@code sequential_interval_halfwidth} copied verbatim from
 * packages/stats/gbstats/frequentist/tests.py, called as {@code sequential_interval_halfwidth(s2 =
 * variance * units, units, tuning, alpha)}, and the p-value as {@code
 * SequentialTwoSidedTTest.p_value} computes it ({@code st2 = estimate² · units / variance}, {@code
 * 1 / evalue}).
 */
class ConfidenceSequenceTest {

  @ParameterizedTest(name = "estimate {0}, variance {1}, {2} units, alpha {3}, tuning {4}")
  @CsvSource({
    // estimate, variance, units, alpha, tuning, low, high, p
    "0.1, 0.0016, 2000, 0.05, 5000, -0.024951163666989185, 0.2249511636669892, 0.18977658133905423",
    "-0.25, 0.01, 800, 0.05, 5000, -0.5989293426681845, 0.09892934266818448, 0.26227152445551427",
    "0.02, 0.0001, 100000, 0.01, 20000, -0.016759443253804875, 0.05675944325380487, 1.0",
    "0.1, 0.0016, 2000, 0.05, 500, -0.025084565747519605, 0.22508456574751962, 0.2765965983771822",
    "0.3, 0.0016, 5000, 0.05, 5000, 0.17859164038494987, 0.42140835961505013,"
        + " 4.245313340401276e-11",
  })
  void matchesGrowthBooksSequentialInterval(
      double estimate,
      double variance,
      double units,
      double alpha,
      double tuning,
      double low,
      double high,
      double p) {
    AlwaysValidInterval interval = ConfidenceSequence.of(estimate, variance, units, alpha, tuning);

    assertThat(interval.estimate()).isEqualTo(estimate);
    assertThat(interval.low()).isCloseTo(low, within(1e-12));
    assertThat(interval.high()).isCloseTo(high, within(1e-12));
    assertThat(interval.pValue()).isCloseTo(p, within(Math.max(1e-12, p * 1e-9)));
    assertThat(interval.method()).isEqualTo(ConfidenceSequence.METHOD);
  }

  @Test
  void theFourArgumentFormIsTunedAtFiveThousandUnits() {
    assertThat(ConfidenceSequence.of(0.1, 0.0016, 2000, 0.05))
        .isEqualTo(ConfidenceSequence.of(0.1, 0.0016, 2000, 0.05, 5000));
  }

  @Test
  void thePValueIsTheSmallestAlphaWhoseIntervalExcludesZero() {
    // With ρ held at the configured alpha's value, p is where the interval's edge touches 0;
    // bisect on that edge and compare.
    double estimate = 0.14;
    double variance = 0.0016;
    double units = 3000;
    double p = ConfidenceSequence.of(estimate, variance, units, 0.05).pValue();
    double rhoSquared = ConfidenceSequence.rhoSquared(0.05, 5000);
    double excludes = 0.5;
    double includes = 1e-12;
    for (int i = 0; i < 200; i++) {
      double mid = Math.sqrt(excludes * includes);
      double nRho2 = units * rhoSquared;
      double halfwidth =
          Math.sqrt(variance * 2 * (nRho2 + 1) / nRho2 * Math.log(Math.sqrt(nRho2 + 1) / mid));
      if (estimate - halfwidth > 0) {
        excludes = mid;
      } else {
        includes = mid;
      }
    }

    assertThat(p).isBetween(0.001, 0.05).isCloseTo(excludes, within(excludes * 1e-9));
  }

  @Test
  void pIsAtMostAlphaExactlyWhenTheIntervalExcludesZero() {
    for (double estimate = -0.4; estimate <= 0.4; estimate += 0.01) {
      AlwaysValidInterval interval = ConfidenceSequence.of(estimate, 0.0025, 4000, 0.05);
      assertThat(interval.pValue() <= 0.05)
          .as("estimate %s: %s", estimate, interval)
          .isEqualTo(interval.excludesZero());
    }
  }

  @Test
  void isWiderThanTheFixedHorizonIntervalAndTightestNearTheTuningUnits() {
    double fixedZ = 1.959963984540054;
    double bestRatio = Double.MAX_VALUE;
    double bestUnits = 0;
    for (double units = 100; units <= 1e6; units *= 1.1) {
      // A fixed per-unit variance: the estimator variance shrinks as 1/units.
      double variance = 1.0 / units;
      double ratio =
          ConfidenceSequence.halfwidth(variance, units, 0.05, 5000)
              / (fixedZ * Math.sqrt(variance));
      assertThat(ratio).isGreaterThan(1.0);
      if (ratio < bestRatio) {
        bestRatio = ratio;
        bestUnits = units;
      }
    }

    assertThat(bestUnits).isBetween(2500.0, 10000.0);
  }

  @Test
  void aHugeEstimateGetsASmallButNonZeroPValue() {
    assertThat(ConfidenceSequence.of(50.0, 1e-4, 1e6, 0.05).pValue()).isEqualTo(PValues.SMALLEST);
  }

  @Test
  void rejectsAnUnusableVarianceOrAlpha() {
    assertThatThrownBy(() -> ConfidenceSequence.of(0.1, 0.0, 100, 0.05))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot build an always-valid interval")
        .hasMessageContaining("variance 0.0");
    assertThatThrownBy(() -> ConfidenceSequence.of(0.1, 0.01, 100, 1.0))
        .hasMessageContaining("alpha must be within (0, 1) (got 1.0)");
    assertThatThrownBy(() -> ConfidenceSequence.of(0.1, 0.01, 0, 0.05))
        .hasMessageContaining("units and tuning units must be > 0");
  }
}
