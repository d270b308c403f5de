package io.proactiveinsights.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The always-valid interval read every day, on simulated holdouts ({@link SimulatedHoldout}): with
 * no effect it claims one on at most 5% of experiments over 30 daily looks, where a fixed-horizon
 * interval read daily claims one far more often; with 30% fewer tickets it finds the change. The
 * figures, with their 95% Wilson intervals, are in docs/statistics.md.
 */
class AlwaysValidSimulationTest {

  private static final Logger LOG = LoggerFactory.getLogger(AlwaysValidSimulationTest.class);

  private static final int EXPERIMENTS = 1000;
  private static final int DAYS = 30;
  private static final int DAILY_NEW_USERS = 100;
  private static final double TICKETS_PER_PERSON_DAY = 0.02;
  private static final double ALPHA = 0.05;

  @ParameterizedTest(name = "control share {0}")
  @CsvSource({"0.5, 2301", "0.1, 2302"})
  void withNoEffectTheIntervalReadDailyExcludesZeroInAtMostFivePercent(
      double controlShare, long seed) {
    SimulatedHoldout.Tally tally = simulate(controlShare, 0.0, seed);

    Proportion alwaysValid = tally.everShare();
    Proportion fixedHorizon = tally.fixedHorizonEverShare();
    String figures =
        String.format(
            "control share %s, %d experiments x %d daily looks: always-valid %s, fixed-horizon"
                + " read daily %s",
            controlShare,
            EXPERIMENTS,
            DAYS,
            SimulatedHoldout.percent(alwaysValid),
            SimulatedHoldout.percent(fixedHorizon));
    LOG.info("{}", figures);
    assertThat(alwaysValid.rate()).as(figures).isLessThanOrEqualTo(ALPHA);
    // The daily-peeking problem: the same data read with a fixed-horizon z interval.
    assertThat(fixedHorizon.low()).as(figures).isGreaterThan(ALPHA);
  }

  @ParameterizedTest(name = "control share {0}")
  @CsvSource({"0.5, 2303, 0.9", "0.1, 2304, 0.5"})
  void withThirtyPercentFewerTicketsTheIntervalFindsTheChangeByDayThirty(
      double controlShare, long seed, double minimumPower) {
    SimulatedHoldout.Tally tally = simulate(controlShare, -0.3, seed);

    String figures =
        String.format(
            "control share %s, 30%% fewer tickets, %d experiments: power by day %d %s, at day %d"
                + " %s",
            controlShare,
            EXPERIMENTS,
            DAYS,
            SimulatedHoldout.percent(tally.everShare()),
            DAYS,
            SimulatedHoldout.percent(tally.lastDayShare()));
    LOG.info("{}", figures);
    assertThat(tally.everShare().rate()).as(figures).isGreaterThanOrEqualTo(minimumPower);
  }

  private static SimulatedHoldout.Tally simulate(double controlShare, double lift, long seed) {
    return new SimulatedHoldout(
            new SimulatedHoldout.Design(
                DAILY_NEW_USERS, controlShare, TICKETS_PER_PERSON_DAY, lift, 0.0, DAYS))
        .readDaily(new SplittableRandom(seed), EXPERIMENTS, ALPHA);
  }
}
