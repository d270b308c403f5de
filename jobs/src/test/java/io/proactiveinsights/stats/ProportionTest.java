package io.proactiveinsights.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProportionTest {

  /**
   * Reference bounds from R 4.2 (Debian r-base-core): {@code prop.test(x, n, correct =
   * FALSE)$conf.int}.
   */
  @ParameterizedTest(name = "{0} of {1}")
  @CsvSource({
    "3, 4, 0.300641842582, 0.954412739190",
    "0, 10, 0.000000000000, 0.277532799863",
    "10, 10, 0.722467200137, 1.000000000000",
    "45, 200, 0.172623697151, 0.287741232357",
    "1, 3, 0.061491944720, 0.792340399198",
    "2, 3, 0.207659600802, 0.938508055280",
  })
  void wilsonIntervalMatchesR(long successes, long trials, double low, double high) {
    Proportion p = Proportion.of(successes, trials);

    assertThat(p.rate()).isCloseTo((double) successes / trials, within(1e-12));
    assertThat(p.low()).isCloseTo(low, within(1e-9));
    assertThat(p.high()).isCloseTo(high, within(1e-9));
  }

  @Test
  void noTrialsMeansNoRate() {
    assertThat(Proportion.of(0, 0)).isNull();
  }

  @Test
  void moreSuccessesThanTrialsIsABug() {
    assertThatThrownBy(() -> Proportion.of(5, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("successes must be within 0..4 (got 5)");
  }
}
