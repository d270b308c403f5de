package io.proactiveinsights.hygiene;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.schema.Vocabulary.EventType;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The Spark side of hygiene: pure transforms from bronze exposures to small per-message (or
 * per-pair) aggregates. Nothing here reads, writes or looks at a clock; the rules that judge
 * these numbers are plain Java ({@link HygieneRules}).
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

  private static final long WEEK_SECONDS = Duration.ofDays(7).toSeconds();

  private HygieneAggregates() {}

  /**
   * Per message and trend week, the viewers and the viewers who did the format's primary action
   * (clicked for banners, posts, tooltips and carousels; replied for chats; completed otherwise),
   * over the {@code weeks} whole weeks before {@code asOf}. Week 0 is the oldest.
   *
   * @param messages message_id and type of each message
   */
  public static Dataset<Row> weeklyPrimary(Dataset<Row> exposures, Dataset<Row> messages, Instant asOf, int weeks) {
    Instant start = asOf.minus(Duration.ofDays(7L * weeks));
    Column type = col("_type");
    Column successType =
        when(type.isin("banner", "post", "tooltip", "mobile_carousel"), lit(EventType.CLICKED.wire()))
            .when(type.equalTo("chat"), lit(EventType.REPLIED.wire()))
            .otherwise(lit(EventType.COMPLETED.wire()));
    Column user = col("user_id");
    return exposures
        .where(col("occurred_at").geq(lit(Timestamp.from(start))).and(col("occurred_at").lt(lit(Timestamp.from(asOf)))))
        .join(broadcast(messages.select(col(MESSAGE_ID).as("_mid"), col("type").as("_type"))), col(MESSAGE_ID).equalTo(col("_mid")))
        .withColumn(WEEK, floor(unix_seconds(col("occurred_at")).minus(start.getEpochSecond()).divide(WEEK_SECONDS)).cast("int"))
        .groupBy(col(MESSAGE_ID), col(WEEK))
        .agg(
            countDistinct(when(col("event_type").equalTo(EventType.VIEWED.wire()), user)).as(VIEWERS),
            countDistinct(when(col("event_type").equalTo(successType), user)).as(SUCCESSES));
  }

  /**
   * Distinct recipients of each listed banner over [from, asOf), one row per banner with
   * {@code banner_a = banner_b}, and the recipients each pair shares, one row per pair
   * (banner_a &lt; banner_b). Only one banner shows at a time, so shared recipients are the people
   * for whom the banners queue or block.
   */
  public static Dataset<Row> bannerOverlaps(Dataset<Row> exposures, List<String> bannerIds, Instant from, Instant asOf) {
    Dataset<Row> receipts =
        exposures
            .where(col("event_type").equalTo(EventType.RECEIVED.wire())
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
   * Over the 7 days before {@code asOf}: people who received more than {@code maxPerWeek}
   * proactive messages are over-messaged; per message, how many of them it reached and how many
   * receipts it gave them.
   */
  public static Dataset<Row> overMessaging(Dataset<Row> exposures, Instant asOf, int maxPerWeek) {
    Dataset<Row> receipts =
        exposures.where(col("event_type").equalTo(EventType.RECEIVED.wire())
            .and(col("occurred_at").geq(lit(Timestamp.from(asOf.minus(Duration.ofDays(7))))))
            .and(col("occurred_at").lt(lit(Timestamp.from(asOf)))))
            .select(col(MESSAGE_ID), col("user_id"));
    Dataset<Row> overMessaged =
        receipts.groupBy(col("user_id").as("_over_user")).agg(count(lit(1)).as("_received")).where(col("_received").gt(maxPerWeek));
    return receipts.join(overMessaged, col("user_id").equalTo(col("_over_user")))
        .groupBy(col(MESSAGE_ID))
        .agg(countDistinct(col("user_id")).as(OVER_MESSAGED_RECIPIENTS), count(lit(1)).as(RECEIPTS_TO_OVER_MESSAGED));
  }

  /**
   * Distinct people who received each message over everything bronze holds for ds (the ingest
   * lookback): its reach since launch, which the 28-day window understates for messages most
   * people received long ago.
   */
  public static Dataset<Row> receiversSinceLaunch(Dataset<Row> exposures) {
    return exposures.where(col("event_type").equalTo(EventType.RECEIVED.wire()))
        .groupBy(col(MESSAGE_ID))
        .agg(countDistinct(col("user_id")).as(RECIPIENTS));
  }

  /** How many people were over-messaged in the 7 days before {@code asOf} (see {@link #overMessaging}). */
  public static Dataset<Row> overMessagedPeople(Dataset<Row> exposures, Instant asOf, int maxPerWeek) {
    return exposures.where(col("event_type").equalTo(EventType.RECEIVED.wire())
            .and(col("occurred_at").geq(lit(Timestamp.from(asOf.minus(Duration.ofDays(7))))))
            .and(col("occurred_at").lt(lit(Timestamp.from(asOf)))))
        .groupBy(col("user_id")).agg(count(lit(1)).as("_received"))
        .where(col("_received").gt(maxPerWeek))
        .agg(count(lit(1)).as("people"), sum(col("_received")).as("receipts"));
  }
}
