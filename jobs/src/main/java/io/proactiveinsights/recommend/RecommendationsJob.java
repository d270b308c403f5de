package io.proactiveinsights.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.experiments.ExperimentImpact;
import io.proactiveinsights.hygiene.Flag;
import io.proactiveinsights.hygiene.HygieneFlag;
import io.proactiveinsights.hygiene.MessageFacts;
import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.job.StageJob;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.run.Stage;
import io.proactiveinsights.run.StageResult;
import io.proactiveinsights.run.Window;
import io.proactiveinsights.schema.InputTable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code recommendations} for ds D from the message facts, the {@code hygiene_flags} and
 * {@code experiment_impact} of D, and the narrowing search over D's bronze exposures and users. The
 * rules are plain Java ({@link RecommendationRules}); Spark only counts.
 */
public final class RecommendationsJob extends StageJob<RecommendationsJob.Result> {

  private static final Logger LOG = LoggerFactory.getLogger(RecommendationsJob.class);

  /** What a recommendations run wrote. */
  public record Result(LocalDate ds, Map<String, Long> actions, long narrowingSlicesFound)
      implements StageResult {
    public long count() {
      return actions.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public Long rowsIn() {
      return null;
    }

    @Override
    public Long rowsOut() {
      return count();
    }

    @Override
    public List<String> outputs() {
      return List.of(Warehouse.RECOMMENDATIONS);
    }

    @Override
    public Map<String, Object> details() {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("actions", actions);
      details.put("narrowing_slices_found", narrowingSlicesFound);
      return details;
    }
  }

  public RecommendationsJob(SparkSession spark, ProactiveConfig config, Warehouse warehouse) {
    super(Stage.RECOMMENDATIONS, spark, config, warehouse);
  }

  @Override
  protected Result doRun(RunDate date) {
    LocalDate ds = date.ds();
    // Read first, as the stage that writes it runs first. A ds without holdouts has an empty
    // partition; only a warehouse that never ran the experiments stage has no table, and is told
    // to run it.
    Map<String, ExperimentEvidence> experiments =
        ExperimentEvidence.byMessage(
            DeltaTables.readDsRows(
                    spark,
                    warehouse.path(Warehouse.EXPERIMENT_IMPACT),
                    ds,
                    Stage.RECOMMENDATIONS,
                    Stage.EXPERIMENTS)
                .stream()
                .map(ExperimentImpact::fromRow)
                .toList());

    // message_facts has a row per message for every ds hygiene ran, and holds the facts hygiene
    // judged: they are read
    // back, not recomputed, so both stages judge the same numbers and hygiene's Spark pass runs
    // once.
    List<MessageFacts> facts =
        DeltaTables.readSmallDs(
                spark,
                warehouse.path(Warehouse.MESSAGE_FACTS),
                ds,
                Stage.RECOMMENDATIONS,
                Stage.HYGIENE)
            .collectAsList()
            .stream()
            .map(MessageFacts::fromRow)
            .toList();
    Map<String, Map<Flag, HygieneFlag>> flags =
        flags(
            DeltaTables.readDsRows(
                spark,
                warehouse.path(Warehouse.HYGIENE_FLAGS),
                ds,
                Stage.RECOMMENDATIONS,
                Stage.HYGIENE));
    Map<String, NarrowSlice> slices = narrowingSearch(facts, date);
    RecommendContext context =
        new RecommendContext(config.hygiene(), config.recommend(), flags, slices, experiments);
    List<Recommendation> recommendations = RecommendationRules.recommend(facts, context);
    writer.replaceDs(
        spark
            .createDataFrame(
                recommendations.stream().map(Recommendation::toRow).toList(), Recommendation.SCHEMA)
            .withColumn(InputTable.DS, lit(Date.valueOf(ds))),
        warehouse.path(Warehouse.RECOMMENDATIONS),
        ds);

    Map<String, Long> byAction = new TreeMap<>();
    recommendations.forEach(r -> byAction.merge(r.action().name(), 1L, Long::sum));
    LOG.info("recommendations ds={}: {}", ds, byAction);
    return new Result(ds, byAction, slices.size());
  }

  /** Runs the narrowing search over the live messages that have been live long enough to judge. */
  private Map<String, NarrowSlice> narrowingSearch(List<MessageFacts> facts, RunDate date) {
    LocalDate ds = date.ds();
    Map<String, MessageFacts> candidates = new HashMap<>();
    for (MessageFacts f : facts) {
      if (f.catalogue().live()
          && f.engagement().liveDays() >= config.hygiene().minLiveDays()
          && f.engagement().primaryMetric() != null) {
        candidates.put(f.messageId(), f);
      }
    }
    if (candidates.isEmpty()) {
      return Map.of();
    }
    Dataset<Row> users = DeltaTables.readBronze(spark, warehouse, InputTable.USERS, ds);
    Dataset<Row> messages =
        DeltaTables.readBronze(spark, warehouse, InputTable.MESSAGES, ds)
            .where(col("message_id").isin(candidates.keySet().toArray()));
    List<String> keys =
        NarrowingSearch.usableKeys(
            NarrowingSearch.attributeKeys(users, config.recommend().narrowMaxAttributeValues())
                .collectAsList()
                .stream()
                .map(r -> r.getString(0))
                .toList());
    Window window = date.trailing(config.metrics().metricsWindowDays());
    List<Row> counts =
        NarrowingSearch.sliceCounts(
                DeltaTables.readBronze(spark, warehouse, InputTable.EXPOSURES, ds, config.ingest()),
                users,
                messages,
                keys,
                config.recommend().narrowSignupDays(),
                window.start(),
                window.end())
            .collectAsList();
    return NarrowingSearch.select(counts, candidates, config.recommend());
  }

  /** The flags of ds by message, back from their rows. */
  static Map<String, Map<Flag, HygieneFlag>> flags(List<Row> rows) {
    Map<String, Map<Flag, HygieneFlag>> byMessage = new HashMap<>();
    for (Row r : rows) {
      HygieneFlag flag = HygieneFlag.fromRow(r);
      byMessage
          .computeIfAbsent(flag.messageId(), k -> new EnumMap<>(Flag.class))
          .put(flag.flag(), flag);
    }
    return byMessage;
  }
}
