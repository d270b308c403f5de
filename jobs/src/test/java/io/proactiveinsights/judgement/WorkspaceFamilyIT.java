package io.proactiveinsights.judgement;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.experiments.ExperimentsJob;
import io.proactiveinsights.hygiene.HygieneJob;
import io.proactiveinsights.impact.ImpactJob;
import io.proactiveinsights.ingest.IngestJob;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.metrics.MetricsJob;
import io.proactiveinsights.recommend.RecommendationsJob;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.sample.Workspace;
import io.proactiveinsights.sample.Workspace.Plant;
import io.proactiveinsights.sample.WorkspaceGenerator;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The judgement on workspaces nobody tuned it to: a family of randomly generated healthy workspaces
 * (different seeds, 2,000 to 50,000 people, random mixes of formats, audiences, frequencies and
 * launch dates) must get no action at all, and a family of planted workspaces must get every
 * planted situation's action (and nothing on their healthy messages). Each workspace runs the real
 * stages, ingest to recommendations (experiments included), on real Delta tables in one shared
 * Spark session.
 *
 * <p>The family's size is {@code -Dfamily.healthy=N} (default 10: what fits the suite's 12 minutes
 * on two cores; the wider family of 20, {@code -Dfamily.healthy=20}, is rerun when a rule changes
 * and its last figures are in docs/judgement.md), its first seed {@code -Dfamily.seed=S} (default
 * 1) and the planted workspaces {@code -Dfamily.planted=P} (default all 4); the figures (false
 * alarms, recall) are logged and written to {@code target/workspace-family.txt}.
 */
// ITs run two classes at a time (root pom, failsafe): the longest IT starts first, the short ones
// fill in beside it.
@Order(1)
class WorkspaceFamilyIT {

  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceFamilyIT.class);
  private static final LocalDate DS = LocalDate.parse("2026-11-30");

  /** Planted workspaces, each with situations that do not mask one another. */
  private static final List<Set<Plant>> PLANT_GROUPS =
      List.of(
          EnumSet.of(
              Plant.NAGGING_CHAT,
              Plant.DISMISSED_POST,
              Plant.UNREACHED_AUDIENCE,
              Plant.RULE_TOO_NARROW),
          EnumSet.of(Plant.RESOLVED_ISSUE, Plant.STALE, Plant.VAGUE_CTA, Plant.BLOCKING_BANNER),
          EnumSet.of(Plant.LOW_CTR, Plant.ENGAGING_SLICE, Plant.LOW_GOAL_RATE, Plant.LOW_CSAT),
          EnumSet.of(Plant.NO_TICKET_IMPACT, Plant.FEW_VIEWERS_BUSY_TOPIC));

  @Test
  void healthyWorkspacesGetNoActionAndEveryPlantedSituationIsFound(@TempDir Path dir)
      throws Exception {
    int healthyCount = Integer.getInteger("family.healthy", 10);
    long firstSeed = Long.getLong("family.seed", 1L);
    List<Workspace> healthy = new ArrayList<>();
    for (int i = 0; i < healthyCount; i++) {
      healthy.add(Workspace.healthy(firstSeed + i, size(firstSeed + i)));
    }
    List<Workspace> planted = new ArrayList<>();
    int plantedGroups = Integer.getInteger("family.planted", PLANT_GROUPS.size());
    for (int g = 0; g < plantedGroups; g++) {
      // Ticket verdicts need tickets: the group with a ticket situation is the size of a workspace
      // with ~30 a day per topic (~150 on the busiest one, which the no-impact post is about).
      boolean tickets = PLANT_GROUPS.get(g).contains(Plant.NO_TICKET_IMPACT);
      planted.add(
          Workspace.planted(1_000 + firstSeed + g, tickets ? 20_000 : 8_000, PLANT_GROUPS.get(g)));
    }
    List<Workspace> all = new ArrayList<>(planted);
    all.addAll(healthy);
    Map<Workspace, Map<String, Set<String>>> actions = runAll(all, dir);

    List<String> report = new ArrayList<>();
    Map<String, Set<String>> falseAlarms = new TreeMap<>();
    int healthyMessages = 0;
    for (Workspace w : healthy) {
      Map<String, Set<String>> got = actions.get(w);
      healthyMessages += w.formatByMessage().size();
      got.forEach((message, a) -> falseAlarms.put("seed " + w.seed() + " " + message, a));
      report.add(
          String.format(
              Locale.ROOT,
              "healthy seed %d: %,d people, %d messages %s, actions: %s",
              w.seed(),
              w.users(),
              w.formatByMessage().size(),
              formats(w),
              got.isEmpty() ? "none" : got));
    }
    int plantedCount = 0;
    List<String> missed = new ArrayList<>();
    Map<String, Set<String>> plantedWorkspaceFalseAlarms = new TreeMap<>();
    for (Workspace w : planted) {
      Map<String, Plant> plants = w.plantByMessage();
      for (String message : w.formatByMessage().keySet()) {
        Set<String> got = actions.get(w).getOrDefault(message, Set.of());
        Plant plant = plants.get(message);
        if (plant == null) {
          if (!got.isEmpty()) {
            plantedWorkspaceFalseAlarms.put("seed " + w.seed() + " " + message, got);
          }
          continue;
        }
        plantedCount++;
        boolean found =
            got.stream().anyMatch(plant.actions()::contains)
                && got.stream().noneMatch(plant.forbidden()::contains);
        if (!found) {
          missed.add(plant + " (" + message + ", seed " + w.seed() + ": got " + got + ")");
        }
      }
      report.add(
          String.format(
              Locale.ROOT,
              "planted seed %d: %,d people, %d messages, plants %s, actions: %s",
              w.seed(),
              w.users(),
              w.formatByMessage().size(),
              plants,
              actions.get(w)));
    }
    report.add(
        String.format(
            Locale.ROOT,
            "healthy family: %d workspaces, %d messages, %d false alarms %s",
            healthyCount,
            healthyMessages,
            falseAlarms.size(),
            falseAlarms));
    report.add(
        String.format(
            Locale.ROOT,
            "planted family: %d situations, %d found (recall %.0f%%), missed %s; actions on their"
                + " healthy messages: %s",
            plantedCount,
            plantedCount - missed.size(),
            100.0 * (plantedCount - missed.size()) / Math.max(1, plantedCount),
            missed,
            plantedWorkspaceFalseAlarms));
    report.forEach(LOG::info);
    java.nio.file.Files.write(Path.of("target", "workspace-family.txt"), report);

    assertThat(falseAlarms).as("actions on healthy workspaces").isEmpty();
    assertThat(missed).as("planted situations without their action").isEmpty();
    assertThat(plantedWorkspaceFalseAlarms)
        .as("actions on the healthy messages of planted workspaces")
        .isEmpty();
  }

  /**
   * Runs every workspace on {@code family.threads} threads (default 3) of the one Spark session: a
   * small workspace's stages are mostly driver-side planning and Delta commits, which overlap well
   * with another workspace's tasks on two cores.
   */
  private static Map<Workspace, Map<String, Set<String>>> runAll(
      List<Workspace> workspaces, Path dir) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(Integer.getInteger("family.threads", 3));
    try {
      Map<Workspace, Future<Map<String, Set<String>>>> futures = new LinkedHashMap<>();
      for (Workspace w : workspaces) {
        Path root =
            dir.resolve((w.plantByMessage().isEmpty() ? "healthy-" : "planted-") + w.seed());
        futures.put(w, pool.submit(() -> run(w, root)));
      }
      Map<Workspace, Map<String, Set<String>>> results = new LinkedHashMap<>();
      for (var e : futures.entrySet()) {
        results.put(e.getKey(), e.getValue().get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * 2,000 to 50,000 people, log-uniform, from the seed; most of the family stays small so it runs
   * in CI.
   */
  static int size(long seed) {
    double u = new Random(seed * 7919).nextDouble();
    return (int) Math.round(2_000 * Math.pow(25, u * u));
  }

  private static String formats(Workspace w) {
    Map<String, Integer> byType = new TreeMap<>();
    w.formatByMessage().values().forEach(type -> byType.merge(type, 1, Integer::sum));
    return byType.toString();
  }

  /**
   * Generates the workspace, runs ingest to recommendations for DS, and returns the actions per
   * message.
   */
  private static Map<String, Set<String>> run(Workspace w, Path root) {
    SparkSession spark = SharedSpark.session();
    ProactiveConfig config = SharedSpark.config();
    WorkspaceGenerator.generate(spark, w, root.resolve("input"), DS);
    Warehouse warehouse = new Warehouse(root.resolve("warehouse").toString());
    IngestJob ingest = new IngestJob(spark, config, root.resolve("input").toString(), warehouse);
    assertThat(ingest.run(RunDate.of(DS)).gateFailures()).isEmpty();
    new MetricsJob(spark, config, warehouse).run(RunDate.of(DS));
    new ImpactJob(spark, config, warehouse).run(RunDate.of(DS));
    new ExperimentsJob(spark, config, warehouse).run(RunDate.of(DS));
    new HygieneJob(spark, config, warehouse).run(RunDate.of(DS));
    new RecommendationsJob(spark, config, warehouse).run(RunDate.of(DS));
    // The planted messages' ticket verdicts, for the figures in docs/judgement.md.
    for (Row r :
        ofDs(spark, warehouse, Warehouse.TOPIC_IMPACT)
            .where("message_id LIKE '%_planted'")
            .selectExpr(
                "message_id",
                "topic",
                "before_tickets",
                "after_tickets",
                "verdict",
                "trusted_comparison",
                "did_av_ci_low",
                "did_av_ci_high",
                "exposed_before_rate",
                "pretrend_ci_low",
                "pretrend_ci_high",
                "pretrend_parallel",
                "detectable_reduction")
            .collectAsList()) {
      LOG.info("planted seed {} topic_impact: {}", w.seed(), r);
    }
    Map<String, Set<String>> actions = new TreeMap<>();
    for (Row r :
        ofDs(spark, warehouse, Warehouse.RECOMMENDATIONS)
            .select("message_id", "action")
            .collectAsList()) {
      actions.computeIfAbsent(r.getString(0), k -> new TreeSet<>()).add(r.getString(1));
    }
    return actions;
  }

  private static Dataset<Row> ofDs(SparkSession spark, Warehouse warehouse, String table) {
    return spark.read().format("delta").load(warehouse.path(table)).where("ds = DATE'" + DS + "'");
  }
}
