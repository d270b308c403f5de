package io.proactiveinsights.io;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import io.proactiveinsights.config.ProactiveConfig.IngestSettings;
import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.run.Stage;
import io.proactiveinsights.run.Window;
import io.proactiveinsights.schema.InputTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the ds partitions of the warehouse's Delta tables for the stages that come later, failing
 * with a usage error that names the stage to run first when a table or partition is missing. Writes
 * go through {@link DeltaWriter}.
 */
public final class DeltaTables {

  private DeltaTables() {}

  /**
   * Reads partition {@code ds} of a table another stage writes, for stage {@code reader}, or fails
   * with a usage error saying to run stage {@code runFirst} (the one that writes it) first.
   */
  public static Dataset<Row> readDs(
      SparkSession spark, String path, LocalDate ds, Stage reader, Stage runFirst) {
    if (!tableExists(spark, path)
        || spark.read().format("delta").load(path).where(dsPredicate(ds)).isEmpty()) {
      throw noRows(path, ds, reader, runFirst);
    }
    return partition(spark, path, ds);
  }

  /** Partition {@code ds} of the Delta table at {@code path}, without its ds column. */
  private static Dataset<Row> partition(SparkSession spark, String path, LocalDate ds) {
    return spark.read().format("delta").load(path).where(dsPredicate(ds)).drop(InputTable.DS);
  }

  /** The start every "run this first" message shares: which stage could not run, for which ds. */
  private static UsageException cannotRun(Stage reader, LocalDate ds, String path, String why) {
    return new UsageException(
        "Cannot run " + reader.cliName() + " for ds " + ds + ": " + path + " " + why);
  }

  /** "(run `proactive STAGE --ds D` first)". */
  private static String runFirst(Stage stage, LocalDate ds) {
    return "(run `proactive " + stage.cliName() + " --ds " + ds + "` first)";
  }

  private static boolean tableExists(SparkSession spark, String path) {
    Path log = new Path(path, "_delta_log");
    try {
      return log.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(log);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach " + path, e);
    }
  }

  private static UsageException noRows(String path, LocalDate ds, Stage reader, Stage runFirst) {
    return cannotRun(reader, ds, path, "has no rows for that ds " + runFirst(runFirst, ds));
  }

  /**
   * As {@link #readDs}, for a partition small enough for the driver (the message catalogue: a row
   * per message): read once, then held as local rows. A query that uses the frame several times
   * plans no further Delta scans (each costs a file listing job), and the emptiness check is the
   * read itself.
   */
  public static Dataset<Row> readSmallDs(
      SparkSession spark, String path, LocalDate ds, Stage reader, Stage runFirst) {
    if (!tableExists(spark, path)) {
      throw noRows(path, ds, reader, runFirst);
    }
    Dataset<Row> partition =
        spark.read().format("delta").load(path).where(dsPredicate(ds)).drop(InputTable.DS);
    List<Row> rows = partition.collectAsList();
    if (rows.isEmpty()) {
      throw noRows(path, ds, reader, runFirst);
    }
    return spark.createDataFrame(rows, partition.schema());
  }

  /**
   * The rows of {@code ds} of a table another stage writes, which may legitimately be empty (a
   * healthy catalogue has no flags); fails with a usage error naming stage {@code runFirst} only
   * when that stage never wrote the table.
   */
  public static List<Row> readDsRows(
      SparkSession spark, String path, LocalDate ds, Stage reader, Stage runFirst) {
    if (!tableExists(spark, path)) {
      throw cannotRun(reader, ds, path, "does not exist " + runFirst(runFirst, ds));
    }
    return partition(spark, path, ds).collectAsList();
  }

  /**
   * The whole Delta table at {@code path}, every partition, or empty when no stage has written it
   * yet (a table that only some warehouses have, such as {@code assignments} before any holdout).
   */
  public static Optional<Dataset<Row>> readIfExists(SparkSession spark, String path) {
    return tableExists(spark, path)
        ? Optional.of(spark.read().format("delta").load(path))
        : Optional.empty();
  }

  /**
   * Partition {@code ds} of a bronze snapshot table (messages, users, known issues), without its ds
   * column; ingest writes every one for every ds it runs. Event tables are read with {@link
   * #readBronze(SparkSession, Warehouse, InputTable, LocalDate, IngestSettings)}.
   */
  public static Dataset<Row> readBronze(
      SparkSession spark, Warehouse warehouse, InputTable table, LocalDate ds) {
    if (table.arrivesInDrops()) {
      throw new IllegalArgumentException(
          "Cannot read bronze " + table.tableName() + " by ds: it is an event store");
    }
    return partition(spark, warehouse.bronzePath(table), ds);
  }

  /**
   * What a run for {@code ds} reads of a bronze table, in the contract's columns: a snapshot
   * table's partition ds; an event table's events that a run for ds may use ({@link
   * BronzeEventStore#read}) within its lookback ({@code ingest.lookback_days}; assignments up to
   * the as-of time), which are the rows ingest of ds accepted. Exposures are also held to ds's
   * catalogue, as ingest of ds held them: an exposure another ds's catalogue knew is not ds's.
   */
  public static Dataset<Row> readBronze(
      SparkSession spark,
      Warehouse warehouse,
      InputTable table,
      LocalDate ds,
      IngestSettings ingest) {
    if (!table.arrivesInDrops()) {
      return readBronze(spark, warehouse, table, ds);
    }
    Window lookback = RunDate.of(ds).trailing(ingest.lookbackDays());
    Dataset<Row> events =
        BronzeEventStore.read(
            spark.read().format("delta").load(warehouse.bronzePath(table)), table, ds, lookback);
    if (table == InputTable.EXPOSURES) {
      String catalogueId = "_catalogue_message_id";
      Dataset<Row> catalogue =
          readBronze(spark, warehouse, InputTable.MESSAGES, ds)
              .select(col("message_id").as(catalogueId))
              .distinct();
      events =
          events.join(
              broadcast(catalogue), col("message_id").equalTo(col(catalogueId)), "left_semi");
    }
    return events;
  }

  /**
   * Partition {@code ds} of {@code bronze_user_event_history}, the per-person event summary that
   * audience rules read, without its ds column. A warehouse whose ingest of ds predates the table
   * (no table, or no rows for ds while bronze {@code user_events} has some) fails with a usage
   * error saying to rerun ingest for ds: reading the lookback-cut events instead would make {@code
   * NEVER} wrong again without a word.
   */
  public static Dataset<Row> readUserEventHistory(
      SparkSession spark, Warehouse warehouse, LocalDate ds, Stage reader) {
    String path = warehouse.userEventHistoryPath();
    String rerun =
        " (rerun `proactive "
            + Stage.INGEST.cliName()
            + " --ds "
            + ds
            + "`: it writes the history audience rules read their event.X conditions from)";
    if (!tableExists(spark, path)) {
      throw cannotRun(
          reader,
          ds,
          path,
          "does not exist; this warehouse was ingested before "
              + Warehouse.USER_EVENT_HISTORY
              + " existed"
              + rerun);
    }
    Dataset<Row> history = partition(spark, path, ds);
    if (history.isEmpty()
        && tableExists(spark, warehouse.bronzePath(InputTable.USER_EVENTS))
        && !BronzeEventStore.read(
                spark.read().format("delta").load(warehouse.bronzePath(InputTable.USER_EVENTS)),
                InputTable.USER_EVENTS,
                ds,
                new Window(Instant.EPOCH, RunDate.of(ds).asOf()))
            .isEmpty()) {
      throw cannotRun(
          reader,
          ds,
          path,
          "has no rows for that ds while bronze_user_events has; ds was ingested before "
              + Warehouse.USER_EVENT_HISTORY
              + " existed"
              + rerun);
    }
    return history;
  }

  public static String dsPredicate(LocalDate ds) {
    return InputTable.DS + " = DATE'" + ds + "'";
  }
}
