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
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the warehouse's Delta tables fast and small: for every table, OPTIMIZE (bin-packing the
 * small files each daily {@code replaceWhere} leaves, and Z-ordering the tables named in {@code
 * maintain.zorder_by} by the column given), then VACUUM with {@code
 * maintain.vacuum_retention_hours}, which the config never lets below Delta's own 7-day safety
 * default; Delta's {@code retentionDurationCheck} stays on as a second guard.
 *
 * <p>Each table is maintained on its own: one that fails is reported with its error and the others
 * are still maintained. A configured Z-order column the table keeps no file statistics for ({@link
 * StatisticsColumns}) is not an error: the table is compacted only and its result says why. A
 * {@code zorder_by} that names no such table or column is bad config, refused before any table is
 * touched.
 *
 * <p>Neither operation changes a table's rows: OPTIMIZE commits a rewrite of the same rows ({@code
 * dataChange = false}), and VACUUM deletes only files no recent version references. Tables not
 * written yet are skipped.
 */
public final class MaintenanceJob {

  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceJob.class);

  /** Whether a table's maintenance completed. */
  public enum Status {
    OK,
    FAILED
  }

  /**
   * What maintenance did to one table.
   *
   * @param zorderBy the column the table was Z-ordered by; null when it was compacted only
   * @param zorderSkipped why a configured Z-order was not done; null when none was configured or it
   *     was done
   * @param filesBefore data files before; -1 when the table could not be read
   * @param filesAfter data files after; -1 when maintenance failed
   * @param error what failed, one line; null when {@code status} is OK
   */
  public record TableResult(
      String table,
      Status status,
      String zorderBy,
      String zorderSkipped,
      long filesRemoved,
      long filesAdded,
      long filesBefore,
      long filesAfter,
      String error) {

    static TableResult failed(String table, long filesBefore, String error) {
      return new TableResult(table, Status.FAILED, null, null, 0, 0, filesBefore, -1, error);
    }
  }

  /** The tables maintained (or failed), and the ones skipped because they do not exist yet. */
  public record Result(List<TableResult> tables, List<String> skipped, int retentionHours) {

    public List<TableResult> failed() {
      return tables.stream().filter(t -> t.status() == Status.FAILED).toList();
    }
  }

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
          Map<String, String> tables = warehouse.tables();
          List<String> existing = new ArrayList<>();
          List<String> skipped = new ArrayList<>();
          for (Map.Entry<String, String> table : tables.entrySet()) {
            if (DeltaTable.isDeltaTable(spark, table.getValue())) {
              existing.add(table.getKey());
            } else {
              skipped.add(table.getKey());
            }
          }
          requireZOrderColumns(tables, existing);
          List<TableResult> done = new ArrayList<>();
          for (String name : existing) {
            done.add(maintain(name, tables.get(name)));
          }
          return new Result(done, skipped, settings.vacuumRetentionHours());
        });
  }

  private TableResult maintain(String name, String path) {
    String configured = settings.zorderBy().get(name);
    long filesBefore = -1;
    try {
      DeltaTable table = DeltaTable.forPath(spark, path);
      Row detail = table.detail().first();
      filesBefore = detail.getLong(detail.fieldIndex("numFiles"));
      String zorderBy = null;
      String zorderSkipped = null;
      if (configured != null) {
        Optional<String> noStatistics =
            StatisticsColumns.whyNoStatistics(
                dataSchema(table, detail),
                detail.<String, String>getJavaMap(detail.fieldIndex("properties")),
                configured);
        if (noStatistics.isPresent()) {
          zorderSkipped =
              "compacted only: Z-ordering by "
                  + configured
                  + " needs Delta file statistics on it, and "
                  + noStatistics.get();
        } else {
          zorderBy = configured;
        }
      }
      Row metrics =
          (zorderBy == null
                  ? table.optimize().executeCompaction()
                  : table.optimize().executeZOrderBy(zorderBy))
              .select("metrics.numFilesRemoved", "metrics.numFilesAdded")
              .first();
      table.vacuum(settings.vacuumRetentionHours());
      long filesAfter = DeltaTable.forPath(spark, path).detail().first().getAs("numFiles");
      TableResult result =
          new TableResult(
              name,
              Status.OK,
              zorderBy,
              zorderSkipped,
              metrics.getLong(0),
              metrics.getLong(1),
              filesBefore,
              filesAfter,
              null);
      LOG.info(
          "maintain {}: optimize{} rewrote {} files into {}; {} data files now (vacuum retention {}"
              + " h){}",
          name,
          zorderBy == null ? "" : " zorder by " + zorderBy,
          result.filesRemoved(),
          result.filesAdded(),
          filesAfter,
          settings.vacuumRetentionHours(),
          zorderSkipped == null ? "" : "; " + zorderSkipped);
      return result;
    } catch (Exception e) {
      // Exception, not RuntimeException: Spark throws its checked SparkException from Scala code.
      String error = "Cannot maintain " + name + ": " + oneLine(e);
      LOG.warn("maintain {}: failed, the other tables are still maintained: {}", name, error);
      LOG.debug("maintain {}: failure", name, e);
      return TableResult.failed(name, filesBefore, error);
    }
  }

  /**
   * Every {@code zorder_by} entry names a table of the warehouse and, when the table exists, one of
   * its data columns: bad config stops maintenance before any table is touched.
   */
  private void requireZOrderColumns(Map<String, String> tables, List<String> existing) {
    for (Map.Entry<String, String> entry : settings.zorderBy().entrySet()) {
      String name = entry.getKey();
      String column = entry.getValue();
      if (!tables.containsKey(name)) {
        throw new UsageException(
            "Cannot Z-order "
                + name
                + ": the warehouse has no such table (fix maintain.zorder_by; tables: "
                + String.join(", ", tables.keySet())
                + ")");
      }
      if (!existing.contains(name)) {
        continue;
      }
      DeltaTable table = DeltaTable.forPath(spark, tables.get(name));
      StructType data = dataSchema(table, table.detail().first());
      if (!Arrays.asList(data.fieldNames()).contains(column)) {
        throw new UsageException(
            "Cannot Z-order "
                + name
                + " by "
                + column
                + ": the table has no such data column (fix maintain.zorder_by; columns: "
                + String.join(", ", data.fieldNames())
                + ")");
      }
    }
  }

  private static StructType dataSchema(DeltaTable table, Row detail) {
    return StatisticsColumns.dataSchema(
        table.toDF().schema(), detail.<String>getList(detail.fieldIndex("partitionColumns")));
  }

  /**
   * A failure in one line: the first line of its root cause's message, where Spark and Delta name
   * what went wrong ("File … does not exist", "No space left on device"; the exceptions around it
   * say only "Job aborted" or "Exception thrown in awaitResult"), with Spark's error condition when
   * one of the chain has it.
   */
  static String oneLine(Throwable e) {
    Throwable root = e;
    String condition = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      root = t;
      if (condition == null && t instanceof SparkThrowable st && st.getCondition() != null) {
        condition = st.getCondition();
      }
    }
    String line = firstLine(root);
    return condition == null || line.contains(condition) ? line : line + " (" + condition + ")";
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? "" : e.getMessage().strip();
    int newline = message.indexOf('\n');
    String first = newline < 0 ? message : message.substring(0, newline).strip();
    return first.isEmpty() ? e.getClass().getSimpleName() : first;
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
