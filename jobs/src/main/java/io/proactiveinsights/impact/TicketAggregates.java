package io.proactiveinsights.impact;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.schema.Vocabulary.EventType;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The Spark half of ticket impact: turns conversations and exposures into the small aggregates the
 * statistics need. Pure transforms; nothing here is per-person on the driver.
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
  public static final String FIRST_VIEWERS = "first_viewers";
  public static final String VIEWER_TICKETS = "viewer_tickets";

  private static final double SECONDS_PER_DAY = 86_400.0;

  private TicketAggregates() {}

  /** Conversations per (topic, UTC day): the workspace's ticket volume, one row per topic and day with tickets. */
  public static Dataset<Row> topicDays(Dataset<Row> conversations) {
    return conversations.groupBy(col("topic").as(TOPIC), to_date(col("created_at")).as(DAY)).agg(count(lit(1)).as(TICKETS));
  }

  /**
   * Inbound tickets only: a conversation that started as a reply to a proactive message is not
   * demand the message failed to prevent (a chat would otherwise seem to cause the tickets it opens).
   */
  public static Dataset<Row> inbound(Dataset<Row> conversations) {
    return conversations.where(col("source_message_id").isNull());
  }

  /** Each viewer's first view of each message that has topics. */
  public static Dataset<Row> firstViews(Dataset<Row> messageTopics, Dataset<Row> exposures) {
    return exposures.where(col("event_type").equalTo(EventType.VIEWED.wire()))
        .join(broadcast(messageTopics.select("message_id").distinct()), "message_id")
        .groupBy("message_id", "user_id")
        .agg(min("occurred_at").as("first_view"));
  }

  /**
   * Per (message, topic, UTC day): how many viewers first saw the message that day, and how many
   * tickets on the topic the message's viewers (ever) opened that day. Subtracting the latter from
   * the topic's daily volume gives the never-exposed people's tickets per day, which the
   * statistics weigh by the first-view days, so both groups are compared over the same calendar.
   */
  public static Dataset<Row> viewerDays(Dataset<Row> messageTopics, Dataset<Row> firstViews, Dataset<Row> conversations) {
    Dataset<Row> viewers = firstViews.join(broadcast(messageTopics.select("message_id", TOPIC)), "message_id");
    Dataset<Row> firsts =
        viewers.groupBy(col("message_id"), col(TOPIC), to_date(col("first_view")).as(DAY)).agg(count(lit(1)).as(FIRST_VIEWERS));
    Dataset<Row> tickets =
        viewers.join(conversations.select(col("user_id").as("_c_user"), col("topic").as("_c_topic"), col("created_at")),
                col("user_id").equalTo(col("_c_user")).and(col(TOPIC).equalTo(col("_c_topic"))))
            .groupBy(col("message_id"), col(TOPIC), to_date(col("created_at")).as(DAY))
            .agg(count(lit(1)).as(VIEWER_TICKETS));
    return firsts.join(tickets, new String[] {"message_id", TOPIC, DAY}, "full_outer");
  }

  /** One row per (message, topic) for messages that have been live and name topics. */
  public static Dataset<Row> messageTopics(Dataset<Row> messages, Instant asOf) {
    return messages
        .where(col("live_since").isNotNull().and(col("live_since").lt(lit(Timestamp.from(asOf)))))
        .select(col("message_id"), col("type"), col("state"), col("known_issue_id"), col("live_since"), explode(col("topics")).as(TOPIC));
  }

  /**
   * For each (message, topic): how many people viewed the message, and their tickets on the topic
   * in the {@code window} before and after their own first view (cut at {@code asOf}, and not
   * before {@code historyStart}), with the person-days each period covers.
   */
  public static Dataset<Row> exposedGroups(
      Dataset<Row> messageTopics, Dataset<Row> firstViews, Dataset<Row> conversations, Instant asOf, Instant historyStart, Duration window) {
    Column asOfTs = lit(Timestamp.from(asOf));
    Column historyTs = lit(Timestamp.from(historyStart));
    Column windowInterval = expr("INTERVAL " + window.toSeconds() + " SECONDS");

    Dataset<Row> viewersPerTopic =
        firstViews.join(broadcast(messageTopics.select("message_id", TOPIC, "live_since")), "message_id");

    Column beforeStart = greatest(col("first_view").minus(windowInterval), historyTs);
    Column afterEnd = least(col("first_view").plus(windowInterval), asOfTs);
    Dataset<Row> perViewer =
        viewersPerTopic
            .withColumn("_before_days", seconds(col("first_view")).minus(seconds(beforeStart)).divide(SECONDS_PER_DAY))
            .withColumn("_after_days", seconds(afterEnd).minus(seconds(col("first_view"))).divide(SECONDS_PER_DAY));

    Dataset<Row> conv =
        conversations.select(col("user_id").as("_c_user"), col("topic").as("_c_topic"), col("created_at").as("_c_at"));
    Dataset<Row> joined =
        perViewer.join(conv, col("user_id").equalTo(col("_c_user")).and(col(TOPIC).equalTo(col("_c_topic"))), "left");

    Column at = col("_c_at");
    Column inOwnBefore = at.geq(beforeStart).and(at.lt(col("first_view")));
    Column inOwnAfter = at.geq(col("first_view")).and(at.lt(afterEnd));

    Dataset<Row> perUser =
        joined.groupBy(col("message_id"), col(TOPIC), col("user_id"))
            .agg(
                max(col("_before_days")).as("_before_days"),
                max(col("_after_days")).as("_after_days"),
                sum(when(inOwnBefore, 1).otherwise(0)).as("_own_before"),
                sum(when(inOwnAfter, 1).otherwise(0)).as("_own_after"));
    return perUser.groupBy(col("message_id"), col(TOPIC))
        .agg(
            countDistinct(col("user_id")).as(EXPOSED_USERS),
            sum(col("_own_before")).cast("long").as(EXPOSED_BEFORE),
            sum(col("_own_after")).cast("long").as(EXPOSED_AFTER),
            sum(col("_before_days")).as(EXPOSED_BEFORE_USER_DAYS),
            sum(col("_after_days")).as(EXPOSED_AFTER_USER_DAYS));
  }

  private static Column seconds(Column timestamp) {
    return timestamp.cast("double");
  }

  private static Column greatest(Column a, Column b) {
    return org.apache.spark.sql.functions.greatest(a, b);
  }
}
