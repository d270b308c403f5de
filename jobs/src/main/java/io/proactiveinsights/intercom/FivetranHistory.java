package io.proactiveinsights.intercom;

import static io.proactiveinsights.intercom.JsonFields.first;
import static io.proactiveinsights.intercom.JsonFields.instant;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Fivetran's Intercom tables are history tables: a new row per change of an object, keyed by id and
 * {@code updated_at}, and with History Mode a {@code _fivetran_active} flag on the current one. The
 * current version of an id is the active row, else the one with the latest version time (then the
 * latest {@code _fivetran_synced}). The others are superseded: flagged, counted in the report,
 * never mapped.
 */
final class FivetranHistory {

  /** True on a row a later version of the same id replaces. */
  static final String SUPERSEDED = "_superseded";

  private FivetranHistory() {}

  /**
   * {@code rows} with {@link #SUPERSEDED}; rows without an id (unreadable) are never superseded.
   */
  static Dataset<Row> flagSuperseded(Dataset<Row> rows, String idField, String versionField) {
    Column id = first("$." + idField);
    Column rank =
        row_number()
            .over(
                Window.partitionBy(id)
                    .orderBy(
                        activeFirst(),
                        instant(first("$." + versionField)).desc_nulls_last(),
                        instant(first("$._fivetran_synced")).desc_nulls_last()));
    return rows.withColumn(SUPERSEDED, id.isNotNull().and(rank.gt(1)));
  }

  /**
   * Link-table rows (conversation_tag_history, contact_company_history …) of the parent's current
   * version: active rows when History Mode marks them, and of those the latest parent version.
   */
  static Dataset<Row> currentLinks(
      Dataset<Row> rows, String parentIdField, String parentVersionField) {
    Column active = lower(first("$._fivetran_active"));
    Dataset<Row> live = rows.where(active.isNull().or(active.equalTo("true")));
    Column version = instant(first("$." + parentVersionField));
    return live.withColumn("_version", version)
        .withColumn(
            "_latest", max(col("_version")).over(Window.partitionBy(first("$." + parentIdField))))
        .where(col("_latest").isNull().or(col("_version").equalTo(col("_latest"))))
        .drop("_version", "_latest");
  }

  private static Column activeFirst() {
    return when(lower(first("$._fivetran_active")).equalTo("true"), lit(0)).otherwise(lit(1));
  }
}
