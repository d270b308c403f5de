package io.proactiveinsights.io;

import io.proactiveinsights.schema.InputTable;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes a run's rows for one logical date into a {@code ds}-partitioned Delta table, replacing
 * that date's rows atomically ({@code replaceWhere}) and nothing else. A rerun of D replaces D; a
 * run of D-1 after D writes D-1 and leaves D alone. (Delta's idempotent-writes options,
 * txnAppId/txnVersion, are deliberately not used: with a date as version Delta would silently skip
 * the older date.)
 */
public final class DeltaTables {

  private DeltaTables() {}

  public static void replaceDs(Dataset<Row> rows, String path, LocalDate ds) {
    replace(rows, path, dsPredicate(ds));
  }

  /** Replaces the rows of {@code ds} that also match {@code extraPredicate} (a SQL condition). */
  public static void replaceDsWhere(Dataset<Row> rows, String path, LocalDate ds, String extraPredicate) {
    replace(rows, path, dsPredicate(ds) + " AND (" + extraPredicate + ")");
  }

  private static void replace(Dataset<Row> rows, String path, String predicate) {
    rows.write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("replaceWhere", predicate)
        .partitionBy(InputTable.DS)
        .save(path);
  }

  public static String dsPredicate(LocalDate ds) {
    return InputTable.DS + " = DATE'" + ds + "'";
  }
}
