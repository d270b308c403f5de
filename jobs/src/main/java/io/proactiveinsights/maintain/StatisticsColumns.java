package io.proactiveinsights.maintain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Which columns of a Delta table keep file statistics (min/max, null count), from the table's
 * properties and schema, by Delta's own rules: the columns {@code delta.dataSkippingStatsColumns}
 * lists when it is set; otherwise the first {@code delta.dataSkippingNumIndexedCols} leaf columns
 * of the data schema (partition columns left out; 32 by default, a negative number: all). Delta
 * refuses to Z-order by a column without statistics ({@code
 * DELTA_ZORDERING_ON_COLUMN_WITHOUT_STATS}): clustering by it would help no reader, since file
 * skipping works from those statistics.
 *
 * <p>Pure: no Spark session, no I/O.
 */
public final class StatisticsColumns {

  public static final String STATS_COLUMNS = "delta.dataSkippingStatsColumns";
  public static final String NUM_INDEXED_COLS = "delta.dataSkippingNumIndexedCols";

  /** Delta's default of {@code delta.dataSkippingNumIndexedCols}. */
  public static final int DEFAULT_NUM_INDEXED_COLS = 32;

  private StatisticsColumns() {}

  /**
   * Why top-level column {@code column} of a table with data schema {@code dataSchema} (partition
   * columns removed) and table properties {@code properties} keeps no statistics, or empty when it
   * keeps them.
   */
  public static Optional<String> whyNoStatistics(
      StructType dataSchema, Map<String, String> properties, String column) {
    String statsColumns = properties.get(STATS_COLUMNS);
    if (statsColumns != null) {
      for (String listed : statsColumns.split(",")) {
        if (unquote(listed).equalsIgnoreCase(column)) {
          return Optional.empty();
        }
      }
      return Optional.of(
          "the table keeps statistics only on the columns "
              + STATS_COLUMNS
              + " lists ("
              + statsColumns
              + "), not on "
              + column);
    }
    int indexed =
        Integer.parseInt(
            properties
                .getOrDefault(NUM_INDEXED_COLS, String.valueOf(DEFAULT_NUM_INDEXED_COLS))
                .trim());
    int position = leafPosition(dataSchema, column);
    if (indexed >= 0 && position > indexed) {
      return Optional.of(
          column
              + " is leaf column "
              + position
              + " of the table, and statistics are kept on the first "
              + indexed
              + " ("
              + NUM_INDEXED_COLS
              + ")");
    }
    return Optional.empty();
  }

  /**
   * The 1-based position of {@code column}'s first leaf among the schema's leaf columns (a struct
   * counts as its fields), the order Delta truncates statistics in.
   */
  private static int leafPosition(StructType schema, String column) {
    int leavesBefore = 0;
    for (StructField field : schema.fields()) {
      if (field.name().equalsIgnoreCase(column)) {
        return leavesBefore + 1;
      }
      leavesBefore += leaves(field);
    }
    throw new IllegalArgumentException("no column " + column + " in " + schema.simpleString());
  }

  private static int leaves(StructField field) {
    if (field.dataType() instanceof StructType struct) {
      int n = 0;
      for (StructField child : struct.fields()) {
        n += leaves(child);
      }
      return n;
    }
    return 1;
  }

  /** A name of the list as Delta parses it: trimmed, backquotes removed. */
  private static String unquote(String name) {
    String trimmed = name.trim();
    if (trimmed.length() >= 2 && trimmed.startsWith("`") && trimmed.endsWith("`")) {
      return trimmed.substring(1, trimmed.length() - 1).replace("``", "`");
    }
    return trimmed;
  }

  /** The data schema: {@code schema} without {@code partitionColumns}. */
  public static StructType dataSchema(StructType schema, List<String> partitionColumns) {
    List<StructField> fields = new ArrayList<>();
    for (StructField field : schema.fields()) {
      if (partitionColumns.stream().noneMatch(p -> p.equalsIgnoreCase(field.name()))) {
        fields.add(field);
      }
    }
    return new StructType(fields.toArray(StructField[]::new));
  }
}
