package io.proactiveinsights.bench;

import io.delta.tables.DeltaTable;
import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.ingest.IngestJob;
import io.proactiveinsights.ingest.IngestResult;
import io.proactiveinsights.ingest.TableCounts;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.metrics.MetricsJob;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.schema.InputTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The daily mode of the scale benchmark (issue 24): the events as daily drops, a warehouse built by
 * the drops up to the day before ds, then the daily run of ds (its one new drop) against a full
 * rebuild of ds from every drop into an empty warehouse, side by side in one JVM. Also the bronze
 * event stores' bytes after the daily run against one copy of the events (the drops as Snappy
 * Parquet). Called by {@link IngestMetricsBenchmark}; its keys go to the same result.json.
 */
final class DailyRunsBenchmark {

  private DailyRunsBenchmark() {}

  static void run(
      SparkSession spark,
      ProactiveConfig config,
      Path root,
      long eventsPerDrops,
      long users,
      LocalDate ds,
      int drops,
      Map<String, Object> result)
      throws IOException {
    Path input = root.resolve("input-drops");
    long t = System.nanoTime();
    // drops + 1 days: the warehouse's drops and the daily run's new one.
    long events = eventsPerDrops * (drops + 1) / drops;
    BenchInputs.write(spark, input, events, users, ds, drops + 1, true);
    result.put("daily_events", events);
    result.put("daily_drops", drops + 1);
    result.put("daily_generate_s", seconds(t));

    Warehouse daily = new Warehouse(fresh(root.resolve("warehouse-daily")));
    LocalDate dayBefore = ds.minusDays(1);
    t = System.nanoTime();
    new IngestJob(spark, config, input.toString(), daily).run(RunDate.of(dayBefore));
    new MetricsJob(spark, config, daily).run(RunDate.of(dayBefore));
    result.put("daily_warehouse_build_s", seconds(t));

    Timed dailyRun = ingestAndMetrics(spark, config, input, daily, ds);
    result.put("daily_ingest_s", dailyRun.ingestSeconds());
    result.put("daily_metrics_s", dailyRun.metricsSeconds());
    result.put("daily_ingest_plus_metrics_s", round(dailyRun.total()));
    result.put("daily_ingest_exposure_files_read", dailyRun.exposures().files());
    result.put("daily_ingest_exposures_read", dailyRun.exposures().read());

    Warehouse full = new Warehouse(fresh(root.resolve("warehouse-full")));
    Timed fullRun = ingestAndMetrics(spark, config, input, full, ds);
    result.put("full_ingest_s", fullRun.ingestSeconds());
    result.put("full_metrics_s", fullRun.metricsSeconds());
    result.put("full_ingest_plus_metrics_s", round(fullRun.total()));
    result.put("full_ingest_exposures_read", fullRun.exposures().read());
    result.put(
        "ratio_daily_to_full_ingest_plus_metrics", round(dailyRun.total() / fullRun.total()));

    long bronzeBytes = 0;
    long inputBytes = 0;
    for (InputTable table : List.of(InputTable.EXPOSURES, InputTable.CONVERSATIONS)) {
      Row detail = DeltaTable.forPath(spark, daily.bronzePath(table)).detail().first();
      bronzeBytes += detail.getLong(detail.fieldIndex("sizeInBytes"));
      inputBytes += parquetBytes(input.resolve(table.tableName()));
    }
    result.put("bronze_bytes", bronzeBytes);
    result.put("input_copy_bytes", inputBytes);
    result.put("ratio_bronze_to_input_copy", round((double) bronzeBytes / inputBytes));
  }

  /** One ingest and metrics run of ds, timed. */
  private record Timed(double ingestSeconds, double metricsSeconds, TableCounts exposures) {
    double total() {
      return ingestSeconds + metricsSeconds;
    }
  }

  private static Timed ingestAndMetrics(
      SparkSession spark, ProactiveConfig config, Path input, Warehouse warehouse, LocalDate ds) {
    long t = System.nanoTime();
    IngestResult ingest =
        new IngestJob(spark, config, input.toString(), warehouse).run(RunDate.of(ds));
    double ingestSeconds = seconds(t);
    t = System.nanoTime();
    new MetricsJob(spark, config, warehouse).run(RunDate.of(ds));
    return new Timed(ingestSeconds, seconds(t), ingest.tables().get("exposures"));
  }

  /** The bytes of the Parquet files under a folder (one copy of the events, Snappy). */
  private static long parquetBytes(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .sum();
    }
  }

  private static String fresh(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return dir.toString();
  }

  private static double seconds(long startNanos) {
    return round((System.nanoTime() - startNanos) / 1e9);
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
