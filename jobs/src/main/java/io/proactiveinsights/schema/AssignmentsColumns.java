package io.proactiveinsights.schema;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Columns of the {@code assignments} output: who is in which arm of each message's holdout, one row
 * per message and person, written once and never changed. Not partitioned by ds: an assignment is a
 * fact about a person, made by the first segments run that needed it (or given by the source).
 */
public final class AssignmentsColumns {

  public static final String MESSAGE_ID = "message_id";
  public static final String USER_ID = "user_id";

  /** {@link Vocabulary.Arm}: treatment or control. */
  public static final String ARM = "arm";

  /**
   * When the arm was given: for the jobs' own holdouts, the as-of instant (end of D, UTC) of the
   * segments run that first put the person in the audience; for given arms, the source's time.
   */
  public static final String ASSIGNED_AT = "assigned_at";

  /** {@link Source}: who gave the arm. */
  public static final String SOURCE = "source";

  /**
   * The message's holdout share when the arm was given (null for a given arm of a message the
   * catalogue does not hold): the share to check the arms' sizes against, since a later edit of the
   * share applies only to people assigned after it.
   */
  public static final String HOLDOUT_SHARE = "holdout_share";

  /** Who gave an arm. */
  public enum Source {
    /** The segments job, by the hash of message and person ({@code HoldoutArm}). */
    HOLDOUT,
    /** The source's own control group, from the {@code assignments} input. */
    INPUT;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The key: one row per message and person. */
  public static final List<String> KEY = List.of(MESSAGE_ID, USER_ID);

  public static final StructType SCHEMA =
      new StructType()
          .add(MESSAGE_ID, DataTypes.StringType, false)
          .add(USER_ID, DataTypes.StringType, false)
          .add(ARM, DataTypes.StringType, false)
          .add(ASSIGNED_AT, DataTypes.TimestampType, false)
          .add(SOURCE, DataTypes.StringType, false)
          .add(HOLDOUT_SHARE, DataTypes.DoubleType, true);

  private AssignmentsColumns() {}
}
