package io.proactiveinsights.testing;

import io.delta.tables.DeltaTable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A Delta table's rows as sorted strings, so two warehouses can be compared row for row.
 *
 * <p>Doubles are rendered to {@link #SIGNIFICANT_DIGITS} significant digits: a sum of doubles
 * depends on the order Spark adds the partial sums in, which depends on how the data was split
 * (local mode vs a cluster, 8 vs 2 partitions), so the last bits of a mean or a CUPED estimate
 * differ between two correct runs. Anything that differs in the first ten digits is a real
 * difference.
 */
public final class TableRows {

  static final int SIGNIFICANT_DIGITS = 10;
  private static final MathContext ROUNDING = new MathContext(SIGNIFICANT_DIGITS);

  private TableRows() {}

  /**
   * Every row of the Delta table at {@code path} (all partitions), each as its string, sorted; none
   * when no run created the table (tables written only when there is something to say, such as
   * {@code variant_stats}, or {@code bronze_ingested_files} without daily drops).
   */
  public static List<String> sorted(SparkSession spark, String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return List.of();
    }
    return sorted(spark.read().format("delta").load(path));
  }

  /** Every row of {@code rows}, each as its string, sorted. */
  public static List<String> sorted(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(TableRows::render).sorted().toList();
  }

  /** Fails naming the rows only one side has, when two warehouses' copies of a table differ. */
  public static void assertSameRows(String table, List<String> actual, List<String> expected) {
    org.assertj.core.api.Assertions.assertThat(actual)
        .as(
            "%s%n  only in the expected run: %s%n  only in this run: %s",
            table, missingFrom(expected, actual), missingFrom(actual, expected))
        .isEqualTo(expected);
  }

  /** Rows in {@code left} that {@code right} does not have (as a multiset), for a readable diff. */
  public static List<String> missingFrom(List<String> left, List<String> right) {
    List<String> remaining = new ArrayList<>(right);
    List<String> missing = new ArrayList<>();
    for (String row : left) {
      if (!remaining.remove(row)) {
        missing.add(row);
      }
    }
    return missing;
  }

  static String render(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Double d) {
      return d.isNaN() || d.isInfinite()
          ? d.toString()
          : new BigDecimal(d).round(ROUNDING).stripTrailingZeros().toString();
    }
    if (value instanceof Float f) {
      return render(f.doubleValue());
    }
    if (value instanceof Row row) {
      StringJoiner fields = new StringJoiner(",", "[", "]");
      for (int i = 0; i < row.length(); i++) {
        fields.add(render(row.get(i)));
      }
      return fields.toString();
    }
    if (value instanceof scala.collection.Map<?, ?> map) {
      StringJoiner entries = new StringJoiner(",", "{", "}");
      CollectionConverters.asJava(map).entrySet().stream()
          .map(e -> render(e.getKey()) + "->" + render(e.getValue()))
          .sorted()
          .forEach(entries::add);
      return entries.toString();
    }
    if (value instanceof scala.collection.Iterable<?> items) {
      StringJoiner elements = new StringJoiner(",", "(", ")");
      CollectionConverters.asJava(items).forEach(item -> elements.add(render(item)));
      return elements.toString();
    }
    return value.toString();
  }
}
