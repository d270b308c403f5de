package io.proactiveinsights.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.ingest.IngestClassifier.Outcome;
import io.proactiveinsights.io.InputSource.SourceTable;
import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.QuarantineColumns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest's core for one table, Spark only: it reads no table, writes nothing and takes its times as
 * arguments. It normalises the frames a source read ({@link InputNormalizer}), checks the rows
 * ({@link IngestClassifier#checkRows}), finds the repeated keys and gives every row its outcome
 * ({@link IngestClassifier#classify}). {@link IngestJob} reads, calls this and writes what it
 * returns; tests call it on an input folder and look at the rows without a Delta table.
 */
public final class IngestCore {

  private static final Logger LOG = LoggerFactory.getLogger(IngestCore.class);

  /** Above this many repeated keys, broadcasting them costs more than ranking every row. */
  private static final long MAX_BROADCAST_REPEATED_KEYS = 1_000_000;

  private IngestCore() {}

  /** The columns of an accepted row that bronze stores (before its partition column). */
  private static Column[] storedColumns(InputTable table) {
    List<Column> columns = new ArrayList<>(table.columnNames().stream().map(c -> col(c)).toList());
    if (table.arrivesInDrops()) {
      columns.add(col(InputTable.DROP_DS));
    }
    return columns.toArray(Column[]::new);
  }

  /**
   * One table's rows, classified. The checked rows are cached (the repeated-key search and the
   * writes of accepted and rejected rows all read them): close the result once its rows are
   * written.
   *
   * @param windowStart first instant of event rows kept (inclusive)
   * @param asOf end of the run's logical date (exclusive)
   * @param catalogueMessageIds for exposures, the accepted message ids (column {@code message_id});
   *     ignored otherwise
   */
  public static ClassifiedTable classify(
      SourceTable input,
      InputTable table,
      Instant windowStart,
      Instant asOf,
      Dataset<Row> catalogueMessageIds) {
    List<String> unknownColumns = new ArrayList<>();
    Dataset<Row> normalized = null;
    for (RawFrame frame : input.frames()) {
      Dataset<Row> part = InputNormalizer.normalize(frame, table);
      normalized = normalized == null ? part : normalized.unionByName(part);
      frame.unknownColumns().stream()
          .filter(c -> !unknownColumns.contains(c))
          .forEach(unknownColumns::add);
    }
    if (normalized == null) {
      return ClassifiedTable.empty(input, table);
    }

    Dataset<Row> checked =
        IngestClassifier.checkRows(normalized, table, windowStart, asOf, catalogueMessageIds)
            .persist(StorageLevel.MEMORY_AND_DISK());
    List<Runnable> releases = new ArrayList<>();
    releases.add(checked::unpersist);
    try {
      Dataset<Row> repeated = null;
      if (!table.keyColumns().isEmpty()) {
        repeated =
            IngestClassifier.repeatedKeys(checked, table).persist(StorageLevel.MEMORY_AND_DISK());
        long repeatedCount = repeated.count();
        if (repeatedCount > MAX_BROADCAST_REPEATED_KEYS) {
          LOG.warn(
              "ingest {}: {} keys repeat; ranking every row instead of only those",
              table.tableName(),
              repeatedCount);
          repeated.unpersist();
          repeated = null;
        } else {
          releases.add(repeated::unpersist);
        }
      }
      Dataset<Row> classified =
          IngestClassifier.classify(checked, table, windowStart, asOf, repeated);

      // The outcome counts ride on the accepted rows: whoever writes them counts every outcome in
      // that pass.
      Observation outcomes = new Observation("ingest_" + table.tableName());
      List<Column> tallies = new ArrayList<>();
      for (Outcome outcome : Outcome.values()) {
        tallies.add(
            sum(when(col(IngestClassifier.OUTCOME).equalTo(outcome.name()), 1L).otherwise(0L))
                .as(outcome.name()));
      }
      Dataset<Row> accepted =
          classified
              .observe(
                  outcomes,
                  tallies.get(0),
                  tallies.subList(1, tallies.size()).toArray(Column[]::new))
              .where(
                  col(IngestClassifier.OUTCOME)
                      .isin(Outcome.ACCEPTED.name(), Outcome.QUARANTINED_STORED.name()))
              .select(storedColumns(table));
      Column reason =
          table == InputTable.EXPOSURES
              ? coalesce(col(InputNormalizer.REASON), col(IngestClassifier.UNKNOWN_MESSAGE))
              : col(InputNormalizer.REASON);
      Dataset<Row> rejected =
          classified
              .where(
                  col(IngestClassifier.OUTCOME)
                      .isin(Outcome.QUARANTINED.name(), Outcome.QUARANTINED_STORED.name()))
              .select(
                  lit(table.tableName()).as(QuarantineColumns.SOURCE_TABLE),
                  col(RawFrame.SOURCE_FILE).as(QuarantineColumns.SOURCE_FILE),
                  col(RawFrame.RAW_RECORD).as(QuarantineColumns.RAW_RECORD),
                  reason.as(QuarantineColumns.REASON));
      Collections.reverse(releases);
      return new ClassifiedTable(
          input, unknownColumns, classified, accepted, rejected, outcomes, releases);
    } catch (RuntimeException e) {
      Collections.reverse(releases);
      releases.forEach(Runnable::run);
      throw e;
    }
  }
}
