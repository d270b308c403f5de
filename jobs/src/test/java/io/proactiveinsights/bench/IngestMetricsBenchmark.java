package io.proactiveinsights.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.ingest.IngestJob;
import io.proactiveinsights.ingest.IngestResult;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.metrics.MetricsJob;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.spark.SparkSessions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Rerunnable scale benchmark (not a test): generates {@code bench.events} exposure events over
 * {@code bench.users} people and 28 days as Parquet, runs ingest → metrics as the CLI would, and,
 * side by side in the same JVM and run, computes the per-message-per-day counts and distinct people
 * over the same Parquet with Spark directly and with DuckDB (twice; the faster run counts). Ingest
 * and the first metrics run start from an empty warehouse; metrics then runs again for the same ds,
 * as an idempotent rerun over existing tables. Prints a result block and writes {@code
 * target/bench/result.json}. Run: {@code mvn -B -Pbench -pl jobs -am verify}.
 */
public final class IngestMetricsBenchmark {

  /**
   * Spark's version of the same aggregation, as a Spark engineer writes it: per person first, then
   * per message and day, so distinct people are counted without COUNT(DISTINCT)'s row expansion.
   */
  static final String DAILY_COUNTS_SPARK_SQL =
      "SELECT message_id, day, sum(received) AS received, count_if(received > 0) AS receivers,"
          + " sum(views) AS views, count_if(views > 0) AS viewers, sum(clicks) AS clicks,"
          + " count_if(clicks > 0) AS clickers, sum(dismissals) AS dismissals, count_if(dismissals"
          + " > 0) AS dismissers, sum(replies) AS replies, count_if(replies > 0) AS repliers,"
          + " sum(completions) AS completions, count_if(completions > 0) AS completers, sum(goals)"
          + " AS goal_completions FROM (SELECT message_id, CAST(occurred_at AS DATE) AS day,"
          + " user_id, count_if(event_type = 'received') AS received, count_if(event_type ="
          + " 'viewed') AS views, count_if(event_type = 'clicked') AS clicks, count_if(event_type ="
          + " 'dismissed') AS dismissals, count_if(event_type = 'replied') AS replies,"
          + " count_if(event_type = 'completed') AS completions, count_if(event_type ="
          + " 'goal_completed') AS goals FROM exposures GROUP BY message_id, CAST(occurred_at AS"
          + " DATE), user_id) GROUP BY message_id, day";

  /**
   * The per-message-per-day aggregation DuckDB runs (its COUNT(DISTINCT) is fast), over a view
   * named {@code exposures}.
   */
  static final String DAILY_COUNTS_SQL =
      "SELECT message_id, CAST(occurred_at AS DATE) AS day, "
          + "count(*) FILTER (WHERE event_type = 'received') AS received, "
          + "count(DISTINCT CASE WHEN event_type = 'received' THEN user_id END) AS receivers, "
          + "count(*) FILTER (WHERE event_type = 'viewed') AS views, "
          + "count(DISTINCT CASE WHEN event_type = 'viewed' THEN user_id END) AS viewers, "
          + "count(*) FILTER (WHERE event_type = 'clicked') AS clicks, "
          + "count(DISTINCT CASE WHEN event_type = 'clicked' THEN user_id END) AS clickers, "
          + "count(*) FILTER (WHERE event_type = 'dismissed') AS dismissals, "
          + "count(DISTINCT CASE WHEN event_type = 'dismissed' THEN user_id END) AS dismissers, "
          + "count(*) FILTER (WHERE event_type = 'replied') AS replies, "
          + "count(DISTINCT CASE WHEN event_type = 'replied' THEN user_id END) AS repliers, "
          + "count(*) FILTER (WHERE event_type = 'completed') AS completions, "
          + "count(DISTINCT CASE WHEN event_type = 'completed' THEN user_id END) AS completers, "
          + "count(*) FILTER (WHERE event_type = 'goal_completed') AS goal_completions "
          + "FROM exposures GROUP BY message_id, CAST(occurred_at AS DATE)";

  private static final String CHECKSUM_SQL =
      "SELECT sum(received), sum(receivers), sum(viewers), count(*) FROM daily";

  public static void main(String[] args) throws Exception {
    long events = Long.getLong("bench.events", 20_000_000L);
    long users = Long.getLong("bench.users", 1_000_000L);
    Path root = Path.of(System.getProperty("bench.dir", "target/bench")).toAbsolutePath();
    LocalDate ds = LocalDate.parse("2026-11-23");
    Files.createDirectories(root);

    ProactiveConfig config = ProactiveConfig.defaults();
    SparkSession spark = SparkSessions.getOrCreate(config.spark());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("events", events);
    result.put("users", users);
    result.put("cores", Runtime.getRuntime().availableProcessors());
    result.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    result.put("spark_master", spark.sparkContext().master());
    result.put("shuffle_partitions", spark.conf().get("spark.sql.shuffle.partitions"));
    result.put(
        "spark_offheap",
        spark.conf().get("spark.memory.offHeap.enabled", "false")
            + " "
            + spark.conf().get("spark.memory.offHeap.size", "0"));

    Path input = root.resolve("input");
    long t = System.nanoTime();
    BenchInputs.write(spark, input, events, users, ds);
    result.put("generate_s", seconds(t));

    // Every run starts from an empty warehouse: a kept one grows by a table version and a stale
    // copy of the day's files per run, and each run would measure a different table history.
    Path warehouseDir = root.resolve("warehouse");
    deleteTree(warehouseDir);
    Warehouse warehouse = new Warehouse(warehouseDir.toString());
    t = System.nanoTime();
    IngestResult ingest =
        new IngestJob(spark, config, input.toString(), warehouse).run(RunDate.of(ds));
    double ingestSeconds = seconds(t);
    JobTimes metricsJobs = new JobTimes("EngagementAggregator");
    spark.sparkContext().addSparkListener(metricsJobs);
    t = System.nanoTime();
    MetricsJob.Result metrics = new MetricsJob(spark, config, warehouse).run(RunDate.of(ds));
    double metricsSeconds = seconds(t);
    spark.sparkContext().listenerBus().waitUntilEmpty();
    spark.sparkContext().removeSparkListener(metricsJobs);
    result.put("ingest_s", ingestSeconds);
    result.put("ingest_events_per_s", Math.round(events / ingestSeconds));
    result.put("ingest_exposures_accepted", ingest.tables().get("exposures").accepted());
    result.put("metrics_s", metricsSeconds);
    result.put("metrics_events_per_s", Math.round(events / metricsSeconds));
    result.put("metrics_events_in_window", metrics.exposuresInWindow());
    result.put("ingest_plus_metrics_s", round(ingestSeconds + metricsSeconds));
    // Where the metrics stage's time went: the job that folds the exposures, and every other Spark
    // job (Delta log reads and writes, the catalogue); the rest is driver-side planning and
    // commits.
    result.put("metrics_fold_job_s", round(metricsJobs.matchingMillis() / 1000.0));
    result.put("metrics_other_jobs", metricsJobs.otherJobs());
    result.put("metrics_other_jobs_s", round(metricsJobs.otherMillis() / 1000.0));
    // The idempotent rerun of the same ds: the tables now exist, so Delta replays their logs.
    t = System.nanoTime();
    new MetricsJob(spark, config, warehouse).run(RunDate.of(ds));
    double rerunSeconds = seconds(t);
    result.put("metrics_rerun_s", rerunSeconds);

    String parquet = input.resolve("exposures").toString();
    t = System.nanoTime();
    spark.read().parquet(parquet).createOrReplaceTempView("exposures");
    Dataset<Row> sparkDaily = spark.sql(DAILY_COUNTS_SPARK_SQL);
    sparkDaily.cache().createOrReplaceTempView("daily");
    long sparkRows = sparkDaily.count();
    result.put("spark_daily_counts_s", seconds(t));
    Row sparkSums = spark.sql(CHECKSUM_SQL).first();
    sparkDaily.unpersist();

    Class.forName("org.duckdb.DuckDBDriver");
    double[] duckRuns = new double[2];
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = duck.createStatement()) {
      st.execute(
          "CREATE VIEW exposures AS SELECT * FROM read_parquet('" + parquet + "/*.parquet')");
      // DuckDB's time moved by up to 40% between identical runs here; the ratios use its faster
      // run of two, which is the harder bar.
      for (int run = 0; run < duckRuns.length; run++) {
        st.execute("DROP TABLE IF EXISTS daily");
        t = System.nanoTime();
        st.execute("CREATE TABLE daily AS " + DAILY_COUNTS_SQL);
        duckRuns[run] = seconds(t);
      }
      result.put("duckdb_daily_counts_runs_s", duckRuns);
      result.put("duckdb_daily_counts_s", Math.min(duckRuns[0], duckRuns[1]));
      try (ResultSet rs = st.executeQuery(CHECKSUM_SQL)) {
        rs.next();
        boolean same =
            rs.getLong(1) == sparkSums.getLong(0)
                && rs.getLong(2) == sparkSums.getLong(1)
                && rs.getLong(3) == sparkSums.getLong(2)
                && rs.getLong(4) == sparkRows;
        result.put("duckdb_matches_spark", same);
      }
      try (ResultSet rs = st.executeQuery("SELECT current_setting('threads')")) {
        rs.next();
        result.put("duckdb_threads", rs.getString(1));
      }
    }
    double duck = Math.min(duckRuns[0], duckRuns[1]);
    result.put(
        "ratio_spark_daily_to_duckdb", round((double) result.get("spark_daily_counts_s") / duck));
    // The target's ratio is the strict one: our first run, JIT and new output tables included,
    // against DuckDB's faster run. Like for like as well: both first runs, and our rerun against
    // DuckDB's faster (both warm).
    result.put("ratio_metrics_stage_to_duckdb", round(metricsSeconds / duck));
    result.put("ratio_first_runs_metrics_to_duckdb", round(metricsSeconds / duckRuns[0]));
    result.put("ratio_metrics_rerun_to_duckdb", round(rerunSeconds / duck));
    if (Boolean.parseBoolean(System.getProperty("bench.daily", "true"))) {
      // Issue 24's daily mode: a daily run of one new drop against a full rebuild.
      DailyRunsBenchmark.run(spark, config, root, events, users, ds, BenchInputs.DAYS, result);
    }
    result.put("peak_rss_mb", peakRssMb());
    result.put("peak_heap_mb", peakHeapMb());

    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Files.writeString(root.resolve("result.json"), json.writeValueAsString(result));
    System.out.println(json.writeValueAsString(result));
    spark.stop();
  }

  /** Wall time of Spark jobs, split by whether one of their stages was created at a given class. */
  private static final class JobTimes extends SparkListener {
    private final String createdAt;
    private final Map<Integer, Long> startedAt = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> matching = new ConcurrentHashMap<>();
    private final AtomicLong matchingMillis = new AtomicLong();
    private final AtomicLong otherMillis = new AtomicLong();
    private final AtomicLong otherJobs = new AtomicLong();

    JobTimes(String createdAt) {
      this.createdAt = createdAt;
    }

    @Override
    public void onJobStart(SparkListenerJobStart start) {
      startedAt.put(start.jobId(), start.time());
      boolean match = false;
      for (StageInfo stage : CollectionConverters.asJava(start.stageInfos())) {
        match |= stage.details().contains(createdAt);
      }
      matching.put(start.jobId(), match);
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
      long millis = end.time() - startedAt.getOrDefault(end.jobId(), end.time());
      if (matching.getOrDefault(end.jobId(), false)) {
        matchingMillis.addAndGet(millis);
      } else {
        otherMillis.addAndGet(millis);
        otherJobs.incrementAndGet();
      }
    }

    long matchingMillis() {
      return matchingMillis.get();
    }

    long otherMillis() {
      return otherMillis.get();
    }

    long otherJobs() {
      return otherJobs.get();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  private static double seconds(long startNanos) {
    return round((System.nanoTime() - startNanos) / 1e9);
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  /** The process's peak resident set (VmHWM), what the machine actually had to give. */
  private static long peakRssMb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
      }
    }
    return -1;
  }

  private static long peakHeapMb() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return bytes >> 20;
  }
}
