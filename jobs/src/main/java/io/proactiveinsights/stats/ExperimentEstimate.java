package io.proactiveinsights.stats;

/**
 * One metric of one experiment: each arm's value and the treatment's relative lift over control,
 * with an always-valid interval and p-value. Built by {@link ExperimentComparison}.
 *
 * @param treatmentValue Σy/Σd in treatment (CUPED-adjusted when the method says so); 0 when the arm
 *     has no one or no time at risk
 * @param controlValue the same in control
 * @param lift treatmentValue / controlValue − 1; null when it cannot be estimated (see method)
 * @param ciLow lower bound of the always-valid interval on the lift; null with no lift or no
 *     variance
 * @param ciHigh upper bound
 * @param pValue always-valid p-value of "no lift"; null with no lift or no variance
 * @param method how the row was estimated, one of the {@code ExperimentComparison.METHOD_*} values:
 *     {@code always_valid_delta}, {@code always_valid_delta_cuped}, {@code insufficient_data} or
 *     {@code no_variance}
 */
public record ExperimentEstimate(
    double treatmentValue,
    double controlValue,
    Double lift,
    Double ciLow,
    Double ciHigh,
    Double pValue,
    String method) {

  /** Whether the interval lies wholly above or below 0: the lift is established. */
  public boolean excludesZero() {
    return ciLow != null && (ciLow > 0 || ciHigh < 0);
  }
}
