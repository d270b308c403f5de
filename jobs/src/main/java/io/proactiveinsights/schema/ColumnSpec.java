package io.proactiveinsights.schema;

import io.proactiveinsights.delivery.holdout.HoldoutArm;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * One column of an input table as the contract defines it: its name, what kind of value it holds,
 * whether a row without it is rejected, and (for enums) the allowed values.
 */
public record ColumnSpec(
    String name,
    Kind kind,
    boolean required,
    List<String> allowed,
    boolean foldCase,
    String defaultValue) {

  /** The kinds of value the contract uses; each has one normaliser in ingest. */
  public enum Kind {
    STRING(DataTypes.StringType),
    ENUM(DataTypes.StringType),
    TIMESTAMP(DataTypes.TimestampType),
    BOOLEAN(DataTypes.BooleanType),
    RATING(DataTypes.IntegerType),
    STRING_LIST(DataTypes.createArrayType(DataTypes.StringType, true)),
    STRING_MAP(DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true)),
    /** A holdout share: a number in {@link #SHARE_MIN}..{@link #SHARE_MAX}. */
    SHARE(DataTypes.DoubleType);

    private final DataType sparkType;

    Kind(DataType sparkType) {
      this.sparkType = sparkType;
    }

    public DataType sparkType() {
      return sparkType;
    }
  }

  /** CSAT ratings are whole numbers in 1..5. */
  public static final int RATING_MIN = 1;

  public static final int RATING_MAX = 5;

  /** Holdout shares are fractions of an audience, at most half of it (see HoldoutArm). */
  public static final double SHARE_MIN = 0;

  public static final double SHARE_MAX = HoldoutArm.MAX_SHARE;

  public static ColumnSpec required(String name, Kind kind) {
    return new ColumnSpec(name, kind, true, List.of(), false, null);
  }

  public static ColumnSpec optional(String name, Kind kind) {
    return new ColumnSpec(name, kind, false, List.of(), false, null);
  }

  public static ColumnSpec requiredEnum(String name, List<String> allowed) {
    return new ColumnSpec(name, Kind.ENUM, true, List.copyOf(allowed), true, null);
  }

  public static ColumnSpec optionalEnum(String name, List<String> allowed) {
    return new ColumnSpec(name, Kind.ENUM, false, List.copyOf(allowed), true, null);
  }

  /** Topics are matched across tables, so they are trimmed and lower-cased on the way in. */
  public ColumnSpec caseFolded() {
    return new ColumnSpec(name, kind, required, allowed, true, defaultValue);
  }

  /**
   * The value an empty optional string column takes (a conversation without topic is
   * "unclassified").
   */
  public ColumnSpec defaultingTo(String value) {
    return new ColumnSpec(name, kind, required, allowed, foldCase, value);
  }

  public DataType sparkType() {
    return kind.sparkType();
  }
}
