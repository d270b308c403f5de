package io.proactiveinsights.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.hygiene.Flag;
import io.proactiveinsights.hygiene.HygieneFlag;
import io.proactiveinsights.hygiene.MessageFacts;
import io.proactiveinsights.ingest.IngestJob;
import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.schema.InputTable;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code recommendations} for ds D from the message facts, the {@code hygiene_flags} of D
 * and the narrowing search over D's bronze exposures and users. The rules are plain Java
 * ({@link RecommendationRules}); Spark only counts.
 */
public final class RecommendationsJob {

  private static final Logger LOG = LoggerFactory.getLogger(RecommendationsJob.class);

  /** What a recommendations run wrote. */
  public record Result(LocalDate ds, Map<String, Long> actions, long narrowingSlicesFound) {
    public long count() {
      return actions.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final SparkSession spark;
  private final ProactiveConfig config;
  private final Warehouse warehouse;

  public RecommendationsJob(SparkSession spark, ProactiveConfig config, Warehouse warehouse) {
    this.spark = spark;
    this.config = config;
    this.warehouse = warehouse;
  }

  public Result run(LocalDate ds) {
    spark.sparkContext().setJobGroup("RECOMMENDATIONS", "recommendations ds=" + ds, false);
    Instant asOf = IngestJob.asOf(ds);
    // message_facts has a row per message for every ds hygiene ran, and holds the facts hygiene judged: they are read
    // back, not recomputed, so both stages judge the same numbers and hygiene's Spark pass runs once.
    List<MessageFacts> facts =
        DeltaTables.readSmallDs(spark, warehouse.path(Warehouse.MESSAGE_FACTS), ds, "recommendations", "hygiene").collectAsList().stream()
            .map(MessageFacts::fromRow).toList();
    Map<String, Map<Flag, HygieneFlag>> flags =
        flags(DeltaTables.readDsRows(spark, warehouse.path(Warehouse.HYGIENE_FLAGS), ds, "recommendations", "hygiene"));
    Map<String, NarrowSlice> slices = narrowingSearch(facts, ds, asOf);

    RecommendContext context = new RecommendContext(config.hygiene(), config.recommend(), flags, slices);
    List<Recommendation> recommendations = RecommendationRules.recommend(facts, context);
    DeltaTables.replaceDs(spark.createDataFrame(recommendations.stream().map(Recommendation::toRow).toList(), Recommendation.SCHEMA)
        .withColumn(InputTable.DS, lit(Date.valueOf(ds))), warehouse.path(Warehouse.RECOMMENDATIONS), ds);
    spark.sparkContext().clearJobGroup();

    Map<String, Long> byAction = new TreeMap<>();
    recommendations.forEach(r -> byAction.merge(r.action().name(), 1L, Long::sum));
    LOG.info("recommendations ds={}: {}", ds, byAction);
    return new Result(ds, byAction, slices.size());
  }

  /** Runs the narrowing search over the live messages that have been live long enough to judge. */
  private Map<String, NarrowSlice> narrowingSearch(List<MessageFacts> facts, LocalDate ds, Instant asOf) {
    Map<String, MessageFacts> candidates = new HashMap<>();
    for (MessageFacts f : facts) {
      if (f.catalogue().live() && f.engagement().liveDays() >= config.hygiene().minLiveDays() && f.engagement().primaryMetric() != null) {
        candidates.put(f.messageId(), f);
      }
    }
    if (candidates.isEmpty()) {
      return Map.of();
    }
    Dataset<Row> users = DeltaTables.readBronze(spark, warehouse, InputTable.USERS, ds);
    Dataset<Row> messages = DeltaTables.readBronze(spark, warehouse, InputTable.MESSAGES, ds).where(col("message_id").isin(candidates.keySet().toArray()));
    List<String> keys = NarrowingSearch.usableKeys(
        NarrowingSearch.attributeKeys(users, config.recommend().narrowMaxAttributeValues()).collectAsList().stream()
            .map(r -> r.getString(0)).toList());
    Instant from = asOf.minus(Duration.ofDays(config.metrics().windowDays()));
    List<Row> counts =
        NarrowingSearch.sliceCounts(DeltaTables.readBronze(spark, warehouse, InputTable.EXPOSURES, ds), users, messages, keys, config.recommend().narrowSignupDays(), from, asOf)
            .collectAsList();
    return NarrowingSearch.select(counts, candidates, config.recommend());
  }

  /** The flags of ds by message, back from their rows. */
  static Map<String, Map<Flag, HygieneFlag>> flags(List<Row> rows) {
    Map<String, Map<Flag, HygieneFlag>> byMessage = new HashMap<>();
    for (Row r : rows) {
      HygieneFlag flag = HygieneFlag.fromRow(r);
      byMessage.computeIfAbsent(flag.messageId(), k -> new EnumMap<>(Flag.class)).put(flag.flag(), flag);
    }
    return byMessage;
  }

}
