package io.proactiveinsights.hygiene;

import static org.apache.spark.sql.functions.lit;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.job.StageJob;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.run.Stage;
import io.proactiveinsights.run.StageResult;
import io.proactiveinsights.schema.InputTable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code hygiene_flags} and {@code message_facts} for ds D. Spark reduces the bronze tables
 * of D to per-message aggregates (weekly trend, banner overlaps, over-messaging, ticket volume per
 * topic and day); those small rows are judged by the plain-Java {@link HygieneRules}.
 */
public final class HygieneJob extends StageJob<HygieneJob.Result> {

  private static final Logger LOG = LoggerFactory.getLogger(HygieneJob.class);

  /** What a hygiene run wrote. */
  public record Result(LocalDate ds, long messages, Map<String, Long> flags, List<String> outputs)
      implements StageResult {
    public long flagCount() {
      return flags.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public Long rowsIn() {
      return messages;
    }

    /** A message_facts row per message, and the flags. */
    @Override
    public Long rowsOut() {
      return flagCount() + messages;
    }

    @Override
    public Map<String, Object> details() {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("messages", messages);
      details.put("flags", flags);
      return details;
    }
  }

  public HygieneJob(SparkSession spark, ProactiveConfig config, Warehouse warehouse) {
    super(Stage.HYGIENE, spark, config, warehouse);
  }

  @Override
  protected Result doRun(RunDate date) {
    LocalDate ds = date.ds();
    HygieneFactsLoader.Loaded loaded = new HygieneFactsLoader(spark, config, warehouse).load(date);
    List<MessageFacts> facts = loaded.facts();
    HygieneContext context =
        new HygieneContext(
            config.hygiene(),
            config.metrics().baselineMinViewers(),
            date.asOf(),
            facts,
            loaded.overlaps(),
            loaded.weeklyLoad());
    List<HygieneFlag> flags = HygieneRules.evaluate(context);

    Date dsValue = Date.valueOf(ds);
    writer.replaceDs(
        spark
            .createDataFrame(facts.stream().map(MessageFacts::toRow).toList(), MessageFacts.SCHEMA)
            .withColumn(InputTable.DS, lit(dsValue)),
        warehouse.path(Warehouse.MESSAGE_FACTS),
        ds);
    writer.replaceDs(
        spark
            .createDataFrame(flags.stream().map(HygieneFlag::toRow).toList(), HygieneFlag.SCHEMA)
            .withColumn(InputTable.DS, lit(dsValue)),
        warehouse.path(Warehouse.HYGIENE_FLAGS),
        ds);

    Map<String, Long> byFlag = new TreeMap<>();
    flags.forEach(f -> byFlag.merge(f.flag().name(), 1L, Long::sum));
    LOG.info("hygiene ds={}: {} messages, flags {}", ds, facts.size(), byFlag);
    return new Result(
        ds, facts.size(), byFlag, List.of(Warehouse.HYGIENE_FLAGS, Warehouse.MESSAGE_FACTS));
  }
}
