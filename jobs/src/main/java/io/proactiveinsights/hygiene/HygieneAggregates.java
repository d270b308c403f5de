package io.proactiveinsights.hygiene;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.schema.Vocabulary.EventType;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The Spark side of hygiene: pure transforms from bronze exposures to small per-message (or
 * per-pair) aggregates. Nothing here reads, writes or looks at a clock; the rules that judge these
 * numbers are plain Java ({@link HygieneRules}).
 */
public final class HygieneAggregates {

  public static final String MESSAGE_ID = "message_id";
  public static final String WEEK = "week";
  public static final String VIEWERS = "viewers";
  public static final String SUCCESSES = "successes";
  public static final String BANNER_A = "banner_a";
  public static final String BANNER_B = "banner_b";
  public static final String SHARED = "shared_recipients";
  public static final String RECIPIENTS = "recipients";
  public static final String OVER_MESSAGED_RECIPIENTS = "over_messaged_recipients";
  public static final String RECEIPTS_TO_OVER_MESSAGED = "receipts_to_over_messaged";
  public static final String REPEAT_DISMISSERS = "repeat_dismissers";
  public static final String LOAD = "messages_received";
  public static final String VIEWS = "views";
  public static final String DISMISSALS = "dismissals";

  private static final long WEEK_SECONDS = Duration.ofDays(7).toSeconds();

  private HygieneAggregates() {}

  /**
   * Per message and trend week, the viewers and the viewers who did the format's primary action
   * (clicked for banners, posts, tooltips and carousels; replied for chats; completed otherwise),
   * over the {@code weeks} whole weeks before {@code asOf}. Week 0 is the oldest.
   *
   * @param messages message_id and type of each message
   */
  public static Dataset<Row> weeklyPrimary(
      Dataset<Row> exposures, Dataset<Row> messages, Instant asOf, int weeks) {
    Instant start = asOf.minus(Duration.ofDays(7L * weeks));
    Column successType = successType(col("_type"));
    Column user = col("user_id");
    return exposures
        .where(
            col("occurred_at")
                .geq(lit(Timestamp.from(start)))
                .and(col("occurred_at").lt(lit(Timestamp.from(asOf)))))
        .join(
            broadcast(messages.select(col(MESSAGE_ID).as("_mid"), col("type").as("_type"))),
            col(MESSAGE_ID).equalTo(col("_mid")))
        .withColumn(
            WEEK,
            floor(
                    unix_seconds(col("occurred_at"))
                        .minus(start.getEpochSecond())
                        .divide(WEEK_SECONDS))
                .cast("int"))
        .groupBy(col(MESSAGE_ID), col(WEEK))
        .agg(
            countDistinct(when(col("event_type").equalTo(EventType.VIEWED.wire()), user))
                .as(VIEWERS),
            countDistinct(when(col("event_type").equalTo(successType), user)).as(SUCCESSES));
  }

  /**
   * Distinct recipients of each listed banner over [from, asOf), one row per banner with {@code
   * banner_a = banner_b}, and the recipients each pair shares, one row per pair (banner_a &lt;
   * banner_b). Only one banner shows at a time, so shared recipients are the people for whom the
   * banners queue or block.
   */
  public static Dataset<Row> bannerOverlaps(
      Dataset<Row> exposures, List<String> bannerIds, Instant from, Instant asOf) {
    Dataset<Row> receipts =
        exposures
            .where(
                col("event_type")
                    .equalTo(EventType.RECEIVED.wire())
                    .and(col(MESSAGE_ID).isin(bannerIds.toArray()))
                    .and(col("occurred_at").geq(lit(Timestamp.from(from))))
                    .and(col("occurred_at").lt(lit(Timestamp.from(asOf)))))
            .select(col(MESSAGE_ID), col("user_id"))
            .distinct();
    Dataset<Row> a = receipts.select(col(MESSAGE_ID).as(BANNER_A), col("user_id").as("_ua"));
    Dataset<Row> b = receipts.select(col(MESSAGE_ID).as(BANNER_B), col("user_id").as("_ub"));
    return a.join(b, col("_ua").equalTo(col("_ub")).and(col(BANNER_A).leq(col(BANNER_B))))
        .groupBy(col(BANNER_A), col(BANNER_B))
        .agg(count(lit(1)).as(SHARED));
  }

  /**
   * Over the 7 days before {@code asOf}: people who received more than {@code maxPerWeek} proactive
   * messages are over-messaged; per message, how many of them it reached and how many receipts it
   * gave them.
   */
  public static Dataset<Row> overMessaging(Dataset<Row> exposures, Instant asOf, int maxPerWeek) {
    Dataset<Row> receipts =
        exposures
            .where(
                col("event_type")
                    .equalTo(EventType.RECEIVED.wire())
                    .and(
                        col("occurred_at").geq(lit(Timestamp.from(asOf.minus(Duration.ofDays(7))))))
                    .and(col("occurred_at").lt(lit(Timestamp.from(asOf)))))
            .select(col(MESSAGE_ID), col("user_id"));
    Dataset<Row> overMessaged =
        receipts
            .groupBy(col("user_id").as("_over_user"))
            .agg(count(lit(1)).as("_received"))
            .where(col("_received").gt(maxPerWeek));
    return receipts
        .join(overMessaged, col("user_id").equalTo(col("_over_user")))
        .groupBy(col(MESSAGE_ID))
        .agg(
            countDistinct(col("user_id")).as(OVER_MESSAGED_RECIPIENTS),
            count(lit(1)).as(RECEIPTS_TO_OVER_MESSAGED));
  }

  /**
   * Over the 7 days before {@code asOf}, people grouped by how many messages they received (capped
   * at {@code maxPerWeek + 1}, "more than the maximum"): per group, the people, their views and
   * their dismissals (at most one per view). One row per group; see {@link WeeklyLoad}.
   */
  public static Dataset<Row> weeklyLoad(Dataset<Row> exposures, Instant asOf, int maxPerWeek) {
    Column type = col("event_type");
    Column perPersonViews = sum(when(type.equalTo(EventType.VIEWED.wire()), 1L).otherwise(0L));
    Column perPersonDismissals =
        sum(when(type.equalTo(EventType.DISMISSED.wire()), 1L).otherwise(0L));
    return exposures
        .where(
            col("occurred_at")
                .geq(lit(Timestamp.from(asOf.minus(Duration.ofDays(7)))))
                .and(col("occurred_at").lt(lit(Timestamp.from(asOf)))))
        .groupBy(col("user_id"))
        .agg(
            sum(when(type.equalTo(EventType.RECEIVED.wire()), 1L).otherwise(0L)).as("_received"),
            perPersonViews.as("_views"),
            perPersonDismissals.as("_dismissals"))
        .groupBy(least(col("_received"), lit((long) maxPerWeek + 1)).cast("int").as(LOAD))
        .agg(
            count(lit(1)).as("people"),
            sum(col("_views")).as(VIEWS),
            sum(least(col("_dismissals"), col("_views"))).as(DISMISSALS));
  }

  /**
   * The event type of a format's primary action: clicked for click formats, replied for chats,
   * completed otherwise.
   */
  private static Column successType(Column type) {
    return when(
            type.isin("banner", "post", "tooltip", "mobile_carousel"),
            lit(EventType.CLICKED.wire()))
        .when(type.equalTo("chat"), lit(EventType.REPLIED.wire()))
        .otherwise(lit(EventType.COMPLETED.wire()));
  }

  /**
   * The showing curve over [from, asOf): each person's events on a message numbered by showing (the
   * n-th view; a dismissal or primary action belongs to the latest view before it, a view sorting
   * first among events of the same second), then per message the people shown it a 1st, 2nd and
   * 3rd-or-later time ({@code viewers_1}, {@code viewers_2}, {@code viewers_3}), how many of them
   * dismissed ({@code dismissers_n}) or did the format's primary action ({@code successes_n}) on
   * that showing, the same for any showing after the 1st ({@code _later}), and how many people
   * dismissed it on two or more showings ({@code repeat_dismissers}).
   *
   * <p>One sort of the window's exposures by (message, person, time); only one row per message
   * leaves the executors.
   *
   * @param messages message_id and type of each message
   */
  public static Dataset<Row> showings(
      Dataset<Row> exposures, Dataset<Row> messages, Instant from, Instant asOf) {
    Column type = col("event_type");
    Column isView = type.equalTo(EventType.VIEWED.wire());
    Column isDismiss = type.equalTo(EventType.DISMISSED.wire());
    Column isSuccess = type.equalTo(col("_success_type"));
    WindowSpec byPerson =
        Window.partitionBy(col(MESSAGE_ID), col("user_id"))
            .orderBy(
                col("occurred_at"),
                when(type.equalTo(EventType.RECEIVED.wire()), 0).when(isView, 1).otherwise(2))
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> numbered =
        exposures
            .where(
                col("occurred_at")
                    .geq(lit(Timestamp.from(from)))
                    .and(col("occurred_at").lt(lit(Timestamp.from(asOf))))
                    .and(
                        type.isin(
                            EventType.VIEWED.wire(),
                            EventType.DISMISSED.wire(),
                            EventType.CLICKED.wire(),
                            EventType.REPLIED.wire(),
                            EventType.COMPLETED.wire())))
            .join(
                broadcast(
                    messages.select(
                        col(MESSAGE_ID).as("_mid"), successType(col("type")).as("_success_type"))),
                col(MESSAGE_ID).equalTo(col("_mid")))
            .select(
                col(MESSAGE_ID),
                col("user_id"),
                type,
                col("occurred_at"),
                col("_success_type"),
                sum(when(isView, 1).otherwise(0)).over(byPerson).as("_showing"))
            .where(col("_showing").geq(1));
    Column showing = col("_showing");
    List<Column> perPerson = new ArrayList<>();
    List<Column> perMessage = new ArrayList<>();
    String[] buckets = {"1", "2", "3", "later"};
    Column[] inBucket = {showing.equalTo(1), showing.equalTo(2), showing.geq(3), showing.geq(2)};
    Map<String, Column> measures = new LinkedHashMap<>();
    measures.put("viewers", isView);
    measures.put("dismissers", isDismiss);
    measures.put("successes", isSuccess);
    for (int i = 0; i < buckets.length; i++) {
      for (Map.Entry<String, Column> measure : measures.entrySet()) {
        String name = measure.getKey() + "_" + buckets[i];
        perPerson.add(max(when(inBucket[i].and(measure.getValue()), 1).otherwise(0)).as(name));
        perMessage.add(sum(col(name)).as(name));
      }
    }
    perPerson.add(countDistinct(when(isDismiss, showing)).as("_dismissed_showings"));
    perMessage.add(
        sum(when(col("_dismissed_showings").geq(2), 1).otherwise(0)).as(REPEAT_DISMISSERS));
    return numbered
        .groupBy(col(MESSAGE_ID), col("user_id"))
        .agg(perPerson.get(0), perPerson.subList(1, perPerson.size()).toArray(Column[]::new))
        .groupBy(col(MESSAGE_ID))
        .agg(perMessage.get(0), perMessage.subList(1, perMessage.size()).toArray(Column[]::new));
  }
}
