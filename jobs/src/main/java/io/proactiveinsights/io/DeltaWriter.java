package io.proactiveinsights.io;

import io.delta.tables.DeltaTable;
import io.proactiveinsights.config.ProactiveConfig.RunSettings;
import io.proactiveinsights.errors.FailureMessage;
import io.proactiveinsights.errors.ProactiveException.JobFailedException;
import io.proactiveinsights.schema.InputTable;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run's rows for one logical date into a {@code ds}-partitioned Delta table, replacing
 * that date's rows atomically ({@code replaceWhere}) and nothing else. A rerun of D replaces D; a
 * run of D-1 after D writes D-1 and leaves D alone. (Delta's idempotent-writes options,
 * txnAppId/txnVersion, are deliberately not used: with a date as version Delta would silently skip
 * the older date.)
 *
 * <p>Built for runs of different ds writing one warehouse side by side:
 *
 * <ul>
 *   <li>A table that does not exist yet is created by its first write. Two runs that both find it
 *       missing race for the first commit: the loser's write fails with Delta's {@code
 *       ProtocolChangedException} (both commits would create the table) and is written once more
 *       into the table the winner made, without counting as a conflict retry. (Creating every table
 *       in an empty commit of its own first avoids the race, but costs every first run one more
 *       commit per table: ~20 commits per warehouse, measured in docs/test-times.md.)
 *   <li>Writes into an existing table conflict only when they touch the same partition: the
 *       replaced rows are named by a predicate on the {@code ds} partition column, which is what
 *       Delta's conflict check compares with the files a concurrent commit added or removed.
 *   <li>A commit that still loses to a concurrent writer ({@code maintain} compacting the same
 *       partition, a schema change, a rollback) is written again, up to {@code
 *       runs.conflict_retries} times with a growing pause. Writing again is safe: a write replaces
 *       its partition whole, so the second attempt leaves what the first would have.
 * </ul>
 */
public final class DeltaWriter {

  private static final Logger LOG = LoggerFactory.getLogger(DeltaWriter.class);

  /** The pause before the first retry; doubled for each further one, plus up to as much again. */
  private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);

  private final int conflictRetries;
  private final Duration firstPause;

  public DeltaWriter(RunSettings settings) {
    this(settings.conflictRetries(), FIRST_PAUSE);
  }

  DeltaWriter(int conflictRetries, Duration firstPause) {
    this.conflictRetries = conflictRetries;
    this.firstPause = firstPause;
  }

  public void replaceDs(Dataset<Row> rows, String path, LocalDate ds) {
    replace(rows, path, ds, DeltaTables.dsPredicate(ds), Map.of());
  }

  /**
   * As {@link #replaceDs(Dataset, String, LocalDate)}; a table this write creates gets {@code
   * tableProperties} ({@code delta.*} keys). An existing table keeps its own.
   */
  public void replaceDs(
      Dataset<Row> rows, String path, LocalDate ds, Map<String, String> tableProperties) {
    replace(rows, path, ds, DeltaTables.dsPredicate(ds), tableProperties);
  }

  /** Replaces the rows of {@code ds} that also match {@code extraPredicate} (a SQL condition). */
  public void replaceDsWhere(Dataset<Row> rows, String path, LocalDate ds, String extraPredicate) {
    replace(
        rows, path, ds, DeltaTables.dsPredicate(ds) + " AND (" + extraPredicate + ")", Map.of());
  }

  private void replace(
      Dataset<Row> rows,
      String path,
      LocalDate ds,
      String predicate,
      Map<String, String> tableProperties) {
    String what = "write " + path + " for ds " + ds;
    retryingConflicts(
        what,
        () -> {
          boolean existed = DeltaTable.isDeltaTable(rows.sparkSession(), path);
          try {
            overwrite(rows, path, predicate, tableProperties);
          } catch (DeltaConcurrentModificationException lostTheCreation) {
            if (existed || !DeltaTable.isDeltaTable(rows.sparkSession(), path)) {
              throw lostTheCreation;
            }
            LOG.info("{} was created by a concurrent run meanwhile; writing into it", path);
            overwrite(rows, path, predicate, tableProperties);
          }
          return null;
        });
  }

  private static void overwrite(
      Dataset<Row> rows, String path, String predicate, Map<String, String> tableProperties) {
    rows.write()
        .format("delta")
        .options(tableProperties)
        .mode(SaveMode.Overwrite)
        .option("replaceWhere", predicate)
        // Output tables grow by adding columns between releases; old partitions read them as null.
        .option("mergeSchema", "true")
        .partitionBy(InputTable.DS)
        .save(path);
  }

  /**
   * Adds the rows whose key ({@code keyColumns}) the table at {@code path} does not hold yet, and
   * changes no row it holds: for facts given once and never revised, such as a person's holdout
   * arm. The table has no ds partition (a fact belongs to no one day); it is created, empty, in a
   * commit of its own (a MERGE needs a table). Rows must be unique per key. A commit that loses to
   * a concurrent one (another ds's run adding its own rows) is made again against the table as that
   * run left it: a key both add ends up once, as the first to commit wrote it.
   */
  public void insertNew(Dataset<Row> rows, String path, List<String> keyColumns) {
    String condition = sameKey(keyColumns);
    retryingConflicts(
        "add new rows to " + path,
        () -> {
          createIfAbsent(rows.sparkSession(), rows.schema(), path, null, Map.of());
          DeltaTable.forPath(rows.sparkSession(), path)
              .as("known")
              .merge(rows.as("new"), condition)
              .whenNotMatched()
              .insertAll()
              .execute();
          return null;
        });
  }

  /**
   * Inserts the rows whose key ({@code keyColumns}) the table at {@code path} (unpartitioned) does
   * not hold and replaces those whose key it holds: for bookkeeping where the latest word is the
   * true one, such as which drop files ingest stored. Rows must be unique per key. A commit that
   * loses to a concurrent run is made again against the table as that run left it.
   */
  public void upsert(Dataset<Row> rows, String path, List<String> keyColumns) {
    retryingConflicts(
        "upsert rows into " + path,
        () -> {
          if (createWith(rows, path, null, Map.of())) {
            return null;
          }
          DeltaTable.forPath(rows.sparkSession(), path)
              .as("known")
              .merge(rows.as("new"), sameKey(keyColumns))
              .whenMatched()
              .updateAll()
              .whenNotMatched()
              .insertAll()
              .execute();
          return null;
        });
  }

  /**
   * Stores {@code rows} in the event store at {@code path} (partitioned by {@code
   * partitionColumn}), each key ({@code keyColumns}) once: a key the table does not hold is
   * inserted; a key it holds is replaced only by a row that comes strictly before the stored one in
   * {@code order} (for bronze, the earliest drop, then the content: {@link
   * InputTable#survivorOrder}). So what the table holds for a key is the first of all the copies
   * ever merged, whichever order the runs came in: a backfill of an older ds after a newer one ends
   * where the runs in date order end. Rows must be unique per key. A commit that loses to a
   * concurrent run is made again against the table as that run left it, which is safe for the same
   * reason.
   */
  public void mergeFirstWins(
      Dataset<Row> rows,
      String path,
      List<String> keyColumns,
      List<InputTable.OrderTerm> order,
      String partitionColumn,
      Map<String, String> tableProperties) {
    retryingConflicts(
        "merge new rows into " + path,
        () -> {
          if (createWith(rows, path, partitionColumn, tableProperties)) {
            return null;
          }
          addMissingColumns(rows.sparkSession(), rows.schema(), path);
          DeltaTable.forPath(rows.sparkSession(), path)
              .as("known")
              .merge(rows.as("new"), sameKey(keyColumns))
              .whenMatched(comesFirst(order, "new", "known"))
              .updateAll()
              .whenNotMatched()
              .insertAll()
              .execute();
          return null;
        });
  }

  /**
   * Creates the table at {@code path} with {@code rows} as its first commit, when there is no table
   * yet: rows unique per key merged into an empty table are the rows themselves, and the MERGE's
   * scans and rewrite cost a new warehouse's first ingest several Spark jobs per event table. False
   * when the table exists, or a concurrent run created it first (its commit wins; merge into it).
   */
  private static boolean createWith(
      Dataset<Row> rows, String path, String partitionColumn, Map<String, String> tableProperties) {
    SparkSession spark = rows.sparkSession();
    if (DeltaTable.isDeltaTable(spark, path)) {
      return false;
    }
    try {
      DataFrameWriter<Row> write =
          rows.write().format("delta").options(tableProperties).mode(SaveMode.ErrorIfExists);
      if (partitionColumn != null) {
        write = write.partitionBy(partitionColumn);
      }
      write.save(path);
      LOG.info("created {}", path);
      return true;
    } catch (Exception lost) {
      // A concurrent run committed the table first: its commit conflicts with ours
      // (DeltaConcurrentModificationException), or ErrorIfExists finds it (AnalysisException,
      // thrown unchecked from Scala).
      if (!DeltaTable.isDeltaTable(spark, path)) {
        if (lost instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new IllegalStateException("Cannot create " + path + ": " + lost.getMessage(), lost);
      }
      LOG.info("{} was created by a concurrent run meanwhile; merging into it", path);
      return false;
    }
  }

  /**
   * Adds to the table at {@code path}, as nullable columns, the columns of {@code incoming} it
   * lacks (a contract column added after the table was made, such as exposures' {@code
   * variant_id}): its old rows then read null there. Done as its own commit before a MERGE, because
   * the MERGE's survivor order names every column on both sides, and a MERGE without schema
   * evolution would silently drop the new column.
   */
  private static void addMissingColumns(SparkSession spark, StructType incoming, String path) {
    StructType stored = DeltaTable.forPath(spark, path).toDF().schema();
    Set<String> have = Set.of(stored.fieldNames());
    List<String> missing = new ArrayList<>();
    for (StructField field : incoming.fields()) {
      if (!have.contains(field.name())) {
        missing.add("`" + field.name() + "` " + field.dataType().sql());
      }
    }
    if (!missing.isEmpty()) {
      spark.sql(
          "ALTER TABLE delta.`" + path + "` ADD COLUMNS (" + String.join(", ", missing) + ")");
      LOG.info("added columns {} to {}", missing, path);
    }
  }

  /** A MERGE's match condition: the stored row ({@code known}) has the incoming one's key. */
  private static String sameKey(List<String> keyColumns) {
    return keyColumns.stream()
        .map(k -> "known.`" + k + "` = new.`" + k + "`")
        .reduce((a, b) -> a + " AND " + b)
        .orElseThrow();
  }

  /**
   * A SQL condition: the row {@code a} comes strictly before the row {@code b} in {@code order}
   * (lexicographic: the first term that differs decides). A null compared with a value is placed by
   * the term's nulls-first flag; two nulls are equal.
   */
  static String comesFirst(List<InputTable.OrderTerm> order, String a, String b) {
    String condition = "false";
    for (int i = order.size() - 1; i >= 0; i--) {
      InputTable.OrderTerm term = order.get(i);
      String x = a + ".`" + term.column() + "`";
      String y = b + ".`" + term.column() + "`";
      String nullBeforeValue =
          term.nullsFirst()
              ? "(" + x + " IS NULL AND " + y + " IS NOT NULL)"
              : "(" + x + " IS NOT NULL AND " + y + " IS NULL)";
      String before =
          "(" + nullBeforeValue + " OR " + x + (term.descending() ? " > " : " < ") + y + ")";
      condition = "(" + before + " OR (" + x + " <=> " + y + " AND " + condition + "))";
    }
    return condition;
  }

  /**
   * Creates the table at {@code path}, empty, partitioned by {@code partitionColumn} (null: not
   * partitioned) and with {@code tableProperties}, unless it exists: a MERGE needs a table to merge
   * into. Two runs that both find it missing race only for this commit; the loser finds the table
   * made and goes on.
   */
  private static void createIfAbsent(
      SparkSession spark,
      StructType schema,
      String path,
      String partitionColumn,
      Map<String, String> tableProperties) {
    // A table with a commit: a writer that is creating one makes _delta_log before it commits.
    if (DeltaTable.isDeltaTable(spark, path)) {
      return;
    }
    try {
      DataFrameWriter<Row> write =
          spark
              .createDataFrame(List.<Row>of(), schema)
              .write()
              .format("delta")
              .options(tableProperties)
              .mode(SaveMode.Append);
      if (partitionColumn != null) {
        write = write.partitionBy(partitionColumn);
      }
      write.save(path);
      LOG.info("created {}", path);
    } catch (DeltaConcurrentModificationException lost) {
      if (!DeltaTable.isDeltaTable(spark, path)) {
        throw lost;
      }
      LOG.info("{} was created by a concurrent run meanwhile", path);
    }
  }

  /**
   * Runs {@code write}, and again after a Delta commit conflict, at most {@code conflictRetries}
   * more times; then fails naming the conflict.
   */
  <T> T retryingConflicts(String what, Supplier<T> write) {
    for (int attempt = 0; ; attempt++) {
      try {
        return write.get();
      } catch (DeltaConcurrentModificationException conflict) {
        if (attempt >= conflictRetries) {
          throw new JobFailedException(
              "Cannot "
                  + what
                  + ": it lost to a concurrent writer of the table "
                  + (attempt == 0 ? "on its only attempt" : "on all " + (attempt + 1) + " attempts")
                  + " ("
                  + FailureMessage.reason(conflict)
                  + "; runs.conflict_retries = "
                  + conflictRetries
                  + ")",
              conflict);
        }
        Duration pause = pause(attempt);
        LOG.warn(
            "Cannot {} yet: {}; writing again in {} ms (retry {} of {})",
            what,
            FailureMessage.reason(conflict),
            pause.toMillis(),
            attempt + 1,
            conflictRetries);
        sleep(pause);
      }
    }
  }

  /** Doubling pauses with random jitter, so that two runs that conflicted do not retry in step. */
  private Duration pause(int attempt) {
    long base = firstPause.toMillis() << Math.min(attempt, 10);
    return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base + 1));
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting to retry a Delta write", e);
    }
  }
}
