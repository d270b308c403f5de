package io.proactiveinsights.schema;

import java.util.Locale;

/**
 * Column names of {@code experiment_impact} (one row per message, metric and ds: a holdout
 * message's treatment arm against its control arm) and the closed sets its rows hold. The rows are
 * {@code experiments.ExperimentImpact} records; readers take the names and the verdicts from here.
 */
public final class ExperimentImpactColumns {

  public static final String MESSAGE_ID = "message_id";

  /** {@code tickets:<topic>}, {@code goal_rate}, {@code csat} or the format's primary metric. */
  public static final String METRIC = "metric";

  /** How the arms were formed: always {@link #RANDOMISED} here. */
  public static final String DESIGN = "design";

  /** Everyone assigned to the arm as of the run, whether they saw the message or not. */
  public static final String TREATMENT_USERS = "treatment_users";

  public static final String CONTROL_USERS = "control_users";

  /**
   * The people the metric's value rests on: the assigned people for tickets and goals, those who
   * rated a conversation for csat, the arm's viewers for the primary metric.
   */
  public static final String TREATMENT_UNITS = "treatment_units";

  public static final String CONTROL_UNITS = "control_units";

  public static final String TREATMENT_VALUE = "treatment_value";
  public static final String CONTROL_VALUE = "control_value";

  /** treatment_value / control_value − 1. */
  public static final String LIFT = "lift";

  /** The always-valid interval of the lift. */
  public static final String CI_LOW = "ci_low";

  public static final String CI_HIGH = "ci_high";
  public static final String P_VALUE = "p_value";

  /** Sample-ratio-mismatch test of the arms' sizes against the declared share. */
  public static final String SRM_P_VALUE = "srm_p_value";

  /** The mean declared holdout share of the assigned people. */
  public static final String EXPECTED_CONTROL_SHARE = "expected_control_share";

  /** Whole days from the message's first assignment to the as-of time, rounded up. */
  public static final String DAYS_RUN = "days_run";

  public static final String METHOD = "method";
  public static final String VERDICT = "verdict";

  /** The {@link #DESIGN} of every row: the arms come from a random assignment. */
  public static final String RANDOMISED = "randomised";

  /** The metric prefix of a topic's tickets: {@code tickets:billing}. */
  public static final String TICKETS_PREFIX = "tickets:";

  public static final String GOAL_RATE = "goal_rate";
  public static final String CSAT = "csat";

  /**
   * The {@link #METHOD} of a row whose metric only the treatment arm has (the format's primary
   * metric: the control arm never sees the message, so there is nothing to compare).
   */
  public static final String TREATMENT_ONLY = "treatment_only";

  /** What a row says about the message's effect on its metric; {@link #wire()} is stored. */
  public enum Verdict {
    /** Tickets: the whole interval of the lift lies below 0. */
    FEWER_TICKETS,
    /** Tickets: the whole interval lies above 0. */
    MORE_TICKETS,
    /** Goal rate or CSAT: the whole interval lies above 0. */
    BETTER,
    /** Goal rate or CSAT: the whole interval lies below 0. */
    WORSE,
    /** The interval holds 0 and lies within ±{@code NO_EFFECT_MARGIN} lift. */
    NO_EFFECT,
    /** The interval holds 0 and is too wide to rule out an effect worth having. */
    INCONCLUSIVE,
    /** The arms' sizes do not match the declared share: the assignment is broken, no lift. */
    SRM,
    /** An arm has fewer units than experiments.min_arm_users, or the control value is 0. */
    INSUFFICIENT_DATA;

    /** The largest lift, either way, that still counts as no effect. */
    public static final double NO_EFFECT_MARGIN = 0.10;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private ExperimentImpactColumns() {}
}
