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

import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.MessageStatsColumns.BaselinePosition;
import io.proactiveinsights.schema.MessageStatsColumns.RateDefinition;
import io.proactiveinsights.schema.Vocabulary.EventType;
import io.proactiveinsights.schema.Vocabulary.MessageType;
import io.proactiveinsights.stats.Proportion;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
 * Per-message engagement over a half-open time window {@code [from, to)}: counts, distinct people,
 * rates with 95% Wilson intervals, and each message's primary rate against its format's baseline.
 * Pure transforms: datasets and instants in, datasets out; no reads, writes or clock.
 *
 * <p>The exposures are read once, by one aggregation per message ({@link EngagementAggregator}):
 * event counts per type, and the people of each type as exact sets of the dense user keys ingest
 * writes beside every bronze exposure ({@code user_key}). Distinct counts are therefore exact.
 * What comes out of that pass is a row per message of the catalogue, never per event, so the
 * counts, rates and baselines are finished on the driver and returned as local frames.
 */
public final class EngagementMetrics {

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

  /** The daily table's counts: every count but goal_users (goals there are goal_completed events). */
  private static final List<String> DAILY_COUNTS = COUNTS.stream().filter(c -> !c.equals(GOAL_USERS)).toList();

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

  /** The event counts (not people) of a counts row: their sum is every exposure event counted. */
  public static final List<String> EVENT_COUNTS = TALLIES.stream().map(Tally::events).toList();

  private static final List<String> RATE_NAMES = RATES.stream().map(RateDefinition::rate).toList();

  private EngagementMetrics() {}

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
      Dataset<Row> exposures, Dataset<Row> messages, Dataset<Row> userEvents, Instant from, Instant to, Duration goalWindow) {
    return countsWithDay(exposures, messages, userEvents, from, to, null, goalWindow);
  }

  /**
   * {@link #counts} for {@code [from, to)} and, in the same single pass over the exposures, the
   * event counts of {@code [dayFrom, to)} in columns prefixed {@link #DAY_PREFIX} (no goal_users:
   * the daily table counts goal events only). {@code dayFrom} null skips the daily columns.
   */
  public static Dataset<Row> countsWithDay(
      Dataset<Row> exposures, Dataset<Row> messages, Dataset<Row> userEvents, Instant from, Instant to, Instant dayFrom,
      Duration goalWindow) {
    Dataset<Row> inWindow =
        exposures.where(col(OCCURRED_AT).geq(lit(Timestamp.from(from))).and(col(OCCURRED_AT).lt(lit(Timestamp.from(to)))));

    EngagementAggregator aggregator =
        new EngagementAggregator(
            TALLIES.stream().map(tally -> tally.type().wire()).toList(), TALLIES.stream().map(Tally::events).toList(),
            TALLIES.stream().map(Tally::people).toList(), DAY_PREFIX, GOAL_USERS, kindOf(EventType.RECEIVED),
            kindOf(EventType.GOAL_COMPLETED),
            "bronze exposures have no " + USER_KEY + " (written by an older version): rerun ingest for this ds");
    List<Row> catalogue = catalogue(messages);
    // Bronze exposures are folded from Parquet's column batches; anything else as rows.
    JavaPairRDD<Long, byte[]> partials =
        ExposureScan.of(inWindow.select(col(MESSAGE_ID), col(USER_KEY), col(EVENT_TYPE), col(OCCURRED_AT)))
            .map(scan -> aggregator.partialsOfBatches(scan, micros(from), micros(to), dayFrom == null ? Long.MAX_VALUE : micros(dayFrom)))
            .orElseGet(() -> aggregator.partialsOfRows(exposureEvents(inWindow, dayFrom)));
    // Goals reached through user_events enter the one merge as marker rows, not as a join; a
    // catalogue that names no goal_event needs neither them nor the product events.
    if (catalogue.stream().anyMatch(message -> !message.isNullAt(CATALOGUE_GOAL))) {
      partials =
          partials.union(
              aggregator.partialsOfRows(
                  goalMarkers(inWindow, messages, userEvents, goalWindow)
                      .select(xxhash64(col(MESSAGE_ID)).as(MESSAGE_HASH), col(USER_KEY), lit(aggregator.goalKind()).as(KIND),
                          lit(false).as(IN_DAY))));
    }
    Map<Long, long[]> byMessage =
        aggregator.merge(partials, Integer.parseInt(exposures.sparkSession().conf().get("spark.sql.shuffle.partitions")));
    requireCatalogued(byMessage.keySet(), catalogue);

    // One row per message of the catalogue (zeros where it had no events), joined here: both
    // sides are a row per message.
    List<String> columns = new ArrayList<>(COUNTS);
    if (dayFrom != null) {
      DAILY_COUNTS.forEach(count -> columns.add(DAY_PREFIX + count));
    }
    int[] sources = columns.stream().mapToInt(column -> aggregator.outputColumns().indexOf(column)).toArray();
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
    Column inDay = dayFrom == null ? lit(false) : col(OCCURRED_AT).geq(lit(Timestamp.from(dayFrom)));
    Column kind = null;
    for (int i = 0; i < TALLIES.size(); i++) {
      Column isType = col(EVENT_TYPE).equalTo(TALLIES.get(i).type().wire());
      kind = kind == null ? when(isType, lit(i)) : kind.when(isType, lit(i));
    }
    kind = kind.otherwise(raise_error(concat(lit("bronze exposures hold an unknown event_type: "), col(EVENT_TYPE))));
    return inWindow.select(xxhash64(col(MESSAGE_ID)).as(MESSAGE_HASH), col(USER_KEY), kind.as(KIND), inDay.as(IN_DAY));
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
        messages.select(col(MESSAGE_ID), col(TYPE), col(STATE), col(GOAL_EVENT), xxhash64(col(MESSAGE_ID))).collectAsList();
    Map<Long, String> idByHash = new HashMap<>();
    for (Row message : catalogue) {
      String sharer = idByHash.putIfAbsent(message.getLong(CATALOGUE_HASH), message.getString(0));
      if (sharer != null) {
        throw new IllegalArgumentException(
            "message_id " + message.getString(0) + " shares its 64-bit hash with message_id " + sharer
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
          "bronze exposures of the window name " + unknown.size() + " message(s) missing from the ds's bronze messages"
              + " (ingest quarantines such exposures, so the two tables are not from one ingest run): rerun ingest for this ds");
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

  /** The daily table's columns from a {@link #countsWithDay} frame. */
  public static Dataset<Row> dailyCounts(Dataset<Row> countsWithDay) {
    List<Column> out = new ArrayList<>(List.of(col(MESSAGE_ID), col(TYPE), col(STATE)));
    for (String count : DAILY_COUNTS) {
      out.add(col(DAY_PREFIX + count).as(count));
    }
    return countsWithDay.select(out.toArray(Column[]::new));
  }

  /** The trailing-window columns (what {@link #counts} returns) from a {@link #countsWithDay} frame. */
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
  private static Dataset<Row> goalMarkers(Dataset<Row> inWindow, Dataset<Row> messages, Dataset<Row> userEvents, Duration goalWindow) {
    Dataset<Row> goals = messages.where(col(GOAL_EVENT).isNotNull()).select(col(MESSAGE_ID).as("_goal_message_id"), col(GOAL_EVENT));
    Dataset<Row> firstReceived =
        inWindow.where(col(EVENT_TYPE).equalTo(EventType.RECEIVED.wire()))
            .join(broadcast(goals), col(MESSAGE_ID).equalTo(col("_goal_message_id")))
            .groupBy(col(MESSAGE_ID), col(USER_ID), col(GOAL_EVENT))
            .agg(min(col(OCCURRED_AT)).as(FIRST_RECEIVED_AT), first(col(USER_KEY)).as(USER_KEY));
    Column windowEnd = col(FIRST_RECEIVED_AT).plus(expr("INTERVAL " + goalWindow.toSeconds() + " SECONDS"));
    return firstReceived
        .join(userEvents.select(col(USER_ID).as("_ue_user"), col("event_name"), col(OCCURRED_AT).as("_ue_at")),
            col(USER_ID).equalTo(col("_ue_user"))
                .and(col("event_name").equalTo(col(GOAL_EVENT)))
                .and(col("_ue_at").geq(col(FIRST_RECEIVED_AT)))
                .and(col("_ue_at").lt(windowEnd)))
        .select(col(MESSAGE_ID), col(USER_KEY));
  }

  /** The schema of rates and primary rate that follow the counts in {@code message_stats}. */
  private static StructType ratesSchema(StructType countsSchema) {
    StructType schema = countsSchema;
    for (RateDefinition rate : RATES) {
      schema = schema.add(rate.rate(), DataTypes.DoubleType, true)
          .add(rate.low(), DataTypes.DoubleType, true)
          .add(rate.high(), DataTypes.DoubleType, true);
    }
    return schema.add(PRIMARY_METRIC, DataTypes.StringType, false)
        .add(PRIMARY_RATE, DataTypes.DoubleType, true)
        .add(PRIMARY_LOW, DataTypes.DoubleType, true)
        .add(PRIMARY_HIGH, DataTypes.DoubleType, true);
  }

  /** {@code message_stats}' schema from the window counts' schema. */
  private static StructType statsSchema(StructType countsSchema) {
    return ratesSchema(countsSchema)
        .add(BASELINE_MEDIAN, DataTypes.DoubleType, true)
        .add(BASELINE_Q1, DataTypes.DoubleType, true)
        .add(BASELINE_Q3, DataTypes.DoubleType, true)
        .add(BASELINE_MESSAGES, DataTypes.LongType, false)
        .add(DISMISS_BASELINE_MEDIAN, DataTypes.DoubleType, true)
        .add(VS_BASELINE, DataTypes.DoubleType, true)
        .add(BASELINE_POSITION, DataTypes.StringType, false)
        .add(WINDOW_START, DataTypes.TimestampType, false)
        .add(WINDOW_END, DataTypes.TimestampType, false);
  }

  /**
   * A message's counts followed by every rate with its Wilson interval and the format's primary
   * rate, with room left for the baseline columns. A rate with a zero denominator is null (a
   * message nobody viewed has no click-through, not 0%).
   */
  private static Object[] withRates(Row counts, int width) {
    StructType in = counts.schema();
    Object[] values = new Object[width];
    for (int i = 0; i < in.size(); i++) {
      values[i] = counts.get(i);
    }
    int at = in.size();
    Proportion[] estimates = new Proportion[RATES.size()];
    for (int i = 0; i < RATES.size(); i++) {
      RateDefinition rate = RATES.get(i);
      estimates[i] = Proportion.of(counts.getLong(in.fieldIndex(rate.numerator())), counts.getLong(in.fieldIndex(rate.denominator())));
      at = put(values, at, estimates[i]);
    }
    PrimaryMetric primary = PrimaryMetric.of(MessageType.valueOf(counts.<String>getAs(TYPE).toUpperCase(Locale.ROOT)));
    values[at++] = primary.column();
    put(values, at, estimates[RATE_NAMES.indexOf(primary.column())]);
    return values;
  }

  private static int put(Object[] values, int at, Proportion p) {
    values[at] = p == null ? null : p.rate();
    values[at + 1] = p == null ? null : p.low();
    values[at + 2] = p == null ? null : p.high();
    return at + 3;
  }

  /** Where a message's primary interval stands against its format's median. */
  private static BaselinePosition position(long viewers, Double low, Double high, FormatBaseline baseline, long minViewers) {
    if (viewers < minViewers) {
      return BaselinePosition.INSUFFICIENT_DATA;
    }
    if (baseline.messages() < 2) {
      return BaselinePosition.NO_BASELINE;
    }
    if (low != null && baseline.median() != null && low > baseline.median()) {
      return BaselinePosition.ABOVE;
    }
    if (high != null && baseline.median() != null && high < baseline.median()) {
      return BaselinePosition.BELOW;
    }
    return BaselinePosition.WITHIN;
  }

  /** The whole trailing-window computation: counts, rates, baselines, and the window bounds. */
  public static Dataset<Row> trailingWindow(
      Dataset<Row> exposures, Dataset<Row> messages, Dataset<Row> userEvents, Instant from, Instant to,
      Duration goalWindow, long minViewers) {
    return statsFromCounts(counts(exposures, messages, userEvents, from, to, goalWindow), from, to, minViewers);
  }

  /**
   * Rates, baselines and window bounds from window counts (one row per message): every rate with
   * its Wilson interval, the format's primary rate, and each format's workspace baseline (median
   * and quartiles of the primary rate across the messages of that format with at least {@code
   * minViewers} viewers, and the median dismissal rate) with where each message's interval stands
   * against the median.
   *
   * <p>The counts are one row per message of the catalogue, not per event, so they are finished on
   * the driver in plain Java: as Spark stages on a few dozen rows, the baselines' aggregation and
   * join took longer than writing the table (docs/benchmarks.md).
   */
  public static Dataset<Row> statsFromCounts(Dataset<Row> windowCounts, Instant from, Instant to, long minViewers) {
    StructType schema = statsSchema(windowCounts.schema());
    int ratesEnd = ratesSchema(windowCounts.schema()).size();
    List<Object[]> messages = new ArrayList<>();
    Map<String, List<Object[]>> eligibleByType = new HashMap<>();
    for (Row counts : windowCounts.collectAsList()) {
      Object[] values = withRates(counts, schema.size());
      messages.add(values);
      if (counts.<Long>getAs(VIEWERS) >= minViewers) {
        eligibleByType.computeIfAbsent(counts.getAs(TYPE), type -> new ArrayList<>()).add(values);
      }
    }
    Map<String, FormatBaseline> baselines = new HashMap<>();
    int primaryAt = schema.fieldIndex(PRIMARY_RATE);
    int dismissAt = schema.fieldIndex(DISMISS_RATE);
    eligibleByType.forEach(
        (type, eligible) ->
            baselines.put(type,
                FormatBaseline.of(eligible.stream().map(values -> (Double) values[primaryAt]).toList(),
                    eligible.stream().map(values -> (Double) values[dismissAt]).toList())));

    List<Row> rows = new ArrayList<>(messages.size());
    for (Object[] values : messages) {
      FormatBaseline baseline = baselines.getOrDefault((String) values[schema.fieldIndex(TYPE)], FormatBaseline.NONE);
      Double primaryRate = (Double) values[primaryAt];
      int at = ratesEnd;
      values[at++] = baseline.median();
      values[at++] = baseline.q1();
      values[at++] = baseline.q3();
      values[at++] = baseline.messages();
      values[at++] = baseline.dismissMedian();
      values[at++] = primaryRate == null || baseline.median() == null ? null : primaryRate - baseline.median();
      values[at++] =
          position((Long) values[schema.fieldIndex(VIEWERS)], (Double) values[schema.fieldIndex(PRIMARY_LOW)],
              (Double) values[schema.fieldIndex(PRIMARY_HIGH)], baseline, minViewers).wire();
      values[at++] = Timestamp.from(from);
      values[at] = Timestamp.from(to);
      rows.add(RowFactory.create(values));
    }
    return windowCounts.sparkSession().createDataFrame(rows, schema);
  }
}
