package io.proactiveinsights.sample;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.proactiveinsights.delivery.holdout.HoldoutArm;
import io.proactiveinsights.schema.Vocabulary.Arm;
import io.proactiveinsights.segments.HoldoutAssignment;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a realistic input set in the contract's shape, with Spark so that it scales to tens of
 * millions of events: users, exposures of the {@link SampleCatalogue} messages with per-format
 * behaviour, conversations with the planted effects (a deflecting tour, an incident spike, chat
 * replies), product events with goals, known issues, and a few bad rows of every kind.
 *
 * <p>Every random draw is a hash of (seed, salt, keys), never {@code rand()}, so the same spec
 * writes the same rows whatever the partitioning. Formats are mixed on purpose (CSV, gzipped JSON
 * Lines, Parquet; timestamps with Z, with an offset and as epoch seconds) so that the ingest job's
 * per-file detection is exercised by every demo.
 */
public final class SampleDataGenerator {

  private static final Logger LOG = LoggerFactory.getLogger(SampleDataGenerator.class);
  private static final long DAY = 86_400L;

  /** Background conversations per user per day. */
  private static final double TICKETS_PER_USER_DAY = 0.004;

  private final SparkSession spark;
  private final SampleSpec spec;
  private final long asOfSeconds;
  private final Draws draws;

  private SampleDataGenerator(SparkSession spark, SampleSpec spec) {
    this.spark = spark;
    this.spec = spec;
    this.asOfSeconds = spec.endDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    this.draws = new Draws(spec.seed(), asOfSeconds);
  }

  public static SampleResult generate(SparkSession spark, SampleSpec spec) {
    return new SampleDataGenerator(spark, spec).run(null);
  }

  /**
   * The sample in the contract's shape under {@code spec.outDir()}, and the same rows in Intercom's
   * shapes under {@code intercomRoot} ({@link IntercomSampleFiles}), for {@code --source intercom}.
   * The Intercom input has no bad rows: it is there to give the same figures.
   */
  public static SampleResult generate(SparkSession spark, SampleSpec spec, Path intercomRoot) {
    return new SampleDataGenerator(spark, spec).run(intercomRoot);
  }

  private SampleResult run(Path intercomRoot) {
    LOG.info(
        "sample: {} users, {} days ending {}, seed {} → {}",
        spec.users(),
        spec.days(),
        spec.endDate(),
        spec.seed(),
        spec.outDir());
    SampleFiles files = new SampleFiles(spec.outDir(), Instant.ofEpochSecond(asOfSeconds));
    Map<String, Long> rows = new LinkedHashMap<>();

    Dataset<Row> users = users().persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> exposures = exposures(users).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> conversations = conversations(exposures).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> userEvents = userEvents(exposures);
    try {
      rows.put("messages", files.writeMessages(SampleCatalogue.MESSAGES));
      rows.put(
          "users",
          files.writeParquet(users.drop("platform"), "users", spec.users())
              + files.writeBadUsers());
      rows.put(
          "exposures", files.writeExposures(exposures, spec.users()) + files.writeBadExposures());
      rows.put(
          "conversations",
          files.writeConversations(conversations, spec.users()) + files.writeBadConversations());
      rows.put("user_events", files.writeParquet(userEvents, "user_events", spec.users()));
      rows.put("known_issues", files.writeKnownIssues());
      rows.put("assignments", files.writeAssignments(sourceAssignments(users), spec.users()));
      files.writePlanted(SampleCatalogue.PLANTED, rows, spec, true);
      if (intercomRoot != null) {
        writeIntercom(intercomRoot, files, users, exposures, conversations, userEvents);
      }
    } finally {
      conversations.unpersist();
      exposures.unpersist();
      users.unpersist();
    }
    LOG.info("sample: wrote {}", rows);
    return new SampleResult(spec.outDir(), rows, SampleCatalogue.PLANTED);
  }

  private void writeIntercom(
      Path intercomRoot,
      SampleFiles files,
      Dataset<Row> users,
      Dataset<Row> exposures,
      Dataset<Row> conversations,
      Dataset<Row> userEvents) {
    IntercomSampleFiles intercom =
        new IntercomSampleFiles(intercomRoot, SampleFiles.files(spec.users()));
    Map<String, Long> rows = new LinkedHashMap<>();
    long[] export = intercom.writeContentExport(exposures, SampleCatalogue.MESSAGES);
    rows.put("receipts", export[0]);
    rows.put("clicks", export[1]);
    rows.put(
        "messages",
        intercom.writeMessages(
            files, SampleCatalogue.MESSAGES, IntercomSampleFiles.deliveredMessages(exposures)));
    rows.put("contacts", intercom.writeContacts(users));
    rows.put("conversations", intercom.writeConversations(conversations));
    rows.put("data_events", intercom.writeDataEvents(userEvents));
    intercom.copyContractShapedTables(spec.outDir());
    LOG.info("sample: wrote in Intercom's shapes to {}: {}", intercomRoot, rows);
  }

  private Column uniform(String salt, Column... keys) {
    return draws.uniform(salt, keys);
  }

  private Column secondsAgo(Column days) {
    return draws.secondsAgo(days);
  }

  private Dataset<Row> users() {
    Column id = col("id");
    return spark
        .range(spec.users())
        .select(format_string("u%07d", id.plus(1)).as("user_id"), id)
        .select(
            col("user_id"),
            when(uniform("plan", id).lt(0.5), "Free")
                .when(uniform("plan", id).lt(0.8), "Pro")
                .otherwise("Premium")
                .as("plan"),
            when(uniform("role", id).lt(0.15), "lead").otherwise("user").as("role"),
            secondsAgo(uniform("signup", id).multiply(730)).as("signed_up_at"),
            when(uniform("active", id).lt(0.8), secondsAgo(uniform("seen", id).multiply(30)))
                .otherwise(secondsAgo(lit(30).plus(uniform("seen", id).multiply(300))))
                .as("last_seen_at"),
            map(
                    lit("company_size"),
                        when(uniform("size", id).lt(0.6), "small")
                            .when(uniform("size", id).lt(0.9), "medium")
                            .otherwise("large"),
                    lit("locale"),
                        when(uniform("locale", id).lt(0.6), "en")
                            .when(uniform("locale", id).lt(0.8), "de")
                            .otherwise("fr"),
                    lit("beta_tester"),
                        when(uniform("beta", id).lt(0.005), "true").otherwise("false"))
                .as("attributes"),
            when(uniform("platform", id).lt(0.6), "web")
                .when(uniform("platform", id).lt(0.8), "ios")
                .otherwise("android")
                .as("platform"));
  }

  /**
   * One frame per message (its audience, then its funnel), unioned; event times are epoch seconds
   * in {@code at}.
   */
  private Dataset<Row> exposures(Dataset<Row> users) {
    Dataset<Row> all = null;
    for (SampleMessage m : SampleCatalogue.MESSAGES) {
      if (m.liveDaysAgo() == null) {
        continue;
      }
      long start =
          Math.max(asOfSeconds - m.liveDaysAgo() * DAY, asOfSeconds - (long) spec.days() * DAY);
      long end =
          (m.pausedDaysAgo() == null ? asOfSeconds : asOfSeconds - m.pausedDaysAgo() * DAY) - 3_600;
      if (end <= start) {
        continue;
      }
      Column user = col("user_id");
      Column mid = lit(m.id());
      String audience = m.audienceSql().replace("{D}", "timestamp_seconds(" + asOfSeconds + ")");
      // Most people receive a message soon after it goes live: squared draws lean early.
      Column t0 =
          lit(start)
              .plus(
                  uniform("time", user, mid)
                      .multiply(uniform("time", user, mid))
                      .multiply(end - start))
              .cast("long");
      Column viewed = uniform("view", user, mid).lt(m.view());
      Column clicked = viewed.and(uniform("click", user, mid).lt(expr(m.clickSql())));
      Column dismissed =
          viewed.and(clicked.unary_$bang()).and(uniform("dismiss", user, mid).lt(m.dismiss()));
      Column replied = viewed.and(uniform("reply", user, mid).lt(m.reply()));
      Column completed = viewed.and(uniform("complete", user, mid).lt(m.complete()));
      Column events =
          array(
              event("received", lit(true), t0, 0),
              event("viewed", viewed, t0, 60),
              event("clicked", clicked, t0, 120),
              event("dismissed", dismissed, t0, 180),
              event("replied", replied, t0, 300),
              event("completed", completed, t0, 600));
      Dataset<Row> frame =
          treated(users.where(expr(audience)), m)
              .where(uniform("reach", user, mid).lt(m.reach()))
              .select(user, col("platform"), explode(filter(events, e -> e.isNotNull())).as("e"))
              .select(
                  mid.as("message_id"),
                  user,
                  col("platform"),
                  col("e.event_type").as("event_type"),
                  col("e.at").as("at"));
      all = all == null ? frame : all.unionByName(frame);
    }
    Column key =
        concat_ws("|", lit(spec.seed()), col("user_id"), col("message_id"), col("event_type"));
    Dataset<Row> events =
        all.withColumn("event_id", concat(lit("ev-"), substring(sha2(key, 256), 1, 20)))
            .withColumn(
                "session_id",
                concat(
                    lit("s-"),
                    substring(
                        sha2(concat_ws("|", col("user_id"), col("message_id")), 256), 1, 12)));
    // At-least-once delivery: about 0.2% of events arrive twice with the same event_id.
    return events.unionByName(events.where(uniform("dup", col("event_id")).lt(0.002)));
  }

  /**
   * The audience members who may receive {@code m}: all of them, or for a message with a holdout
   * its treatment arm (the control group never sees it).
   */
  private static Dataset<Row> treated(Dataset<Row> audience, SampleMessage m) {
    return m.holdoutShare() == null ? audience : audience.where(heldOut(m).unary_$bang());
  }

  /**
   * Whether the person in column user_id is in {@code m}'s control group: {@link HoldoutArm}'s hash
   * (the arm the segments job gives), at the share the arms are really drawn with (a source's own
   * split, {@link SampleCatalogue#SOURCE_SPLITS}, else the declared one).
   */
  private static Column heldOut(SampleMessage m) {
    double share = SampleCatalogue.SOURCE_SPLITS.getOrDefault(m.id(), m.holdoutShare());
    return HoldoutAssignment.isControl(
        lit(m.id()), col("user_id"), lit(HoldoutArm.thresholdHex(share)));
  }

  /**
   * The {@code assignments} input of the messages whose source runs its own control group: every
   * audience member as of D, with the arm the source gave, assigned when the message was scheduled.
   */
  private Dataset<Row> sourceAssignments(Dataset<Row> users) {
    Dataset<Row> all = null;
    for (SampleMessage m : SampleCatalogue.MESSAGES) {
      if (!SampleCatalogue.SOURCE_SPLITS.containsKey(m.id())) {
        continue;
      }
      long assignedAt =
          asOfSeconds - m.liveDaysAgo() * DAY - SampleCatalogue.SOURCE_ASSIGNED_SECONDS_BEFORE_LIVE;
      String audience = m.audienceSql().replace("{D}", "timestamp_seconds(" + asOfSeconds + ")");
      Dataset<Row> arms =
          users
              .where(expr(audience))
              .select(
                  lit(m.id()).as("message_id"),
                  col("user_id"),
                  when(heldOut(m), lit(Arm.CONTROL.wire()))
                      .otherwise(lit(Arm.TREATMENT.wire()))
                      .as("arm"),
                  isoUtc(lit(assignedAt)).as("assigned_at"));
      all = all == null ? arms : all.unionByName(arms);
    }
    return all;
  }

  private static Column event(String type, Column happened, Column t0, int offsetSeconds) {
    return when(happened, struct(lit(type).as("event_type"), t0.plus(offsetSeconds).as("at")));
  }

  private Dataset<Row> conversations(Dataset<Row> exposures) {
    long total = Math.round(spec.users() * (double) spec.days() * TICKETS_PER_USER_DAY);
    Dataset<Row> background =
        ticketsBetween(
            spark.range(total).toDF(),
            "bg",
            asOfSeconds - (long) spec.days() * DAY,
            asOfSeconds,
            topicColumn());
    for (SampleCatalogue.TopicStream stream : SampleCatalogue.TOPIC_STREAMS) {
      String salt = "topic-" + stream.topic();
      long tickets = Math.round(spec.users() * (double) spec.days() * stream.perUserDay());
      background =
          background.unionByName(
              ticketsBetween(
                  spark.range(tickets).toDF(),
                  salt,
                  asOfSeconds - (long) spec.days() * DAY,
                  asOfSeconds,
                  lit(stream.topic())));
    }
    Dataset<Row> afterDeflection = background;
    for (SampleCatalogue.Deflection deflection : SampleCatalogue.DEFLECTIONS) {
      afterDeflection = deflect(afterDeflection, exposures, deflection);
    }
    afterDeflection = afterDeflection.drop("id");
    // Incident KI-101 (18 to 10 days ago): login-issues run at five times their usual volume.
    long incidentExtra = Math.round(spec.users() * 8.0 * TICKETS_PER_USER_DAY * 0.1 * 4);
    Dataset<Row> incident =
        ticketsBetween(
                spark.range(incidentExtra).toDF(),
                "ki",
                asOfSeconds - 18 * DAY,
                asOfSeconds - 10 * DAY,
                lit("login-issues"))
            .drop("id");
    // Replies to the SSO chat start conversations, rated a little better than the rest.
    Dataset<Row> chatReplies =
        exposures
            .where("message_id = 'msg_sso_chat' AND event_type = 'replied'")
            .dropDuplicates("event_id")
            .select(
                concat(lit("c-chat-"), col("user_id")).as("conversation_id"),
                col("user_id"),
                col("at").plus(60).as("at"),
                lit("sso").as("topic"),
                lit("msg_sso_chat").as("source_message_id"),
                lit(true).as("_from_chat"));
    Dataset<Row> all = afterDeflection.unionByName(incident).unionByName(chatReplies);
    Column id = col("conversation_id");
    Column rated = uniform("rated", id).lt(0.4);
    Column u = uniform("rating", id);
    Column rating =
        when(
                col("_from_chat"),
                when(u.lt(0.6), 5)
                    .when(u.lt(0.85), 4)
                    .when(u.lt(0.93), 3)
                    .when(u.lt(0.97), 2)
                    .otherwise(1))
            .otherwise(
                when(u.lt(0.45), 5)
                    .when(u.lt(0.7), 4)
                    .when(u.lt(0.85), 3)
                    .when(u.lt(0.93), 2)
                    .otherwise(1));
    return all.select(
        id,
        col("user_id"),
        col("at"),
        col("topic"),
        col("source_message_id"),
        when(rated, rating).as("csat_rating"),
        when(rated, col("at").plus(3_600)).as("rated_at"));
  }

  /**
   * {@code tickets} without those {@code d}'s message prevents: of each viewer's tickets on its
   * topic after their first view, a share {@code d.share()} never happen.
   */
  private Dataset<Row> deflect(
      Dataset<Row> tickets, Dataset<Row> exposures, SampleCatalogue.Deflection d) {
    Dataset<Row> firstViews =
        exposures
            .where(
                col("message_id").equalTo(d.messageId()).and(col("event_type").equalTo("viewed")))
            .groupBy(col("user_id").as("_v_user"))
            .agg(min("at").as("_v_at"));
    return tickets
        .join(firstViews, col("user_id").equalTo(col("_v_user")), "left")
        .where(
            col("topic")
                .equalTo(d.topic())
                .and(col("at").gt(col("_v_at")))
                .and(uniform("deflect", col("conversation_id")).lt(d.share()))
                .unary_$bang()
                .or(col("_v_at").isNull())
                .or(col("topic").isNull()))
        .drop("_v_user", "_v_at");
  }

  private Dataset<Row> ticketsBetween(
      Dataset<Row> ids, String salt, long from, long to, Column topic) {
    Column id = col("id");
    return ids.select(
        id,
        concat(lit("c-" + salt + "-"), id.cast("string")).as("conversation_id"),
        format_string(
                "u%07d",
                pmod(xxhash64(lit(spec.seed()), lit(salt + "user"), id), lit((long) spec.users()))
                    .plus(1))
            .as("user_id"),
        lit(from).plus(uniform(salt + "time", id).multiply(to - from)).cast("long").as("at"),
        topic.as("topic"),
        lit(null).cast("string").as("source_message_id"),
        lit(false).as("_from_chat"));
  }

  private Column topicColumn() {
    Column u = uniform("topic", col("id"));
    double cumulative = 0.03; // 3% of conversations arrive without a topic
    Column chain = when(u.lt(cumulative), lit(null).cast("string"));
    for (int i = 0; i < SampleCatalogue.TOPICS.size(); i++) {
      cumulative += SampleCatalogue.TOPIC_SHARES[i] * 0.97;
      chain = chain.when(u.lt(cumulative), lit(SampleCatalogue.TOPICS.get(i)));
    }
    return chain.otherwise(lit(SampleCatalogue.TOPICS.get(SampleCatalogue.TOPICS.size() - 1)));
  }

  private Dataset<Row> userEvents(Dataset<Row> exposures) {
    Column id = col("id");
    long from = asOfSeconds - (long) spec.days() * DAY;
    Column u = uniform("ue-name", id);
    Dataset<Row> background =
        spark
            .range(spec.users() * 3L)
            .select(
                format_string(
                        "u%07d",
                        pmod(
                                xxhash64(lit(spec.seed()), lit("ue-user"), id),
                                lit((long) spec.users()))
                            .plus(1))
                    .as("user_id"),
                when(u.lt(0.6), "login")
                    .when(u.lt(0.9), "report_viewed")
                    .otherwise("export_completed")
                    .as("event_name"),
                timestamp_seconds(
                        lit(from)
                            .plus(uniform("ue-time", id).multiply(asOfSeconds - from))
                            .cast("long"))
                    .as("occurred_at"));
    // 70% of the people who finish the export tour export within three days: the tour's goal.
    Dataset<Row> goals =
        exposures
            .where("message_id = 'msg_export_tour' AND event_type = 'completed'")
            .dropDuplicates("event_id")
            .where(uniform("goal", col("user_id")).lt(0.7))
            .select(
                col("user_id"),
                lit("export_completed").as("event_name"),
                col("at")
                    .plus(uniform("goal-time", col("user_id")).multiply(3 * DAY))
                    .cast("long")
                    .as("_at"))
            .where(col("_at").lt(asOfSeconds))
            .select(
                col("user_id"), col("event_name"), timestamp_seconds(col("_at")).as("occurred_at"));
    return background.unionByName(goals);
  }

  /** An instant as ISO-8601 with Z, the form most exports use. */
  static Column isoUtc(Column epochSeconds) {
    return date_format(timestamp_seconds(epochSeconds), "yyyy-MM-dd'T'HH:mm:ss'Z'");
  }
}
