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

  /**
   * Spark's interpreted evaluation instead of code generation, for every test session (the CLI
   * tests' test.conf says the same): compiling each of a pipeline's ~200 small queries costs more
   * than it saves on fixtures (measured in the root pom, {@code proactive.test.jvm}). {@link
   * ShippedCodegen} turns code generation back on for the classes that check paths only it has.
   */
  static final Map<String, String> TEST_CODEGEN =
      Map.of(
          "spark.sql.codegen.wholeStage", "false", "spark.sql.codegen.factoryMode", "NO_CODEGEN");

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
              withTestCodegen(
                  Map.of(
                      "spark.default.parallelism", "2",
                      "spark.databricks.delta.snapshotPartitions", "2",
                      "spark.driver.host", "127.0.0.1",
                      "spark.sql.adaptive.enabled", "false")));
      session = SparkSessions.getOrCreate(settings);
    }
    return session;
  }

  private static Map<String, String> withTestCodegen(Map<String, String> settings) {
    Map<String, String> all = new java.util.HashMap<>(settings);
    all.putAll(TEST_CODEGEN);
    return all;
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
        defaults.intercom(),
        defaults.audienceRules(),
        defaults.runs(),
        defaults.experiments());
  }
}
