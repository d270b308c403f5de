package io.proactiveinsights.impact;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.rules.RuleLimits;
import io.proactiveinsights.rules.RuleSyntaxException;
import io.proactiveinsights.schema.SegmentsColumns;
import io.proactiveinsights.schema.Vocabulary.EventType;
import io.proactiveinsights.segments.CompiledRule;
import io.proactiveinsights.segments.SegmentEvaluation;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * The Spark half of ticket impact: turns conversations and exposures into the small aggregates the
 * statistics need. Pure transforms, but for {@link #ticketsByTopicDay}, which brings a per-topic,
 * per-day count to the driver; nothing here is per-person on the driver.
 */
public final class TicketAggregates {

  public static final String TOPIC = "topic";
  public static final String DAY = "day";
  public static final String TICKETS = "tickets";

  public static final String EXPOSED_USERS = "exposed_users";
  public static final String EXPOSED_BEFORE = "exposed_before_tickets";
  public static final String EXPOSED_AFTER = "exposed_after_tickets";
  public static final String EXPOSED_BEFORE_USER_DAYS = "exposed_before_user_days";
  public static final String EXPOSED_AFTER_USER_DAYS = "exposed_after_user_days";
  public static final String EXPOSED_PLACEBO_BEFORE = "exposed_placebo_before_tickets";
  public static final String EXPOSED_PLACEBO_BEFORE_USER_DAYS = "exposed_placebo_before_user_days";
  public static final String VIEWER_TICKETS = "viewer_tickets";
  public static final String FIRST_DAY = "first_day";
  public static final String RISK_DAY = "risk_day";
  public static final String VIEWERS = "viewers";
  public static final String PEOPLE = "people";
  public static final String RISK_DAY_SHARE = "risk_day_share";
  public static final String UNEXPOSED_TICKETS = "unexposed_tickets";
  public static final String SIGNED_UP_AT = "signed_up_at";

  private static final double SECONDS_PER_DAY = 86_400.0;

  private TicketAggregates() {}

  /**
   * Conversations per (topic, UTC day): the workspace's ticket volume, one row per topic and day
   * with tickets.
   */
  public static Dataset<Row> topicDays(Dataset<Row> conversations) {
    return conversations
        .groupBy(col("topic").as(TOPIC), to_date(col("created_at")).as(DAY))
        .agg(count(lit(1)).as(TICKETS));
  }

  /**
   * {@link #topicDays} on the driver: topic → UTC day → tickets (a row per topic and day with
   * tickets, so small).
   */
  public static Map<String, Map<LocalDate, Long>> ticketsByTopicDay(Dataset<Row> conversations) {
    Map<String, Map<LocalDate, Long>> byTopic = new HashMap<>();
    for (Row r : topicDays(conversations).collectAsList()) {
      byTopic
          .computeIfAbsent(r.getString(0), t -> new HashMap<>())
          .put(r.getDate(1).toLocalDate(), r.getLong(2));
    }
    return byTopic;
  }

  /**
   * Inbound tickets only: a conversation that started as a reply to a proactive message is not
   * demand the message failed to prevent (a chat would otherwise seem to cause the tickets it
   * opens).
   */
  public static Dataset<Row> inbound(Dataset<Row> conversations) {
    return conversations.where(col("source_message_id").isNull());
  }

  /** Each viewer's first view of each message that has topics. */
  public static Dataset<Row> firstViews(Dataset<Row> messageTopics, Dataset<Row> exposures) {
    return exposures
        .where(col("event_type").equalTo(EventType.VIEWED.wire()))
        .join(broadcast(messageTopics.select("message_id").distinct()), "message_id")
        .groupBy("message_id", "user_id")
        .agg(min("occurred_at").as("first_view"));
  }

  /**
   * Per (message, topic, UTC day): how many tickets on the topic the message's viewers (ever)
   * opened that day, for the viewers' share of the topic's tickets.
   */
  public static Dataset<Row> viewerTicketDays(
      Dataset<Row> messageTopics, Dataset<Row> firstViews, Dataset<Row> conversations) {
    Dataset<Row> viewers =
        firstViews.join(broadcast(messageTopics.select("message_id", TOPIC)), "message_id");
    return viewers
        .join(
            conversations.select(
                col("user_id").as("_c_user"), col("topic").as("_c_topic"), col("created_at")),
            col("user_id").equalTo(col("_c_user")).and(col(TOPIC).equalTo(col("_c_topic"))))
        .groupBy(col("message_id"), col(TOPIC), to_date(col("created_at")).as(DAY))
        .agg(count(lit(1)).as(VIEWER_TICKETS));
  }

  /**
   * Per message, the viewers grouped by the UTC day of their first view and the first day of their
   * time at risk: the day they signed up when that falls inside the two windows before their first
   * view (their before-window and the placebo's, for the pre-trend check), else null (at risk all
   * through them). The never-exposed side is weighted by these cohorts' days, so both groups are
   * compared over the same calendar and only while their people could open tickets.
   */
  public static Dataset<Row> viewerCohorts(
      Dataset<Row> firstViews, Dataset<Row> users, Duration window) {
    Column firstDay = to_date(col("first_view"));
    Column signupDay = to_date(col(SIGNED_UP_AT));
    Column riskDay = when(signupDay.gt(date_sub(firstDay, 2 * (int) window.toDays())), signupDay);
    return firstViews
        .join(signups(users), new String[] {"user_id"}, "left")
        .groupBy(col("message_id"), firstDay.as(FIRST_DAY), riskDay.as(RISK_DAY))
        .agg(count(lit(1)).as(VIEWERS));
  }

  /**
   * The message's audience (as of the run) who never viewed it, with their signup: the comparison
   * group of the viewers.
   *
   * @param audience message_id, user_id: one row per audience member
   */
  public static Dataset<Row> nonViewers(
      Dataset<Row> audience, Dataset<Row> firstViews, Dataset<Row> users) {
    return audience
        .select("message_id", "user_id")
        .distinct()
        .join(
            firstViews.select("message_id", "user_id"),
            new String[] {"message_id", "user_id"},
            "left_anti")
        .join(signups(users), new String[] {"user_id"}, "left");
  }

  /**
   * Per message, the never-exposed people by the first UTC day of their time at risk (null: signed
   * up before {@code historyStart}, or no signup known), with how much of that first day they were
   * at risk (summed): someone who signs up at noon is half a person-day that day.
   */
  public static Dataset<Row> unexposedRisk(Dataset<Row> nonViewers, Instant historyStart) {
    Column signup = col(SIGNED_UP_AT);
    Column inHistory = signup.geq(lit(Timestamp.from(historyStart)));
    Column day = to_date(signup);
    Column dayShare =
        lit(1.0)
            .minus(seconds(signup).minus(seconds(day.cast("timestamp"))).divide(SECONDS_PER_DAY));
    return nonViewers
        .groupBy(col("message_id"), when(inHistory, day).as(RISK_DAY))
        .agg(
            count(lit(1)).as(PEOPLE),
            sum(when(inHistory, dayShare).otherwise(1.0)).as(RISK_DAY_SHARE));
  }

  /**
   * Per (message, topic, UTC day): tickets on the topic opened by never-exposed people after they
   * signed up.
   */
  public static Dataset<Row> unexposedTicketDays(
      Dataset<Row> messageTopics, Dataset<Row> nonViewers, Dataset<Row> conversations) {
    Dataset<Row> conv =
        conversations.select(
            col("user_id").as("_c_user"), col("topic").as("_c_topic"), col("created_at"));
    return nonViewers
        .join(broadcast(messageTopics.select("message_id", TOPIC)), "message_id")
        .join(conv, col("user_id").equalTo(col("_c_user")).and(col(TOPIC).equalTo(col("_c_topic"))))
        .where(col(SIGNED_UP_AT).isNull().or(col("created_at").geq(col(SIGNED_UP_AT))))
        .groupBy(col("message_id"), col(TOPIC), to_date(col("created_at")).as(DAY))
        .agg(count(lit(1)).as(UNEXPOSED_TICKETS));
  }

  /**
   * Each message's audience as of {@code asOf}: the people its audience rule matches, evaluated as
   * the segments job does. A message without a rule, or whose rule does not parse (the rule check
   * of ingest and segments reports it), falls back to every user.
   *
   * @param messages rows with message_id and audience_rule, one per message
   * @return message_id, user_id
   */
  public static Dataset<Row> audience(
      List<Row> messages,
      Dataset<Row> users,
      Supplier<Dataset<Row>> eventHistory,
      Instant asOf,
      RuleLimits limits) {
    List<CompiledRule> rules = new ArrayList<>();
    List<String> everyone = new ArrayList<>();
    for (Row m : messages) {
      String id = m.getAs("message_id");
      String rule = m.getAs("audience_rule");
      try {
        if (rule == null) {
          everyone.add(id);
        } else {
          rules.add(CompiledRule.parse(id, rule, limits));
        }
      } catch (RuleSyntaxException e) {
        everyone.add(id);
      }
    }
    Dataset<Row> members =
        SegmentEvaluation.members(users, eventHistory, rules, asOf)
            .select(col(SegmentsColumns.SEGMENT_ID).as("message_id"), col("user_id"));
    if (everyone.isEmpty()) {
      return members;
    }
    Dataset<Row> ids =
        users.sparkSession().createDataset(everyone, Encoders.STRING()).toDF("message_id");
    return members.unionByName(broadcast(ids).crossJoin(users.select("user_id")));
  }

  private static Dataset<Row> signups(Dataset<Row> users) {
    return users.select(col("user_id"), col(SIGNED_UP_AT));
  }

  /** One row per (message, topic) for messages that have been live and name topics. */
  public static Dataset<Row> messageTopics(Dataset<Row> messages, Instant asOf) {
    return messages
        .where(col("live_since").isNotNull().and(col("live_since").lt(lit(Timestamp.from(asOf)))))
        .select(
            col("message_id"),
            col("type"),
            col("state"),
            col("known_issue_id"),
            col("live_since"),
            col("audience_rule"),
            explode(col("topics")).as(TOPIC));
  }

  /**
   * For each (message, topic): how many people viewed the message, and their tickets on the topic
   * in the {@code window} before and after their own first view (cut at {@code asOf}, and not
   * before {@code historyStart}), and in the {@code window} before that (the placebo's
   * before-window of the pre-trend check), with the person-days each period covers. A person is at
   * risk only from their signup ({@code users.signed_up_at}; unknown: all along): someone who
   * signed up three days before their first view brings three before-days, and no ticket from
   * before signup counts.
   */
  public static Dataset<Row> exposedGroups(
      Dataset<Row> messageTopics,
      Dataset<Row> firstViews,
      Dataset<Row> conversations,
      Dataset<Row> users,
      Instant asOf,
      Instant historyStart,
      Duration window) {
    Column asOfTs = lit(Timestamp.from(asOf));
    Column historyTs = lit(Timestamp.from(historyStart));
    Column windowInterval = expr("INTERVAL " + window.toSeconds() + " SECONDS");

    Dataset<Row> viewersPerTopic =
        firstViews
            .join(broadcast(messageTopics.select("message_id", TOPIC, "live_since")), "message_id")
            .join(signups(users), new String[] {"user_id"}, "left");

    // greatest() skips nulls: an unknown signup leaves the window as it was.
    Column beforeStart =
        greatest(greatest(col("first_view").minus(windowInterval), historyTs), col(SIGNED_UP_AT));
    Column placeboEnd = col("first_view").minus(windowInterval);
    Column placeboStart =
        greatest(greatest(placeboEnd.minus(windowInterval), historyTs), col(SIGNED_UP_AT));
    Column afterStart = greatest(col("first_view"), col(SIGNED_UP_AT));
    Column afterEnd = least(col("first_view").plus(windowInterval), asOfTs);
    Dataset<Row> perViewer =
        viewersPerTopic.select(
            col("*"),
            nonNegativeDays(beforeStart, col("first_view")).as("_before_days"),
            nonNegativeDays(afterStart, afterEnd).as("_after_days"),
            nonNegativeDays(placeboStart, placeboEnd).as("_placebo_days"),
            placeboStart.as("_placebo_start"),
            beforeStart.as("_before_start"),
            afterStart.as("_after_start"));

    Dataset<Row> conv =
        conversations.select(
            col("user_id").as("_c_user"),
            col("topic").as("_c_topic"),
            col("created_at").as("_c_at"));
    Dataset<Row> joined =
        perViewer.join(
            conv,
            col("user_id").equalTo(col("_c_user")).and(col(TOPIC).equalTo(col("_c_topic"))),
            "left");

    Column at = col("_c_at");
    Column inOwnBefore = at.geq(col("_before_start")).and(at.lt(col("first_view")));
    Column inOwnAfter = at.geq(col("_after_start")).and(at.lt(afterEnd));
    Column inPlaceboBefore = at.geq(col("_placebo_start")).and(at.lt(placeboEnd));

    Dataset<Row> perUser =
        joined
            .groupBy(col("message_id"), col(TOPIC), col("user_id"))
            .agg(
                max(col("_before_days")).as("_before_days"),
                max(col("_after_days")).as("_after_days"),
                max(col("_placebo_days")).as("_placebo_days"),
                sum(when(inOwnBefore, 1).otherwise(0)).as("_own_before"),
                sum(when(inOwnAfter, 1).otherwise(0)).as("_own_after"),
                sum(when(inPlaceboBefore, 1).otherwise(0)).as("_placebo_before"));
    return perUser
        .groupBy(col("message_id"), col(TOPIC))
        .agg(
            countDistinct(col("user_id")).as(EXPOSED_USERS),
            sum(col("_own_before")).cast("long").as(EXPOSED_BEFORE),
            sum(col("_own_after")).cast("long").as(EXPOSED_AFTER),
            sum(col("_before_days")).as(EXPOSED_BEFORE_USER_DAYS),
            sum(col("_after_days")).as(EXPOSED_AFTER_USER_DAYS),
            sum(col("_placebo_before")).cast("long").as(EXPOSED_PLACEBO_BEFORE),
            sum(col("_placebo_days")).as(EXPOSED_PLACEBO_BEFORE_USER_DAYS));
  }

  private static Column nonNegativeDays(Column from, Column to) {
    return greatest(lit(0.0), seconds(to).minus(seconds(from)).divide(SECONDS_PER_DAY));
  }

  private static Column seconds(Column timestamp) {
    return timestamp.cast("double");
  }

  private static Column greatest(Column a, Column b) {
    return org.apache.spark.sql.functions.greatest(a, b);
  }
}
