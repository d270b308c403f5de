package io.proactiveinsights.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Benchmark inputs at scale, written with Spark as Parquet: {@code events} exposure events over
 * {@code users} people, 50 messages and the 28 days ending with {@code ds}, plus the other contract
 * tables at a size ingest accepts. Draws are hashes of the row id, so sizes are exact and reruns
 * write the same data.
 */
final class BenchInputs {

  static final int MESSAGES = 50;
  static final int DAYS = 28;
  private static final String[] TYPES = {
    "banner", "post", "chat", "tooltip", "product_tour", "checklist", "mobile_carousel", "survey"
  };

  private BenchInputs() {}

  static void write(SparkSession spark, Path root, long events, long users, LocalDate ds) {
    write(spark, root, events, users, ds, DAYS, false);
  }

  /**
   * The inputs over {@code days} days ending with ds; with {@code inDailyDrops}, exposures and
   * conversations as daily drops ({@code <table>/ds=<day>/}, each day's events in that day's drop)
   * instead of one folder.
   */
  static void write(
      SparkSession spark,
      Path root,
      long events,
      long users,
      LocalDate ds,
      int days,
      boolean inDailyDrops) {
    long asOf = ds.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    long from = asOf - days * 86_400L;
    Column id = col("id");

    // Real exposure logs are funnels: one receipt, then maybe a view, a click... of the same
    // person.
    // Receipt r yields events r*STEPS .. r*STEPS+k for the first k+1 steps it reached.
    long receipts = events * 100 / EVENTS_PER_100_RECEIPTS;
    Column receipt = col("id");
    Column reached = pmod(xxhash64(receipt, lit("depth")), lit(100L));
    Dataset<Row> exposures =
        spark
            .range(receipts)
            .select(
                receipt.as("receipt"),
                org.apache
                    .spark
                    .sql
                    .functions
                    .explode(org.apache.spark.sql.functions.sequence(lit(0), depth(reached)))
                    .as("step"))
            .select(
                concat(
                        lit("e"),
                        col("receipt").cast("string"),
                        lit("-"),
                        col("step").cast("string"))
                    .as("event_id"),
                format_string(
                        "m%03d", pmod(xxhash64(col("receipt"), lit("m")), lit((long) MESSAGES)))
                    .as("message_id"),
                format_string("u%08d", pmod(xxhash64(col("receipt"), lit("u")), lit(users)))
                    .as("user_id"),
                stepName(col("step"), pmod(xxhash64(col("receipt"), lit("kind")), lit(4L)))
                    .as("event_type"),
                timestamp_seconds(
                        lit(from)
                            .plus(
                                pmod(
                                    xxhash64(col("receipt"), lit("at")),
                                    lit(days * 86_400L - 3_600)))
                            .plus(col("step").multiply(60)))
                    .as("occurred_at"),
                concat(lit("s"), col("receipt").cast("string")).as("session_id"),
                when(pmod(xxhash64(col("receipt"), lit("p")), lit(10L)).lt(6), "web")
                    .otherwise("ios")
                    .as("platform"));
    writeEvents(exposures, "occurred_at", root.resolve("exposures"), inDailyDrops);

    spark
        .range(MESSAGES)
        .select(
            format_string("m%03d", id).as("message_id"),
            concat(lit("Message "), id.cast("string")).as("name"),
            typeOf(id).as("type"),
            lit("live").as("state"),
            lit(null).cast("string").as("style"),
            lit(true).as("dismissible"),
            lit("once").as("frequency"),
            lit("everyone").as("audience_rule"),
            lit("Body").as("body"),
            lit("Open settings").as("cta_text"),
            timestamp_seconds(lit(from - 40 * 86_400L)).as("created_at"),
            timestamp_seconds(lit(from - 10 * 86_400L)).as("updated_at"),
            timestamp_seconds(lit(from - 10 * 86_400L)).as("live_since"),
            lit(null).cast("timestamp").as("paused_at"),
            org.apache
                .spark
                .sql
                .functions
                .array(format_string("topic-%d", pmod(id, lit(10L))))
                .as("topics"),
            lit(null).cast("string").as("known_issue_id"),
            lit(null).cast("string").as("goal_event"))
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(root.resolve("messages").toString());

    spark
        .range(users)
        .select(
            format_string("u%08d", id).as("user_id"),
            when(pmod(id, lit(5L)).equalTo(0), "Premium").otherwise("Free").as("plan"),
            when(pmod(id, lit(7L)).equalTo(0), "lead").otherwise("user").as("role"),
            timestamp_seconds(lit(from - 400 * 86_400L)).as("signed_up_at"),
            timestamp_seconds(lit(asOf - 86_400L)).as("last_seen_at"),
            org.apache.spark.sql.functions.map(lit("company_size"), lit("small")).as("attributes"))
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(root.resolve("users").toString());

    long conversations = Math.max(1000, users / 10);
    Dataset<Row> conversationRows =
        spark
            .range(conversations)
            .select(
                concat(lit("c"), id.cast("string")).as("conversation_id"),
                format_string("u%08d", pmod(xxhash64(id, lit("cu")), lit(users))).as("user_id"),
                timestamp_seconds(
                        lit(from).plus(pmod(xxhash64(id, lit("cat")), lit(days * 86_400L))))
                    .as("created_at"),
                format_string("topic-%d", pmod(xxhash64(id, lit("ct")), lit(10L))).as("topic"),
                lit(null).cast("string").as("source_message_id"),
                lit(null).cast("int").as("csat_rating"),
                lit(null).cast("timestamp").as("rated_at"));
    writeEvents(conversationRows, "created_at", root.resolve("conversations"), inDailyDrops);
  }

  /** An event table as one folder, or as daily drops by the day of {@code timeColumn}. */
  private static void writeEvents(
      Dataset<Row> rows, String timeColumn, Path folder, boolean inDailyDrops) {
    if (!inDailyDrops) {
      rows.write().mode(SaveMode.Overwrite).parquet(folder.toString());
      return;
    }
    // Hive-style ds=YYYY-MM-DD folders; the ds column lives in the folder name only.
    rows.withColumn("ds", org.apache.spark.sql.functions.to_date(col(timeColumn)))
        .repartition(col("ds"))
        .write()
        .mode(SaveMode.Overwrite)
        .partitionBy("ds")
        .parquet(folder.toString());
  }

  /**
   * Events per 100 receipts given the depths below: 100 received + 80 viewed + 30 acted + 10 goals.
   */
  private static final long EVENTS_PER_100_RECEIPTS = 220;

  /** How far a receipt got: 20% received only, 50% viewed, 20% acted, 10% reached the goal. */
  private static Column depth(Column percent) {
    return when(percent.lt(20), lit(0))
        .when(percent.lt(70), lit(1))
        .when(percent.lt(90), lit(2))
        .otherwise(lit(3));
  }

  /**
   * Step 0 received, 1 viewed, 2 the format's action (click, dismiss, reply or complete), 3 goal.
   */
  private static Column stepName(Column step, Column kind) {
    Column action =
        when(kind.equalTo(0), "clicked")
            .when(kind.equalTo(1), "dismissed")
            .when(kind.equalTo(2), "replied")
            .otherwise("completed");
    return when(step.equalTo(0), "received")
        .when(step.equalTo(1), "viewed")
        .when(step.equalTo(2), action)
        .otherwise("goal_completed");
  }

  private static Column typeOf(Column id) {
    Column type = lit(TYPES[0]);
    for (int i = TYPES.length - 1; i >= 0; i--) {
      type = when(pmod(id, lit((long) TYPES.length)).equalTo(i), TYPES[i]).otherwise(type);
    }
    return type;
  }
}
