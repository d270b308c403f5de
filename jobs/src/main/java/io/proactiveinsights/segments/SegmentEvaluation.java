package io.proactiveinsights.segments;

import static io.proactiveinsights.schema.SegmentsColumns.SEGMENT_ID;
import static io.proactiveinsights.schema.SegmentsColumns.USER_ID;
import static io.proactiveinsights.schema.SegmentsColumns.USER_INDEX;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.schema.UserEventHistoryColumns;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Evaluates many audience rules over the users in one pass. Pure transforms: datasets and an as-of
 * instant in, datasets out; no reads, writes or clock.
 *
 * <p>The plan for R rules over U users: the {@code event.X} conditions of all rules share one
 * aggregation of the per-person event history ({@code bronze_user_event_history}: one row per user,
 * one last-occurrence column per event name) and one left join to the users; then a single
 * projection computes every rule's boolean column, tags each user with the array of segment ids it
 * matches, and explodes that array. Cost is one scan of the users (plus one of the referenced
 * events' history rows), whatever R is; the output has one row per (segment, member).
 */
public final class SegmentEvaluation {

  private SegmentEvaluation() {}

  /**
   * The members of each segment as of {@code asOf}.
   *
   * @param users bronze users: user_id, plan, role, signed_up_at, last_seen_at, attributes (one row
   *     per user)
   * @param eventHistory {@code bronze_user_event_history} as of the same {@code asOf}: user_id,
   *     event_name, last_at, … (only read when a rule has an {@code event.} condition)
   * @return segment_id, user_id: one row per member
   */
  public static Dataset<Row> members(
      Dataset<Row> users, Dataset<Row> eventHistory, List<CompiledRule> rules, Instant asOf) {
    Dataset<Row> base =
        users.select(
            col(USER_ID),
            col(RuleCompiler.PLAN),
            col(RuleCompiler.ROLE),
            col(RuleCompiler.SIGNED_UP_AT),
            col(RuleCompiler.LAST_SEEN_AT),
            col(RuleCompiler.ATTRIBUTES));
    if (rules.isEmpty()) {
      return base.where(lit(false)).select(lit("").as(SEGMENT_ID), col(USER_ID));
    }
    EventColumns events = EventColumns.of(rules.stream().map(CompiledRule::rule).toList());
    if (!events.isEmpty()) {
      base = base.join(events.lastOccurrences(eventHistory), new String[] {USER_ID}, "left");
    }
    RuleCompiler compiler = new RuleCompiler(asOf, events);
    Column[] matched =
        rules.stream()
            .map(r -> when(compiler.compile(r.rule()), lit(r.segmentId())))
            .toArray(Column[]::new);
    return base.select(explode(array_compact(array(matched))).as(SEGMENT_ID), col(USER_ID));
  }

  /**
   * As {@link #members(Dataset, Dataset, List, Instant)}, asking for the event history only when
   * some rule has an {@code event.} condition: a workspace whose rules use none never reads it.
   */
  public static Dataset<Row> members(
      Dataset<Row> users,
      Supplier<Dataset<Row>> eventHistory,
      List<CompiledRule> rules,
      Instant asOf) {
    boolean needsEvents =
        !EventColumns.of(rules.stream().map(CompiledRule::rule).toList()).isEmpty();
    Dataset<Row> history =
        needsEvents
            ? eventHistory.get()
            : users.sparkSession().createDataFrame(List.of(), UserEventHistoryColumns.SCHEMA);
    return members(users, history, rules, asOf);
  }

  /**
   * The user dictionary of a serving snapshot: every distinct user id with a dense 0-based index,
   * in ascending Spark string order (UTF-8 bytes, unsigned; Java's {@code String.compareTo} differs
   * only for characters outside the Basic Multilingual Plane). Sorts in Spark and numbers the rows
   * with {@code zipWithIndex} (one extra job counts each sorted partition); nothing is collected.
   *
   * @param users any dataset with a user_id column
   * @return user_id, user_index (long)
   */
  public static Dataset<Row> dictionary(Dataset<Row> users) {
    Dataset<Row> sorted =
        users.select(col(USER_ID)).where(col(USER_ID).isNotNull()).distinct().orderBy(col(USER_ID));
    JavaRDD<Row> indexed =
        sorted.javaRDD().zipWithIndex().map(t -> RowFactory.create(t._1().getString(0), t._2()));
    StructType schema =
        new StructType()
            .add(USER_ID, DataTypes.StringType, false)
            .add(USER_INDEX, DataTypes.LongType, false);
    return users.sparkSession().createDataFrame(indexed, schema);
  }

  /**
   * Segment members with their dictionary index, for per-segment member sets (e.g. bitmaps).
   *
   * @param members segment_id, user_id
   * @param dictionary user_id, user_index from {@link #dictionary}
   * @return segment_id, user_id, user_index; members missing from the dictionary are dropped
   */
  public static Dataset<Row> withUserIndex(Dataset<Row> members, Dataset<Row> dictionary) {
    return withUserIndex(members, dictionary, List.of());
  }

  /**
   * As {@link #withUserIndex(Dataset, Dataset)}, with the members' {@code carried} columns after
   * the index (the serving snapshot carries each member's holdout arm).
   */
  public static Dataset<Row> withUserIndex(
      Dataset<Row> members, Dataset<Row> dictionary, List<String> carried) {
    List<Column> out =
        new java.util.ArrayList<>(
            List.of(members.col(SEGMENT_ID), members.col(USER_ID), dictionary.col(USER_INDEX)));
    carried.forEach(c -> out.add(members.col(c)));
    return members
        .join(dictionary, members.col(USER_ID).equalTo(dictionary.col(USER_ID)))
        .select(out.toArray(Column[]::new));
  }
}
