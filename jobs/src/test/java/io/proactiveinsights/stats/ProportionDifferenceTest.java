package io.proactiveinsights.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reference values from R 4.2.2 (Debian r-base-core): {@code prop.test(c(x1, x2), c(n1, n2),
 * correct = FALSE)}.
 */
class ProportionDifferenceTest {

  @ParameterizedTest(name = "prop.test(c({0}, {2}), c({1}, {3}), correct = FALSE)")
  @CsvSource({
    // x1, n1, x2, n2, conf.int[1], conf.int[2], p.value
    "300, 1000, 40, 2000, 0.250942253205, 0.309057746795, 3.97739827221e-115",
    "45, 150, 30, 150, 0.002657314479, 0.197342685521, 0.0455002638964",
    "12, 40, 10, 60, -0.037136384204, 0.303803050871, 0.114833943395",
    "5, 500, 6, 480, -0.015723025368, 0.010723025368, 0.710366030746",
    "0, 100, 3, 100, -0.063434480956, 0.003434480956, 0.0809519437774",
  })
  void matchesRsPropTest(long x1, long n1, long x2, long n2, double low, double high, double p) {
    ProportionDifference d = ProportionDifference.of(x1, n1, x2, n2);

    assertThat(d.difference()).isCloseTo((double) x1 / n1 - (double) x2 / n2, within(1e-15));
    assertThat(d.low()).isCloseTo(low, within(1e-9));
    assertThat(d.high()).isCloseTo(high, within(1e-9));
    assertThat(d.pValue()).isCloseTo(p, within(Math.max(1e-12, p * 1e-6)));
  }

  @Test
  void liftIsTheRatioOfRatesAndUndefinedAgainstZero() {
    assertThat(ProportionDifference.of(300, 1000, 40, 2000).ratio()).isCloseTo(15.0, within(1e-12));
    assertThat(ProportionDifference.of(3, 100, 0, 100).ratio()).isNull();
  }

  @Test
  void identicalAllOrNothingGroupsAreNoEvidence() {
    assertThat(ProportionDifference.of(0, 50, 0, 80).pValue()).isEqualTo(1.0);
  }

  @Test
  void emptyGroupIsRefusedWithTheCounts() {
    assertThatThrownBy(() -> ProportionDifference.of(1, 0, 2, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("first group")
        .hasMessageContaining("1 of 0");
  }
}
