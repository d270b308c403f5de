package io.proactiveinsights.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The planned number of days against simulated holdouts ({@link SimulatedHoldout}): run for the
 * days the plan gives, about 80% of experiments see the interval exclude 0 on that day.
 */
class HoldoutPowerTest {

  private static final Logger LOG = LoggerFactory.getLogger(HoldoutPowerTest.class);

  private static final int EXPERIMENTS = 800;
  private static final int DAILY_NEW_USERS = 100;
  private static final double TICKETS_PER_PERSON_DAY = 0.02;
  private static final double ALPHA = 0.05;
  private static final double TUNING = ConfidenceSequence.DEFAULT_TUNING_UNITS;

  @ParameterizedTest(name = "control share {0}, lift {1}")
  @CsvSource({"0.5, -0.3, 2311", "0.1, -0.3, 2312", "0.2, 0.25, 2313"})
  void thePlannedDayGivesAboutEightyPercentPowerOnSimulatedHoldouts(
      double controlShare, double lift, long seed) {
    HoldoutPower.Answer plan =
        HoldoutPower.daysToDetect(
            controlShare, DAILY_NEW_USERS, TICKETS_PER_PERSON_DAY, lift, ALPHA, TUNING);
    int days = plan.days();
    SimulatedHoldout.Tally tally =
        new SimulatedHoldout(
                new SimulatedHoldout.Design(
                    DAILY_NEW_USERS, controlShare, TICKETS_PER_PERSON_DAY, lift, 0.0, days))
            .readDaily(new SplittableRandom(seed), EXPERIMENTS, ALPHA);

    Proportion on = tally.lastDayShare();
    Proportion by = tally.everShare();
    String figures =
        String.format(
            "share %s, lift %s: plan %d days; power on that day %s, by that day %s",
            controlShare, lift, days, SimulatedHoldout.percent(on), SimulatedHoldout.percent(by));
    LOG.info("{}", figures);
    assertThat(on.rate()).as(figures).isBetween(0.72, 0.88);
    assertThat(by.rate()).as(figures).isGreaterThanOrEqualTo(on.rate());
  }

  @Test
  void biggerChangesBalancedSplitsAndSteadierPeopleNeedFewerDays() {
    int twentyPercent = days(0.1, -0.2, 1.0);
    assertThat(days(0.1, -0.4, 1.0)).isLessThan(twentyPercent);
    assertThat(days(0.3, -0.2, 1.0)).isLessThan(twentyPercent);
    // People who differ in how often they write in (variance twice the mean) need longer.
    assertThat(days(0.1, -0.2, 2.0)).isGreaterThan(twentyPercent);
  }

  @Test
  void anAudienceAlreadyThereIsAssignedOnTheFirstDayAndShortensThePlan() {
    int newcomersOnly = days(0.1, -0.2, 1.0);
    HoldoutPower.Answer withAudience =
        HoldoutPower.daysToDetect(0.1, 20_000, 1000, 0.01, -0.2, ALPHA, TUNING, 1.0, 0.8, 365);
    assertThat(withAudience.days()).isLessThan(newcomersOnly);

    // Nobody new: the arms keep the people they start with and only gather days.
    HoldoutPower.Answer closed =
        HoldoutPower.daysToDetect(0.1, 20_000, 0, 0.01, -0.2, ALPHA, TUNING, 1.0, 0.8, 365);
    assertThat(closed.days()).isGreaterThan(withAudience.days());
    assertThat(closed.controlUsers()).isEqualTo(2_000.0);
    assertThat(closed.treatmentUsers()).isEqualTo(18_000.0);
    assertThatThrownBy(
            () -> HoldoutPower.daysToDetect(0.1, 0, 0, 0.01, -0.2, ALPHA, TUNING, 1.0, 0.8, 365))
        .hasMessageContaining("the audience must hold people or gain them (got 0.0 people");
  }

  @Test
  void aChangeTooSmallForTheHorizonHasNoDay() {
    HoldoutPower.Answer answer =
        HoldoutPower.daysToDetect(0.01, 10, 0.001, -0.01, ALPHA, TUNING, 1.0, 0.8, 90);

    assertThat(answer.days()).isNull();
    assertThat(answer.horizonDays()).isEqualTo(90);
    assertThat(answer.controlUsers()).isEqualTo(9.0);
    assertThat(answer.treatmentUsers()).isEqualTo(891.0);
  }

  @Test
  void rejectsAPlanThatCannotBeAnswered() {
    assertThatThrownBy(() -> HoldoutPower.daysToDetect(0.6 + 0.4, 100, 0.02, -0.2, ALPHA, TUNING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot plan a holdout: the share must be within (0, 1) (got 1.0)");
    assertThatThrownBy(() -> HoldoutPower.daysToDetect(0.1, 100, 0.02, 0.0, ALPHA, TUNING))
        .hasMessageContaining("the lift to detect must be above -1 and not 0 (got 0.0)");
  }

  private static int days(double share, double lift, double varianceToMeanRatio) {
    return HoldoutPower.daysToDetect(
            share, 1000, 0.01, lift, ALPHA, TUNING, varianceToMeanRatio, 0.8, 365)
        .days();
  }
}
