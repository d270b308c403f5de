package io.proactiveinsights.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reference values from R 4.2.2: {@code chisq.test(c(treatment, control), p = c(1 - h, h))}. */
class SampleRatioMismatchTest {

  @ParameterizedTest(name = "chisq.test(c({0}, {1}), p = c(1 - {2}, {2}))")
  @CsvSource({
    // treatment, control, declared control share, R's p.value
    "2340, 660, 0.30, 1.156938689755e-21",
    "5012, 4988, 0.5, 0.810330256604408",
    "9050, 950, 0.1, 0.0955807045456288",
    "8890, 1110, 0.1, 0.000245732779930304",
    "40, 20, 0.2, 0.00982327450751925",
  })
  void matchesChisqTest(long treatment, long control, double share, double p) {
    assertThat(SampleRatioMismatch.pValue(treatment, control, share))
        .isCloseTo(p, within(p * 1e-9));
  }

  @Test
  void aSourceHoldingOutTwentyTwoPercentInsteadOfThirtyIsCaught() {
    // 3,000 people, 22% of them in control where 30% were declared.
    assertThat(SampleRatioMismatch.pValue(2340, 660, 0.30)).isLessThan(0.001);
  }

  @Test
  void fairSplitsRarelyRaiseTheAlarm() {
    // Binomial splits at the declared share: p < 0.001 should come up about 0.1% of the time.
    SplittableRandom random = new SplittableRandom(23);
    int runs = 4000;
    int alarms = 0;
    for (int run = 0; run < runs; run++) {
      double share = run % 2 == 0 ? 0.5 : 0.1;
      int people = 2000 + random.nextInt(3000);
      long control = 0;
      for (int i = 0; i < people; i++) {
        if (random.nextDouble() < share) {
          control++;
        }
      }
      if (SampleRatioMismatch.pValue(people - control, control, share) < 0.001) {
        alarms++;
      }
    }

    assertThat(alarms).as("false alarms in %d fair splits", runs).isLessThanOrEqualTo(12);
  }

  @Test
  void aBlatantMismatchGetsATinyPValueNeverZero() {
    assertThat(SampleRatioMismatch.pValue(1_000_000, 0, 0.5)).isEqualTo(PValues.SMALLEST);
    assertThat(SampleRatioMismatch.pValue(0, 0, 0.2)).isEqualTo(1.0);
  }

  @Test
  void rejectsADeclaredShareOutsideZeroToOne() {
    assertThatThrownBy(() -> SampleRatioMismatch.pValue(10, 10, 0.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("declared control share must be within (0, 1) (got 0.0)");
  }
}
