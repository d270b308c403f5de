package io.proactiveinsights.hygiene;

import static org.apache.spark.sql.functions.lit;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.ingest.IngestJob;
import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.schema.InputTable;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code hygiene_flags} and {@code message_facts} for ds D. Spark reduces the bronze
 * tables of D to per-message aggregates (weekly trend, banner overlaps, over-messaging, ticket
 * volume per topic and day); those small rows are judged by the plain-Java {@link HygieneRules}.
 */
public final class HygieneJob {

  private static final Logger LOG = LoggerFactory.getLogger(HygieneJob.class);

  /** What a hygiene run wrote. */
  public record Result(LocalDate ds, long messages, Map<String, Long> flags, List<String> outputs) {
    public long flagCount() {
      return flags.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final SparkSession spark;
  private final ProactiveConfig config;
  private final Warehouse warehouse;

  public HygieneJob(SparkSession spark, ProactiveConfig config, Warehouse warehouse) {
    this.spark = spark;
    this.config = config;
    this.warehouse = warehouse;
  }

  public Result run(LocalDate ds) {
    spark.sparkContext().setJobGroup("HYGIENE", "hygiene flags ds=" + ds, false);
    Instant asOf = IngestJob.asOf(ds);
    HygieneFactsLoader.Loaded loaded = new HygieneFactsLoader(spark, config, warehouse).load(ds);
    List<MessageFacts> facts = loaded.facts();
    HygieneContext context =
        new HygieneContext(config.hygiene(), config.metrics().baselineMinViewers(), asOf, facts, loaded.overlaps(), loaded.weeklyLoad());
    List<HygieneFlag> flags = HygieneRules.evaluate(context);

    Date dsValue = Date.valueOf(ds);
    DeltaTables.replaceDs(spark.createDataFrame(facts.stream().map(MessageFacts::toRow).toList(), MessageFacts.SCHEMA)
        .withColumn(InputTable.DS, lit(dsValue)), warehouse.path(Warehouse.MESSAGE_FACTS), ds);
    DeltaTables.replaceDs(spark.createDataFrame(flags.stream().map(HygieneFlag::toRow).toList(), HygieneFlag.SCHEMA)
        .withColumn(InputTable.DS, lit(dsValue)), warehouse.path(Warehouse.HYGIENE_FLAGS), ds);
    spark.sparkContext().clearJobGroup();

    Map<String, Long> byFlag = new TreeMap<>();
    flags.forEach(f -> byFlag.merge(f.flag().name(), 1L, Long::sum));
    LOG.info("hygiene ds={}: {} messages, flags {}", ds, facts.size(), byFlag);
    return new Result(ds, facts.size(), byFlag, List.of(Warehouse.HYGIENE_FLAGS, Warehouse.MESSAGE_FACTS));
  }
}
