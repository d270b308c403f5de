package io.proactiveinsights.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Columns of the {@code segments} table (one row per segment, user and ds) and of the user
 * dictionary the serving snapshot is built from.
 */
public final class SegmentsColumns {

  /** The message whose audience the segment is (segment_id = message_id). */
  public static final String SEGMENT_ID = "segment_id";

  public static final String USER_ID = "user_id";

  /** The audience rule as written in the catalogue. */
  public static final String RULE = "rule";

  /**
   * The person's holdout arm ({@link Vocabulary.Arm}) for a message with a holdout; null for a
   * message without one. Control members are in the table but not served (the serving snapshot
   * holds them out).
   */
  public static final String ARM = "arm";

  /** Dense 0-based index of a user id in the dictionary (user ids in UTF-8 byte order). */
  public static final String USER_INDEX = "user_index";

  /** The table's columns without {@code ds}. */
  public static final StructType SCHEMA =
      new StructType()
          .add(SEGMENT_ID, DataTypes.StringType, true)
          .add(USER_ID, DataTypes.StringType, true)
          .add(RULE, DataTypes.StringType, true)
          .add(ARM, DataTypes.StringType, true);

  private SegmentsColumns() {}
}
