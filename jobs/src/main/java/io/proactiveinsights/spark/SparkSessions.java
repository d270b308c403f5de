package io.proactiveinsights.spark;

import io.proactiveinsights.config.ProactiveConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession a run uses. Local mode ({@code spark.master} from conf, default
 * {@code local[*]}) unless the session is launched by spark-submit, which sets the master itself.
 * Delta is wired in here once, and the session time zone is pinned to UTC so that every timestamp
 * the jobs read or write means the same instant on every machine.
 */
public final class SparkSessions {

  private SparkSessions() {}

  public static SparkSession getOrCreate(ProactiveConfig.SparkSettings settings) {
    SparkConf conf = new SparkConf(true);
    if (!conf.contains("spark.master")) {
      conf.setMaster(settings.master());
    }
    conf.setAppName("proactive-insights")
        .setIfMissing(
            "spark.sql.shuffle.partitions", Integer.toString(settings.shufflePartitions()))
        .setIfMissing("spark.ui.enabled", Boolean.toString(settings.uiEnabled()))
        .set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .set("spark.sql.session.timeZone", "UTC")
        // Rows written as JSON keep every column, null or not: `show --format json` promises them.
        .set("spark.sql.jsonGenerator.ignoreNullFields", "false")
        // Input column names are case-insensitive; two keys that fold to one keep the last.
        .set("spark.sql.mapKeyDedupPolicy", "LAST_WIN");
    if (conf.get("spark.master").startsWith("local")) {
      // Delta replays its log with 50 tasks by default: pure overhead on one machine (BUILD-NOTES).
      conf.setIfMissing("spark.databricks.delta.snapshotPartitions", "2");
      // Hadoop without its native library runs chmod and readlink as child processes for every file
      // it creates and every Delta commit; this file system makes those calls in process.
      conf.setIfMissing("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName());
      conf.setIfMissing(
          "spark.hadoop.fs.AbstractFileSystem.file.impl", NioLocalFileSystem.Fs.class.getName());
      // A reader gets one task per file (a Delta file is one Parquet row group): capped files keep
      // both cores busy when a day's 20 M exposures are read back, instead of 3 tasks on 2 cores
      // (measured in docs/benchmarks.md). 2 M rows is ~30 MB of exposures, still a healthy file
      // size.
      conf.setIfMissing("spark.sql.files.maxRecordsPerFile", "2000000");
      // ... and a reader packs files into a task up to 128 MB by default: two 45 MB exposure files
      // per task gave 5 tasks on 2 cores, the last one alone. 64 MB keeps one such file per task.
      conf.setIfMissing("spark.sql.files.maxPartitionBytes", Long.toString(64L << 20));
      // Ingest caches each table's checked rows once for its four passes. Compressing that cache
      // gathers per-value dictionary statistics in boxed Scala maps: for 20 M exposures, 30 s of a
      // 2-core ingest against 16 s uncompressed (974 MB vs 1.6 GB of cache; docs/benchmarks.md).
      // Memory is the scarcer resource on a cluster, so there Spark's default (compressed) stays.
      conf.setIfMissing("spark.sql.inMemoryColumnarStorage.compressed", "false");
      // Delta's VACUUM lists and deletes files in a stage of this many tasks (default 10,000): 25 s
      // of
      // task scheduling per table on one machine for a table of a few files (`proactive maintain`).
      conf.setIfMissing("spark.sql.sources.parallelPartitionDiscovery.parallelism", "8");
      // In local mode the executor is this JVM, and Spark ends the process (exit 50 or 52) on a
      // fatal error in a task, such as an OutOfMemoryError, before the command can say why. At
      // depth 0 the task just fails: the error reaches the driver as the job's cause, and the
      // command line reports it like any failure (exit 1, one line, the JSON summary).
      conf.setIfMissing("spark.executor.killOnFatalError.depth", "0");
    }
    for (var entry : settings.extra().entrySet()) {
      conf.setIfMissing(entry.getKey(), entry.getValue());
    }
    SparkSession session = SparkSession.builder().config(conf).getOrCreate();
    session.sparkContext().setLogLevel(settings.logLevel());
    return session;
  }
}
