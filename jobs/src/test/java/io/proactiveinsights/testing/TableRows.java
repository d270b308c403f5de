package io.proactiveinsights.testing;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A Delta table's rows as sorted strings, so two warehouses can be compared row for row. */
public final class TableRows {

  private TableRows() {}

  /** Every row of the Delta table at {@code path} (all partitions), each as its string, sorted. */
  public static List<String> sorted(SparkSession spark, String path) {
    return spark.read().format("delta").load(path).collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
