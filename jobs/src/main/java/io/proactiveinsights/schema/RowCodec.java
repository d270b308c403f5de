package io.proactiveinsights.schema;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * How a record is stored as a row of an output table: the columns in table order, each with its
 * Spark type, whether it may be null and the record's value for it. The table's schema and the
 * record's row come from the same list, so they cannot drift apart, and Java values become Spark's
 * here once (Instant → Timestamp, LocalDate → Date, null stays null). The static getters read a row
 * back by column name, null as null.
 *
 * <p>An output table whose rows are a record keeps its column names, schema and codec beside that
 * record ({@code TopicImpact}, {@code CsatImpact}, {@code MessageFacts}, {@code HygieneFlag},
 * {@code Recommendation}: {@code SCHEMA}, {@code toRow()}, {@code fromRow(Row)}); a table written
 * straight from a Spark frame keeps its column names and schema in this package ({@code
 * MessageStatsColumns}, {@code SegmentsColumns}, {@code QuarantineColumns}).
 */
public final class RowCodec<T> {

  private final StructType schema;
  private final List<Function<T, Object>> values;

  private RowCodec(StructType schema, List<Function<T, Object>> values) {
    this.schema = schema;
    this.values = List.copyOf(values);
  }

  public static <T> Builder<T> builder() {
    return new Builder<>();
  }

  /** The table's columns without {@code ds}. */
  public StructType schema() {
    return schema;
  }

  /** The record as a row of {@link #schema()}; the row knows its column names. */
  public Row toRow(T record) {
    Object[] row = new Object[values.size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = values.get(i).apply(record);
    }
    return new GenericRowWithSchema(row, schema);
  }

  /**
   * A part of the record that may be absent, and a value of it: null when the part is. Lets a
   * column of an optional part say what it holds without guarding against null itself.
   */
  public static <T, P, V> Function<T, V> ofPart(Function<T, P> part, Function<P, V> value) {
    return record -> {
      P p = part.apply(record);
      return p == null ? null : value.apply(p);
    };
  }

  /** Adds columns in table order. */
  public static final class Builder<T> {

    private final List<StructField> fields = new ArrayList<>();
    private final List<Function<T, Object>> values = new ArrayList<>();

    private Builder() {}

    public Builder<T> string(String name, boolean nullable, Function<T, String> value) {
      return add(name, DataTypes.StringType, nullable, value::apply);
    }

    public Builder<T> integer(String name, boolean nullable, Function<T, Integer> value) {
      return add(name, DataTypes.IntegerType, nullable, value::apply);
    }

    public Builder<T> longs(String name, boolean nullable, Function<T, Long> value) {
      return add(name, DataTypes.LongType, nullable, value::apply);
    }

    public Builder<T> doubles(String name, boolean nullable, Function<T, Double> value) {
      return add(name, DataTypes.DoubleType, nullable, value::apply);
    }

    public Builder<T> booleans(String name, boolean nullable, Function<T, Boolean> value) {
      return add(name, DataTypes.BooleanType, nullable, value::apply);
    }

    public Builder<T> timestamp(String name, boolean nullable, Function<T, Instant> value) {
      return add(
          name,
          DataTypes.TimestampType,
          nullable,
          record -> {
            Instant instant = value.apply(record);
            return instant == null ? null : Timestamp.from(instant);
          });
    }

    public Builder<T> date(String name, boolean nullable, Function<T, LocalDate> value) {
      return add(
          name,
          DataTypes.DateType,
          nullable,
          record -> {
            LocalDate day = value.apply(record);
            return day == null ? null : Date.valueOf(day);
          });
    }

    public RowCodec<T> build() {
      return new RowCodec<>(new StructType(fields.toArray(StructField[]::new)), values);
    }

    private Builder<T> add(
        String name, DataType type, boolean nullable, Function<T, Object> value) {
      fields.add(DataTypes.createStructField(name, type, nullable));
      values.add(value);
      return this;
    }
  }

  public static String string(Row row, String column) {
    return row.getAs(column);
  }

  /** A count column that is never null. */
  public static long longValue(Row row, String column) {
    return ((Number) row.getAs(column)).longValue();
  }

  public static Long nullableLong(Row row, String column) {
    Number n = row.getAs(column);
    return n == null ? null : n.longValue();
  }

  public static int intValue(Row row, String column) {
    return ((Number) row.getAs(column)).intValue();
  }

  public static Double nullableDouble(Row row, String column) {
    Number n = row.getAs(column);
    return n == null ? null : n.doubleValue();
  }

  public static Boolean nullableBoolean(Row row, String column) {
    return row.getAs(column);
  }

  public static Instant instant(Row row, String column) {
    Timestamp t = row.getAs(column);
    return t == null ? null : t.toInstant();
  }

  public static LocalDate date(Row row, String column) {
    Date d = row.getAs(column);
    return d == null ? null : d.toLocalDate();
  }

  /** A column holding an enum constant's name in lower case (its {@code wire()} spelling). */
  public static <E extends Enum<E>> E wire(Row row, String column, Class<E> type) {
    String value = row.getAs(column);
    return value == null ? null : Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
  }
}
