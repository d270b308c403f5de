package io.proactiveinsights.config;

import io.proactiveinsights.errors.ProactiveException.UsageException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole configuration of a run, read once from {@code conf/proactive-defaults.conf} (shipped in
 * the jar), an optional user file given with {@code --conf}, and {@code -Dproactive.*} system
 * properties, in rising order of precedence. Invalid values fail fast with exit code 2.
 */
public record ProactiveConfig(
    Paths paths, SparkSettings spark, IngestSettings ingest, MetricsSettings metrics, ImpactSettings impact, SampleSettings sample) {

  public static final String DEFAULTS_RESOURCE = "proactive-defaults.conf";

  public record Paths(String input, String warehouse) {}

  public record SparkSettings(
      String master,
      int shufflePartitions,
      boolean uiEnabled,
      String logLevel,
      Map<String, String> extra) {}

  public record IngestSettings(int lookbackDays, double maxQuarantinedFraction, long gateMinQuarantined) {}

  public record MetricsSettings(int windowDays, int goalWindowDays, long baselineMinViewers) {}

  public record ImpactSettings(
      int windowDays, int minPostDays, long minTickets, long minGroupUsers, double maxQValue, long minCsatRatings) {}

  public record SampleSettings(int users, int days, long seed) {}

  /** The defaults alone, as shipped. */
  public static ProactiveConfig defaults() {
    return load(null);
  }

  /**
   * Reads the defaults, overlays {@code userFile} when given, then system properties.
   *
   * @throws UsageException when the file is missing or unreadable, or a value is out of range
   */
  public static ProactiveConfig load(Path userFile) {
    Config defaults = ConfigFactory.parseResources(DEFAULTS_RESOURCE);
    if (defaults.isEmpty()) {
      throw new IllegalStateException("Cannot load config: " + DEFAULTS_RESOURCE + " is not on the classpath");
    }
    Config merged = defaults;
    if (userFile != null) {
      if (!Files.isRegularFile(userFile)) {
        throw new UsageException(
            "Cannot load config " + userFile + ": no such file (pass a HOCON file with the keys to override)");
      }
      try {
        Config user = ConfigFactory.parseFile(userFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        merged = user.withFallback(defaults);
      } catch (ConfigException e) {
        throw new UsageException("Cannot load config " + userFile + ": " + e.getMessage(), e);
      }
    }
    merged = ConfigFactory.systemProperties().withFallback(merged).resolve();
    try {
      return fromConfig(merged.getConfig("proactive"), userFile == null ? DEFAULTS_RESOURCE : userFile.toString());
    } catch (ConfigException e) {
      throw new UsageException("Cannot load config: " + e.getMessage(), e);
    }
  }

  private static ProactiveConfig fromConfig(Config c, String origin) {
    Config spark = c.getConfig("spark");
    Map<String, String> extra = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : spark.getConfig("extra").entrySet()) {
      extra.put(unquote(e.getKey()), String.valueOf(e.getValue().unwrapped()));
    }
    var config =
        new ProactiveConfig(
            new Paths(c.getString("paths.input"), c.getString("paths.warehouse")),
            new SparkSettings(
                spark.getString("master"),
                spark.getInt("shuffle_partitions"),
                spark.getBoolean("ui_enabled"),
                spark.getString("log_level"),
                Map.copyOf(extra)),
            new IngestSettings(
                c.getInt("ingest.lookback_days"), c.getDouble("ingest.max_quarantined_fraction"),
                c.getLong("ingest.gate_min_quarantined")),
            new MetricsSettings(
                c.getInt("metrics.window_days"), c.getInt("metrics.goal_window_days"), c.getLong("metrics.baseline_min_viewers")),
            new ImpactSettings(
                c.getInt("impact.window_days"), c.getInt("impact.min_post_days"), c.getLong("impact.min_tickets"),
                c.getLong("impact.min_group_users"), c.getDouble("impact.max_q_value"), c.getLong("impact.min_csat_ratings")),
            new SampleSettings(
                c.getInt("sample.users"), c.getInt("sample.days"), c.getLong("sample.seed")));
    config.validate(origin);
    return config;
  }

  private void validate(String origin) {
    require(spark.shufflePartitions() >= 1, origin, "spark.shuffle_partitions", "at least 1", spark.shufflePartitions());
    require(ingest.lookbackDays() >= 1, origin, "ingest.lookback_days", "at least 1", ingest.lookbackDays());
    require(
        ingest.maxQuarantinedFraction() >= 0 && ingest.maxQuarantinedFraction() <= 1,
        origin,
        "ingest.max_quarantined_fraction",
        "between 0 and 1",
        ingest.maxQuarantinedFraction());
    require(
        metrics.windowDays() >= 1 && metrics.windowDays() <= ingest.lookbackDays(),
        origin,
        "metrics.window_days",
        "between 1 and ingest.lookback_days (" + ingest.lookbackDays() + "), since ingest keeps only that much history",
        metrics.windowDays());
    require(metrics.goalWindowDays() >= 1, origin, "metrics.goal_window_days", "at least 1", metrics.goalWindowDays());
    require(metrics.baselineMinViewers() >= 1, origin, "metrics.baseline_min_viewers", "at least 1", metrics.baselineMinViewers());
    require(impact.windowDays() >= 1, origin, "impact.window_days", "at least 1", impact.windowDays());
    require(
        impact.minPostDays() >= 1 && impact.minPostDays() <= impact.windowDays(),
        origin,
        "impact.min_post_days",
        "between 1 and impact.window_days (" + impact.windowDays() + ")",
        impact.minPostDays());
    require(impact.maxQValue() > 0 && impact.maxQValue() < 1, origin, "impact.max_q_value", "between 0 and 1", impact.maxQValue());
    require(sample.users() >= 100, origin, "sample.users", "at least 100", sample.users());
    require(sample.days() >= 45, origin, "sample.days", "at least 45 (the planted launches need history)", sample.days());
  }

  private static void require(boolean ok, String origin, String key, String expected, Object actual) {
    if (!ok) {
      throw new UsageException(
          "Cannot load config " + origin + ": proactive." + key + " must be " + expected + " (got " + actual + ")");
    }
  }

  private static String unquote(String key) {
    return key.startsWith("\"") && key.endsWith("\"") ? key.substring(1, key.length() - 1) : key;
  }
}
