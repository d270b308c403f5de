package io.proactiveinsights.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.schema.InputTable;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * Gives every normalised input row exactly one {@link Outcome}, in this order: rows with a reason
 * are quarantined; event rows outside the run's window are set aside; exposures of messages that
 * are not in the catalogue are quarantined; of the rows sharing a key, one is accepted and the rest
 * are duplicates. Pure transform: the conservation identity (read = accepted + duplicates +
 * quarantined + out of window) holds by construction, because no row is filtered out here.
 */
public final class IngestClassifier {

  /** The outcome column added to every row. */
  public static final String OUTCOME = "_outcome";

  /** The column {@link #repeatedKeys} returns: a 64-bit hash of the table's key. */
  public static final String KEY_HASH = "_key_hash";

  /** What became of an input row. */
  public enum Outcome {
    ACCEPTED,
    DUPLICATE,
    QUARANTINED,
    /**
     * An exposure of a message the run's catalogue does not hold: quarantined (reported with its
     * reason and counted as quarantined), and yet stored, so that a later ds whose catalogue has
     * the message reads it (a daily run reads each drop once; readers hold exposures to their ds's
     * catalogue).
     */
    QUARANTINED_STORED,
    /** An event the store does not take: outside the lookback window ({@link #outOfWindow}). */
    OUT_OF_WINDOW
  }

  /** For exposures, why an otherwise good row's message is not in the catalogue; null if it is. */
  public static final String UNKNOWN_MESSAGE = "_unknown_message";

  private static final long SECONDS_PER_DAY = 86_400L;

  private IngestClassifier() {}

  /**
   * The row-local checks, run before the rows are cached: an exposure of a message that is not in
   * the catalogue gets a reason, and the raw text and source file are kept only on rows that have
   * one. Only a rejected row needs them in quarantine; computing and caching the raw text for every
   * accepted row would make the cache several times larger than the rows themselves (measured: 4 GB
   * for 20 M exposures, spilling to disk). The CASE short-circuits, so it is not even computed.
   *
   * @param normalized the output of {@link InputNormalizer#normalize}
   * @param windowStart first instant of event rows kept (inclusive)
   * @param asOf end of the run's logical date (exclusive)
   * @param catalogueMessageIds for exposures, the accepted message ids (column {@code message_id});
   *     ignored otherwise
   */
  public static Dataset<Row> checkRows(
      Dataset<Row> normalized,
      InputTable table,
      Instant windowStart,
      Instant asOf,
      Dataset<Row> catalogueMessageIds) {
    Dataset<Row> rows = normalized;
    if (table == InputTable.EXPOSURES) {
      String catalogueId = "_catalogue_message_id";
      rows =
          rows.join(
              broadcast(catalogueMessageIds.select(col("message_id").as(catalogueId)).distinct()),
              col("message_id").equalTo(col(catalogueId)),
              "left");
      // Only an exposure we would otherwise keep is worth a complaint about its message.
      Column orphan =
          col(InputNormalizer.REASON)
              .isNull()
              .and(outOfWindow(table, windowStart, asOf).unary_$bang())
              .and(col(catalogueId).isNull());
      rows =
          rows.withColumn(
                  UNKNOWN_MESSAGE,
                  when(
                      orphan,
                      concat(
                          lit("message_id: '"),
                          col("message_id"),
                          lit(
                              "' is not in the messages catalogue (the exposure is kept in bronze,"
                                  + " for a later ds whose catalogue has the message)"))))
              .drop(catalogueId);
    }
    Column rejected = col(InputNormalizer.REASON).isNotNull();
    if (table == InputTable.EXPOSURES) {
      rejected = rejected.or(col(UNKNOWN_MESSAGE).isNotNull());
    }
    // One projection, not one per column: each step re-analyses the plan below it.
    Map<String, Column> kept = new LinkedHashMap<>();
    kept.put(RawFrame.RAW_RECORD, when(rejected, col(RawFrame.RAW_RECORD)));
    kept.put(RawFrame.SOURCE_FILE, when(rejected, col(RawFrame.SOURCE_FILE)));
    return rows.withColumns(kept);
  }

  /**
   * Gives every row of {@link #checkRows} its outcome. {@code repeatedKeys} are the hashes of the
   * keys that occur more than once among valid rows ({@link #repeatedKeys}), known up front: only
   * rows with such a key hash are ranked (by the key itself), so the common case — no repeats —
   * needs no sort of the whole table. Null ranks every row.
   *
   * @param windowStart first instant of event rows kept (inclusive)
   * @param asOf end of the run's logical date (exclusive)
   */
  public static Dataset<Row> classify(
      Dataset<Row> checked,
      InputTable table,
      Instant windowStart,
      Instant asOf,
      Dataset<Row> repeatedKeys) {
    Column beforeDedupe =
        when(col(InputNormalizer.REASON).isNotNull(), lit(Outcome.QUARANTINED.name()))
            .when(outOfWindow(table, windowStart, asOf), lit(Outcome.OUT_OF_WINDOW.name()));
    if (table.keyColumns().isEmpty()) {
      return checked.withColumn(OUTCOME, coalesce(beforeDedupe, lit(Outcome.ACCEPTED.name())));
    }
    Dataset<Row> rows = checked.withColumn(OUTCOME, beforeDedupe);
    Dataset<Row> outcomes =
        repeatedKeys == null ? ranked(rows, table) : deduplicated(rows, table, repeatedKeys);
    if (table != InputTable.EXPOSURES
        || !Arrays.asList(checked.columns()).contains(UNKNOWN_MESSAGE)) {
      // Rows checked without a catalogue name no unknown message.
      return outcomes;
    }
    // An unknown message's exposure takes part in the search for repeats like any good row: the
    // copy that wins is the one stored.
    return outcomes.withColumn(
        OUTCOME,
        when(
                col(OUTCOME).equalTo(Outcome.ACCEPTED.name()).and(col(UNKNOWN_MESSAGE).isNotNull()),
                lit(Outcome.QUARANTINED_STORED.name()))
            .otherwise(col(OUTCOME)));
  }

  /** {@link #classify} with the repeated keys known: only their rows are ranked. */
  private static Dataset<Row> deduplicated(
      Dataset<Row> rows, InputTable table, Dataset<Row> repeatedKeys) {
    String repeated = "_repeated_key_hash";
    Dataset<Row> marked =
        rows.join(
            broadcast(repeatedKeys.select(col(KEY_HASH).as(repeated))),
            keyHash(table).equalTo(col(repeated)),
            "left");
    Column mayRepeat = col(OUTCOME).isNull().and(col(repeated).isNotNull());
    Dataset<Row> single =
        marked
            .where(mayRepeat.unary_$bang())
            .select(
                Arrays.stream(rows.columns())
                    .map(
                        c ->
                            c.equals(OUTCOME)
                                ? coalesce(col(OUTCOME), lit(Outcome.ACCEPTED.name())).as(OUTCOME)
                                : col(quoted(c)))
                    .toArray(Column[]::new));
    return single.unionByName(ranked(marked.where(mayRepeat).drop(repeated), table));
  }

  /**
   * Event rows the event store does not take; never true for snapshot tables.
   *
   * <ul>
   *   <li>A row of a file outside drops (every run reads those files): before the run's lookback
   *       window (for tables {@link InputTable#storedFromLookback stored from it}) or at/after the
   *       as-of time.
   *   <li>A row of a daily drop is judged by its drop, not by the run, so that what a drop adds to
   *       the store is the same whichever run read it first (a daily run reads each drop once): out
   *       only when it is before the lookback window of the drop's own ds, which no run that may
   *       read the drop (ds at or after the drop's) reaches back to. A drop's event after the run's
   *       as-of time is stored for the later ds it belongs to (a drop named by a local day may hold
   *       events after that day ends in UTC); runs read only events before their as-of time.
   * </ul>
   */
  private static Column outOfWindow(InputTable table, Instant windowStart, Instant asOf) {
    if (table.eventTimeColumn().isEmpty()) {
      return lit(false);
    }
    Column time = col(table.eventTimeColumn().get());
    Column afterAsOf = time.geq(lit(Timestamp.from(asOf)));
    Column beforeStart = time.lt(lit(Timestamp.from(windowStart)));
    boolean cut = table.arrivesInDrops() ? table.storedFromLookback() : table.cutToLookback();
    Column loose = cut ? beforeStart.or(afterAsOf) : afterAsOf;
    if (!table.arrivesInDrops()) {
      return loose;
    }
    Column inDrop = lit(false);
    if (cut) {
      long lookbackSeconds = Duration.between(windowStart, asOf).getSeconds();
      Column dropWindowStart =
          timestamp_seconds(
              unix_date(col(InputTable.DROP_DS))
                  .plus(1)
                  .cast(DataTypes.LongType)
                  .multiply(SECONDS_PER_DAY)
                  .minus(lookbackSeconds));
      inDrop = time.lt(dropWindowStart);
    }
    return when(col(InputTable.DROP_DS).isNull(), loose).otherwise(inDrop);
  }

  /**
   * The 64-bit hashes (column {@link #KEY_HASH}) of keys that occur on more than one valid row: the
   * only rows that need ranking. Hashes instead of the key strings make this pass over every row of
   * the table cheaper (fixed-width keys); it stays exact, because a hash shared by two different
   * keys only makes their rows candidates, and candidates are ranked by the key itself ({@link
   * #classify}).
   *
   * <p>The hashes are shuffled by value and each partition keeps a primitive hash set (fastutil) of
   * what it has seen, ~13 bytes per row of the partition. Spark's count per hash did the same with
   * a partial aggregation on the map side that reduces nothing when almost every key is unique: at
   * 20 M exposures 10.5 s against 5.4 s for this (docs/benchmarks.md).
   */
  public static Dataset<Row> repeatedKeys(Dataset<Row> normalized, InputTable table) {
    Dataset<Long> hashes =
        normalized
            .where(col(InputNormalizer.REASON).isNull())
            .select(keyHash(table).as(KEY_HASH))
            .as(Encoders.LONG());
    return hashes
        .repartition(col(KEY_HASH))
        .mapPartitions(
            (MapPartitionsFunction<Long, Long>) IngestClassifier::seenTwice, Encoders.LONG())
        .toDF(KEY_HASH);
  }

  /** The hashes that occur more than once in one partition (all of a hash's rows are in one). */
  private static Iterator<Long> seenTwice(Iterator<Long> hashes) {
    LongOpenHashSet seen = new LongOpenHashSet();
    LongOpenHashSet repeated = new LongOpenHashSet();
    while (hashes.hasNext()) {
      long hash = hashes.next();
      if (!seen.add(hash)) {
        repeated.add(hash);
      }
    }
    return repeated.iterator();
  }

  private static Column keyHash(InputTable table) {
    return xxhash64(keyColumns(table));
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static Column[] keyColumns(InputTable table) {
    return table.keyColumns().stream().map(c -> col(c)).toArray(Column[]::new);
  }

  private static Dataset<Row> ranked(Dataset<Row> rows, InputTable table) {
    Column isCandidate = col(OUTCOME).isNull();
    List<Column> partition = new ArrayList<>(List.of(keyColumns(table)));
    partition.add(0, isCandidate);
    WindowSpec sameKey =
        Window.partitionBy(partition.toArray(Column[]::new)).orderBy(survivorOrder(table));
    Column rank = row_number().over(sameKey);
    return rows.withColumn(
        OUTCOME,
        when(isCandidate.and(rank.equalTo(1)), lit(Outcome.ACCEPTED.name()))
            .when(isCandidate, lit(Outcome.DUPLICATE.name()))
            .otherwise(col(OUTCOME)));
  }

  /** Which of several rows with one key survives: {@link InputTable#survivorOrder}. */
  private static Column[] survivorOrder(InputTable table) {
    return table.survivorOrder().stream()
        .map(
            t ->
                t.descending()
                    ? (t.nullsFirst()
                        ? col(t.column()).desc_nulls_first()
                        : col(t.column()).desc_nulls_last())
                    : (t.nullsFirst()
                        ? col(t.column()).asc_nulls_first()
                        : col(t.column()).asc_nulls_last()))
        .toArray(Column[]::new);
  }
}
