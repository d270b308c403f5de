package io.proactiveinsights.metrics;

import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;
import org.roaringbitmap.RoaringBitmap;
import scala.Tuple2;

/**
 * Folds each message's events into its counts: per kind of event, the events and the distinct
 * people of the window and of its last day, the people who received the message and reached its
 * goal, and for each rate the window's people of one kind among those of another (viewers among
 * receivers, clickers among viewers...). Input rows are (message hash, user_key, kind, in last
 * day): kind is an index into the event kinds given at construction, or {@link #goalKind} for a
 * person who reached the goal through a product event (a person, not an event).
 *
 * <p>Distinct people are exact: they are sets of the per-ds dense user keys (see {@link
 * PeopleSets}). Each partition folds its rows into one {@link PeopleSets} per message; the partials
 * are shuffled by message and merged by union. This replaced an aggregation to one row per
 * (message, person), 4.5× slower on 20 M events, and then a Spark SQL aggregation around the same
 * fold, 1.3× slower (docs/benchmarks.md).
 *
 * <p>Exposures read from Parquet are folded straight from the reader's column batches ({@link
 * ExposureScan}); other events (goal markers, rows built in memory) as rows. Both give partials
 * keyed by the same message hash, Spark's {@code xxhash64} of the message id, and are merged
 * together.
 */
final class EngagementAggregator implements Serializable {

  private static final long serialVersionUID = 4L;

  /** Spark's seed for {@code xxhash64}: batches hash message ids as the SQL function does. */
  private static final long XXHASH64_SEED = 42L;

  private final int kinds;
  private final List<String> eventTypes;
  private final int receivedKind;
  private final int goalCompletedKind;
  private final String missingKeyMessage;

  /** Per intersection counted at finish: the kind whose people are counted, and among whose. */
  private final int[] countedKinds;

  private final int[] amongKinds;
  private final List<String> outputColumns;

  /**
   * The window's people of {@code kind} who are also among those of {@code amongKind}, in the
   * output {@code column}: a rate's numerator within its denominator.
   */
  record Intersection(String column, int kind, int amongKind) {}

  /**
   * @param eventTypes per kind, the event_type it counts (what batches are matched against)
   * @param eventColumns per kind, the column of its event count
   * @param peopleColumns per kind, the column of its distinct people
   * @param dayPrefix prefix of the last day's columns
   * @param goalUsersColumn the column of people who received the message and reached its goal
   * @param receivedKind the kind whose people received the message
   * @param goalCompletedKind the kind of goal_completed events (a goal reached, as an event)
   * @param intersections the window's people of one kind among another's to count, after goal users
   * @param missingKeyMessage the failure for an event without a user key
   */
  EngagementAggregator(
      List<String> eventTypes,
      List<String> eventColumns,
      List<String> peopleColumns,
      String dayPrefix,
      String goalUsersColumn,
      int receivedKind,
      int goalCompletedKind,
      List<Intersection> intersections,
      String missingKeyMessage) {
    this.kinds = eventColumns.size();
    this.eventTypes = List.copyOf(eventTypes);
    this.receivedKind = receivedKind;
    this.goalCompletedKind = goalCompletedKind;
    this.missingKeyMessage = missingKeyMessage;
    List<String> columns = new ArrayList<>();
    for (String prefix : List.of("", dayPrefix)) {
      for (int kind = 0; kind < kinds(); kind++) {
        columns.add(prefix + eventColumns.get(kind));
        columns.add(prefix + peopleColumns.get(kind));
      }
    }
    columns.add(goalUsersColumn);
    intersections.forEach(intersection -> columns.add(intersection.column()));
    this.countedKinds = intersections.stream().mapToInt(Intersection::kind).toArray();
    this.amongKinds = intersections.stream().mapToInt(Intersection::amongKind).toArray();
    this.outputColumns = List.copyOf(columns);
  }

  /** The kind of input row that marks a person who reached the goal through a product event. */
  int goalKind() {
    return kinds();
  }

  /** Every output column, in order. */
  List<String> outputColumns() {
    return outputColumns;
  }

  /**
   * Each partition's partial counts and sets per message hash, from event rows.
   *
   * @param events (message hash: long, user_key: int, kind: int, in last day: boolean), in that
   *     order
   */
  JavaPairRDD<Long, byte[]> partialsOfRows(Dataset<Row> events) {
    requireLayout(events.schema());
    // The fold reads Spark's internal rows in place: converting 20 M rows to Java rows, as
    // Dataset.mapPartitions does, cost as much as Spark's own aggregation saved
    // (docs/benchmarks.md).
    JavaRDD<InternalRow> rows = events.queryExecution().toRdd().toJavaRDD();
    return rows.mapPartitionsToPair(this::foldPartition);
  }

  /**
   * Each partition's partial counts and sets per message hash, from the exposures' column batches:
   * the events with {@code from <= occurred_at < to}, in the last day from {@code dayFrom} (all in
   * microseconds since the epoch, as Spark holds timestamps; {@code Long.MAX_VALUE} for no day).
   */
  JavaPairRDD<Long, byte[]> partialsOfBatches(ExposureScan scan, long from, long to, long dayFrom) {
    ExposureScan.Layout layout = scan.layout();
    return scan.batches()
        .mapPartitionsToPair(batches -> foldBatches(batches, layout, from, to, dayFrom));
  }

  /**
   * Per message hash that has events, its counts in {@link #outputColumns} order. The result is one
   * entry per message of the catalogue, so it comes back to the driver; the events never do.
   */
  Map<Long, long[]> merge(JavaPairRDD<Long, byte[]> partials, int partitions) {
    // Each partition sends one partial per message, so combining before the shuffle gains nothing.
    // A message's partials are gathered and united once: uniting them two by two converted
    // Roaring's array containers to bitmaps and back at every step (a seventh of the fold's time).
    return partials
        .combineByKey(
            EngagementAggregator::partialList,
            EngagementAggregator::withPartial,
            EngagementAggregator::joined,
            new HashPartitioner(partitions),
            false,
            null)
        .mapValues(list -> finish(PeopleSets.union(list)))
        .collectAsMap();
  }

  private static List<byte[]> partialList(byte[] partial) {
    List<byte[]> list = new ArrayList<>();
    list.add(partial);
    return list;
  }

  private static List<byte[]> withPartial(List<byte[]> list, byte[] partial) {
    list.add(partial);
    return list;
  }

  private static List<byte[]> joined(List<byte[]> list, List<byte[]> other) {
    list.addAll(other);
    return list;
  }

  private static void requireLayout(StructType schema) {
    List<DataType> expected =
        List.of(
            DataTypes.LongType,
            DataTypes.IntegerType,
            DataTypes.IntegerType,
            DataTypes.BooleanType);
    List<DataType> actual = new ArrayList<>();
    schema.foreach(field -> actual.add(field.dataType()));
    if (!actual.equals(expected)) {
      throw new IllegalArgumentException(
          "Cannot fold events: expected columns (bigint, int, int, boolean), got "
              + schema.simpleString());
    }
  }

  private Iterator<Tuple2<Long, byte[]>> foldPartition(Iterator<InternalRow> rows) {
    Long2ObjectOpenHashMap<PeopleSets> byMessage = new Long2ObjectOpenHashMap<>();
    int goalKind = goalKind();
    while (rows.hasNext()) {
      InternalRow row = rows.next();
      if (row.isNullAt(1)) {
        throw new IllegalStateException(missingKeyMessage);
      }
      PeopleSets sets = setsOf(byMessage, row.getLong(0));
      int key = row.getInt(1);
      int kind = row.getInt(2);
      if (kind == goalKind) {
        sets.addPerson(goalSlot(), key);
      } else {
        add(sets, kind, key, row.getBoolean(3));
      }
    }
    return partials(byMessage);
  }

  /** The batch fold: the window's events of each batch, as the row fold takes them. */
  private Iterator<Tuple2<Long, byte[]>> foldBatches(
      Iterator<ColumnarBatch> batches,
      ExposureScan.Layout layout,
      long from,
      long to,
      long dayFrom) {
    Long2ObjectOpenHashMap<PeopleSets> byMessage = new Long2ObjectOpenHashMap<>();
    ResolvedColumn<PeopleSets> messageSets =
        new ResolvedColumn<>(message -> setsOf(byMessage, hash(message)));
    ResolvedColumn<Integer> eventKinds = new ResolvedColumn<>(this::kindOf);
    while (batches.hasNext()) {
      ColumnarBatch batch = batches.next();
      ColumnVector messages = batch.column(layout.messageId());
      ColumnVector keys = batch.column(layout.userKey());
      ColumnVector types = batch.column(layout.eventType());
      ColumnVector times = batch.column(layout.occurredAt());
      messageSets.next(messages);
      eventKinds.next(types);
      boolean mayHaveNulls =
          messages.hasNull() || keys.hasNull() || types.hasNull() || times.hasNull();
      int rows = batch.numRows();
      for (int row = 0; row < rows; row++) {
        if (mayHaveNulls && nullInWindow(messages, keys, types, times, row, from, to)) {
          continue;
        }
        long at = times.getLong(row);
        if (at >= from && at < to) {
          add(messageSets.at(row), eventKinds.at(row), keys.getInt(row), at >= dayFrom);
        }
      }
    }
    return partials(byMessage);
  }

  /**
   * One string column of the batches, resolved to a value per row (a message's sets, an event
   * type's kind). While the reader leaves a batch's values encoded, they all come from one
   * dictionary, so each dictionary id is resolved once per batch (the next batch may bring the next
   * row group's dictionary); otherwise each row is.
   */
  private static final class ResolvedColumn<T> {
    private final Function<UTF8String, T> resolve;
    private Object[] byId = new Object[64];
    private int[] batchOfId = new int[64];
    private int batch;
    private ColumnVector column;
    private WritableColumnVector ids;

    ResolvedColumn(Function<UTF8String, T> resolve) {
      this.resolve = resolve;
    }

    void next(ColumnVector batchColumn) {
      column = batchColumn;
      ids =
          batchColumn instanceof WritableColumnVector vector && vector.hasDictionary()
              ? vector.getDictionaryIds()
              : null;
      batch++;
    }

    @SuppressWarnings("unchecked")
    T at(int row) {
      if (ids == null) {
        return resolve.apply(column.getUTF8String(row));
      }
      int id = ids.getInt(row);
      if (id >= byId.length) {
        byId = Arrays.copyOf(byId, 2 * id + 1);
        batchOfId = Arrays.copyOf(batchOfId, 2 * id + 1);
      }
      if (batchOfId[id] != batch) {
        byId[id] = resolve.apply(column.getUTF8String(row));
        batchOfId[id] = batch;
      }
      return (T) byId[id];
    }
  }

  /**
   * Whether a row with a null is to be skipped: one without a time is outside every window, as the
   * row path's filter has it. A row in the window without a key, message or type fails the run, as
   * in the row path (bronze never holds one: ingest quarantines them).
   */
  private boolean nullInWindow(
      ColumnVector messages,
      ColumnVector keys,
      ColumnVector types,
      ColumnVector times,
      int row,
      long from,
      long to) {
    if (times.isNullAt(row)) {
      return true;
    }
    long at = times.getLong(row);
    if (at < from || at >= to) {
      return false;
    }
    if (keys.isNullAt(row)) {
      throw new IllegalStateException(missingKeyMessage);
    }
    if (messages.isNullAt(row) || types.isNullAt(row)) {
      throw new IllegalStateException(
          "bronze exposures hold an event without message_id or event_type: rerun ingest for this"
              + " ds");
    }
    return false;
  }

  private static long hash(UTF8String value) {
    return XXH64.hashUnsafeBytes(
        value.getBaseObject(), value.getBaseOffset(), value.numBytes(), XXHASH64_SEED);
  }

  private Integer kindOf(UTF8String type) {
    int kind = eventTypes.indexOf(type.toString());
    if (kind < 0) {
      throw new IllegalStateException("bronze exposures hold an unknown event_type: " + type);
    }
    return kind;
  }

  private PeopleSets setsOf(Long2ObjectOpenHashMap<PeopleSets> byMessage, long message) {
    PeopleSets sets = byMessage.get(message);
    if (sets == null) {
      sets = new PeopleSets(2 * kinds() + 1);
      byMessage.put(message, sets);
    }
    return sets;
  }

  private void add(PeopleSets sets, int kind, int key, boolean inDay) {
    sets.add(kind, key);
    if (inDay) {
      sets.add(daySlot(kind), key);
    }
  }

  private static Iterator<Tuple2<Long, byte[]>> partials(
      Long2ObjectOpenHashMap<PeopleSets> byMessage) {
    List<Tuple2<Long, byte[]>> partials = new ArrayList<>(byMessage.size());
    for (Long2ObjectMap.Entry<PeopleSets> entry : byMessage.long2ObjectEntrySet()) {
      partials.add(new Tuple2<>(entry.getLongKey(), entry.getValue().toBytes()));
    }
    return partials.iterator();
  }

  private long[] finish(PeopleSets sets) {
    long[] values = new long[outputColumns.size()];
    int at = 0;
    for (int offset : new int[] {0, kinds()}) {
      for (int kind = 0; kind < kinds(); kind++) {
        values[at++] = sets.events(offset + kind);
        values[at++] = sets.people(offset + kind).getLongCardinality();
      }
    }
    // Received, and reached the goal either as a goal_completed event or through a product event.
    values[at++] =
        RoaringBitmap.andCardinality(
            sets.people(receivedKind),
            RoaringBitmap.or(sets.people(goalCompletedKind), sets.people(goalSlot())));
    // Over the window's sets, once per message: no work per event.
    for (int i = 0; i < countedKinds.length; i++) {
      values[at++] =
          RoaringBitmap.andCardinality(sets.people(countedKinds[i]), sets.people(amongKinds[i]));
    }
    return values;
  }

  private int kinds() {
    return kinds;
  }

  private int daySlot(int kind) {
    return kinds() + kind;
  }

  private int goalSlot() {
    return 2 * kinds();
  }
}
