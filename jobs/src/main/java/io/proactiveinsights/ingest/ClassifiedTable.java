package io.proactiveinsights.ingest;

import static org.apache.spark.sql.functions.col;

import io.proactiveinsights.ingest.IngestClassifier.Outcome;
import io.proactiveinsights.io.InputSource.SourceTable;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.QuarantineColumns;
import io.proactiveinsights.spark.Observations;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One input table after {@link IngestCore#classify}: the accepted rows as bronze holds them and the
 * rejected rows as quarantine holds them (both without their partition column), for user_events the
 * event history, and what became of every row read. Holds cached rows until closed.
 */
public final class ClassifiedTable implements AutoCloseable {

  private final SourceTable input;
  private final List<String> unknownColumns;

  /** Every row with its outcome; null when nothing was read. */
  private final Dataset<Row> classified;

  private final Dataset<Row> accepted;
  private final Dataset<Row> rejected;

  /** Counts the outcomes while {@link #accepted} is written; null when nothing was read. */
  private final Observation outcomes;

  private final List<Runnable> releases;

  ClassifiedTable(
      SourceTable input,
      List<String> unknownColumns,
      Dataset<Row> classified,
      Dataset<Row> accepted,
      Dataset<Row> rejected,
      Observation outcomes,
      List<Runnable> releases) {
    this.input = input;
    this.unknownColumns = List.copyOf(unknownColumns);
    this.classified = classified;
    this.accepted = accepted;
    this.rejected = rejected;
    this.outcomes = outcomes;
    this.releases = List.copyOf(releases);
  }

  /**
   * A table the source has no files for: no rows, but the same columns, so its ds is still written
   * (empty).
   */
  static ClassifiedTable empty(SourceTable input, InputTable table) {
    SparkSession spark = SparkSession.active();
    Dataset<Row> accepted =
        spark
            .createDataFrame(List.of(), table.bronzeSchema())
            .drop(InputTable.DS, InputTable.EVENT_DATE);
    Dataset<Row> rejected =
        spark.createDataFrame(List.of(), QuarantineColumns.SCHEMA).drop(InputTable.DS);
    return new ClassifiedTable(input, List.of(), null, accepted, rejected, null, List.of());
  }

  /**
   * The rows bronze stores, in its columns without the partition column ({@code ds}, or {@code
   * event_date} for event stores): the accepted rows and, for exposures, those of messages the
   * run's catalogue lacks ({@link Outcome#QUARANTINED_STORED}: quarantined as well, and read only
   * by a ds whose catalogue has the message).
   */
  public Dataset<Row> accepted() {
    return accepted;
  }

  /**
   * The accepted rows only (not the exposures kept for a later catalogue), with every checked
   * column: for checks over what the run accepted.
   */
  public Dataset<Row> acceptedOnly() {
    return classified == null
        ? accepted
        : classified.where(col(IngestClassifier.OUTCOME).equalTo(Outcome.ACCEPTED.name()));
  }

  /** The rejected rows in quarantine's columns without {@code ds}. */
  public Dataset<Row> rejected() {
    return rejected;
  }

  /**
   * Columns the files have that the contract does not define (ignored), in order of first sight.
   */
  public List<String> unknownColumns() {
    return unknownColumns;
  }

  /**
   * What became of the rows, as counted while {@link #accepted} was written: no pass of its own.
   * Call only after that write, or it waits for one.
   */
  public TableCounts observedCounts() {
    Map<Outcome, Long> byOutcome = zeroCounts();
    if (outcomes != null) {
      Map<String, Object> observed = Observations.values(outcomes, "ingest outcome counts");
      for (Outcome outcome : Outcome.values()) {
        Object value = observed.get(outcome.name());
        byOutcome.put(outcome, value == null ? 0L : ((Number) value).longValue());
      }
    }
    return counts(byOutcome);
  }

  /**
   * What became of the rows, counted now in a pass of its own: for a caller that does not write
   * them.
   */
  public TableCounts countNow() {
    Map<Outcome, Long> byOutcome = zeroCounts();
    if (classified != null) {
      for (Row row : classified.groupBy(col(IngestClassifier.OUTCOME)).count().collectAsList()) {
        byOutcome.put(Outcome.valueOf(row.getString(0)), row.getLong(1));
      }
    }
    return counts(byOutcome);
  }

  private static Map<Outcome, Long> zeroCounts() {
    Map<Outcome, Long> byOutcome = new EnumMap<>(Outcome.class);
    for (Outcome outcome : Outcome.values()) {
      byOutcome.put(outcome, 0L);
    }
    return byOutcome;
  }

  private TableCounts counts(Map<Outcome, Long> byOutcome) {
    long read = byOutcome.values().stream().mapToLong(Long::longValue).sum();
    return new TableCounts(
        input.files(),
        read,
        byOutcome.get(Outcome.ACCEPTED),
        byOutcome.get(Outcome.DUPLICATE),
        byOutcome.get(Outcome.QUARANTINED) + byOutcome.get(Outcome.QUARANTINED_STORED),
        byOutcome.get(Outcome.OUT_OF_WINDOW),
        unknownColumns,
        input.ignored(),
        input.drops().alreadyStored());
  }

  /** Frees the cached rows. */
  @Override
  public void close() {
    releases.forEach(Runnable::run);
  }
}
