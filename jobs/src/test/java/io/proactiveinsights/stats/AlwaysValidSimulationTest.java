package io.proactiveinsights.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The always-valid interval read every day, on simulated holdouts ({@link SimulatedHoldout}): with
 * no effect it claims one on at most 5% of experiments over 30 daily looks, where a fixed-horizon
 * interval read daily claims one far more often; with 30% fewer tickets it finds the change. The
 * figures, with their 95% Wilson intervals, are in docs/statistics.md.
 */
class AlwaysValidSimulationTest {

  private static final int EXPERIMENTS = 1000;
  private static final int DAYS = 30;
  private static final int DAILY_NEW_USERS = 100;
  private static final double TICKETS_PER_PERSON_DAY = 0.02;
  private static final double ALPHA = 0.05;
  private static final double FIXED_HORIZON_Z = 1.959963984540054;

  /** How many experiments ever excluded 0, by interval, and how many did on the last day. */
  private record Tally(int alwaysValidEver, int fixedHorizonEver, int alwaysValidLastDay) {}

  @ParameterizedTest(name = "control share {0}")
  @CsvSource({"0.5, 2301", "0.1, 2302"})
  void withNoEffectTheIntervalReadDailyExcludesZeroInAtMostFivePercent(
      double controlShare, long seed) {
    Tally tally = simulate(controlShare, 0.0, seed);

    Proportion alwaysValid = Proportion.of(tally.alwaysValidEver(), EXPERIMENTS);
    Proportion fixedHorizon = Proportion.of(tally.fixedHorizonEver(), EXPERIMENTS);
    String figures =
        String.format(
            "control share %s, %d experiments x %d daily looks: always-valid %s, fixed-horizon"
                + " read daily %s",
            controlShare, EXPERIMENTS, DAYS, describe(alwaysValid), describe(fixedHorizon));
    System.out.println(figures);
    assertThat(alwaysValid.rate()).as(figures).isLessThanOrEqualTo(ALPHA);
    // The daily-peeking problem: the same data read with a fixed-horizon z interval.
    assertThat(fixedHorizon.low()).as(figures).isGreaterThan(ALPHA);
  }

  @ParameterizedTest(name = "control share {0}")
  @CsvSource({"0.5, 2303, 0.9", "0.1, 2304, 0.5"})
  void withThirtyPercentFewerTicketsTheIntervalFindsTheChangeByDayThirty(
      double controlShare, long seed, double minimumPower) {
    Tally tally = simulate(controlShare, -0.3, seed);

    Proportion ever = Proportion.of(tally.alwaysValidEver(), EXPERIMENTS);
    Proportion lastDay = Proportion.of(tally.alwaysValidLastDay(), EXPERIMENTS);
    String figures =
        String.format(
            "control share %s, 30%% fewer tickets, %d experiments: power by day %d %s, at day %d"
                + " %s",
            controlShare, EXPERIMENTS, DAYS, describe(ever), DAYS, describe(lastDay));
    System.out.println(figures);
    assertThat(ever.rate()).as(figures).isGreaterThanOrEqualTo(minimumPower);
  }

  private static Tally simulate(double controlShare, double lift, long seed) {
    SimulatedHoldout holdout =
        new SimulatedHoldout(
            new SimulatedHoldout.Design(
                DAILY_NEW_USERS, controlShare, TICKETS_PER_PERSON_DAY, lift, 0.0, DAYS));
    SplittableRandom random = new SplittableRandom(seed);
    int alwaysValidEver = 0;
    int fixedHorizonEver = 0;
    int alwaysValidLastDay = 0;
    for (int experiment = 0; experiment < EXPERIMENTS; experiment++) {
      boolean[] excluded = new boolean[3];
      holdout.run(
          random,
          (day, treatment, control) -> {
            ExperimentEstimate estimate = ExperimentComparison.of(treatment, control, false, ALPHA);
            if (estimate.ciLow() == null) {
              return;
            }
            excluded[0] |= estimate.excludesZero();
            excluded[1] |= fixedHorizonExcludesZero(estimate, treatment.n() + control.n());
            if (day == DAYS) {
              excluded[2] = estimate.excludesZero();
            }
          });
      alwaysValidEver += excluded[0] ? 1 : 0;
      fixedHorizonEver += excluded[1] ? 1 : 0;
      alwaysValidLastDay += excluded[2] ? 1 : 0;
    }
    return new Tally(alwaysValidEver, fixedHorizonEver, alwaysValidLastDay);
  }

  /**
   * lift ± 1.96·SE, the SE recovered from the always-valid half-width: that half-width is the SE
   * times a multiplier that depends only on the number of people.
   */
  private static boolean fixedHorizonExcludesZero(ExperimentEstimate estimate, long people) {
    double standardError =
        (estimate.ciHigh() - estimate.lift())
            / ConfidenceSequence.halfwidth(
                1.0, people, ALPHA, ConfidenceSequence.DEFAULT_TUNING_UNITS);
    return Math.abs(estimate.lift()) > FIXED_HORIZON_Z * standardError;
  }

  private static String describe(Proportion proportion) {
    return String.format(
        "%.1f%% [%.1f%%, %.1f%%]",
        100 * proportion.rate(), 100 * proportion.low(), 100 * proportion.high());
  }
}
