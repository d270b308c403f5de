package io.proactiveinsights.experiments;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.metrics.PrimaryMetric;
import io.proactiveinsights.schema.AssignmentsColumns;
import io.proactiveinsights.schema.ExperimentImpactColumns;
import io.proactiveinsights.schema.Vocabulary.Arm;
import io.proactiveinsights.schema.Vocabulary.EventType;
import io.proactiveinsights.schema.Vocabulary.MessageType;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The Spark half of experiment impact: from each person's assignment to the sums per (message,
 * metric, arm) that the statistics' {@code ArmSums} holds, so only a few rows per message reach the
 * driver. Pure transforms: no reads, writes or clock (the as-of time and the history's start come
 * in as arguments).
 *
 * <p>Every person counts in their arm from their assignment on, whether they saw the message or not
 * (intention to treat). Per person, a metric has an outcome y, a denominator d and a pre-assignment
 * covariate x:
 *
 * <ul>
 *   <li>{@code tickets:<topic>}: y = inbound tickets on the topic from the start of their time at
 *       risk (the latest of assignment, signup and the start of the history the run holds) to the
 *       as-of time; d = those days at risk; x = their tickets on the topic in the pre-period before
 *       assignment.
 *   <li>{@code goal_rate} (messages with a goal_event): y = 1 if they did the goal event after
 *       assignment, d = 1, x = 1 if they did it in the pre-period.
 *   <li>{@code csat}: the ratings of conversations they started after assignment, y their sum, d
 *       their count (people without a rating are not units), x = 0.
 *   <li>the format's primary metric ({@link PrimaryMetric}), treatment arm only: of the people who
 *       viewed it after assignment, y = 1 if they also clicked (replied, completed), d = 1, x = 0.
 * </ul>
 */
public final class ArmAggregates {

  private static final String ASSIGNED_AT = AssignmentsColumns.ASSIGNED_AT;
  private static final String ARM = AssignmentsColumns.ARM;
  private static final String HOLDOUT_SHARE = AssignmentsColumns.HOLDOUT_SHARE;

  /** Per-person outcome, denominator and covariate. */
  public static final String Y = "y";

  public static final String D = "d";
  public static final String X = "x";

  /** The fields of the statistics' {@code ArmSums} as columns, in its order. */
  public static final String N = "n";

  public static final String SUM_Y = "sum_y";
  public static final String SUM_Y2 = "sum_y2";
  public static final String SUM_D = "sum_d";
  public static final String SUM_D2 = "sum_d2";
  public static final String SUM_YD = "sum_yd";
  public static final String SUM_X = "sum_x";
  public static final String SUM_X2 = "sum_x2";
  public static final String SUM_XY = "sum_xy";
  public static final String SUM_XD = "sum_xd";

  /** Per message: the people assigned to each arm, and the declared holdout shares. */
  public static final String TREATMENT_USERS = ExperimentImpactColumns.TREATMENT_USERS;

  public static final String CONTROL_USERS = ExperimentImpactColumns.CONTROL_USERS;
  public static final String SHARE_SUM = "share_sum";
  public static final String SHARE_COUNT = "share_count";
  public static final String FIRST_ASSIGNED_AT = "first_assigned_at";

  private static final String MESSAGE_ID = ExperimentImpactColumns.MESSAGE_ID;
  private static final String METRIC = ExperimentImpactColumns.METRIC;
  private static final String USER_ID = AssignmentsColumns.USER_ID;
  private static final double SECONDS_PER_DAY = 86_400.0;

  private ArmAggregates() {}

  /**
   * The assignments a run for as-of {@code asOf} analyses: those made before it, of messages in the
   * run's catalogue.
   */
  public static Dataset<Row> assignedBefore(
      Dataset<Row> assignments, Dataset<Row> messages, Instant asOf) {
    return assignments
        .where(col(ASSIGNED_AT).lt(lit(Timestamp.from(asOf))))
        .join(broadcast(messages.select(MESSAGE_ID)), new String[] {MESSAGE_ID}, "left_semi")
        .select(MESSAGE_ID, USER_ID, ARM, ASSIGNED_AT, HOLDOUT_SHARE);
  }

  /**
   * Per message: {@link #TREATMENT_USERS}, {@link #CONTROL_USERS}, the sum and count of their
   * declared holdout shares ({@link #SHARE_SUM}, {@link #SHARE_COUNT}: an assignment given in the
   * inputs may declare none) and {@link #FIRST_ASSIGNED_AT}.
   */
  public static Dataset<Row> messageArms(Dataset<Row> assigned) {
    return assigned
        .groupBy(MESSAGE_ID)
        .agg(
            count(when(col(ARM).equalTo(Arm.TREATMENT.wire()), 1)).as(TREATMENT_USERS),
            count(when(col(ARM).equalTo(Arm.CONTROL.wire()), 1)).as(CONTROL_USERS),
            coalesce(sum(col(HOLDOUT_SHARE)), lit(0.0)).as(SHARE_SUM),
            count(col(HOLDOUT_SHARE)).as(SHARE_COUNT),
            min(col(ASSIGNED_AT)).as(FIRST_ASSIGNED_AT));
  }

  /**
   * The sums per (message, metric, arm) of every metric: one pass over the union of the per-person
   * outcomes.
   */
  public static Dataset<Row> armSums(
      Dataset<Row> assigned,
      Dataset<Row> messages,
      Dataset<Row> inbound,
      Dataset<Row> conversations,
      Dataset<Row> users,
      Dataset<Row> userEvents,
      Dataset<Row> exposures,
      Instant asOf,
      Instant historyStart,
      Duration prePeriod) {
    return sums(
        ticketOutcomes(assigned, messages, inbound, users, asOf, historyStart, prePeriod)
            .unionByName(goalOutcomes(assigned, messages, userEvents, asOf, prePeriod))
            .unionByName(csatOutcomes(assigned, conversations, asOf))
            .unionByName(primaryOutcomes(assigned, messages, exposures, asOf)));
  }

  /** Per-person (message_id, metric, arm, y, d, x) rows to their {@link ArmSums} per arm. */
  public static Dataset<Row> sums(Dataset<Row> outcomes) {
    Column y = col(Y).cast("double");
    Column d = col(D).cast("double");
    Column x = col(X).cast("double");
    return outcomes
        .groupBy(MESSAGE_ID, METRIC, ARM)
        .agg(
            count(lit(1)).as(N),
            sum(y).as(SUM_Y),
            sum(y.multiply(y)).as(SUM_Y2),
            sum(d).as(SUM_D),
            sum(d.multiply(d)).as(SUM_D2),
            sum(y.multiply(d)).as(SUM_YD),
            sum(x).as(SUM_X),
            sum(x.multiply(x)).as(SUM_X2),
            sum(x.multiply(y)).as(SUM_XY),
            sum(x.multiply(d)).as(SUM_XD));
  }

  /**
   * {@code tickets:<topic>} per person and topic of their message. The tickets are {@code inbound}
   * (conversations started as replies to proactive messages left out, as impact does).
   */
  public static Dataset<Row> ticketOutcomes(
      Dataset<Row> assigned,
      Dataset<Row> messages,
      Dataset<Row> inbound,
      Dataset<Row> users,
      Instant asOf,
      Instant historyStart,
      Duration prePeriod) {
    Column asOfTs = lit(Timestamp.from(asOf));
    // greatest() skips nulls: an unknown signup leaves the start at assignment.
    Column riskStart =
        greatest(col(ASSIGNED_AT), col("signed_up_at"), lit(Timestamp.from(historyStart)));
    Column preStart = col(ASSIGNED_AT).minus(interval(prePeriod));
    Dataset<Row> perTopic =
        assigned
            .join(
                broadcast(messages.select(col(MESSAGE_ID), explode(col("topics")).as("_topic"))),
                MESSAGE_ID)
            .join(users.select(USER_ID, "signed_up_at"), new String[] {USER_ID}, "left")
            .select(
                col(MESSAGE_ID),
                col(USER_ID),
                col(ARM),
                col(ASSIGNED_AT),
                col("_topic"),
                riskStart.as("_risk_start"));
    Dataset<Row> tickets =
        inbound.select(
            col("user_id").as("_c_user"), col("topic").as("_c_topic"), col("created_at"));
    Column at = col("created_at");
    Column after = at.geq(col("_risk_start")).and(at.lt(asOfTs));
    Column before = at.geq(preStart).and(at.lt(col(ASSIGNED_AT)));
    return perTopic
        .join(
            tickets,
            col(USER_ID).equalTo(col("_c_user")).and(col("_topic").equalTo(col("_c_topic"))),
            "left")
        .groupBy(col(MESSAGE_ID), col("_topic"), col(USER_ID), col(ARM), col("_risk_start"))
        .agg(sum(when(after, 1).otherwise(0)).as(Y), sum(when(before, 1).otherwise(0)).as(X))
        .select(
            col(MESSAGE_ID),
            concat(lit(ExperimentImpactColumns.TICKETS_PREFIX), col("_topic")).as(METRIC),
            col(ARM),
            col(Y).cast("double").as(Y),
            greatest(lit(0.0), seconds(asOfTs).minus(seconds(col("_risk_start"))))
                .divide(SECONDS_PER_DAY)
                .as(D),
            col(X).cast("double").as(X));
  }

  /**
   * {@code goal_rate} per person of each message with a goal_event, from the product events (the
   * control arm receives nothing, so a goal_completed exposure would count for treatment only).
   */
  public static Dataset<Row> goalOutcomes(
      Dataset<Row> assigned,
      Dataset<Row> messages,
      Dataset<Row> userEvents,
      Instant asOf,
      Duration prePeriod) {
    Column at = col("occurred_at");
    Column after = at.geq(col(ASSIGNED_AT)).and(at.lt(lit(Timestamp.from(asOf))));
    Column before =
        at.geq(col(ASSIGNED_AT).minus(interval(prePeriod))).and(at.lt(col(ASSIGNED_AT)));
    Dataset<Row> goals =
        broadcast(
            messages
                .where(col("goal_event").isNotNull())
                .select(col(MESSAGE_ID), col("goal_event")));
    Dataset<Row> events =
        userEvents.select(
            col("user_id").as("_e_user"), col("event_name").as("_e_name"), col("occurred_at"));
    return assigned
        .join(goals, MESSAGE_ID)
        .join(
            events,
            col(USER_ID).equalTo(col("_e_user")).and(col("goal_event").equalTo(col("_e_name"))),
            "left")
        .groupBy(col(MESSAGE_ID), col(USER_ID), col(ARM))
        .agg(
            max(when(after, 1.0).otherwise(0.0)).as(Y), max(when(before, 1.0).otherwise(0.0)).as(X))
        .select(
            col(MESSAGE_ID),
            lit(ExperimentImpactColumns.GOAL_RATE).as(METRIC),
            col(ARM),
            col(Y),
            lit(1.0).as(D),
            col(X));
  }

  /**
   * {@code csat} per person who rated a conversation they started after assignment: the sum and the
   * count of their ratings, so the arm's value is its mean rating per conversation.
   */
  public static Dataset<Row> csatOutcomes(
      Dataset<Row> assigned, Dataset<Row> conversations, Instant asOf) {
    Column at = col("created_at");
    Dataset<Row> rated =
        conversations
            .where(col("csat_rating").isNotNull())
            .select(
                col("user_id").as("_c_user"),
                col("created_at"),
                col("csat_rating").cast("double").as("_rating"));
    return assigned
        .join(rated, col(USER_ID).equalTo(col("_c_user")))
        .where(at.geq(col(ASSIGNED_AT)).and(at.lt(lit(Timestamp.from(asOf)))))
        .groupBy(col(MESSAGE_ID), col(USER_ID), col(ARM))
        .agg(sum(col("_rating")).as(Y), count(lit(1)).cast("double").as(D))
        .select(
            col(MESSAGE_ID),
            lit(ExperimentImpactColumns.CSAT).as(METRIC),
            col(ARM),
            col(Y),
            col(D),
            lit(0.0).as(X));
  }

  /**
   * The format's primary metric per treatment person who viewed the message after assignment: 1 if
   * they also did its action (click, reply, completion) after assignment, as metrics counts a
   * rate's people among its viewers.
   */
  public static Dataset<Row> primaryOutcomes(
      Dataset<Row> assigned, Dataset<Row> messages, Dataset<Row> exposures, Instant asOf) {
    Dataset<Row> actions = broadcast(primaryActions(messages));
    Column at = col("occurred_at");
    Column type = col("event_type");
    return assigned
        .where(col(ARM).equalTo(Arm.TREATMENT.wire()))
        .join(actions, MESSAGE_ID)
        .join(
            exposures.select(
                col("message_id").as("_e_message"),
                col("user_id").as("_e_user"),
                col("event_type"),
                col("occurred_at")),
            col(MESSAGE_ID)
                .equalTo(col("_e_message"))
                .and(col(USER_ID).equalTo(col("_e_user")))
                .and(at.geq(col(ASSIGNED_AT)))
                .and(at.lt(lit(Timestamp.from(asOf)))))
        .groupBy(col(MESSAGE_ID), col(METRIC), col(USER_ID), col(ARM))
        .agg(
            max(when(type.equalTo(EventType.VIEWED.wire()), 1).otherwise(0)).as("_viewed"),
            max(when(type.equalTo(col("_action")), 1.0).otherwise(0.0)).as(Y))
        .where(col("_viewed").equalTo(1))
        .select(col(MESSAGE_ID), col(METRIC), col(ARM), col(Y), lit(1.0).as(D), lit(0.0).as(X));
  }

  /**
   * (message_id, metric, _action): each message's primary metric and the event whose people are its
   * successes, by the message's format.
   */
  static Dataset<Row> primaryActions(Dataset<Row> messages) {
    Column type = col("type");
    Column metric = null;
    Column action = null;
    for (MessageType format : MessageType.values()) {
      PrimaryMetric primary = PrimaryMetric.of(format);
      Column isFormat = type.equalTo(format.wire());
      metric =
          (metric == null
              ? when(isFormat, primary.column())
              : metric.when(isFormat, primary.column()));
      action =
          (action == null
              ? when(isFormat, action(primary).wire())
              : action.when(isFormat, action(primary).wire()));
    }
    return messages.select(col(MESSAGE_ID), metric.as(METRIC), action.as("_action"));
  }

  /** The event whose people a primary metric counts among the viewers. */
  static EventType action(PrimaryMetric metric) {
    return switch (metric) {
      case CTR -> EventType.CLICKED;
      case REPLY_RATE -> EventType.REPLIED;
      case COMPLETION_RATE -> EventType.COMPLETED;
    };
  }

  private static Column interval(Duration duration) {
    return org.apache.spark.sql.functions.expr("INTERVAL " + duration.toSeconds() + " SECONDS");
  }

  private static Column seconds(Column timestamp) {
    return timestamp.cast("double");
  }
}
