package io.proactiveinsights.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.ingest.InputNormalizer;
import io.proactiveinsights.ingest.UserEventHistory;
import io.proactiveinsights.io.DeltaWriter;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.segments.CompiledRule;
import io.proactiveinsights.segments.SegmentEvaluation;
import io.proactiveinsights.spark.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Rerunnable benchmark (not a test) of segment evaluation: {@code bench.rules} audience rules
 * (every kind of condition, a fifth of them on product events) over {@code bench.users} users
 * generated with Spark and written as Parquet first, so generation is not timed. Times (1) the
 * evaluation down to per-segment member counts, and (2) the evaluation plus the Delta write the
 * segments job does. Prints a result block and writes {@code target/bench-segments/result.json}.
 * Run: {@code mvn -B -Pbench-segments -pl jobs -am verify -DskipTests}.
 */
public final class SegmentsBenchmark {

  private static final LocalDate DS = LocalDate.parse("2026-11-23");
  private static final long DAY = 86_400L;
  private static final String[] PLANS = {"Free", "Pro", "Premium", "Enterprise"};
  private static final String[] EVENTS = {
    "export_completed",
    "report_created",
    "invite_sent",
    "login",
    "dashboard_shared",
    "integration_added",
    "billing_viewed",
    "sso_configured"
  };

  public static void main(String[] args) throws Exception {
    long users = Long.getLong("bench.users", 5_000_000L);
    long eventsPerUser = Long.getLong("bench.events_per_user", 4L);
    int ruleCount = Integer.getInteger("bench.rules", 50);
    Path root = Path.of(System.getProperty("bench.dir", "target/bench-segments")).toAbsolutePath();
    Files.createDirectories(root);
    Instant asOf = RunDate.of(DS).asOf();

    ProactiveConfig config = ProactiveConfig.defaults();
    SparkSession spark = SparkSessions.getOrCreate(config.spark());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("users", users);
    result.put("rules", ruleCount);
    result.put("cores", Runtime.getRuntime().availableProcessors());
    result.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    result.put("shuffle_partitions", spark.conf().get("spark.sql.shuffle.partitions"));

    long t = System.nanoTime();
    String usersPath = root.resolve("users").toString();
    String historyPath = root.resolve("user_event_history").toString();
    users(spark, users, asOf).write().mode(SaveMode.Overwrite).parquet(usersPath);
    // Rules read the per-person event history ingest writes; summarised here as ingest does.
    Dataset<Row> checkedEvents =
        userEvents(spark, users * eventsPerUser, users, asOf)
            .withColumn(InputNormalizer.REASON, lit(null).cast("string"));
    UserEventHistory.summarize(checkedEvents, asOf)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(historyPath);
    result.put("generate_s", seconds(t));
    result.put("user_events", users * eventsPerUser);

    List<CompiledRule> rules = rules(ruleCount);
    Dataset<Row> usersDs = spark.read().parquet(usersPath);
    Dataset<Row> eventsDs = spark.read().parquet(historyPath);

    spark.sparkContext().setJobGroup("BENCH-SEGMENTS", "count per segment", false);
    t = System.nanoTime();
    List<Row> counts =
        SegmentEvaluation.members(usersDs, eventsDs, rules, asOf)
            .groupBy("segment_id")
            .count()
            .collectAsList();
    double evaluate = seconds(t);
    long members = counts.stream().mapToLong(r -> r.getLong(1)).sum();
    result.put("evaluate_to_counts_s", evaluate);
    result.put("segments_with_members", counts.size());
    result.put("members", members);
    result.put("user_rules_per_s", Math.round(users * (double) ruleCount / evaluate));

    spark.sparkContext().setJobGroup("BENCH-SEGMENTS", "write segments", false);
    t = System.nanoTime();
    new DeltaWriter(ProactiveConfig.defaults().runs())
        .replaceDs(
            SegmentEvaluation.members(usersDs, eventsDs, rules, asOf)
                .withColumn("ds", lit(java.sql.Date.valueOf(DS))),
            root.resolve("segments").toString(),
            DS);
    double write = seconds(t);
    result.put("evaluate_and_write_delta_s", write);
    result.put("written_rows_per_s", Math.round(members / write));
    spark.sparkContext().clearJobGroup();

    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Files.writeString(root.resolve("result.json"), json.writeValueAsString(result));
    System.out.println(json.writeValueAsString(result));
    spark.stop();
  }

  /** Fifty rules cycling through every kind of condition, with varied literals. */
  static List<CompiledRule> rules(int count) {
    List<String> templates =
        List.of(
            "plan = '%s'",
            "plan IN ('%s', 'Premium')",
            "role = 'lead' AND last_seen_at WITHIN %dd",
            "attr.seats >= %d",
            "attr.company_size = 'large' OR attr.seats > %d",
            "signed_up_at WITHIN %dd",
            "signed_up_at BEFORE %dd AND NOT plan = 'Free'",
            "event.%s WITHIN %dd",
            "event.%s NEVER AND last_seen_at WITHIN 30d",
            "attr.locale CONTAINS 'e' AND (plan = '%s' OR role = 'lead') AND page.url CONTAINS"
                + " '/settings'");
    List<CompiledRule> rules = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String template = templates.get(i % templates.size());
      String plan = PLANS[i % PLANS.length];
      String event = EVENTS[i % EVENTS.length];
      int n = 5 + (i * 7) % 90;
      String text =
          switch (i % templates.size()) {
            case 0, 1, 9 -> String.format(template, plan);
            case 7 -> String.format(template, event, n);
            case 8 -> String.format(template, event);
            default -> String.format(template, n);
          };
      rules.add(
          CompiledRule.parse(
              "seg_" + i, text, ProactiveConfig.defaults().audienceRules().limits()));
    }
    return rules;
  }

  private static Dataset<Row> users(SparkSession spark, long count, Instant asOf) {
    Column id = col("id");
    long now = asOf.getEpochSecond();
    return spark
        .range(count)
        .select(
            format_string("u%09d", id).as("user_id"),
            when(u("plan", id).lt(0.5), PLANS[0])
                .when(u("plan", id).lt(0.8), PLANS[1])
                .when(u("plan", id).lt(0.95), PLANS[2])
                .otherwise(PLANS[3])
                .as("plan"),
            when(u("role", id).lt(0.15), "lead").otherwise("user").as("role"),
            timestamp_seconds(lit(now).minus(u("signup", id).multiply(730 * DAY)).cast("long"))
                .as("signed_up_at"),
            timestamp_seconds(lit(now).minus(u("seen", id).multiply(120 * DAY)).cast("long"))
                .as("last_seen_at"),
            map(
                    lit("company_size"),
                        when(u("size", id).lt(0.6), "small")
                            .when(u("size", id).lt(0.9), "medium")
                            .otherwise("large"),
                    lit("locale"),
                        when(u("locale", id).lt(0.6), "en")
                            .when(u("locale", id).lt(0.8), "de")
                            .otherwise("fr"),
                    lit("seats"),
                        when(u("seats_bad", id).lt(0.05), "unknown")
                            .otherwise(pmod(xxhash64(lit("seats"), id), lit(200)).cast("string")))
                .as("attributes"));
  }

  private static Dataset<Row> userEvents(SparkSession spark, long count, long users, Instant asOf) {
    Column id = col("id");
    long now = asOf.getEpochSecond();
    Column name = lit(EVENTS[0]);
    for (int i = 1; i < EVENTS.length; i++) {
      name =
          when(pmod(xxhash64(lit("event"), id), lit(EVENTS.length)).equalTo(i), EVENTS[i])
              .otherwise(name);
    }
    return spark
        .range(count)
        .select(
            format_string("u%09d", pmod(xxhash64(lit("who"), id), lit(users))).as("user_id"),
            name.as("event_name"),
            timestamp_seconds(lit(now).minus(u("when", id).multiply(120 * DAY)).cast("long"))
                .as("occurred_at"));
  }

  /** A uniform draw in [0, 1) from a hash of the salt and the row id. */
  private static Column u(String salt, Column id) {
    return pmod(xxhash64(lit(salt), id), lit(1_000_000L)).divide(1e6);
  }

  private static double seconds(long startNanos) {
    return Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0;
  }
}
