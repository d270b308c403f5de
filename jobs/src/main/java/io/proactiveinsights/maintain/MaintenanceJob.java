package io.proactiveinsights.maintain;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.delta.tables.DeltaTable;
import io.proactiveinsights.config.ProactiveConfig.MaintainSettings;
import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.spark.JobGroups;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.time.LocalDate;
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
 * <p>Retention: before that, the bronze event stores that hold a lookback window only (exposures,
 * conversations: {@link InputTable#storedFromLookback}) lose their event-date partitions older than
 * {@code ingest.lookback_days} (the longest window any job reads of them) plus {@code
 * maintain.bronze_backfill_days} before the end of the newest ds ingested (the newest ds of {@code
 * bronze_messages}, which every ingest writes). user_events are kept whole: the per-person event
 * history, which {@code event.X NEVER} reads, is summarised from them over all time. Assignments
 * too: an arm holds forever. The predicate is on the partition column alone, so Delta removes whole
 * files without rewriting any; the files leave storage when VACUUM's retention has passed. Each
 * table's result says how many bytes its current version held before and after.
 *
 * <p>Otherwise no operation changes a table's rows: OPTIMIZE commits a rewrite of the same rows
 * ({@code dataChange = false}), and VACUUM deletes only files no recent version references. Tables
 * not written yet are skipped.
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
   * @param bytesBefore bytes of the table's current version before; -1 when it could not be read
   * @param bytesAfter bytes of its current version after; -1 when maintenance failed
   * @param retainedFrom for a bronze event store, the first event date kept (older partitions were
   *     deleted); null for other tables, or when no ds was ingested yet
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
      long bytesBefore,
      long bytesAfter,
      LocalDate retainedFrom,
      String error) {

    static TableResult failed(String table, long filesBefore, long bytesBefore, String error) {
      return new TableResult(
          table, Status.FAILED, null, null, 0, 0, filesBefore, -1, bytesBefore, -1, null, error);
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
  private final int lookbackDays;
  private final Warehouse warehouse;

  /** {@code lookbackDays}: {@code ingest.lookback_days}, what bronze keeps at the least. */
  public MaintenanceJob(
      SparkSession spark, MaintainSettings settings, int lookbackDays, Warehouse warehouse) {
    this.spark = spark;
    this.settings = settings;
    this.lookbackDays = lookbackDays;
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
          Optional<LocalDate> retainedFrom = retainedFrom();
          List<TableResult> done = new ArrayList<>();
          for (String name : existing) {
            done.add(maintain(name, tables.get(name), retainedFrom));
          }
          return new Result(done, skipped, settings.vacuumRetentionHours());
        });
  }

  /**
   * The first event date the bronze event stores keep: the lookback plus {@code
   * maintain.bronze_backfill_days} before the end of the newest ds ingested; empty when none was.
   */
  private Optional<LocalDate> retainedFrom() {
    String messages = warehouse.bronzePath(InputTable.MESSAGES);
    if (!DeltaTable.isDeltaTable(spark, messages)) {
      return Optional.empty();
    }
    Row newest = spark.read().format("delta").load(messages).agg(max(InputTable.DS)).first();
    return newest.isNullAt(0)
        ? Optional.empty()
        : Optional.of(
            newest
                .getDate(0)
                .toLocalDate()
                .plusDays(1)
                .minusDays(lookbackDays + (long) settings.bronzeBackfillDays()));
  }

  /** Whether retention applies to the table at {@code path}: an event store read by lookback. */
  private boolean keptForRetention(String path) {
    return Arrays.stream(InputTable.values())
        .anyMatch(
            t ->
                t.arrivesInDrops()
                    && t.storedFromLookback()
                    && warehouse.bronzePath(t).equals(path));
  }

  private TableResult maintain(String name, String path, Optional<LocalDate> retainedFrom) {
    String configured = settings.zorderBy().get(name);
    long filesBefore = -1;
    long bytesBefore = -1;
    try {
      DeltaTable table = DeltaTable.forPath(spark, path);
      Row detail = table.detail().first();
      filesBefore = detail.getLong(detail.fieldIndex("numFiles"));
      bytesBefore = detail.getLong(detail.fieldIndex("sizeInBytes"));
      LocalDate retained = null;
      if (retainedFrom.isPresent() && keptForRetention(path)) {
        retained = retainedFrom.get();
        table.delete(col(InputTable.EVENT_DATE).lt(lit(Date.valueOf(retained))));
      }
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
      Row after = DeltaTable.forPath(spark, path).detail().first();
      long filesAfter = after.getAs("numFiles");
      long bytesAfter = after.getAs("sizeInBytes");
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
              bytesBefore,
              bytesAfter,
              retained,
              null);
      LOG.info(
          "maintain {}: {}optimize{} rewrote {} files into {}; {} data files now, {} bytes (vacuum"
              + " retention {} h){}",
          name,
          retained == null ? "" : "event dates before " + retained + " deleted; ",
          zorderBy == null ? "" : " zorder by " + zorderBy,
          result.filesRemoved(),
          result.filesAdded(),
          filesAfter,
          bytesAfter,
          settings.vacuumRetentionHours(),
          zorderSkipped == null ? "" : "; " + zorderSkipped);
      return result;
    } catch (Exception e) {
      // Exception, not RuntimeException: Spark throws its checked SparkException from Scala code.
      String error = "Cannot maintain " + name + ": " + oneLine(e);
      LOG.warn("maintain {}: failed, the other tables are still maintained: {}", name, error);
      LOG.debug("maintain {}: failure", name, e);
      return TableResult.failed(name, filesBefore, bytesBefore, error);
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
