package io.proactiveinsights.intercom;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_seconds;

import io.proactiveinsights.io.RawFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/** Column expressions over a record's JSON text, shared by the entity mappings. */
final class JsonFields {

  private JsonFields() {}

  static Column record() {
    return col(ExportRecords.RECORD);
  }

  /** The first of these JSON paths that has a value: exporters nest the same field differently. */
  static Column first(String... paths) {
    Column[] values =
        Arrays.stream(paths).map(p -> get_json_object(record(), p)).toArray(Column[]::new);
    return values.length == 1 ? values[0] : coalesce(values);
  }

  /** One key of a JSON object field as a string, whatever characters the key holds. */
  static Column key(Column objectJson, String key) {
    return from_json(
            objectJson, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
        .getItem(key);
  }

  /**
   * An ISO-8601 or epoch-seconds text as a timestamp, for ordering versions (the normaliser types
   * the outputs).
   */
  static Column instant(Column text) {
    return coalesce(
        text.try_cast(DataTypes.TimestampType),
        timestamp_seconds(text.try_cast(DataTypes.createDecimalType(24, 6))));
  }

  /**
   * The contract columns (as strings) followed by the columns every RawFrame carries, and any
   * mapping columns the report counts (the normaliser passes them over).
   */
  static Column[] frameColumns(List<String> contractColumns, String... reportColumns) {
    List<Column> out = new ArrayList<>();
    contractColumns.forEach(c -> out.add(col(c).cast(DataTypes.StringType).as(c)));
    Arrays.stream(reportColumns).forEach(c -> out.add(col(c)));
    out.add(col(RawFrame.SOURCE_FILE));
    out.add(col(RawFrame.RAW_RECORD));
    out.add(col(RawFrame.PARSE_ERROR));
    return out.toArray(Column[]::new);
  }

  static Column nullString() {
    return lit(null).cast(DataTypes.StringType);
  }
}
