package io.proactiveinsights.io;

import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.run.Stage;
import io.proactiveinsights.schema.InputTable;
import java.io.IOException;
import java.io.UncheckedIOException;
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
   * Partition {@code ds} of a bronze table, without its ds column; ingest writes every bronze table
   * for every ds it runs.
   */
  public static Dataset<Row> readBronze(
      SparkSession spark, Warehouse warehouse, InputTable table, LocalDate ds) {
    return partition(spark, warehouse.bronzePath(table), ds);
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
        && !readBronze(spark, warehouse, InputTable.USER_EVENTS, ds).isEmpty()) {
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
