package io.proactiveinsights.metrics;

import static org.apache.spark.sql.functions.lit;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.job.StageJob;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.run.Stage;
import io.proactiveinsights.run.StageResult;
import io.proactiveinsights.run.Window;
import io.proactiveinsights.schema.InputTable;
import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code message_stats_daily} (the events of day D), {@code message_stats} (the trailing
 * {@code metrics.window_days} up to the end of D) and {@code variant_stats} (the A/B variants of
 * messages that have them, over the same window) from the bronze tables of ds D. Reads only
 * partition D of bronze, so its outputs depend on D's inputs alone.
 */
public final class MetricsJob extends StageJob<MetricsJob.Result> {

  private static final Logger LOG = LoggerFactory.getLogger(MetricsJob.class);

  /** What a metrics run wrote. */
  public record Result(
      LocalDate ds, long messages, long variantRows, long exposuresInWindow, List<String> outputs)
      implements StageResult {

    @Override
    public Long rowsIn() {
      return exposuresInWindow;
    }

    /** A row per message in each of the two message tables, and the variant rows. */
    @Override
    public Long rowsOut() {
      return messages * 2 + variantRows;
    }

    @Override
    public Map<String, Object> details() {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("messages", messages);
      details.put("variant_rows", variantRows);
      details.put("exposure_events_in_window", exposuresInWindow);
      return details;
    }
  }

  public MetricsJob(SparkSession spark, ProactiveConfig config, Warehouse warehouse) {
    super(Stage.METRICS, spark, config, warehouse);
  }

  @Override
  protected Result doRun(RunDate date) {
    LocalDate ds = date.ds();
    Dataset<Row> messages =
        DeltaTables.readSmallDs(
            spark, warehouse.bronzePath(InputTable.MESSAGES), ds, Stage.METRICS, Stage.INGEST);
    Dataset<Row> lookbackExposures =
        DeltaTables.readBronze(spark, warehouse, InputTable.EXPOSURES, ds, config.ingest());
    Dataset<Row> userEvents =
        DeltaTables.readBronze(spark, warehouse, InputTable.USER_EVENTS, ds, config.ingest());
    UserKeys.Keys userKeys = UserKeys.build(lookbackExposures);
    try {
      return count(date, messages, userKeys.attach(lookbackExposures), userEvents);
    } finally {
      userKeys.destroy();
    }
  }

  private Result count(
      RunDate date, Dataset<Row> messages, Dataset<Row> exposures, Dataset<Row> userEvents) {
    LocalDate ds = date.ds();
    ProactiveConfig.MetricsSettings settings = config.metrics();
    Window window = date.trailing(settings.metricsWindowDays());
    Duration goalWindow = Duration.ofDays(settings.goalWindowDays());
    Column dsValue = lit(Date.valueOf(ds));

    // One pass over the window's exposures gives both tables; the result is one row per message,
    // already on the driver, so each table below is written from local rows.
    Dataset<Row> counts =
        EngagementCounts.countsWithDay(
            exposures,
            messages,
            userEvents,
            window.start(),
            window.end(),
            date.day().start(),
            goalWindow);
    // Both tables have one row per message: one file per ds, not one per shuffle partition.
    writer.replaceDs(
        EngagementCounts.dailyCounts(counts).withColumn(InputTable.DS, dsValue).coalesce(1),
        warehouse.path(Warehouse.MESSAGE_STATS_DAILY),
        ds);
    Dataset<Row> stats =
        EngagementMetrics.statsFromCounts(
                EngagementCounts.windowCounts(counts),
                window.start(),
                window.end(),
                settings.baselineMinViewers())
            .withColumn(InputTable.DS, dsValue);
    writer.replaceDs(stats.coalesce(1), warehouse.path(Warehouse.MESSAGE_STATS), ds);
    List<String> outputs =
        new ArrayList<>(List.of(Warehouse.MESSAGE_STATS_DAILY, Warehouse.MESSAGE_STATS));
    // Local rows (a row per message and variant), so counting them reads no data again.
    Dataset<Row> variants = VariantStats.compute(exposures, messages, window);
    long variantRows = variants.count();
    String variantsPath = warehouse.path(Warehouse.VARIANT_STATS);
    // Written whenever a message has variants or an earlier run wrote the table: a rerun must
    // replace what it wrote; a warehouse without A/B tests never gets the table.
    if (variantRows > 0 || DeltaTables.readIfExists(spark, variantsPath).isPresent()) {
      writer.replaceDs(variants.withColumn(InputTable.DS, dsValue).coalesce(1), variantsPath, ds);
      outputs.add(Warehouse.VARIANT_STATS);
    }
    // For the run summary: the same numbers the window table was written with. The counts are
    // local rows (a row per message), so this reads no data again.
    List<Row> messageCounts = counts.collectAsList();
    long events = 0;
    for (Row message : messageCounts) {
      for (String count : EngagementCounts.EVENT_COUNTS) {
        events += message.<Long>getAs(count);
      }
    }
    LOG.info(
        "metrics ds={}: {} messages, {} exposure events in {}",
        ds,
        messageCounts.size(),
        events,
        window);
    return new Result(ds, messageCounts.size(), variantRows, events, outputs);
  }
}
