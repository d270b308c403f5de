package io.proactiveinsights.impact;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.config.ProactiveConfig.TopicSuggestionSettings;
import io.proactiveinsights.schema.RowCodec;
import io.proactiveinsights.stats.BenjaminiHochberg;
import io.proactiveinsights.stats.RateRatio;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The topics a message seems to be about, for a catalogue that names none (Intercom's exports carry
 * no topics, so without a hand-kept messages file no message has a ticket verdict): the topics of
 * the conversations its receivers opened in the days after they first got it, against the
 * workspace's usual mix.
 *
 * <p>For a message M and topic T, let {@code a} be M's follow-up conversations on T, {@code n} all
 * of M's follow-up conversations, {@code b} the workspace's other conversations on T and {@code m}
 * all its other conversations (the window's conversations less M's follow-ups). The lift is {@code
 * (a/n) / (b/m)}, T's share among M's follow-ups over its share elsewhere, compared as a ratio of
 * Poisson rates per conversation with R's exact {@code poisson.test(c(a, b), c(n, m))} ({@link
 * RateRatio}). A topic is suggested when the lift is at least {@code min_lift}, its interval's
 * lower bound is above 1, it has at least {@code min_conversations} follow-ups, and its
 * Benjamini–Hochberg q-value across every message × topic pair of the run is below {@code
 * max_q_value}; at most {@code max_per_message} per message, highest lift first (the keys are under
 * {@code intercom.topic_suggestions}). Conversations without a topic ({@value #UNCLASSIFIED}) count
 * in the totals and are never suggested.
 *
 * <p>A suggestion is evidence, not a fact: receivers of a message about billing who then ask about
 * billing may have been asking anyway (the message may even have been aimed at them for that). So
 * suggestions are listed for a person to confirm, and used for ticket impact only when the user
 * opts in.
 */
public final class TopicSuggestions {

  /** Conversations without a topic: counted, never suggested. */
  public static final String UNCLASSIFIED = "unclassified";

  public static final String MESSAGE_ID = "message_id";
  public static final String TOPIC = "topic";
  static final String CONVERSATIONS = "conversations";

  /** A message's follow-up conversations on one topic. */
  public record FollowUps(String messageId, String topic, long conversations) {}

  /**
   * One message × topic: its follow-ups on the topic ({@code a}), all its follow-ups ({@code n}),
   * the window's conversations on the topic and in all, the lift with its exact interval and
   * p-value, the q-value, and whether it is suggested.
   */
  public record TopicLift(
      String messageId,
      String topic,
      long followUps,
      long messageFollowUps,
      long topicConversations,
      long allConversations,
      RateRatio lift,
      Double qValue,
      boolean suggested) {

    TopicLift judged(Double q, boolean isSuggested) {
      return new TopicLift(
          messageId,
          topic,
          followUps,
          messageFollowUps,
          topicConversations,
          allConversations,
          lift,
          q,
          isSuggested);
    }
  }

  // The topic_suggestions table: one row per message x topic judged, for the messages that name no
  // topic.
  public static final String FOLLOW_UPS = "follow_ups";
  public static final String MESSAGE_FOLLOW_UPS = "message_follow_ups";
  public static final String TOPIC_CONVERSATIONS = "topic_conversations";
  public static final String ALL_CONVERSATIONS = "all_conversations";
  public static final String LIFT = "lift";
  public static final String CI_LOW = "ci_low";
  public static final String CI_HIGH = "ci_high";
  public static final String P_VALUE = "p_value";
  public static final String Q_VALUE = "q_value";
  public static final String SUGGESTED = "suggested";

  private static final RowCodec<TopicLift> CODEC =
      RowCodec.<TopicLift>builder()
          .string(MESSAGE_ID, false, TopicLift::messageId)
          .string(TOPIC, false, TopicLift::topic)
          .longs(FOLLOW_UPS, false, TopicLift::followUps)
          .longs(MESSAGE_FOLLOW_UPS, false, TopicLift::messageFollowUps)
          .longs(TOPIC_CONVERSATIONS, false, TopicLift::topicConversations)
          .longs(ALL_CONVERSATIONS, false, TopicLift::allConversations)
          .doubles(LIFT, true, t -> t.lift().ratio())
          .doubles(CI_LOW, true, t -> t.lift().low())
          .doubles(CI_HIGH, true, t -> t.lift().high())
          .doubles(P_VALUE, true, t -> t.lift().pValue())
          .doubles(Q_VALUE, true, TopicLift::qValue)
          .booleans(SUGGESTED, false, TopicLift::suggested)
          .build();

  public static final StructType SCHEMA = CODEC.schema();

  /** The row in {@link #SCHEMA} order. */
  public static Row toRow(TopicLift lift) {
    return CODEC.toRow(lift);
  }

  /** A {@code topic_suggestions} row as the impact stage wrote it. */
  public static TopicLift fromRow(Row r) {
    return new TopicLift(
        RowCodec.string(r, MESSAGE_ID),
        RowCodec.string(r, TOPIC),
        RowCodec.longValue(r, FOLLOW_UPS),
        RowCodec.longValue(r, MESSAGE_FOLLOW_UPS),
        RowCodec.longValue(r, TOPIC_CONVERSATIONS),
        RowCodec.longValue(r, ALL_CONVERSATIONS),
        new RateRatio(
            RowCodec.nullableDouble(r, LIFT),
            RowCodec.nullableDouble(r, CI_LOW),
            RowCodec.nullableDouble(r, CI_HIGH),
            RowCodec.nullableDouble(r, P_VALUE)),
        RowCodec.nullableDouble(r, Q_VALUE),
        Boolean.TRUE.equals(RowCodec.nullableBoolean(r, SUGGESTED)));
  }

  private TopicSuggestions() {}

  /**
   * Per (message, topic), the distinct conversations people opened in {@code [first exposure, first
   * exposure + followUpDays days)}; a conversation follows every message its person got in the days
   * before it. One row per message and topic with any.
   *
   * @param exposures the exposure events (any type: the first one is when the person got it)
   * @param conversations the window's conversations
   */
  public static Dataset<Row> followUps(
      Dataset<Row> exposures, Dataset<Row> conversations, int followUpDays) {
    Dataset<Row> firstExposure =
        exposures
            .groupBy(col(MESSAGE_ID), col("user_id").as("_user"))
            .agg(min(col("occurred_at")).as("_first"));
    Dataset<Row> opened =
        conversations.select(
            col("conversation_id").as("_conversation"),
            col("user_id"),
            col("created_at").as("_created"),
            topic().as(TOPIC));
    return firstExposure
        .join(
            opened,
            col("_user")
                .equalTo(col("user_id"))
                .and(col("_created").geq(col("_first")))
                .and(
                    col("_created")
                        .lt(expr("_first + make_interval(0, 0, 0, " + followUpDays + ")"))))
        .select(col(MESSAGE_ID), col(TOPIC), col("_conversation"))
        .distinct()
        .groupBy(MESSAGE_ID, TOPIC)
        .agg(count(lit(1)).as(CONVERSATIONS));
  }

  /** Conversations per topic over the window: the workspace's usual mix. */
  public static Dataset<Row> topicTotals(Dataset<Row> conversations) {
    return conversations.groupBy(topic().as(TOPIC)).agg(count(lit(1)).as(CONVERSATIONS));
  }

  private static Column topic() {
    return coalesce(col(TOPIC), lit(UNCLASSIFIED));
  }

  /** {@link #followUps} on the driver: a row per message and topic, a few hundred at most. */
  public static List<FollowUps> collectFollowUps(Dataset<Row> followUps) {
    List<FollowUps> out = new ArrayList<>();
    for (Row r : followUps.collectAsList()) {
      out.add(
          new FollowUps(
              r.getAs(MESSAGE_ID), r.getAs(TOPIC), ((Number) r.getAs(CONVERSATIONS)).longValue()));
    }
    return out;
  }

  /** {@link #topicTotals} on the driver: topic → conversations. */
  public static Map<String, Long> collectTotals(Dataset<Row> topicTotals) {
    Map<String, Long> out = new HashMap<>();
    for (Row r : topicTotals.collectAsList()) {
      out.put(r.getAs(TOPIC), ((Number) r.getAs(CONVERSATIONS)).longValue());
    }
    return out;
  }

  /**
   * Every classified message × topic pair's lift, q-value and whether it is suggested, by message
   * then lift (highest first).
   *
   * @param followUps {@link #collectFollowUps}, for the messages to suggest topics for
   * @param topicTotals {@link #collectTotals}: every conversation of the window by topic
   */
  public static List<TopicLift> judge(
      List<FollowUps> followUps, Map<String, Long> topicTotals, TopicSuggestionSettings settings) {
    long all = topicTotals.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Long> perMessage = new HashMap<>();
    followUps.forEach(f -> perMessage.merge(f.messageId(), f.conversations(), Long::sum));
    List<TopicLift> rows = new ArrayList<>();
    for (FollowUps f : followUps) {
      if (UNCLASSIFIED.equals(f.topic())) {
        continue;
      }
      long n = perMessage.get(f.messageId());
      long onTopic = topicTotals.getOrDefault(f.topic(), 0L);
      long otherOnTopic = Math.max(0, onTopic - f.conversations());
      long others = all - n;
      // With no conversation outside the message's follow-ups there is no usual mix to compare to.
      RateRatio lift =
          others > 0
              ? RateRatio.exact(f.conversations(), n, otherOnTopic, others)
              : new RateRatio(null, null, null, null);
      rows.add(
          new TopicLift(
              f.messageId(), f.topic(), f.conversations(), n, onTopic, all, lift, null, false));
    }
    Double[] q =
        BenjaminiHochberg.qValues(rows.stream().map(r -> r.lift().pValue()).toArray(Double[]::new));
    List<TopicLift> judged = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      TopicLift r = rows.get(i);
      boolean candidate =
          r.followUps() >= settings.minConversations()
              && q[i] != null
              && q[i] < settings.maxQValue()
              // No upper bound: the topic was never asked about outside the message's follow-ups.
              && (r.lift().ratio() == null
                  ? r.lift().pValue() != null
                  : r.lift().ratio() >= settings.minLift() && r.lift().low() > 1.0);
      judged.add(r.judged(q[i], candidate));
    }
    judged.sort(
        Comparator.comparing(TopicLift::messageId)
            .thenComparing(
                (TopicLift r) -> r.lift().ratio() == null ? Double.MAX_VALUE : r.lift().ratio(),
                Comparator.reverseOrder())
            .thenComparing(TopicLift::topic));
    // Keep the best maxPerMessage candidates of each message.
    Map<String, Integer> kept = new HashMap<>();
    List<TopicLift> out = new ArrayList<>(judged.size());
    for (TopicLift r : judged) {
      boolean suggested =
          r.suggested() && kept.merge(r.messageId(), 1, Integer::sum) <= settings.maxPerMessage();
      out.add(r.judged(r.qValue(), suggested));
    }
    return out;
  }

  /**
   * The catalogue with each message that names no topic given its suggested ones ({@code
   * intercom.infer_topics}); other messages and columns as they were.
   */
  public static Dataset<Row> withSuggestedTopics(Dataset<Row> messages, List<TopicLift> lifts) {
    Map<String, List<String>> byMessage = new java.util.TreeMap<>();
    for (TopicLift l : lifts) {
      if (l.suggested()) {
        byMessage.computeIfAbsent(l.messageId(), k -> new ArrayList<>()).add(l.topic());
      }
    }
    List<Row> rows = new ArrayList<>();
    byMessage.forEach(
        (m, topics) ->
            rows.add(
                RowFactory.create(
                    m, scala.jdk.javaapi.CollectionConverters.asScala(topics).toSeq())));
    StructType schema =
        new StructType()
            .add("_suggested_for", DataTypes.StringType, false)
            .add("_suggested", DataTypes.createArrayType(DataTypes.StringType, false), false);
    Dataset<Row> suggested = messages.sparkSession().createDataFrame(rows, schema);
    Dataset<Row> joined =
        messages.join(
            org.apache.spark.sql.functions.broadcast(suggested),
            col(MESSAGE_ID).equalTo(col("_suggested_for")),
            "left");
    List<Column> out = new ArrayList<>();
    for (String c : messages.columns()) {
      out.add(
          c.equals("topics")
              ? when(size(col(c)).leq(0).and(col("_suggested").isNotNull()), col("_suggested"))
                  .otherwise(col(c))
                  .as(c)
              : col(c));
    }
    return joined.select(out.toArray(Column[]::new));
  }
}
