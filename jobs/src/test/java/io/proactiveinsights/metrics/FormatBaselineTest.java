package io.proactiveinsights.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatBaselineTest {

  @Test
  void quartilesInterpolateBetweenClosestRanksAndSkipMissingRates() {
    // By hand (type 7, R's quantile default): sorted 0.1 0.2 0.3 0.4, position p·(n−1) from 0:
    // median at 1.5 → 0.25, Q1 at 0.75 → 0.175, Q3 at 2.25 → 0.325; R 4 agrees:
    // quantile(c(.1,.4,.2,.3)) gives 0.175 0.250 0.325, median(c(.5,.1)) 0.3.
    // Five messages had enough viewers, one of them without a rate.
    FormatBaseline baseline =
        FormatBaseline.of(
            Arrays.asList(0.1, 0.4, null, 0.2, 0.3), Arrays.asList(0.5, null, null, 0.1, null));

    assertThat(baseline.median()).isCloseTo(0.25, within(1e-12));
    assertThat(baseline.q1()).isCloseTo(0.175, within(1e-12));
    assertThat(baseline.q3()).isCloseTo(0.325, within(1e-12));
    assertThat(baseline.dismissMedian()).isCloseTo(0.3, within(1e-12));
    assertThat(baseline.messages()).isEqualTo(5);
  }

  @Test
  void noRatesGiveNoMedianButStillCountTheMessages() {
    FormatBaseline baseline =
        FormatBaseline.of(Arrays.asList(null, null), Arrays.asList(null, null));

    assertThat(baseline.median()).isNull();
    assertThat(baseline.q1()).isNull();
    assertThat(baseline.dismissMedian()).isNull();
    assertThat(baseline.messages()).isEqualTo(2);
    assertThat(FormatBaseline.of(List.of(0.4), List.of(0.2)).median()).isEqualTo(0.4);
  }
}
