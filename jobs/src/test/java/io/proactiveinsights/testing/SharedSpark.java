package io.proactiveinsights.testing;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.spark.SparkSessions;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: real local Spark with Delta, two cores and two shuffle
 * partitions, built through the same factory the jobs use. Never stopped by tests; the JVM's
 * shutdown hook stops it.
 */
public final class SharedSpark {

  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      var settings =
          new ProactiveConfig.SparkSettings(
              "local[2]",
              2,
              false,
              "ERROR",
              Map.of(
                  "spark.default.parallelism", "2",
                  "spark.databricks.delta.snapshotPartitions", "2",
                  "spark.driver.host", "127.0.0.1",
                  "spark.sql.adaptive.enabled", "false"));
      session = SparkSessions.getOrCreate(settings);
    }
    return session;
  }

  /** The config tests pass to jobs: the shipped defaults with the test session's Spark settings. */
  public static ProactiveConfig config() {
    ProactiveConfig defaults = ProactiveConfig.defaults();
    return new ProactiveConfig(
        defaults.paths(),
        new ProactiveConfig.SparkSettings("local[2]", 2, false, "ERROR", Map.of()),
        defaults.ingest(),
        defaults.metrics(),
        defaults.impact(),
        defaults.hygiene(),
        defaults.recommend(),
        defaults.segments(),
        defaults.sample(),
        defaults.maintain(),
        defaults.intercom());
  }
}
