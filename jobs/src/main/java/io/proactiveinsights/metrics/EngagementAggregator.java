package io.proactiveinsights.metrics;

import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.roaringbitmap.RoaringBitmap;
import scala.Tuple2;

/**
 * Folds each message's events into its counts: per kind of event, the events and the distinct
 * people of the window and of its last day, and the people who received the message and reached
 * its goal. Input rows are (message hash, user_key, kind, in last day): kind is an index into the
 * event kinds given at construction, or {@link #goalKind} for a person who reached the goal
 * through a product event (a person, not an event).
 *
 * <p>Distinct people are exact: they are sets of the per-ds dense user keys (see {@link
 * PeopleSets}). Each partition folds its rows into one {@link PeopleSets} per message; the
 * partials are shuffled by message and merged by union. This replaced an aggregation to one row
 * per (message, person), 4.5× slower on 20 M events, and then a Spark SQL aggregation around the
 * same fold, 1.3× slower (docs/benchmarks.md).
 */
final class EngagementAggregator implements Serializable {

  private static final long serialVersionUID = 2L;

  private final int kinds;
  private final int receivedKind;
  private final int goalCompletedKind;
  private final String missingKeyMessage;
  private final List<String> outputColumns;

  /**
   * @param eventColumns per kind, the column of its event count
   * @param peopleColumns per kind, the column of its distinct people
   * @param dayPrefix prefix of the last day's columns
   * @param goalUsersColumn the column of people who received the message and reached its goal
   * @param receivedKind the kind whose people received the message
   * @param goalCompletedKind the kind of goal_completed events (a goal reached, as an event)
   * @param missingKeyMessage the failure for an event without a user key
   */
  EngagementAggregator(
      List<String> eventColumns, List<String> peopleColumns, String dayPrefix, String goalUsersColumn, int receivedKind,
      int goalCompletedKind, String missingKeyMessage) {
    this.kinds = eventColumns.size();
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
   * Per message hash that has events, its counts in {@link #outputColumns} order. The result is
   * one entry per message of the catalogue, so it comes back to the driver; the events never do.
   *
   * @param events (message hash: long, user_key: int, kind: int, in last day: boolean), in that order
   */
  Map<Long, long[]> perMessage(Dataset<Row> events) {
    requireLayout(events.schema());
    // The fold reads Spark's internal rows in place: converting 20 M rows to Java rows, as
    // Dataset.mapPartitions does, cost as much as Spark's own aggregation saved (docs/benchmarks.md).
    JavaRDD<InternalRow> rows = events.queryExecution().toRdd().toJavaRDD();
    int partitions = Integer.parseInt(events.sparkSession().conf().get("spark.sql.shuffle.partitions"));
    // Each partition sends one partial per message, so combining before the shuffle gains nothing.
    return rows.mapPartitionsToPair(this::foldPartition)
        .combineByKey(PeopleSets::fromBytes, (sets, bytes) -> sets.merge(PeopleSets.fromBytes(bytes)), PeopleSets::merge,
            new HashPartitioner(partitions), false, null)
        .mapValues(this::finish)
        .collectAsMap();
  }

  private static void requireLayout(StructType schema) {
    List<DataType> expected = List.of(DataTypes.LongType, DataTypes.IntegerType, DataTypes.IntegerType, DataTypes.BooleanType);
    List<DataType> actual = new ArrayList<>();
    schema.foreach(field -> actual.add(field.dataType()));
    if (!actual.equals(expected)) {
      throw new IllegalArgumentException("Cannot fold events: expected columns (bigint, int, int, boolean), got " + schema.simpleString());
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
      long message = row.getLong(0);
      PeopleSets sets = byMessage.get(message);
      if (sets == null) {
        sets = new PeopleSets(2 * kinds() + 1);
        byMessage.put(message, sets);
      }
      int key = row.getInt(1);
      int kind = row.getInt(2);
      if (kind == goalKind) {
        sets.addPerson(goalSlot(), key);
      } else {
        sets.add(kind, key);
        if (row.getBoolean(3)) {
          sets.add(daySlot(kind), key);
        }
      }
    }
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
    values[at] =
        RoaringBitmap.andCardinality(sets.people(receivedKind), RoaringBitmap.or(sets.people(goalCompletedKind), sets.people(goalSlot())));
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
