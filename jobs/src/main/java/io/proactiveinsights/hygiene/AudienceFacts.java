package io.proactiveinsights.hygiene;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.hygiene.MessageFactsBuilder.AudienceCounts;
import io.proactiveinsights.rules.RuleLimits;
import io.proactiveinsights.rules.RuleSyntaxException;
import io.proactiveinsights.schema.Vocabulary.EventType;
import io.proactiveinsights.segments.CompiledRule;
import io.proactiveinsights.segments.SegmentEvaluation;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Each live message's audience as of ds, and how much of it the message reached: the same one-pass
 * rule evaluation the segments job uses, joined with who was seen in the product, who received the
 * message and who opened conversations on its topics, and counted per message. A rule that does not
 * parse has no audience (the rule check of ingest and segments reports it).
 *
 * <p>Reach is judged among the members seen in the product since the message went live (a person
 * who never came back could not have been shown it), and only for messages that went live inside
 * the ingest lookback: bronze keeps receipts for the lookback only, so an older message's early
 * receipts are not there to count.
 */
final class AudienceFacts {

  private static final String MESSAGE = "_a_message";
  private static final String LIVE_SINCE = "_a_live_since";

  private AudienceFacts() {}

  /**
   * @param messages bronze messages of ds
   * @param eventHistory bronze_user_event_history of ds, asked for only when a rule has an event
   *     condition
   * @param exposures bronze exposures of ds (the lookback)
   * @param conversations inbound conversations of the lookback
   * @param lookbackStart the first instant bronze holds events for
   */
  static Map<String, AudienceCounts> of(
      List<Row> messages,
      Dataset<Row> users,
      Supplier<Dataset<Row>> eventHistory,
      Dataset<Row> exposures,
      Dataset<Row> conversations,
      Instant lookbackStart,
      Instant asOf,
      RuleLimits limits) {
    List<CompiledRule> rules = new ArrayList<>();
    List<Row> liveSince = new ArrayList<>();
    Map<String, Boolean> runtime = new HashMap<>();
    for (Row m : messages) {
      String rule = m.getAs("audience_rule");
      if (!"live".equals(m.getAs("state")) || rule == null) {
        continue;
      }
      try {
        CompiledRule compiled = CompiledRule.parse(m.getAs("message_id"), rule, limits);
        rules.add(compiled);
        runtime.put(compiled.segmentId(), !compiled.runtimeConditions().isEmpty());
        liveSince.add(
            RowFactory.create(compiled.segmentId(), m.getAs("live_since"), m.getAs("topics")));
      } catch (RuleSyntaxException e) {
        // No audience: the rules that need one say it could not be evaluated.
      }
    }
    Map<String, AudienceCounts> counts = new HashMap<>();
    if (rules.isEmpty()) {
      return counts;
    }
    StructType catalogueSchema =
        new StructType()
            .add(MESSAGE, DataTypes.StringType)
            .add(LIVE_SINCE, DataTypes.TimestampType)
            .add("_a_topics", DataTypes.createArrayType(DataTypes.StringType));
    Dataset<Row> catalogue = users.sparkSession().createDataFrame(liveSince, catalogueSchema);
    Dataset<Row> members =
        SegmentEvaluation.members(users, eventHistory, rules, asOf)
            .select(col("segment_id").as(MESSAGE), col("user_id"));
    Dataset<Row> received =
        exposures
            .where(col("event_type").equalTo(EventType.RECEIVED.wire()))
            .select(col("message_id").as(MESSAGE), col("user_id"), lit(true).as("_received"))
            .distinct();
    Dataset<Row> openers =
        conversations
            .join(
                broadcast(catalogue.select(col(MESSAGE), explode(col("_a_topics")).as("_topic"))),
                col("topic").equalTo(col("_topic")))
            .select(col(MESSAGE), col("user_id"), lit(true).as("_opened"))
            .distinct();

    Column since = col(LIVE_SINCE);
    // Seen since it went live (and since bronze's first day, for which receipts are kept).
    Column active =
        since
            .isNotNull()
            .and(since.geq(lit(Timestamp.from(lookbackStart))))
            .and(col("last_seen_at").geq(since));
    Dataset<Row> perMember =
        members
            .join(broadcast(catalogue.select(MESSAGE, LIVE_SINCE)), MESSAGE)
            .join(users.select(col("user_id"), col("last_seen_at")), "user_id")
            .join(received, new String[] {MESSAGE, "user_id"}, "left")
            .select(
                col(MESSAGE),
                col("user_id"),
                active.as("_active"),
                col("_received").isNotNull().as("_reached"),
                lit(true).as("_member"));
    Dataset<Row> perPerson =
        perMember.join(openers, new String[] {MESSAGE, "user_id"}, "full_outer");
    List<Row> rows =
        perPerson
            .groupBy(col(MESSAGE))
            .agg(
                count(when(col("_member"), 1)).as("matching"),
                count(when(col("_member").and(col("_active")), 1)).as("active"),
                count(when(col("_member").and(col("_active")).and(col("_reached")), 1))
                    .as("reached"),
                count(when(col("_opened"), 1)).as("openers"),
                sum(when(col("_opened").and(col("_member")), 1).otherwise(0))
                    .as("openers_matching"))
            .collectAsList();
    for (CompiledRule r : rules) {
      counts.put(r.segmentId(), new AudienceCounts(0L, 0, 0, runtime.get(r.segmentId()), 0, 0));
    }
    for (Row r : rows) {
      String id = r.getString(0);
      counts.put(
          id,
          new AudienceCounts(
              r.getLong(1),
              r.getLong(2),
              r.getLong(3),
              runtime.get(id),
              r.getLong(4),
              r.getLong(5)));
    }
    return counts;
  }
}
