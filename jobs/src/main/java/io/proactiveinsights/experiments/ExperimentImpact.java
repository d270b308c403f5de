package io.proactiveinsights.experiments;

import static io.proactiveinsights.schema.ExperimentImpactColumns.CI_HIGH;
import static io.proactiveinsights.schema.ExperimentImpactColumns.CI_LOW;
import static io.proactiveinsights.schema.ExperimentImpactColumns.CONTROL_UNITS;
import static io.proactiveinsights.schema.ExperimentImpactColumns.CONTROL_USERS;
import static io.proactiveinsights.schema.ExperimentImpactColumns.CONTROL_VALUE;
import static io.proactiveinsights.schema.ExperimentImpactColumns.DAYS_RUN;
import static io.proactiveinsights.schema.ExperimentImpactColumns.DESIGN;
import static io.proactiveinsights.schema.ExperimentImpactColumns.EXPECTED_CONTROL_SHARE;
import static io.proactiveinsights.schema.ExperimentImpactColumns.LIFT;
import static io.proactiveinsights.schema.ExperimentImpactColumns.MESSAGE_ID;
import static io.proactiveinsights.schema.ExperimentImpactColumns.METHOD;
import static io.proactiveinsights.schema.ExperimentImpactColumns.METRIC;
import static io.proactiveinsights.schema.ExperimentImpactColumns.P_VALUE;
import static io.proactiveinsights.schema.ExperimentImpactColumns.SRM_P_VALUE;
import static io.proactiveinsights.schema.ExperimentImpactColumns.TREATMENT_UNITS;
import static io.proactiveinsights.schema.ExperimentImpactColumns.TREATMENT_USERS;
import static io.proactiveinsights.schema.ExperimentImpactColumns.TREATMENT_VALUE;
import static io.proactiveinsights.schema.ExperimentImpactColumns.VERDICT;
import static io.proactiveinsights.schema.RowCodec.longValue;
import static io.proactiveinsights.schema.RowCodec.nullableDouble;
import static io.proactiveinsights.schema.RowCodec.string;
import static io.proactiveinsights.schema.RowCodec.wire;

import io.proactiveinsights.schema.ExperimentImpactColumns;
import io.proactiveinsights.schema.ExperimentImpactColumns.Verdict;
import io.proactiveinsights.schema.RowCodec;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * One row of {@code experiment_impact}: a holdout message's treatment arm against its control arm
 * on one metric, as of a ds. The column names are in {@link ExperimentImpactColumns}; the schema
 * and the row codec are here.
 *
 * @param arms the message's arms: their sizes, declared share, SRM p-value and days run
 * @param metric {@code tickets:<topic>}, {@code goal_rate}, {@code csat} or the format's primary
 *     metric
 * @param treatmentUnits the people the treatment value rests on (see {@link
 *     ExperimentImpactColumns#TREATMENT_UNITS})
 * @param treatmentValue Σy/Σd over the treatment arm (CUPED-adjusted when the method says so)
 * @param controlValue the same over control; null for a treatment-only metric
 * @param lift treatment/control − 1; null when not compared
 * @param method how the lift was estimated ({@code ExperimentComparison.METHOD_*}), {@link
 *     ExperimentImpactColumns#TREATMENT_ONLY}, or null when the arms were not compared (srm, too
 *     few people)
 * @param verdict null for a treatment-only metric that the arms' checks let through: there is
 *     nothing to compare it with
 */
public record ExperimentImpact(
    MessageArms arms,
    String metric,
    long treatmentUnits,
    long controlUnits,
    double treatmentValue,
    Double controlValue,
    Double lift,
    Double ciLow,
    Double ciHigh,
    Double pValue,
    String method,
    Verdict verdict) {

  private static final RowCodec<ExperimentImpact> CODEC =
      RowCodec.<ExperimentImpact>builder()
          .string(MESSAGE_ID, false, e -> e.arms().messageId())
          .string(METRIC, false, ExperimentImpact::metric)
          .string(DESIGN, false, e -> ExperimentImpactColumns.RANDOMISED)
          .longs(TREATMENT_USERS, false, e -> e.arms().treatmentUsers())
          .longs(CONTROL_USERS, false, e -> e.arms().controlUsers())
          .longs(TREATMENT_UNITS, false, ExperimentImpact::treatmentUnits)
          .longs(CONTROL_UNITS, false, ExperimentImpact::controlUnits)
          .doubles(TREATMENT_VALUE, false, ExperimentImpact::treatmentValue)
          .doubles(CONTROL_VALUE, true, ExperimentImpact::controlValue)
          .doubles(LIFT, true, ExperimentImpact::lift)
          .doubles(CI_LOW, true, ExperimentImpact::ciLow)
          .doubles(CI_HIGH, true, ExperimentImpact::ciHigh)
          .doubles(P_VALUE, true, ExperimentImpact::pValue)
          .doubles(SRM_P_VALUE, true, e -> e.arms().srmPValue())
          .doubles(EXPECTED_CONTROL_SHARE, true, e -> e.arms().expectedControlShare())
          .longs(DAYS_RUN, false, e -> e.arms().daysRun())
          .string(METHOD, true, ExperimentImpact::method)
          .string(VERDICT, true, e -> e.verdict() == null ? null : e.verdict().wire())
          .build();

  /** The table's columns without {@code ds}. */
  public static final StructType SCHEMA = CODEC.schema();

  /** The row in {@link #SCHEMA} order. */
  public Row toRow() {
    return CODEC.toRow(this);
  }

  /** An {@code experiment_impact} row as the experiments job wrote it. */
  public static ExperimentImpact fromRow(Row r) {
    return new ExperimentImpact(
        new MessageArms(
            string(r, MESSAGE_ID),
            longValue(r, TREATMENT_USERS),
            longValue(r, CONTROL_USERS),
            nullableDouble(r, EXPECTED_CONTROL_SHARE),
            nullableDouble(r, SRM_P_VALUE),
            longValue(r, DAYS_RUN)),
        string(r, METRIC),
        longValue(r, TREATMENT_UNITS),
        longValue(r, CONTROL_UNITS),
        nullableDouble(r, TREATMENT_VALUE),
        nullableDouble(r, CONTROL_VALUE),
        nullableDouble(r, LIFT),
        nullableDouble(r, CI_LOW),
        nullableDouble(r, CI_HIGH),
        nullableDouble(r, P_VALUE),
        string(r, METHOD),
        wire(r, VERDICT, Verdict.class));
  }
}
