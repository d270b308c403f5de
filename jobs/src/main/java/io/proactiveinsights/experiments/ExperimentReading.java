package io.proactiveinsights.experiments;

import io.proactiveinsights.config.ProactiveConfig.ExperimentSettings;
import io.proactiveinsights.metrics.PrimaryMetric;
import io.proactiveinsights.schema.ExperimentImpactColumns;
import io.proactiveinsights.schema.ExperimentImpactColumns.Verdict;
import io.proactiveinsights.stats.ArmSums;
import io.proactiveinsights.stats.ExperimentComparison;
import io.proactiveinsights.stats.ExperimentEstimate;
import java.util.Arrays;

/**
 * Reads one metric of one holdout message from its arms' sums: the statistics' comparison, then the
 * verdict a support lead acts on. Plain Java: the sums come from {@link ArmAggregates}.
 *
 * <p>In order: a split that fails the sample-ratio-mismatch test ({@code
 * experiments.srm_max_p_value}) is {@link Verdict#SRM} and gets no lift, whatever the metric; an
 * arm with fewer units than {@code experiments.min_arm_users} is {@link Verdict#INSUFFICIENT_DATA};
 * otherwise the lift's always-valid interval decides: wholly below or above 0 is an effect (fewer
 * or more tickets; better or worse for goals and CSAT, where more is better), inside ±{@link
 * Verdict#NO_EFFECT_MARGIN} is {@link Verdict#NO_EFFECT}, else {@link Verdict#INCONCLUSIVE}.
 */
public final class ExperimentReading {

  /** What a metric measures, which decides how it is compared and read. */
  enum MetricKind {
    /** Tickets per person-day at risk: fewer is better; CUPED on the pre-period tickets. */
    TICKETS(true),
    /** Share of people who did the goal: more is better; CUPED on the pre-period goal. */
    GOAL_RATE(true),
    /** Mean rating per rated conversation: more is better; no pre-period covariate. */
    CSAT(false),
    /** The format's primary metric: the control arm never sees the message, nothing to compare. */
    TREATMENT_ONLY(false);

    private final boolean cuped;

    MetricKind(boolean cuped) {
      this.cuped = cuped;
    }

    static MetricKind of(String metric) {
      if (metric.startsWith(ExperimentImpactColumns.TICKETS_PREFIX)) {
        return TICKETS;
      }
      if (metric.equals(ExperimentImpactColumns.GOAL_RATE)) {
        return GOAL_RATE;
      }
      if (metric.equals(ExperimentImpactColumns.CSAT)) {
        return CSAT;
      }
      if (Arrays.stream(PrimaryMetric.values()).anyMatch(p -> p.column().equals(metric))) {
        return TREATMENT_ONLY;
      }
      throw new IllegalArgumentException(
          "Cannot read experiment metric " + metric + ": it is no metric experiment_impact knows");
    }
  }

  private final ExperimentSettings settings;

  public ExperimentReading(ExperimentSettings settings) {
    this.settings = settings;
  }

  /** The {@code experiment_impact} row of {@code metric}; an arm without units is empty. */
  public ExperimentImpact read(
      MessageArms arms, String metric, ArmSums treatment, ArmSums control) {
    MetricKind kind = MetricKind.of(metric);
    if (kind == MetricKind.TREATMENT_ONLY) {
      return treatmentOnly(arms, metric, treatment);
    }
    Verdict refused = refusal(arms, treatment.n(), control.n());
    if (refused != null) {
      return new ExperimentImpact(
          arms,
          metric,
          treatment.n(),
          control.n(),
          value(treatment),
          value(control),
          null,
          null,
          null,
          null,
          null,
          refused);
    }
    ExperimentEstimate estimate =
        ExperimentComparison.of(
            treatment, control, kind.cuped, settings.alpha(), settings.sequentialTuningUsers());
    return new ExperimentImpact(
        arms,
        metric,
        treatment.n(),
        control.n(),
        estimate.treatmentValue(),
        estimate.controlValue(),
        estimate.lift(),
        estimate.ciLow(),
        estimate.ciHigh(),
        estimate.pValue(),
        estimate.method(),
        verdict(kind, estimate));
  }

  /**
   * The treatment arm's value alone, with the arms' checks: a broken split or too few viewers still
   * say so; otherwise no verdict.
   */
  private ExperimentImpact treatmentOnly(MessageArms arms, String metric, ArmSums treatment) {
    return new ExperimentImpact(
        arms,
        metric,
        treatment.n(),
        0,
        value(treatment),
        null,
        null,
        null,
        null,
        null,
        ExperimentImpactColumns.TREATMENT_ONLY,
        refusal(arms, treatment.n(), Long.MAX_VALUE));
  }

  /** Why the arms are not compared ({@link Verdict#SRM}, too few units), or null. */
  private Verdict refusal(MessageArms arms, long treatmentUnits, long controlUnits) {
    if (arms.mismatched(settings.srmMaxPValue())) {
      return Verdict.SRM;
    }
    if (Math.min(treatmentUnits, controlUnits) < settings.minArmUsers()) {
      return Verdict.INSUFFICIENT_DATA;
    }
    return null;
  }

  static Verdict verdict(MetricKind kind, ExperimentEstimate estimate) {
    if (estimate.lift() == null) {
      return Verdict.INSUFFICIENT_DATA;
    }
    if (estimate.ciLow() == null) {
      // Everyone in both arms alike: a lift, but no interval to judge it by.
      return Verdict.INCONCLUSIVE;
    }
    boolean fewerIsBetter = kind == MetricKind.TICKETS;
    if (estimate.ciHigh() < 0) {
      return fewerIsBetter ? Verdict.FEWER_TICKETS : Verdict.WORSE;
    }
    if (estimate.ciLow() > 0) {
      return fewerIsBetter ? Verdict.MORE_TICKETS : Verdict.BETTER;
    }
    if (estimate.ciLow() >= -Verdict.NO_EFFECT_MARGIN
        && estimate.ciHigh() <= Verdict.NO_EFFECT_MARGIN) {
      return Verdict.NO_EFFECT;
    }
    return Verdict.INCONCLUSIVE;
  }

  private static double value(ArmSums arm) {
    return arm.sumD() > 0 ? arm.sumY() / arm.sumD() : 0.0;
  }
}
