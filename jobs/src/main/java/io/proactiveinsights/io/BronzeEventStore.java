package io.proactiveinsights.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;

import io.delta.tables.DeltaTable;
import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.run.Window;
import io.proactiveinsights.schema.InputTable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The bronze tables of the event tables ({@link InputTable#arrivesInDrops}: exposures,
 * conversations, user_events, assignments) as event stores: one Delta table each, partitioned by
 * {@link InputTable#EVENT_DATE}, holding each event once ({@link InputTable#storeKeyColumns})
 * however many drops and runs carried it, as the first drop's copy ({@link
 * InputTable#survivorOrder}, merged by {@link DeltaWriter#mergeFirstWins}).
 *
 * <p>What a run for D reads ({@link #read}) is selected, not stored per D: the events of drops with
 * ds <= D (and of files outside drops) whose event time lies in D's window, the event-date
 * partitions outside the window pruned. Since the store keeps the first drop's copy of every event,
 * that is exactly what ingest of D alone would have accepted, so a later drop or a backfill never
 * changes what an old ds reads.
 */
public final class BronzeEventStore {

  private BronzeEventStore() {}

  /**
   * Merges a run's accepted rows of {@code table} (contract columns and {@link InputTable#DROP_DS})
   * into its store.
   */
  public static void store(
      DeltaWriter writer, Dataset<Row> accepted, String path, InputTable table) {
    requireEventStore(accepted.sparkSession(), path, table);
    Dataset<Row> rows = accepted.withColumn(InputTable.EVENT_DATE, to_date(col(eventTime(table))));
    if (!table.storeKeyColumns().equals(table.keyColumns())) {
      // A table without a key of its own (user_events) may hold one event several times in a run's
      // rows (in two drops); the merge needs one row per key: the first by the survivor order.
      WindowSpec sameEvent =
          org.apache.spark.sql.expressions.Window.partitionBy(keyColumns(table))
              .orderBy(col(InputTable.DROP_DS).asc_nulls_first());
      String rank = "_event_rank";
      rows =
          rows.withColumn(rank, row_number().over(sameEvent))
              .where(col(rank).equalTo(1))
              .drop(rank);
    }
    writer.mergeFirstWins(
        rows,
        path,
        table.storeKeyColumns(),
        table.survivorOrder(),
        InputTable.EVENT_DATE,
        table.bronzeTableProperties());
  }

  /**
   * The events of {@code table} a run for {@code ds} reads: from drops with ds <= {@code ds} or
   * outside drops, with their event time in {@code window} (for tables {@link
   * InputTable#cutToLookback not cut to the lookback}, only before its end), in the contract's
   * columns. Event-date partitions outside the window are not read.
   */
  public static Dataset<Row> read(
      Dataset<Row> store, InputTable table, LocalDate ds, Window window) {
    return read(store, table, ds, window, table.cutToLookback());
  }

  /**
   * Every event of {@code table} a run for {@code ds} may use from before {@code asOf}, however
   * old: for summaries over all history (the per-person event history of user_events).
   */
  public static Dataset<Row> readAllBefore(
      Dataset<Row> store, InputTable table, LocalDate ds, Instant asOf) {
    return read(store, table, ds, new Window(Instant.EPOCH, asOf), false);
  }

  private static Dataset<Row> read(
      Dataset<Row> store, InputTable table, LocalDate ds, Window window, boolean fromStart) {
    Column time = col(eventTime(table));
    Column lastDay =
        col(InputTable.EVENT_DATE)
            .leq(
                lit(
                    Date.valueOf(
                        window.end().minusNanos(1).atOffset(ZoneOffset.UTC).toLocalDate())));
    Column inWindow = lastDay.and(time.lt(lit(Timestamp.from(window.end()))));
    if (fromStart) {
      inWindow =
          inWindow
              .and(
                  col(InputTable.EVENT_DATE)
                      .geq(
                          lit(Date.valueOf(window.start().atOffset(ZoneOffset.UTC).toLocalDate()))))
              .and(time.geq(lit(Timestamp.from(window.start()))));
    }
    Column visible =
        col(InputTable.DROP_DS).isNull().or(col(InputTable.DROP_DS).leq(lit(Date.valueOf(ds))));
    return store.where(inWindow.and(visible)).drop(InputTable.EVENT_DATE, InputTable.DROP_DS);
  }

  /**
   * Refuses a bronze table that an earlier version wrote as a copy per ds: merging events into it
   * would mix the two layouts.
   */
  private static void requireEventStore(SparkSession spark, String path, InputTable table) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return;
    }
    Row detail = DeltaTable.forPath(spark, path).detail().first();
    List<String> partitions = detail.getList(detail.fieldIndex("partitionColumns"));
    if (!partitions.equals(List.of(InputTable.EVENT_DATE))) {
      throw new UsageException(
          "Cannot store "
              + table.tableName()
              + " events in "
              + path
              + ": the table is partitioned by "
              + partitions
              + ", not "
              + InputTable.EVENT_DATE
              + " (an earlier version's copy per ds; move the folder away and rerun ingest for"
              + " the ds you need: bronze event tables now keep each event once)");
    }
  }

  private static String eventTime(InputTable table) {
    return table.eventTimeColumn().orElseThrow();
  }

  private static Column[] keyColumns(InputTable table) {
    return table.storeKeyColumns().stream().map(c -> col(c)).toArray(Column[]::new);
  }
}
