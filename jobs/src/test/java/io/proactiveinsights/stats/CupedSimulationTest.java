package io.proactiveinsights.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CUPED on simulated holdouts whose people differ in how often they write in, so that their
 * pre-period ticket rate predicts their tickets after assignment ({@link SimulatedHoldout}). Each
 * experiment is read both ways on the same data: CUPED narrows the interval, leaves the lift where
 * it was, and keeps the daily-read interval's false-positive rate under 5%. The figures are in
 * docs/statistics.md.
 */
class CupedSimulationTest {

  private static final Logger LOG = LoggerFactory.getLogger(CupedSimulationTest.class);

  private static final int EXPERIMENTS = 500;
  private static final int DAYS = 30;
  private static final int DAILY_NEW_USERS = 100;
  private static final double TICKETS_PER_PERSON_DAY = 0.05;
  private static final double HETEROGENEITY = 1.0;
  private static final double ALPHA = 0.05;

  @ParameterizedTest(name = "true lift {0}")
  @CsvSource({"-0.3, 2321", "0.0, 2322"})
  void cupedNarrowsTheIntervalWithoutMovingTheLift(double trueLift, long seed) {
    SimulatedHoldout holdout =
        new SimulatedHoldout(
            new SimulatedHoldout.Design(
                DAILY_NEW_USERS, 0.5, TICKETS_PER_PERSON_DAY, trueLift, HETEROGENEITY, DAYS));
    SplittableRandom random = new SplittableRandom(seed);
    double[] totals = new double[4]; // lift off, lift on, width ratio, false positives with CUPED
    for (int experiment = 0; experiment < EXPERIMENTS; experiment++) {
      boolean[] cupedExcluded = new boolean[1];
      holdout.run(
          random,
          (day, treatment, control) -> {
            ExperimentEstimate on = ExperimentComparison.of(treatment, control, true, ALPHA);
            cupedExcluded[0] |= on.excludesZero();
            if (day == DAYS) {
              ExperimentEstimate off = ExperimentComparison.of(treatment, control, false, ALPHA);
              totals[0] += off.lift();
              totals[1] += on.lift();
              totals[2] += logWidth(on) / logWidth(off);
            }
          });
      totals[3] += cupedExcluded[0] ? 1 : 0;
    }
    double meanLiftOff = totals[0] / EXPERIMENTS;
    double meanLiftOn = totals[1] / EXPERIMENTS;
    double meanWidthRatio = totals[2] / EXPERIMENTS;
    Proportion excluded = Proportion.of((long) totals[3], EXPERIMENTS);
    String figures =
        String.format(
            "true lift %s, %d experiments at day %d: mean lift %.4f with CUPED, %.4f without;"
                + " interval width with/without %.3f; CUPED interval read daily excluded 0 in"
                + " %.1f%% [%.1f%%, %.1f%%]",
            trueLift,
            EXPERIMENTS,
            DAYS,
            meanLiftOn,
            meanLiftOff,
            meanWidthRatio,
            100 * excluded.rate(),
            100 * excluded.low(),
            100 * excluded.high());
    LOG.info("{}", figures);
    assertThat(meanWidthRatio).as(figures).isLessThan(0.85);
    assertThat(meanLiftOn).as(figures).isCloseTo(trueLift, within(0.01));
    assertThat(meanLiftOff).as(figures).isCloseTo(trueLift, within(0.01));
    if (trueLift == 0) {
      assertThat(excluded.rate()).as(figures).isLessThanOrEqualTo(ALPHA);
    } else {
      assertThat(excluded.rate()).as(figures).isGreaterThan(0.9);
    }
  }

  private static double logWidth(ExperimentEstimate estimate) {
    return Math.log1p(estimate.ciHigh()) - Math.log1p(estimate.ciLow());
  }
}
