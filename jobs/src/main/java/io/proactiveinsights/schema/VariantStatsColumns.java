package io.proactiveinsights.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Column names and schema of {@code variant_stats}: one row per message, A/B variant and ds, for
 * messages whose exposures carry two or more {@code variant_id}s over the metrics window. Each
 * variant's receivers and its primary metric (the format's, as in {@code message_stats}) as people
 * counts and a rate, and for every variant but the reference its difference in rate from the
 * reference with a 95% interval and a p-value. The test is fixed-horizon: read once at the end of
 * the test, not every day (docs/outputs.md, "A/B variants").
 */
public final class VariantStatsColumns {

  public static final String MESSAGE_ID = MessageStatsColumns.MESSAGE_ID;
  public static final String VARIANT_ID = InputTable.VARIANT_ID;

  /** Distinct people who received this variant in the window. */
  public static final String RECEIVERS = MessageStatsColumns.RECEIVERS;

  /** The message's primary rate column in message_stats: ctr, reply_rate or completion_rate. */
  public static final String PRIMARY_METRIC = MessageStatsColumns.PRIMARY_METRIC;

  /** The people the primary rate is a share of: the variant's viewers, for every primary metric. */
  public static final String PRIMARY_BASE = "primary_base";

  /** The people of the primary metric among {@link #PRIMARY_BASE} (clickers among viewers, …). */
  public static final String PRIMARY_PEOPLE = "primary_people";

  /** primary_people / primary_base; null when nobody is in the base. */
  public static final String PRIMARY_RATE = MessageStatsColumns.PRIMARY_RATE;

  /** The variant the others are compared with: the most receivers, ties to the smallest id. */
  public static final String IS_REFERENCE = "is_reference";

  /** This variant's primary rate minus the reference's; null for the reference itself. */
  public static final String DIFF_VS_REFERENCE = "diff_vs_reference";

  /** 95% unpooled Wald interval of {@link #DIFF_VS_REFERENCE}. */
  public static final String DIFF_CI_LOW = "diff_ci_low";

  public static final String DIFF_CI_HIGH = "diff_ci_high";

  /** Two-sided p-value of "same rate as the reference" (pooled two-proportion z-test). */
  public static final String P_VALUE = "p_value";

  public static final String WINDOW_START = MessageStatsColumns.WINDOW_START;
  public static final String WINDOW_END = MessageStatsColumns.WINDOW_END;

  /** The {@code method} the report names: what the interval and p-value are. */
  public static final String METHOD = "method";

  /** The {@link #METHOD} of every row. */
  public static final String FIXED_HORIZON = "fixed_horizon_two_proportion";

  /** The table's columns, in order, before the {@code ds} partition column. */
  public static final StructType SCHEMA =
      new StructType()
          .add(MESSAGE_ID, DataTypes.StringType, false)
          .add(VARIANT_ID, DataTypes.StringType, false)
          .add(RECEIVERS, DataTypes.LongType, false)
          .add(PRIMARY_METRIC, DataTypes.StringType, false)
          .add(PRIMARY_BASE, DataTypes.LongType, false)
          .add(PRIMARY_PEOPLE, DataTypes.LongType, false)
          .add(PRIMARY_RATE, DataTypes.DoubleType, true)
          .add(IS_REFERENCE, DataTypes.BooleanType, false)
          .add(DIFF_VS_REFERENCE, DataTypes.DoubleType, true)
          .add(DIFF_CI_LOW, DataTypes.DoubleType, true)
          .add(DIFF_CI_HIGH, DataTypes.DoubleType, true)
          .add(P_VALUE, DataTypes.DoubleType, true)
          .add(METHOD, DataTypes.StringType, false)
          .add(WINDOW_START, DataTypes.TimestampType, false)
          .add(WINDOW_END, DataTypes.TimestampType, false);

  private VariantStatsColumns() {}
}
