package io.proactiveinsights.metrics;

import java.util.List;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.roaringbitmap.RoaringBitmap;
import scala.Tuple3;

/**
 * Folds one message's events into its counts: per kind of event, the events and the distinct
 * people of the window and of its last day, and the people who received the message and reached
 * its goal. Input rows are (user_key, kind, in last day): kind is an index into the event kinds
 * given at construction, or {@link #goalKind} for a person who reached the goal through a product
 * event (a person, not an event).
 *
 * <p>Distinct people are exact: they are sets of the per-ds dense user keys (see
 * {@link PeopleSets}), merged across partitions by union. This replaced an aggregation to one row
 * per (message, person), which was 4.5× slower on 20 M events (docs/benchmarks.md).
 */
final class EngagementAggregator extends Aggregator<Tuple3<Integer, Integer, Boolean>, PeopleSets, Row> {

  private static final long serialVersionUID = 1L;

  private final List<String> eventColumns;
  private final List<String> peopleColumns;
  private final String dayPrefix;
  private final String goalUsersColumn;
  private final int receivedKind;
  private final int goalCompletedKind;
  private final StructType outputSchema;

  /**
   * @param eventColumns per kind, the column of its event count
   * @param peopleColumns per kind, the column of its distinct people
   * @param dayPrefix prefix of the last day's columns
   * @param goalUsersColumn the column of people who received the message and reached its goal
   * @param receivedKind the kind whose people received the message
   * @param goalCompletedKind the kind of goal_completed events (a goal reached, as an event)
   */
  EngagementAggregator(
      List<String> eventColumns, List<String> peopleColumns, String dayPrefix, String goalUsersColumn, int receivedKind,
      int goalCompletedKind) {
    this.eventColumns = List.copyOf(eventColumns);
    this.peopleColumns = List.copyOf(peopleColumns);
    this.dayPrefix = dayPrefix;
    this.goalUsersColumn = goalUsersColumn;
    this.receivedKind = receivedKind;
    this.goalCompletedKind = goalCompletedKind;
    StructType schema = new StructType();
    for (String prefix : List.of("", dayPrefix)) {
      for (int kind = 0; kind < kinds(); kind++) {
        schema = schema.add(prefix + eventColumns.get(kind), DataTypes.LongType, false)
            .add(prefix + peopleColumns.get(kind), DataTypes.LongType, false);
      }
    }
    this.outputSchema = schema.add(goalUsersColumn, DataTypes.LongType, false);
  }

  /** The kind of input row that marks a person who reached the goal through a product event. */
  int goalKind() {
    return kinds();
  }

  /** Every output column, in order. */
  List<String> outputColumns() {
    return List.of(outputSchema.fieldNames());
  }

  private int kinds() {
    return eventColumns.size();
  }

  private int daySlot(int kind) {
    return kinds() + kind;
  }

  private int goalSlot() {
    return 2 * kinds();
  }

  @Override
  public PeopleSets zero() {
    return new PeopleSets(2 * kinds() + 1);
  }

  @Override
  public PeopleSets reduce(PeopleSets sets, Tuple3<Integer, Integer, Boolean> event) {
    int key = event._1();
    int kind = event._2();
    if (kind == goalKind()) {
      sets.addPerson(goalSlot(), key);
    } else {
      sets.add(kind, key);
      if (event._3()) {
        sets.add(daySlot(kind), key);
      }
    }
    return sets;
  }

  @Override
  public PeopleSets merge(PeopleSets left, PeopleSets right) {
    return left.merge(right);
  }

  @Override
  public Row finish(PeopleSets sets) {
    Object[] values = new Object[outputSchema.size()];
    int at = 0;
    for (int offset : new int[] {0, kinds()}) {
      for (int kind = 0; kind < kinds(); kind++) {
        values[at++] = sets.events(offset + kind);
        values[at++] = sets.people(offset + kind).getLongCardinality();
      }
    }
    // Received, and reached the goal either as a goal_completed event or through a product event.
    values[at] =
        (long) RoaringBitmap.andCardinality(sets.people(receivedKind), RoaringBitmap.or(sets.people(goalCompletedKind), sets.people(goalSlot())));
    return RowFactory.create(values);
  }

  @Override
  public Encoder<PeopleSets> bufferEncoder() {
    return Encoders.javaSerialization(PeopleSets.class);
  }

  @Override
  public Encoder<Row> outputEncoder() {
    return Encoders.row(outputSchema);
  }
}
