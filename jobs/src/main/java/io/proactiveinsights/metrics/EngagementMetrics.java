package io.proactiveinsights.metrics;

import static io.proactiveinsights.schema.MessageStatsColumns.*;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
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
    Column inDay = dayFrom == null ? lit(false) : col(OCCURRED_AT).geq(lit(Timestamp.from(dayFrom)));

    EngagementAggregator aggregator =
        new EngagementAggregator(
            TALLIES.stream().map(Tally::events).toList(), TALLIES.stream().map(Tally::people).toList(), DAY_PREFIX,
            GOAL_USERS, kindOf(EventType.RECEIVED), kindOf(EventType.GOAL_COMPLETED),
            "bronze exposures have no " + USER_KEY + " (written by an older version): rerun ingest for this ds");
    Column kind = null;
    for (int i = 0; i < TALLIES.size(); i++) {
      Column isType = col(EVENT_TYPE).equalTo(TALLIES.get(i).type().wire());
      kind = kind == null ? when(isType, lit(i)) : kind.when(isType, lit(i));
    }
    kind = kind.otherwise(raise_error(concat(lit("bronze exposures hold an unknown event_type: "), col(EVENT_TYPE))));
    // Messages are told apart by a 64-bit hash of their id: the fold finds each row's message with
    // a probe of a primitive map, not string comparisons.
    // Goals reached through user_events enter the one fold as marker rows, not as a join.
    Dataset<Row> events =
        inWindow.select(xxhash64(col(MESSAGE_ID)).as(MESSAGE_HASH), col(USER_KEY), kind.as(KIND), inDay.as(IN_DAY))
            .unionByName(
                goalMarkers(inWindow, messages, userEvents, goalWindow)
                    .select(xxhash64(col(MESSAGE_ID)).as(MESSAGE_HASH), col(USER_KEY), lit(aggregator.goalKind()).as(KIND),
                        lit(false).as(IN_DAY)));
    Dataset<Row> byMessage = aggregator.perMessage(events, MESSAGE_HASH);

    List<Column> out = new ArrayList<>();
    out.add(col("m." + MESSAGE_ID).as(MESSAGE_ID));
    out.add(col("m." + TYPE).as(TYPE));
    out.add(col("m." + STATE).as(STATE));
    for (String count : COUNTS) {
      out.add(coalesce(col("c." + count), lit(0L)).cast(DataTypes.LongType).as(count));
    }
    if (dayFrom != null) {
      for (String count : DAILY_COUNTS) {
        out.add(coalesce(col("c." + DAY_PREFIX + count), lit(0L)).cast(DataTypes.LongType).as(DAY_PREFIX + count));
      }
    }
    // Every exposure's message is in the catalogue (ingest quarantines the others), so hashes unique
    // across the catalogue are unique across the exposures. Two ids sharing one (about 1 in 10^11
    // for 10,000 messages) fail the run rather than merge two messages' counts.
    Column sharers = count(lit(1)).over(Window.partitionBy(col(MESSAGE_HASH)));
    Dataset<Row> catalogue =
        messages.select(col(MESSAGE_ID), col(TYPE), col(STATE), xxhash64(col(MESSAGE_ID)).as(MESSAGE_HASH))
            .withColumn(MESSAGE_HASH,
                when(sharers.gt(1),
                        raise_error(concat(lit("message_id "), col(MESSAGE_ID),
                            lit(" shares its 64-bit hash with another message id of the catalogue; rename one of them"))))
                    .otherwise(col(MESSAGE_HASH)));
    return catalogue.as("m")
        .join(byMessage.as("c"), col("m." + MESSAGE_HASH).equalTo(col("c." + MESSAGE_HASH)), "left")
        .select(out.toArray(Column[]::new));
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

  /** The schema {@link #withRates} produces from a {@link #counts} frame. */
  public static StructType ratesSchema(StructType countsSchema) {
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

  /**
   * Adds every rate with its Wilson interval, and the message format's primary rate. A rate with
   * a zero denominator is null (a message nobody viewed has no click-through, not 0%).
   */
  public static Dataset<Row> withRates(Dataset<Row> counts) {
    StructType in = counts.schema();
    StructType outSchema = ratesSchema(in);
    int typeIndex = in.fieldIndex(TYPE);
    int[][] operands = new int[RATES.size()][];
    for (int i = 0; i < RATES.size(); i++) {
      operands[i] = new int[] {in.fieldIndex(RATES.get(i).numerator()), in.fieldIndex(RATES.get(i).denominator())};
    }
    List<String> rateNames = RATES.stream().map(RateDefinition::rate).toList();
    MapFunction<Row, Row> addRates =
        row -> {
          Object[] values = new Object[outSchema.size()];
          for (int i = 0; i < in.size(); i++) {
            values[i] = row.get(i);
          }
          int at = in.size();
          Proportion[] estimates = new Proportion[operands.length];
          for (int i = 0; i < operands.length; i++) {
            estimates[i] = Proportion.of(row.getLong(operands[i][0]), row.getLong(operands[i][1]));
            at = put(values, at, estimates[i]);
          }
          PrimaryMetric primary = PrimaryMetric.of(MessageType.valueOf(row.getString(typeIndex).toUpperCase(Locale.ROOT)));
          values[at++] = primary.column();
          put(values, at, estimates[rateNames.indexOf(primary.column())]);
          return RowFactory.create(values);
        };
    return counts.map(addRates, Encoders.row(outSchema));
  }

  private static int put(Object[] values, int at, Proportion p) {
    values[at] = p == null ? null : p.rate();
    values[at + 1] = p == null ? null : p.low();
    values[at + 2] = p == null ? null : p.high();
    return at + 3;
  }

  /**
   * Adds each format's workspace baseline — median and quartiles of the primary rate across the
   * messages of that format with at least {@code minViewers} viewers — and where each message's
   * interval stands against the median. Also the format's median dismissal rate.
   */
  public static Dataset<Row> withBaselines(Dataset<Row> rates, long minViewers) {
    Dataset<Row> eligible = rates.where(col(VIEWERS).geq(minViewers));
    Dataset<Row> baselines =
        eligible.groupBy(col(TYPE).as("_b_type"))
            .agg(
                expr("percentile(" + PRIMARY_RATE + ", 0.5)").as(BASELINE_MEDIAN),
                expr("percentile(" + PRIMARY_RATE + ", 0.25)").as(BASELINE_Q1),
                expr("percentile(" + PRIMARY_RATE + ", 0.75)").as(BASELINE_Q3),
                count(lit(1)).as(BASELINE_MESSAGES),
                expr("percentile(" + DISMISS_RATE + ", 0.5)").as(DISMISS_BASELINE_MEDIAN));
    Column median = col(BASELINE_MEDIAN);
    Column position =
        when(col(VIEWERS).lt(minViewers), lit(BaselinePosition.INSUFFICIENT_DATA.wire()))
            .when(coalesce(col(BASELINE_MESSAGES), lit(0L)).lt(2), lit(BaselinePosition.NO_BASELINE.wire()))
            .when(col(PRIMARY_LOW).gt(median), lit(BaselinePosition.ABOVE.wire()))
            .when(col(PRIMARY_HIGH).lt(median), lit(BaselinePosition.BELOW.wire()))
            .otherwise(lit(BaselinePosition.WITHIN.wire()));
    return rates.join(broadcast(baselines), col(TYPE).equalTo(col("_b_type")), "left")
        .drop("_b_type")
        .withColumn(BASELINE_MESSAGES, coalesce(col(BASELINE_MESSAGES), lit(0L)))
        .withColumn(VS_BASELINE, col(PRIMARY_RATE).minus(median))
        .withColumn(BASELINE_POSITION, position);
  }

  /** The whole trailing-window computation: counts, rates, baselines, and the window bounds. */
  public static Dataset<Row> trailingWindow(
      Dataset<Row> exposures, Dataset<Row> messages, Dataset<Row> userEvents, Instant from, Instant to,
      Duration goalWindow, long minViewers) {
    return statsFromCounts(counts(exposures, messages, userEvents, from, to, goalWindow), from, to, minViewers);
  }

  /** Rates, baselines and window bounds from window counts (one row per message). */
  public static Dataset<Row> statsFromCounts(Dataset<Row> windowCounts, Instant from, Instant to, long minViewers) {
    Dataset<Row> stats = withBaselines(withRates(windowCounts), minViewers);
    return stats.withColumn(WINDOW_START, lit(Timestamp.from(from))).withColumn(WINDOW_END, lit(Timestamp.from(to)));
  }
}
