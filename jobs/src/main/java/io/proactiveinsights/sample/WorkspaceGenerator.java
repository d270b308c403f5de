package io.proactiveinsights.sample;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a generated {@link Workspace} as an input root in the contract's shape, with Spark: people
 * (some signing up during the window, some long gone), every message's receipts and its showings (a
 * receiver may be shown a message several times, each showing with its own view, dismissal and
 * primary action), conversations on the workspace's topics (fewer for people a deflecting message
 * reached), chat replies that start conversations with their ratings, goal events, and product
 * events going back further than the ingest lookback.
 *
 * <p>As in {@link SampleDataGenerator}, every draw is a hash of (seed, salt, keys), so a workspace
 * writes the same rows whatever the partitioning. Unlike the demo sample it plants no bad rows: it
 * exists to test judgement, not ingest.
 */
public final class WorkspaceGenerator {

  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceGenerator.class);
  private static final long DAY = 86_400L;

  /** Conversations per person per day on each topic. */
  private static final double TICKETS_PER_USER_DAY_PER_TOPIC = 0.0015;

  private final SparkSession spark;
  private final Workspace workspace;
  private final long asOfSeconds;
  private final Draws draws;

  private WorkspaceGenerator(SparkSession spark, Workspace workspace, LocalDate endDate) {
    this.spark = spark;
    this.workspace = workspace;
    this.asOfSeconds = endDate.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    this.draws = new Draws(workspace.seed(), asOfSeconds);
  }

  /**
   * Writes {@code workspace} under {@code outDir}, its last day {@code endDate} (the ds to run).
   */
  public static SampleResult generate(
      SparkSession spark, Workspace workspace, Path outDir, LocalDate endDate) {
    return new WorkspaceGenerator(spark, workspace, endDate).run(outDir, endDate);
  }

  private SampleResult run(Path outDir, LocalDate endDate) {
    LOG.info(
        "workspace: seed {}, {} users, {} messages → {}",
        workspace.seed(),
        workspace.users(),
        workspace.messages().size(),
        outDir);
    SampleFiles files = new SampleFiles(outDir, java.time.Instant.ofEpochSecond(asOfSeconds));
    Map<String, Long> rows = new LinkedHashMap<>();
    List<SampleMessage> catalogue =
        workspace.messages().stream().map(ScenarioMessage::message).toList();
    Dataset<Row> users = users().persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> exposures = exposures(users).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      rows.put(
          "messages",
          files.writeMessages(
              SampleFiles.folder(outDir, "messages").resolve("messages.csv"),
              catalogue,
              java.util.Set.of(),
              false));
      rows.put(
          "users",
          files.writeParquet(users.drop("platform", "_exported_at"), "users", workspace.users()));
      rows.put("exposures", files.writeExposures(exposures, workspace.users()));
      rows.put(
          "conversations", files.writeConversations(conversations(exposures), workspace.users()));
      rows.put(
          "user_events",
          files.writeParquet(userEvents(users, exposures), "user_events", workspace.users()));
      rows.put("known_issues", files.writeKnownIssues(workspace.knownIssues()));
      files.writePlanted(
          workspace.plantedSituations(),
          rows,
          new SampleSpec(outDir, workspace.users(), workspace.days(), workspace.seed(), endDate),
          false);
    } finally {
      exposures.unpersist();
      users.unpersist();
    }
    return new SampleResult(outDir, rows, workspace.plantedSituations());
  }

  private Column uniform(String salt, Column... keys) {
    return draws.uniform(salt, keys);
  }

  private Column secondsAgo(Column days) {
    return draws.secondsAgo(days);
  }

  private Dataset<Row> users() {
    Column id = col("id");
    Column signup =
        when(
                uniform("recent", id).lt(workspace.recentSignupShare()),
                secondsAgo(uniform("signup", id).multiply(30)))
            .otherwise(secondsAgo(lit(30).plus(uniform("signup", id).multiply(700))));
    return spark
        .range(workspace.users())
        .select(format_string("w%07d", id.plus(1)).as("user_id"), id, signup.as("signed_up_at"))
        .select(
            col("user_id"),
            when(uniform("plan", id).lt(0.5), "Free")
                .when(uniform("plan", id).lt(0.8), "Pro")
                .otherwise("Premium")
                .as("plan"),
            when(uniform("role", id).lt(0.15), "lead").otherwise("user").as("role"),
            col("signed_up_at"),
            // Most people came back in the last three days; about one in eight has not been seen
            // for months.
            greatest(
                    col("signed_up_at"),
                    when(
                            uniform("dormant", id).lt(0.12),
                            secondsAgo(lit(40).plus(uniform("seen", id).multiply(300))))
                        .otherwise(secondsAgo(uniform("seen", id).multiply(3))))
                .as("last_seen_at"),
            map(
                    lit("company_size"),
                        when(uniform("size", id).lt(0.6), "small")
                            .when(uniform("size", id).lt(0.9), "medium")
                            .otherwise("large"),
                    lit("beta_tester"),
                        when(uniform("beta", id).lt(0.005), "true").otherwise("false"))
                .as("attributes"),
            when(uniform("platform", id).lt(0.6), "web")
                .when(uniform("platform", id).lt(0.8), "ios")
                .otherwise("android")
                .as("platform"),
            when(
                    uniform("exported", id).lt(workspace.exportedShare()),
                    greatest(
                        col("signed_up_at"),
                        secondsAgo(
                            uniform("exported-at", id).multiply(workspace.eventHistoryDays()))))
                .as("_exported_at"));
  }

  /**
   * Receipts and showings of every live or paused message; event times are epoch seconds in {@code
   * at}.
   */
  private Dataset<Row> exposures(Dataset<Row> users) {
    Dataset<Row> all = null;
    for (ScenarioMessage s : workspace.messages()) {
      SampleMessage m = s.message();
      if (m.liveDaysAgo() == null) {
        continue;
      }
      long start = asOfSeconds - m.liveDaysAgo() * DAY;
      long end =
          (m.pausedDaysAgo() == null ? asOfSeconds : asOfSeconds - m.pausedDaysAgo() * DAY) - 3_600;
      if (end <= start) {
        continue;
      }
      Column user = col("user_id");
      Column mid = lit(m.id());
      Column from = greatest(lit(start), unix_seconds(col("signed_up_at")));
      Column to = least(lit(end), unix_seconds(col("last_seen_at")));
      Column i = col("_showing");
      Column t0 = col("_t0");
      Column at = t0.plus(i.multiply(DAY));
      Column viewed = uniform("view", user, mid, i).lt(m.view());
      Column firstPrimary =
          switch (m.type()) {
            case "banner", "post", "tooltip", "mobile_carousel" -> expr(m.clickSql());
            case "chat" -> lit(m.reply());
            default -> lit(m.complete());
          };
      // The first showing's probability may depend on the person (e.g. their plan): drawn while
      // their columns are at hand.
      Column primaryProbability =
          when(i.equalTo(0), col("_p1")).otherwise(col("_p1").multiply(s.laterPrimaryFactor()));
      Column acted = viewed.and(uniform("primary", user, mid, i).lt(primaryProbability));
      Column dismissed =
          viewed
              .and(acted.unary_$bang())
              .and(
                  uniform("dismiss", user, mid, i)
                      .lt(when(i.equalTo(0), lit(m.dismiss())).otherwise(lit(s.laterDismiss()))));
      String primaryType =
          switch (m.type()) {
            case "banner", "post", "tooltip", "mobile_carousel" -> "clicked";
            case "chat" -> "replied";
            default -> "completed";
          };
      Column events =
          array(
              event("received", i.equalTo(0), t0),
              event("viewed", viewed, at.plus(60)),
              event(primaryType, acted, at.plus(120)),
              event("dismissed", dismissed, at.plus(180)));
      int spread = s.maxShowings() - s.minShowings() + 1;
      Dataset<Row> frame =
          users
              .where(expr(m.audienceSql().replace("{D}", "timestamp_seconds(" + asOfSeconds + ")")))
              .where(to.gt(from).and(uniform("reach", user, mid).lt(m.reach())))
              .select(
                  user,
                  col("platform"),
                  from.plus(
                          uniform("time", user, mid)
                              .multiply(uniform("time", user, mid))
                              .multiply(to.minus(from)))
                      .cast("long")
                      .as("_t0"),
                  floor(uniform("showings", user, mid).multiply(spread))
                      .plus(s.minShowings())
                      .cast("int")
                      .as("_k"),
                  firstPrimary.cast("double").as("_p1"))
              .select(
                  user,
                  col("platform"),
                  col("_t0"),
                  col("_p1"),
                  explode(sequence(lit(0), col("_k").minus(1))).as("_showing"))
              .select(
                  user,
                  col("platform"),
                  col("_showing"),
                  explode(filter(events, e -> e.isNotNull())).as("e"))
              .where(col("e.at").lt(asOfSeconds))
              .select(
                  mid.as("message_id"),
                  user,
                  col("platform"),
                  col("_showing"),
                  col("e.event_type").as("event_type"),
                  col("e.at").as("at"));
      all = all == null ? frame : all.unionByName(frame);
    }
    Column key =
        concat_ws(
            "|",
            lit(workspace.seed()),
            col("user_id"),
            col("message_id"),
            col("event_type"),
            col("_showing"));
    return all.select(
        concat(lit("ev-"), substring(sha2(key, 256), 1, 20)).as("event_id"),
        col("message_id"),
        col("user_id"),
        col("event_type"),
        col("at"),
        concat(
                lit("s-"),
                substring(
                    sha2(concat_ws("|", col("user_id"), col("message_id"), col("_showing")), 256),
                    1,
                    12))
            .as("session_id"),
        col("platform"));
  }

  private static Column event(String type, Column happened, Column at) {
    return when(happened, struct(lit(type).as("event_type"), at.as("at")));
  }

  private Dataset<Row> conversations(Dataset<Row> exposures) {
    List<String> topics = workspace.topics();
    double perTopic =
        workspace.users() * (double) workspace.days() * TICKETS_PER_USER_DAY_PER_TOPIC;
    Dataset<Row> background =
        tickets(
            "bg",
            "ticket",
            Math.round(perTopic * topics.size()),
            element(
                topics,
                pmod(
                    xxhash64(lit(workspace.seed()), lit("ticket-topic"), col("id")),
                    lit((long) topics.size()))));
    if (workspace.busiestTopic() != null) {
      // The busiest topic's tickets beyond its share of the background, drawn apart (own salts), so
      // that the other topics keep exactly the tickets they have without it.
      background =
          background.unionByName(
              tickets(
                  "busy",
                  "busy",
                  Math.round(perTopic * (Workspace.BUSIEST_TOPIC_VOLUME - 1)),
                  lit(workspace.busiestTopic())));
    }
    // Deflection: a viewer's tickets on a deflecting message's topic after their first view, with
    // its probability, never happen.
    List<Row> deflecting = new ArrayList<>();
    for (ScenarioMessage s : workspace.messages()) {
      if (s.deflection() > 0) {
        s.message()
            .topics()
            .forEach(t -> deflecting.add(RowFactory.create(s.message().id(), t, s.deflection())));
      }
    }
    Dataset<Row> kept = background;
    if (!deflecting.isEmpty()) {
      StructType schema =
          new StructType()
              .add("_d_message", DataTypes.StringType)
              .add("_d_topic", DataTypes.StringType)
              .add("_d_share", DataTypes.DoubleType);
      Dataset<Row> firstViews =
          exposures
              .where(col("event_type").equalTo("viewed"))
              .join(
                  broadcast(spark.createDataFrame(deflecting, schema)),
                  col("message_id").equalTo(col("_d_message")))
              .groupBy(col("user_id").as("_d_user"), col("_d_topic"), col("_d_share"))
              .agg(min("at").as("_d_first_view"));
      kept =
          background
              .join(
                  firstViews,
                  col("user_id").equalTo(col("_d_user")).and(col("topic").equalTo(col("_d_topic"))),
                  "left")
              .where(
                  col("_d_first_view")
                      .isNull()
                      .or(col("at").leq(col("_d_first_view")))
                      .or(uniform("deflect", col("conversation_id")).geq(col("_d_share"))))
              .select(
                  background.columns()[0],
                  java.util.Arrays.copyOfRange(
                      background.columns(), 1, background.columns().length));
    }
    Dataset<Row> replies = null;
    for (ScenarioMessage s : workspace.messages()) {
      SampleMessage m = s.message();
      if (!"chat".equals(m.type())) {
        continue;
      }
      Dataset<Row> chat =
          exposures
              .where(col("message_id").equalTo(m.id()).and(col("event_type").equalTo("replied")))
              .select(
                  concat(lit("c-reply-"), col("event_id")).as("conversation_id"),
                  col("user_id"),
                  col("at").plus(60).as("at"),
                  lit(m.topics().isEmpty() ? null : m.topics().get(0)).cast("string").as("topic"),
                  lit(m.id()).as("source_message_id"),
                  lit(s.csatShift()).as("_csat_shift"));
      replies = replies == null ? chat : replies.unionByName(chat);
    }
    Dataset<Row> all = replies == null ? kept : kept.unionByName(replies);
    Column conversation = col("conversation_id");
    Column rated = uniform("rated", conversation).lt(0.4);
    Column u = uniform("rating", conversation);
    // Usual ratings average 3.9; a message that lowers them by a point sends its conversations to a
    // 2.8 average.
    Column usual =
        when(u.lt(0.45), 5).when(u.lt(0.7), 4).when(u.lt(0.85), 3).when(u.lt(0.93), 2).otherwise(1);
    Column lowered =
        when(u.lt(0.1), 5).when(u.lt(0.3), 4).when(u.lt(0.6), 3).when(u.lt(0.8), 2).otherwise(1);
    Column rating = when(col("_csat_shift").lt(-0.5), lowered).otherwise(usual);
    return all.select(
        conversation,
        col("user_id"),
        col("at"),
        col("topic"),
        col("source_message_id"),
        when(rated, rating).as("csat_rating"),
        when(rated, col("at").plus(3_600)).as("rated_at"));
  }

  /**
   * {@code count} inbound conversations by people drawn at random, at times drawn over the
   * workspace's days, on {@code topic} (a column that may read the row's {@code id}).
   */
  private Dataset<Row> tickets(String idPrefix, String salt, long count, Column topic) {
    Column id = col("id");
    return spark
        .range(count)
        .select(
            concat(lit("c-" + idPrefix + "-"), id.cast("string")).as("conversation_id"),
            format_string(
                    "w%07d",
                    pmod(
                            xxhash64(lit(workspace.seed()), lit(salt + "-user"), id),
                            lit((long) workspace.users()))
                        .plus(1))
                .as("user_id"),
            lit(asOfSeconds - workspace.days() * DAY)
                .plus(uniform(salt + "-time", id).multiply(workspace.days() * DAY))
                .cast("long")
                .as("at"),
            topic.as("topic"),
            lit(null).cast("string").as("source_message_id"),
            lit(0.0).as("_csat_shift"));
  }

  private static Column element(List<String> values, Column index) {
    Column chain = null;
    for (int i = 0; i < values.size(); i++) {
      chain =
          chain == null
              ? when(index.equalTo(i), lit(values.get(i)))
              : chain.when(index.equalTo(i), lit(values.get(i)));
    }
    return chain;
  }

  /**
   * Logins of active people, exports going back {@code eventHistoryDays}, and the goal events of
   * messages with goals.
   */
  private Dataset<Row> userEvents(Dataset<Row> users, Dataset<Row> exposures) {
    Dataset<Row> logins =
        users.select(
            col("user_id"), lit("login").as("event_name"), col("last_seen_at").as("occurred_at"));
    Dataset<Row> exports =
        users
            .where(col("_exported_at").isNotNull())
            .select(
                col("user_id"),
                lit("exported").as("event_name"),
                col("_exported_at").as("occurred_at"));
    Dataset<Row> all = logins.unionByName(exports);
    for (ScenarioMessage s : workspace.messages()) {
      SampleMessage m = s.message();
      if (m.goalEvent() == null || s.goalRate() <= 0) {
        continue;
      }
      Dataset<Row> goals =
          exposures
              .where(col("message_id").equalTo(m.id()).and(col("event_type").equalTo("received")))
              .where(uniform("goal", col("user_id"), lit(m.id())).lt(s.goalRate()))
              .select(
                  col("user_id"),
                  lit(m.goalEvent()).as("event_name"),
                  col("at")
                      .plus(uniform("goal-time", col("user_id"), lit(m.id())).multiply(3 * DAY))
                      .cast("long")
                      .as("_at"))
              .where(col("_at").lt(asOfSeconds))
              .select(
                  col("user_id"),
                  col("event_name"),
                  timestamp_seconds(col("_at")).as("occurred_at"));
      all = all.unionByName(goals);
    }
    return all;
  }
}
