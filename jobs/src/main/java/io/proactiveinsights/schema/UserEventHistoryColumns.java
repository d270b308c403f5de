package io.proactiveinsights.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code bronze_user_event_history} table: one row per person, product event name and ds,
 * summarising every {@code user_events} row the inputs held before the as-of time of ds — not only
 * the lookback window that {@code bronze_user_events} keeps — and the summaries a source gives of
 * events it no longer lists (Intercom's {@code event.summary}). Audience rules read their {@code
 * event.X} conditions from it, so {@code NEVER} means never.
 */
public final class UserEventHistoryColumns {

  public static final String USER_ID = "user_id";
  public static final String EVENT_NAME = "event_name";

  /** The person's earliest event of that name. */
  public static final String FIRST_AT = "first_at";

  /** The person's latest event of that name before the as-of time. */
  public static final String LAST_AT = "last_at";

  /**
   * How many accepted input rows of that person and name (user_events has no key: each row is one
   * event), or the source's own count when it summarises more than it lists (Intercom's {@code
   * event.summary}); null when only such a summary, exported after the as-of time, knows of it.
   */
  public static final String EVENT_COUNT = "event_count";

  /**
   * The table's columns without {@code ds}, as readers see them (nullable, like the bronze
   * tables').
   */
  public static final StructType SCHEMA =
      new StructType()
          .add(USER_ID, DataTypes.StringType, true)
          .add(EVENT_NAME, DataTypes.StringType, true)
          .add(FIRST_AT, DataTypes.TimestampType, true)
          .add(LAST_AT, DataTypes.TimestampType, true)
          .add(EVENT_COUNT, DataTypes.LongType, true);

  /** As written: {@link #SCHEMA} plus {@code ds}. */
  public static final StructType BRONZE_SCHEMA =
      SCHEMA.add(InputTable.DS, DataTypes.DateType, false);

  private UserEventHistoryColumns() {}
}
