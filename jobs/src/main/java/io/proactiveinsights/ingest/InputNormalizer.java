package io.proactiveinsights.ingest;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.io.InputDrops;
import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.schema.ColumnSpec;
import io.proactiveinsights.schema.InputTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Turns a {@link RawFrame} into the contract's typed columns and, per row, the reason it cannot be
 * accepted ({@link #REASON}, null for a good row). Pure: Spark column expressions only, no I/O.
 *
 * <p>Each reason names the field, quotes the bad value and says what was expected, e.g. {@code
 * occurred_at: '2024-13-01T10:00:00Z' is not a timestamp (expected ISO-8601 with an offset or Z, or
 * epoch seconds)}. A row with several problems lists them all, separated by "; ".
 *
 * <p>Rows of tables that arrive in daily drops also get {@link InputTable#DROP_DS}, the drop their
 * file came from ({@link InputDrops}).
 */
public final class InputNormalizer {

  /** Why a row is rejected; null when it is fine. */
  public static final String REASON = "_reason";

  /** Epoch values at or above this are milliseconds, not seconds (10^11 s is the year 5138). */
  private static final double EPOCH_SECONDS_LIMIT = 1e11;

  private static final int QUOTE_LIMIT = 80;

  private InputNormalizer() {}

  public static Dataset<Row> normalize(RawFrame frame, InputTable table) {
    StructType rawSchema = frame.rows().schema();
    List<Column> values = new ArrayList<>();
    List<Column> errors = new ArrayList<>();
    for (ColumnSpec spec : table.columns()) {
      Typed typed;
      if (frame.presentColumns().contains(spec.name())) {
        DataType sourceType = rawSchema.apply(spec.name()).dataType();
        typed = normalizeColumn(col(spec.name()), sourceType, spec);
      } else {
        typed = missingColumn(spec);
      }
      values.add(typed.value().cast(spec.sparkType()).as(spec.name()));
      errors.add(typed.error());
    }
    Column reasons = nullif(concat_ws("; ", errors.toArray(Column[]::new)), lit(""));
    Column reason = coalesce(col(RawFrame.PARSE_ERROR), reasons);

    List<Column> out = new ArrayList<>(values);
    if (table.arrivesInDrops()) {
      // From the file's path while every row still has it (checkRows keeps it on rejected rows
      // only).
      out.add(InputDrops.dropDsColumn(col(RawFrame.SOURCE_FILE), table).as(InputTable.DROP_DS));
    }
    out.add(col(RawFrame.SOURCE_FILE));
    out.add(col(RawFrame.RAW_RECORD));
    out.add(reason.as(REASON));
    return frame.rows().select(out.toArray(Column[]::new));
  }

  /**
   * A timestamp given as text the way the contract allows (epoch seconds, or ISO-8601 with an
   * offset or Z) as the instant it names; null when it is neither. For sources that need the
   * instant before ingest checks the row (to build an event id from it, or a first/last time).
   */
  public static Column parseTimestamp(Column text) {
    return timestamp(
            text, DataTypes.StringType, ColumnSpec.optional("timestamp", ColumnSpec.Kind.TIMESTAMP))
        .value();
  }

  /** A typed value and the error text for it (null when fine). */
  record Typed(Column value, Column error) {}

  private static Typed missingColumn(ColumnSpec spec) {
    Column value = defaultFor(spec);
    Column error =
        spec.required()
            ? lit(spec.name() + ": the file has no such column (it is required)")
            : nullString();
    return new Typed(value, error);
  }

  private static Column defaultFor(ColumnSpec spec) {
    return switch (spec.kind()) {
      case STRING_LIST -> array().cast(spec.sparkType());
      case STRING_MAP -> map().cast(spec.sparkType());
      default ->
          spec.defaultValue() == null ? lit(null).cast(spec.sparkType()) : lit(spec.defaultValue());
    };
  }

  static Typed normalizeColumn(Column raw, DataType sourceType, ColumnSpec spec) {
    Typed typed =
        switch (spec.kind()) {
          case STRING -> string(raw, sourceType, spec);
          case ENUM -> enumValue(raw, sourceType, spec);
          case TIMESTAMP -> timestamp(raw, sourceType, spec);
          case BOOLEAN -> bool(raw, sourceType, spec);
          case RATING -> rating(raw, sourceType, spec);
          case SHARE -> share(raw, sourceType, spec);
          case STRING_LIST -> stringList(raw, sourceType, spec);
          case STRING_MAP -> stringMap(raw, sourceType, spec);
        };
    if (spec.required()) {
      Column missing = lit(spec.name() + ": missing value (the column is required)");
      // The specific problem (bad timestamp, unknown value) says more than "missing".
      return new Typed(
          typed.value(), coalesce(typed.error(), when(typed.value().isNull(), missing)));
    }
    return typed;
  }

  private static Typed string(Column raw, DataType sourceType, ColumnSpec spec) {
    Column text = blankToNull(raw, sourceType);
    if (spec.foldCase()) {
      text = lower(text);
    }
    if (spec.defaultValue() != null) {
      text = coalesce(text, lit(spec.defaultValue()));
    }
    return new Typed(text, nullString());
  }

  private static Typed enumValue(Column raw, DataType sourceType, ColumnSpec spec) {
    Column text = blankToNull(raw, sourceType);
    Column folded = lower(text);
    Column known = folded.isin(spec.allowed().toArray());
    Column error =
        when(
            text.isNotNull().and(known.unary_$bang()),
            concat(
                lit(spec.name() + ": unknown value "),
                quote(text),
                lit(" (expected one of: " + String.join(", ", spec.allowed()) + ")")));
    return new Typed(when(known, folded), error);
  }

  private static Typed timestamp(Column raw, DataType sourceType, ColumnSpec spec) {
    if (sourceType instanceof TimestampType) {
      return new Typed(raw, nullString());
    }
    if (sourceType instanceof TimestampNTZType || sourceType instanceof DateType) {
      // A zone-less Parquet timestamp: the contract's instants are UTC, so read it as UTC.
      return new Typed(raw.cast(DataTypes.TimestampType), nullString());
    }
    if (sourceType instanceof NumericType) {
      Column seconds = raw.cast(DataTypes.createDecimalType(24, 6));
      Column tooBig = abs(seconds).geq(EPOCH_SECONDS_LIMIT);
      return new Typed(
          when(tooBig.unary_$bang(), timestamp_seconds(seconds)),
          when(
              tooBig,
              concat(
                  lit(spec.name() + ": "),
                  quote(raw.cast("string")),
                  lit(" looks like epoch milliseconds (expected epoch seconds)"))));
    }
    Column text = blankToNull(raw, sourceType);
    Column isEpoch = text.rlike("^-?[0-9]+(\\.[0-9]+)?$");
    Column seconds = text.try_cast(DataTypes.createDecimalType(24, 6));
    Column epochTooBig = isEpoch.and(coalesce(abs(seconds).geq(EPOCH_SECONDS_LIMIT), lit(true)));
    Column looksIso = text.rlike("^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}.*)?$");
    Column hasOffset = text.rlike("(?i)[0-9](z|[+-][0-9]{2}(:?[0-9]{2})?)$");
    Column iso = text.try_cast(DataTypes.TimestampType);
    Column value =
        when(isEpoch.and(epochTooBig.unary_$bang()), timestamp_seconds(seconds))
            .when(looksIso.and(hasOffset), iso);
    String prefix = spec.name() + ": ";
    Column error =
        when(text.isNull(), nullString())
            .when(
                epochTooBig,
                concat(
                    lit(prefix),
                    quote(text),
                    lit(" looks like epoch milliseconds (expected epoch seconds)")))
            .when(isEpoch, nullString())
            .when(
                looksIso.and(hasOffset.unary_$bang()).and(iso.isNotNull()),
                concat(
                    lit(prefix),
                    quote(text),
                    lit(" has no UTC offset (add Z or an offset such as +02:00)")))
            .when(looksIso.and(hasOffset).and(iso.isNotNull()), nullString())
            .otherwise(
                concat(
                    lit(prefix),
                    quote(text),
                    lit(
                        " is not a timestamp (expected ISO-8601 with an offset or Z, e.g."
                            + " 2024-05-01T10:00:00Z, or epoch seconds)")));
    return new Typed(value, error);
  }

  private static Typed bool(Column raw, DataType sourceType, ColumnSpec spec) {
    if (sourceType instanceof BooleanType) {
      return new Typed(raw, nullString());
    }
    Column text = lower(blankToNull(raw, sourceType));
    Column isTrue = text.isin("true", "t", "yes", "y", "1");
    Column isFalse = text.isin("false", "f", "no", "n", "0");
    Column value = when(isTrue, lit(true)).when(isFalse, lit(false));
    Column error =
        when(
            text.isNotNull().and(value.isNull()),
            concat(
                lit(spec.name() + ": "),
                quote(text),
                lit(" is not a boolean (expected true or false)")));
    return new Typed(value, error);
  }

  private static Typed rating(Column raw, DataType sourceType, ColumnSpec spec) {
    Column text =
        sourceType instanceof NumericType ? raw.cast("string") : blankToNull(raw, sourceType);
    Column number = text.try_cast(DataTypes.createDecimalType(20, 6));
    Column whole = number.equalTo(floor(number));
    Column inRange = number.between(ColumnSpec.RATING_MIN, ColumnSpec.RATING_MAX);
    String range = ColumnSpec.RATING_MIN + ".." + ColumnSpec.RATING_MAX;
    Column error =
        when(text.isNull(), nullString())
            .when(
                number.isNull().or(whole.unary_$bang()),
                concat(
                    lit(spec.name() + ": "),
                    quote(text),
                    lit(" is not a whole number (expected a rating " + range + ")")))
            .when(
                inRange.unary_$bang(),
                concat(lit(spec.name() + ": rating "), text, lit(" is out of range " + range)));
    return new Typed(when(whole.and(inRange), number.cast(DataTypes.IntegerType)), error);
  }

  private static Typed share(Column raw, DataType sourceType, ColumnSpec spec) {
    Column text =
        sourceType instanceof NumericType ? raw.cast("string") : blankToNull(raw, sourceType);
    Column number = text.try_cast(DataTypes.DoubleType);
    Column inRange = number.between(ColumnSpec.SHARE_MIN, ColumnSpec.SHARE_MAX);
    String range = fraction(ColumnSpec.SHARE_MIN) + ".." + fraction(ColumnSpec.SHARE_MAX);
    Column error =
        when(text.isNull(), nullString())
            .when(
                number.isNull().or(org.apache.spark.sql.functions.isnan(number)),
                concat(
                    lit(spec.name() + ": "),
                    quote(text),
                    lit(" is not a number (expected a share " + range + ")")))
            .when(
                inRange.unary_$bang(),
                concat(
                    lit(spec.name() + ": share "),
                    text,
                    lit(" is out of range " + range + " (at most half the audience is held out)")));
    return new Typed(when(inRange, number), error);
  }

  /** 0 and 0.5 as a person writes them, not 0.0. */
  private static String fraction(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static Typed stringList(Column raw, DataType sourceType, ColumnSpec spec) {
    Column items;
    Column error = nullString();
    if (sourceType instanceof ArrayType) {
      items = transform(raw, x -> x.cast("string"));
    } else {
      Column text = blankToNull(raw, sourceType);
      Column isJson = text.startsWith("[");
      Column fromJson = from_json(text, DataTypes.createArrayType(DataTypes.StringType));
      items = when(isJson, fromJson).otherwise(split(text, ";"));
      error =
          when(
              isJson.and(fromJson.isNull()),
              concat(
                  lit(spec.name() + ": "),
                  quote(text),
                  lit(" is not a JSON array of strings (or a ;-separated list)")));
    }
    Column cleaned = transform(items, x -> spec.foldCase() ? lower(trim(x)) : trim(x));
    Column nonEmpty = filter(cleaned, x -> x.isNotNull().and(x.notEqual("")));
    return new Typed(coalesce(nonEmpty, array().cast(spec.sparkType())), error);
  }

  private static Typed stringMap(Column raw, DataType sourceType, ColumnSpec spec) {
    MapType target = (MapType) spec.sparkType();
    if (sourceType instanceof MapType) {
      return new Typed(coalesce(raw.cast(target), map().cast(target)), nullString());
    }
    Column text = sourceType instanceof StructType ? to_json(raw) : blankToNull(raw, sourceType);
    Column parsed =
        from_json(text, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));
    Column error =
        when(
            text.isNotNull().and(parsed.isNull()),
            concat(
                lit(spec.name() + ": "), quote(text), lit(" is not a JSON object of attributes")));
    return new Typed(coalesce(parsed, map().cast(target)), error);
  }

  private static Column blankToNull(Column raw, DataType sourceType) {
    Column text = sourceType instanceof StringType ? raw : raw.cast("string");
    return nullif(trim(text), lit(""));
  }

  /** The value in single quotes, cut to a readable length. */
  private static Column quote(Column text) {
    return concat(
        lit("'"),
        substring(text, 1, QUOTE_LIMIT),
        when(org.apache.spark.sql.functions.length(text).gt(QUOTE_LIMIT), lit("…"))
            .otherwise(lit("")),
        lit("'"));
  }

  private static Column nullString() {
    return lit(null).cast(DataTypes.StringType);
  }
}
