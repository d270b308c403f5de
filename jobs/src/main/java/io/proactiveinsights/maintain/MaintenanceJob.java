package io.proactiveinsights.maintain;

import io.delta.tables.DeltaTable;
import io.proactiveinsights.config.ProactiveConfig.MaintainSettings;
import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.spark.JobGroups;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the warehouse's Delta tables fast and small: for every table, OPTIMIZE (bin-packing the
 * small files each daily {@code replaceWhere} leaves, and Z-ordering the large tables named in
 * {@code maintain.zorder_by} by their message column), then VACUUM with {@code
 * maintain.vacuum_retention_hours}, which the config never lets below Delta's own 7-day safety
 * default; Delta's {@code retentionDurationCheck} stays on as a second guard.
 *
 * <p>Neither operation changes a table's rows: OPTIMIZE commits a rewrite of the same rows ({@code
 * dataChange = false}), and VACUUM deletes only files no recent version references. Tables not
 * written yet are skipped.
 */
public final class MaintenanceJob {

  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceJob.class);

  /** What maintenance did to one table. */
  public record TableResult(
      String table,
      String zorderBy,
      long filesRemoved,
      long filesAdded,
      long filesBefore,
      long filesAfter) {}

  /** The tables maintained, and the ones skipped because they do not exist yet. */
  public record Result(List<TableResult> tables, List<String> skipped, int retentionHours) {}

  private final SparkSession spark;
  private final MaintainSettings settings;
  private final Warehouse warehouse;

  public MaintenanceJob(SparkSession spark, MaintainSettings settings, Warehouse warehouse) {
    this.spark = spark;
    this.settings = settings;
    this.warehouse = warehouse;
  }

  public Result run() {
    requireWarehouse();
    return JobGroups.labelled(
        spark,
        "MAINTAIN",
        "proactive maintain " + warehouse.root(),
        () -> {
          List<TableResult> done = new ArrayList<>();
          List<String> skipped = new ArrayList<>();
          for (Map.Entry<String, String> table : warehouse.tables().entrySet()) {
            if (!DeltaTable.isDeltaTable(spark, table.getValue())) {
              skipped.add(table.getKey());
              continue;
            }
            done.add(maintain(table.getKey(), table.getValue()));
          }
          return new Result(done, skipped, settings.vacuumRetentionHours());
        });
  }

  private TableResult maintain(String name, String path) {
    DeltaTable table = DeltaTable.forPath(spark, path);
    long filesBefore = fileCount(table);
    String zorderBy = settings.zorderBy().get(name);
    if (zorderBy != null && !Arrays.asList(table.toDF().columns()).contains(zorderBy)) {
      throw new UsageException(
          "Cannot Z-order "
              + name
              + " by "
              + zorderBy
              + ": the table has no such column (fix maintain.zorder_by; columns: "
              + String.join(", ", table.toDF().columns())
              + ")");
    }
    Row metrics =
        (zorderBy == null
                ? table.optimize().executeCompaction()
                : table.optimize().executeZOrderBy(zorderBy))
            .select("metrics.numFilesRemoved", "metrics.numFilesAdded")
            .first();
    table.vacuum(settings.vacuumRetentionHours());
    long filesAfter = fileCount(DeltaTable.forPath(spark, path));
    TableResult result =
        new TableResult(
            name, zorderBy, metrics.getLong(0), metrics.getLong(1), filesBefore, filesAfter);
    LOG.info(
        "maintain {}: optimize{} rewrote {} files into {}; {} data files now (vacuum retention {}"
            + " h)",
        name,
        zorderBy == null ? "" : " zorder by " + zorderBy,
        result.filesRemoved(),
        result.filesAdded(),
        filesAfter,
        settings.vacuumRetentionHours());
    return result;
  }

  private static long fileCount(DeltaTable table) {
    return table.detail().select("numFiles").first().getLong(0);
  }

  private void requireWarehouse() {
    Path root = new Path(warehouse.root());
    try {
      if (!root.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(root)) {
        throw new UsageException(
            "Cannot maintain warehouse "
                + warehouse.root()
                + ": no such folder (pass --warehouse with the folder the jobs write to)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach " + warehouse.root(), e);
    }
  }
}
