package io.proactiveinsights.metrics;

import static io.proactiveinsights.schema.MessageStatsColumns.*;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.proactiveinsights.run.Window;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.Vocabulary.EventType;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Per-message counts over a half-open time window {@code [from, to)}: events and exact distinct
 * people per event type, and the people who reached the message's goal. Pure transforms: datasets
 * and instants in, a local frame of one row per message of the catalogue out; no reads, writes or
 * clock. {@link EngagementMetrics} turns the counts into rates and baselines.
 *
 * <p>The exposures are read once, by one aggregation per message ({@link EngagementAggregator}):
 * event counts per type, and the people of each type as exact sets of the dense user keys ingest
 * writes beside every bronze exposure ({@code user_key}). What comes out of that pass is a row per
 * message of the catalogue, never per event.
 */
public final class EngagementCounts {

  private static final String USER_ID = "user_id";
  private static final String EVENT_TYPE = "event_type";
  private static final String OCCURRED_AT = "occurred_at";
  private static final String FIRST_RECEIVED_AT = "_first_received_at";
  private static final String USER_KEY = InputTable.USER_KEY;
  private static final String KIND = "_kind";
  private static final String IN_DAY = "_in_day";
  private static final String MESSAGE_HASH = "_message_hash";
  private static final String GOAL_EVENT = "goal_event";

  /** Positions of goal_event and of the id's hash in {@link #catalogue}'s rows. */
  private static final int CATALOGUE_GOAL = 3;

  private static final int CATALOGUE_HASH = 4;

  /** Prefix of the day-D counts {@link #countsWithDay} computes alongside the window's. */
  public static final String DAY_PREFIX = "day_";

  /**
   * The daily table's counts: every count but goal_users (goals there are goal_completed events)
   * and the people among a rate's denominator (the daily table has no rates).
   */
  private static final List<String> DAILY_COUNTS =
      COUNTS.stream().filter(c -> !c.equals(GOAL_USERS) && !AMONG_COUNTS.contains(c)).toList();

  /** Event type → the (events, people) count columns it feeds. */
  private record Tally(EventType type, String events, String people) {}

  private static final List<Tally> TALLIES =
      List.of(
          new Tally(EventType.RECEIVED, RECEIVED, RECEIVERS),
          new Tally(EventType.VIEWED, VIEWS, VIEWERS),
          new Tally(EventType.CLICKED, CLICKS, CLICKERS),
          new Tally(EventType.DISMISSED, DISMISSALS, DISMISSERS),
          new Tally(EventType.REPLIED, REPLIES, REPLIERS),
          new Tally(EventType.COMPLETED, COMPLETIONS, COMPLETERS),
          new Tally(EventType.GOAL_COMPLETED, GOAL_COMPLETIONS, "_goal_completers"));

  /** Each rate's people of its action among the people of its denominator, by their tallies. */
  private static final List<EngagementAggregator.Intersection> INTERSECTIONS =
      RATES.stream()
          .filter(rate -> AMONG_COUNTS.contains(rate.successes()))
          .map(
              rate ->
                  new EngagementAggregator.Intersection(
                      rate.successes(),
                      kindOfPeople(rate.numerator()),
                      kindOfPeople(rate.denominator())))
          .toList();

  /** The event counts (not people) of a counts row: their sum is every exposure event counted. */
  public static final List<String> EVENT_COUNTS = TALLIES.stream().map(Tally::events).toList();

  private EngagementCounts() {}

  /**
   * Counts per message for the events in {@code [from, to)}, one row for every message of the
   * catalogue (zeros where nothing happened).
   *
   * @param exposures bronze exposures (message_id, user_id, event_type, occurred_at)
   * @param messages the catalogue (message_id, type, state, goal_event)
   * @param userEvents product events (user_id, event_name, occurred_at), for goals
   * @param goalWindow how long after receiving a message its goal_event still counts
   */
  public static Dataset<Row> counts(
      Dataset<Row> exposures,
      Dataset<Row> messages,
      Dataset<Row> userEvents,
      Instant from,
      Instant to,
      Duration goalWindow) {
    return countsWithDay(exposures, messages, userEvents, from, to, null, goalWindow);
  }

  /**
   * {@link #counts} for {@code [from, to)} and, in the same single pass over the exposures, the
   * event counts of {@code [dayFrom, to)} in columns prefixed {@link #DAY_PREFIX} (no goal_users:
   * the daily table counts goal events only). {@code dayFrom} null skips the daily columns.
   */
  public static Dataset<Row> countsWithDay(
      Dataset<Row> exposures,
      Dataset<Row> messages,
      Dataset<Row> userEvents,
      Instant from,
      Instant to,
      Instant dayFrom,
      Duration goalWindow) {
    Dataset<Row> inWindow = exposures.where(new Window(from, to).contains(col(OCCURRED_AT)));

    EngagementAggregator aggregator =
        new EngagementAggregator(
            TALLIES.stream().map(tally -> tally.type().wire()).toList(),
            TALLIES.stream().map(Tally::events).toList(),
            TALLIES.stream().map(Tally::people).toList(),
            DAY_PREFIX,
            GOAL_USERS,
            kindOf(EventType.RECEIVED),
            kindOf(EventType.GOAL_COMPLETED),
            INTERSECTIONS,
            "bronze exposures have no "
                + USER_KEY
                + " (written by an older version): rerun ingest for this ds");
    List<Row> catalogue = catalogue(messages);
    // Bronze exposures are folded from Parquet's column batches; anything else as rows.
    JavaPairRDD<Long, byte[]> partials =
        ExposureScan.of(inWindow)
            .map(
                scan ->
                    aggregator.partialsOfBatches(
                        scan,
                        micros(from),
                        micros(to),
                        dayFrom == null ? Long.MAX_VALUE : micros(dayFrom)))
            .orElseGet(() -> aggregator.partialsOfRows(exposureEvents(inWindow, dayFrom)));
    // Goals reached through user_events enter the one merge as marker rows, not as a join; a
    // catalogue that names no goal_event needs neither them nor the product events.
    if (catalogue.stream().anyMatch(message -> !message.isNullAt(CATALOGUE_GOAL))) {
      partials =
          partials.union(
              aggregator.partialsOfRows(
                  goalMarkers(inWindow, messages, userEvents, goalWindow)
                      .select(
                          xxhash64(col(MESSAGE_ID)).as(MESSAGE_HASH),
                          col(USER_KEY),
                          lit(aggregator.goalKind()).as(KIND),
                          lit(false).as(IN_DAY))));
    }
    Map<Long, long[]> byMessage =
        aggregator.merge(
            partials,
            Integer.parseInt(exposures.sparkSession().conf().get("spark.sql.shuffle.partitions")));
    requireCatalogued(byMessage.keySet(), catalogue);

    // One row per message of the catalogue (zeros where it had no events), joined here: both
    // sides are a row per message.
    List<String> columns = new ArrayList<>(COUNTS);
    if (dayFrom != null) {
      DAILY_COUNTS.forEach(count -> columns.add(DAY_PREFIX + count));
    }
    int[] sources =
        columns.stream().mapToInt(column -> aggregator.outputColumns().indexOf(column)).toArray();
    StructType schema =
        new StructType()
            .add(messages.schema().apply(MESSAGE_ID))
            .add(messages.schema().apply(TYPE))
            .add(messages.schema().apply(STATE));
    for (String column : columns) {
      schema = schema.add(column, DataTypes.LongType, false);
    }
    List<Row> rows = new ArrayList<>(catalogue.size());
    long[] none = new long[aggregator.outputColumns().size()];
    for (Row message : catalogue) {
      long[] counts = byMessage.getOrDefault(message.getLong(CATALOGUE_HASH), none);
      Object[] values = new Object[3 + sources.length];
      values[0] = message.get(0);
      values[1] = message.get(1);
      values[2] = message.get(2);
      for (int i = 0; i < sources.length; i++) {
        values[3 + i] = counts[sources[i]];
      }
      rows.add(RowFactory.create(values));
    }
    return exposures.sparkSession().createDataFrame(rows, schema);
  }

  /**
   * The window's exposures as the rows {@link EngagementAggregator#partialsOfRows} folds: messages
   * told apart by a 64-bit hash of their id (a probe of a primitive map, not string comparisons),
   * event types as kinds.
   */
  private static Dataset<Row> exposureEvents(Dataset<Row> inWindow, Instant dayFrom) {
    Column inDay =
        dayFrom == null ? lit(false) : col(OCCURRED_AT).geq(lit(Timestamp.from(dayFrom)));
    Column kind = null;
    for (int i = 0; i < TALLIES.size(); i++) {
      Column isType = col(EVENT_TYPE).equalTo(TALLIES.get(i).type().wire());
      kind = kind == null ? when(isType, lit(i)) : kind.when(isType, lit(i));
    }
    kind =
        kind.otherwise(
            raise_error(
                concat(lit("bronze exposures hold an unknown event_type: "), col(EVENT_TYPE))));
    return inWindow.select(
        xxhash64(col(MESSAGE_ID)).as(MESSAGE_HASH), col(USER_KEY), kind.as(KIND), inDay.as(IN_DAY));
  }

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  /**
   * The catalogue's (message_id, type, state, goal_event, hash of message_id) rows, a row per
   * message. Every exposure's message is in the catalogue (ingest quarantines the others, and
   * {@link #requireCatalogued} fails the run otherwise), so hashes unique across the catalogue are
   * unique across the exposures. Two ids sharing one (about 1 in 10^11 for 10,000 messages) fail
   * the run rather than merge two messages' counts.
   */
  private static List<Row> catalogue(Dataset<Row> messages) {
    List<Row> catalogue =
        messages
            .select(
                col(MESSAGE_ID), col(TYPE), col(STATE), col(GOAL_EVENT), xxhash64(col(MESSAGE_ID)))
            .collectAsList();
    Map<Long, String> idByHash = new HashMap<>();
    for (Row message : catalogue) {
      String sharer = idByHash.putIfAbsent(message.getLong(CATALOGUE_HASH), message.getString(0));
      if (sharer != null) {
        throw new IllegalArgumentException(
            "message_id "
                + message.getString(0)
                + " shares its 64-bit hash with message_id "
                + sharer
                + " of the catalogue; rename one of them");
      }
    }
    return catalogue;
  }

  /**
   * Every message the window's exposures name is in the catalogue. Ingest quarantines the others,
   * so a message the catalogue lacks means bronze tables from different runs, and its events would
   * otherwise vanish from every count without a word.
   */
  private static void requireCatalogued(Set<Long> exposureHashes, List<Row> catalogue) {
    Set<Long> unknown = new HashSet<>(exposureHashes);
    catalogue.forEach(message -> unknown.remove(message.getLong(CATALOGUE_HASH)));
    if (!unknown.isEmpty()) {
      throw new IllegalStateException(
          "bronze exposures of the window name "
              + unknown.size()
              + " message(s) missing from the ds's bronze messages (ingest quarantines such"
              + " exposures, so the two tables are not from one ingest run): rerun ingest for this"
              + " ds");
    }
  }

  private static int kindOf(EventType type) {
    for (int i = 0; i < TALLIES.size(); i++) {
      if (TALLIES.get(i).type() == type) {
        return i;
      }
    }
    throw new IllegalArgumentException("no tally for " + type);
  }

  private static int kindOfPeople(String peopleColumn) {
    for (int i = 0; i < TALLIES.size(); i++) {
      if (TALLIES.get(i).people().equals(peopleColumn)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no tally counts the people of " + peopleColumn);
  }

  /** The daily table's columns from a {@link #countsWithDay} frame. */
  public static Dataset<Row> dailyCounts(Dataset<Row> countsWithDay) {
    List<Column> out = new ArrayList<>(List.of(col(MESSAGE_ID), col(TYPE), col(STATE)));
    for (String count : DAILY_COUNTS) {
      out.add(col(DAY_PREFIX + count).as(count));
    }
    return countsWithDay.select(out.toArray(Column[]::new));
  }

  /**
   * The trailing-window columns (what {@link #counts} returns) from a {@link #countsWithDay} frame.
   */
  public static Dataset<Row> windowCounts(Dataset<Row> countsWithDay) {
    List<Column> out = new ArrayList<>(List.of(col(MESSAGE_ID), col(TYPE), col(STATE)));
    for (String count : COUNTS) {
      out.add(col(count));
    }
    return countsWithDay.select(out.toArray(Column[]::new));
  }

  /**
   * (message_id, user_key) of each person who did the message's goal_event within the goal window
   * after first receiving it; a person may appear more than once (one row per matching product
   * event), which the people sets absorb. Only messages with a goal_event are looked at, so for
   * most catalogues this reads a small part of the exposures.
   */
  private static Dataset<Row> goalMarkers(
      Dataset<Row> inWindow, Dataset<Row> messages, Dataset<Row> userEvents, Duration goalWindow) {
    Dataset<Row> goals =
        messages
            .where(col(GOAL_EVENT).isNotNull())
            .select(col(MESSAGE_ID).as("_goal_message_id"), col(GOAL_EVENT));
    Dataset<Row> firstReceived =
        inWindow
            .where(col(EVENT_TYPE).equalTo(EventType.RECEIVED.wire()))
            .join(broadcast(goals), col(MESSAGE_ID).equalTo(col("_goal_message_id")))
            .groupBy(col(MESSAGE_ID), col(USER_ID), col(GOAL_EVENT))
            .agg(min(col(OCCURRED_AT)).as(FIRST_RECEIVED_AT), first(col(USER_KEY)).as(USER_KEY));
    Column windowEnd =
        col(FIRST_RECEIVED_AT).plus(expr("INTERVAL " + goalWindow.toSeconds() + " SECONDS"));
    return firstReceived
        .join(
            userEvents.select(
                col(USER_ID).as("_ue_user"), col("event_name"), col(OCCURRED_AT).as("_ue_at")),
            col(USER_ID)
                .equalTo(col("_ue_user"))
                .and(col("event_name").equalTo(col(GOAL_EVENT)))
                .and(col("_ue_at").geq(col(FIRST_RECEIVED_AT)))
                .and(col("_ue_at").lt(windowEnd)))
        .select(col(MESSAGE_ID), col(USER_KEY));
  }
}
