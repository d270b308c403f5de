package io.proactiveinsights.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.config.ProactiveConfig.ExperimentSettings;
import io.proactiveinsights.experiments.ExperimentReading.MetricKind;
import io.proactiveinsights.schema.ExperimentImpactColumns.Verdict;
import io.proactiveinsights.stats.ArmSums;
import io.proactiveinsights.stats.ExperimentEstimate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Verdicts from intervals, and the checks that come before any comparison. No Spark. */
class ExperimentReadingTest {

  private static final Instant AS_OF = Instant.parse("2024-05-01T00:00:00Z");
  private static final Instant ASSIGNED = AS_OF.minus(Duration.ofDays(10));

  private static final ExperimentSettings SETTINGS =
      new ExperimentSettings(0, 0.05, 5000, 28, 0.001, 50);

  @Test
  void theIntervalDecidesTheVerdictAndWhichWayIsBetterDependsOnTheMetric() {
    assertThat(verdict(MetricKind.TICKETS, -0.5, -0.2)).isEqualTo(Verdict.FEWER_TICKETS);
    assertThat(verdict(MetricKind.TICKETS, 0.1, 0.3)).isEqualTo(Verdict.MORE_TICKETS);
    assertThat(verdict(MetricKind.GOAL_RATE, 0.1, 0.3)).isEqualTo(Verdict.BETTER);
    assertThat(verdict(MetricKind.CSAT, -0.3, -0.1)).isEqualTo(Verdict.WORSE);
    assertThat(verdict(MetricKind.TICKETS, -0.05, 0.08)).isEqualTo(Verdict.NO_EFFECT);
    assertThat(verdict(MetricKind.TICKETS, -0.2, 0.05))
        .as("holds 0, but a 20% reduction is not ruled out")
        .isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(
            ExperimentReading.verdict(
                MetricKind.TICKETS,
                new ExperimentEstimate(0, 0, null, null, null, null, "insufficient_data")))
        .isEqualTo(Verdict.INSUFFICIENT_DATA);
  }

  @Test
  void aBrokenSplitOrASmallArmIsNotCompared() {
    ExperimentReading reading = new ExperimentReading(SETTINGS);
    ArmSums treatment = arm(700, 70);
    ArmSums control = arm(300, 60);

    ExperimentImpact fair = reading.read(arms(700, 300), "tickets:billing", treatment, control);
    assertThat(fair.verdict()).isEqualTo(Verdict.FEWER_TICKETS);
    assertThat(fair.lift()).isNotNull();

    // 300 of 1,000 held out against a declared 45%: z ≈ −9.5.
    ExperimentImpact mismatched =
        reading.read(
            MessageArms.of("m", 700, 300, 0.45 * 1000, 1000, ASSIGNED, AS_OF),
            "tickets:billing",
            treatment,
            control);
    assertThat(mismatched.verdict()).isEqualTo(Verdict.SRM);
    assertThat(mismatched.lift()).isNull();
    assertThat(mismatched.method()).isNull();
    assertThat(mismatched.controlValue()).isEqualTo(0.2);

    ExperimentImpact small = reading.read(arms(700, 300), "csat", treatment, arm(49, 10));
    assertThat(small.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
    assertThat(small.lift()).isNull();

    ExperimentImpact ctr = reading.read(arms(700, 300), "ctr", arm(200, 50), ArmSums.EMPTY);
    assertThat(ctr.verdict()).as("nothing to compare it with").isNull();
    assertThat(ctr.controlValue()).isNull();
    assertThat(ctr.treatmentValue()).isEqualTo(0.25);
  }

  private static MessageArms arms(long treatment, long control) {
    return MessageArms.of(
        "m", treatment, control, 0.3 * (treatment + control), treatment + control, ASSIGNED, AS_OF);
  }

  /** {@code n} people, {@code ones} of them with y = 1, the rest 0; d = 1, no covariate. */
  private static ArmSums arm(long n, long ones) {
    return new ArmSums(n, ones, ones, n, n, ones, 0, 0, 0, 0);
  }

  private static Verdict verdict(MetricKind kind, double low, double high) {
    return ExperimentReading.verdict(
        kind, new ExperimentEstimate(1, 1, (low + high) / 2, low, high, 0.5, "always_valid_delta"));
  }
}
