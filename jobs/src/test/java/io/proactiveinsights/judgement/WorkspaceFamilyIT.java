package io.proactiveinsights.judgement;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.hygiene.HygieneJob;
import io.proactiveinsights.impact.ImpactJob;
import io.proactiveinsights.ingest.IngestJob;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.metrics.MetricsJob;
import io.proactiveinsights.recommend.RecommendationsJob;
import io.proactiveinsights.sample.Workspace;
import io.proactiveinsights.sample.Workspace.Plant;
import io.proactiveinsights.sample.WorkspaceGenerator;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The judgement on workspaces nobody tuned it to: a family of randomly generated healthy workspaces
 * (different seeds, 2,000 to 50,000 people, random mixes of formats, audiences, frequencies and
 * launch dates) must get no action at all, and a family of planted workspaces must get every planted
 * situation's action (and nothing on their healthy messages). Each workspace runs the real stages,
 * ingest to recommendations, on real Delta tables in one shared Spark session.
 *
 * <p>The family's size is {@code -Dfamily.healthy=N} (default 20) and its first seed {@code
 * -Dfamily.seed=S} (default 1); the figures (false alarms, recall) are logged and written to {@code
 * target/workspace-family.txt}. See docs/judgement.md.
 */
class WorkspaceFamilyIT {

  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceFamilyIT.class);
  private static final LocalDate DS = LocalDate.parse("2026-11-30");

  /** Three planted workspaces, each with situations that do not mask one another. */
  private static final List<Set<Plant>> PLANT_GROUPS =
      List.of(
          EnumSet.of(Plant.NAGGING_CHAT, Plant.DISMISSED_POST, Plant.UNREACHED_AUDIENCE, Plant.RULE_TOO_NARROW),
          EnumSet.of(Plant.RESOLVED_ISSUE, Plant.STALE, Plant.VAGUE_CTA, Plant.BLOCKING_BANNER),
          EnumSet.of(Plant.LOW_CTR, Plant.ENGAGING_SLICE, Plant.LOW_GOAL_RATE, Plant.LOW_CSAT));

  @Test
  void healthyWorkspacesGetNoActionAndEveryPlantedSituationIsFound(@TempDir Path dir) throws Exception {
    int healthyCount = Integer.getInteger("family.healthy", 20);
    long firstSeed = Long.getLong("family.seed", 1L);
    List<String> report = new ArrayList<>();
    Map<String, Set<String>> falseAlarms = new TreeMap<>();
    int healthyMessages = 0;
    for (int i = 0; i < healthyCount; i++) {
      long seed = firstSeed + i;
      Workspace w = Workspace.healthy(seed, size(seed));
      Map<String, Set<String>> actions = run(w, dir.resolve("healthy-" + seed));
      healthyMessages += w.formatByMessage().size();
      actions.forEach((message, a) -> falseAlarms.put("seed " + seed + " " + message, a));
      report.add(String.format(Locale.ROOT, "healthy seed %d: %,d people, %d messages (%s), actions: %s", seed, w.users(),
          w.formatByMessage().size(), formats(w), actions.isEmpty() ? "none" : actions));
    }

    int planted = 0;
    List<String> missed = new ArrayList<>();
    Map<String, Set<String>> plantedWorkspaceFalseAlarms = new TreeMap<>();
    for (int g = 0; g < PLANT_GROUPS.size(); g++) {
      long seed = 1_000 + firstSeed + g;
      Workspace w = Workspace.planted(seed, 8_000, PLANT_GROUPS.get(g));
      Map<String, Set<String>> actions = run(w, dir.resolve("planted-" + seed));
      Map<String, Plant> plants = w.plantByMessage();
      for (String message : w.formatByMessage().keySet()) {
        Set<String> got = actions.getOrDefault(message, Set.of());
        Plant plant = plants.get(message);
        if (plant == null) {
          if (!got.isEmpty()) {
            plantedWorkspaceFalseAlarms.put("seed " + seed + " " + message, got);
          }
          continue;
        }
        planted++;
        if (got.stream().noneMatch(plant.actions()::contains)) {
          missed.add(plant + " (" + message + ", seed " + seed + ": got " + got + ")");
        }
      }
      report.add(String.format(Locale.ROOT, "planted seed %d: %,d people, %d messages, plants %s, actions: %s", seed, w.users(),
          w.formatByMessage().size(), PLANT_GROUPS.get(g), actions));
    }
    report.add(String.format(Locale.ROOT, "healthy family: %d workspaces, %d messages, %d false alarms %s", healthyCount, healthyMessages,
        falseAlarms.size(), falseAlarms));
    report.add(String.format(Locale.ROOT, "planted family: %d situations, %d found (recall %.0f%%), missed %s; actions on their healthy"
        + " messages: %s", planted, planted - missed.size(), 100.0 * (planted - missed.size()) / planted, missed, plantedWorkspaceFalseAlarms));
    report.forEach(LOG::info);
    java.nio.file.Files.write(Path.of("target", "workspace-family.txt"), report);

    assertThat(falseAlarms).as("actions on healthy workspaces").isEmpty();
    assertThat(missed).as("planted situations without their action").isEmpty();
    assertThat(plantedWorkspaceFalseAlarms).as("actions on the healthy messages of planted workspaces").isEmpty();
  }

  /** 2,000 to 50,000 people, log-uniform, from the seed; most of the family stays small so it runs in CI. */
  static int size(long seed) {
    double u = new Random(seed * 7919).nextDouble();
    return (int) Math.round(2_000 * Math.pow(25, u * u));
  }

  private static String formats(Workspace w) {
    Map<String, Integer> byType = new TreeMap<>();
    w.formatByMessage().values().forEach(type -> byType.merge(type, 1, Integer::sum));
    return byType.toString();
  }

  /** Generates the workspace, runs ingest to recommendations for DS, and returns the actions per message. */
  private static Map<String, Set<String>> run(Workspace w, Path root) {
    SparkSession spark = SharedSpark.session();
    ProactiveConfig config = SharedSpark.config();
    WorkspaceGenerator.generate(spark, w, root.resolve("input"), DS);
    Warehouse warehouse = new Warehouse(root.resolve("warehouse").toString());
    IngestJob ingest = new IngestJob(spark, config, root.resolve("input").toString(), warehouse);
    assertThat(ingest.run(DS).gateFailures()).isEmpty();
    new MetricsJob(spark, config, warehouse).run(DS);
    new ImpactJob(spark, config, warehouse).run(DS);
    new HygieneJob(spark, config, warehouse).run(DS);
    new RecommendationsJob(spark, config, warehouse).run(DS);
    Map<String, Set<String>> actions = new TreeMap<>();
    for (Row r : spark.read().format("delta").load(warehouse.path(Warehouse.RECOMMENDATIONS)).where("ds = DATE'" + DS + "'")
        .select("message_id", "action").collectAsList()) {
      actions.computeIfAbsent(r.getString(0), k -> new TreeSet<>()).add(r.getString(1));
    }
    return actions;
  }
}
