package io.proactiveinsights.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.ingest.IngestClassifier.Outcome;
import io.proactiveinsights.io.ContractInputSource;
import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.InputSource;
import io.proactiveinsights.io.MessageRules;
import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.job.StageJob;
import io.proactiveinsights.rules.RuleValidation;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.run.Stage;
import io.proactiveinsights.run.Window;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.QuarantineColumns;
import io.proactiveinsights.schema.UserEventHistoryColumns;
import io.proactiveinsights.spark.Observations;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the six input tables for logical date D, normalises and checks every row, and writes the
 * accepted rows to bronze Delta tables and the rejected ones to {@code quarantine}, both replacing
 * only partition {@code ds = D}.
 *
 * <p>A run is a function of the input files and D alone: event tables are cut to the lookback
 * window {@code [D+1 - ingest.lookback_days, D+1)}, snapshot tables (messages, users, known
 * issues) are taken whole, and the survivor among repeated keys is chosen by content. So a first
 * run, a rerun and a backfill in any order write the same rows.
 *
 * <p>Besides the bronze copy of {@code user_events}, the run writes {@code
 * bronze_user_event_history}: per person and event name, the first and last occurrence and the
 * count over every checked row before the as-of time, not cut to the lookback (audience rules read
 * it; see {@link UserEventHistory}).
 */
public final class IngestJob extends StageJob<IngestResult> {

  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  /** Messages first: exposures are checked against the accepted catalogue. */
  private static final List<InputTable> ORDER =
      List.of(
          InputTable.MESSAGES,
          InputTable.USERS,
          InputTable.KNOWN_ISSUES,
          InputTable.EXPOSURES,
          InputTable.CONVERSATIONS,
          InputTable.USER_EVENTS);

  /** Above this many repeated keys, broadcasting them costs more than ranking every row. */
  private static final long MAX_BROADCAST_REPEATED_KEYS = 1_000_000;

  private final InputSource source;

  /** Ingest from the contract's own layout under {@code inputRoot}. */
  public IngestJob(SparkSession spark, ProactiveConfig config, String inputRoot, Warehouse warehouse) {
    this(spark, config, new ContractInputSource(spark, inputRoot), warehouse);
  }

  public IngestJob(SparkSession spark, ProactiveConfig config, InputSource source, Warehouse warehouse) {
    super(Stage.INGEST, spark, config, warehouse);
    this.source = source;
  }

  @Override
  protected IngestResult doRun(RunDate date) {
    LocalDate ds = date.ds();
    source.requireRoot();
    Window lookback = date.trailing(config.ingest().lookbackDays());
    LOG.info("ingest ds={}: {} input, event window {}", ds, source.name(), lookback);

    Map<String, TableCounts> counts = new LinkedHashMap<>();
    List<String> outputs = new ArrayList<>();
    for (InputTable table : ORDER) {
      counts.put(table.tableName(), ingestTable(table, ds, lookback.start(), lookback.end()));
      outputs.add(Warehouse.bronzeName(table));
      if (table == InputTable.USER_EVENTS) {
        outputs.add(Warehouse.USER_EVENT_HISTORY);
      }
    }
    outputs.add(Warehouse.QUARANTINE);
    // A rule that does not parse is not a bad row (the message is real); it is reported so it can be fixed.
    List<RuleValidation.RuleError> ruleErrors =
        RuleValidation.check(MessageRules.of(DeltaTables.readBronze(spark, warehouse, InputTable.MESSAGES, ds)));
    ruleErrors.forEach(e -> LOG.warn("ingest messages: {} has an audience rule that does not parse: {}", e.messageId(), e.error()));
    return new IngestResult(ds, source.name(), counts, outputs, qualityGateFailures(counts), ruleErrors, source.report());
  }

  private TableCounts ingestTable(InputTable table, LocalDate ds, Instant windowStart, Instant asOf) {
    InputSource.SourceTable input = source.read(table);
    input.ignored().forEach(f -> LOG.warn("ingest {}: ignoring {} (not .csv, .json, .jsonl, .ndjson or .parquet, optionally .gz)", table.tableName(), f));
    if (input.frames().isEmpty()) {
      if (table.isRequired()) {
        throw new UsageException(
            "Cannot ingest " + table.tableName() + ": no readable files in " + input.folder()
                + " (expected .csv, .json, .jsonl or .parquet files, optionally gzipped)");
      }
      LOG.info("ingest {}: no input folder or files; writing an empty ds={}", table.tableName(), ds);
      DeltaTables.replaceDs(spark.createDataFrame(List.of(), table.bronzeSchema()), warehouse.bronzePath(table), ds);
      if (table == InputTable.USER_EVENTS) {
        DeltaTables.replaceDs(spark.createDataFrame(List.of(), UserEventHistoryColumns.BRONZE_SCHEMA), warehouse.userEventHistoryPath(), ds);
      }
      writeQuarantine(spark.createDataFrame(List.of(), QuarantineColumns.SCHEMA), table, ds);
      return new TableCounts(0, 0, 0, 0, 0, 0, List.of(), input.ignored());
    }

    List<RawFrame> frames = input.frames();
    Dataset<Row> normalized = null;
    List<String> unknownColumns = new ArrayList<>();
    for (RawFrame frame : frames) {
      Dataset<Row> part = InputNormalizer.normalize(frame, table);
      normalized = normalized == null ? part : normalized.unionByName(part);
      frame.unknownColumns().stream().filter(c -> !unknownColumns.contains(c)).forEach(unknownColumns::add);
    }
    if (!unknownColumns.isEmpty()) {
      LOG.warn("ingest {}: ignoring columns the contract does not define: {}", table.tableName(), unknownColumns);
    }

    Dataset<Row> catalogue = table == InputTable.EXPOSURES ? acceptedMessageIds(ds) : null;
    // Cache the checked rows: the user keys' distinct ids, the repeated-key search, the bronze write
    // and the quarantine write all read them.
    normalized = IngestClassifier.checkRows(normalized, table, windowStart, asOf, catalogue).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> repeated = null;
    UserKeys.Keys userKeys = null;
    try {
      if (table == InputTable.EXPOSURES) {
        userKeys = UserKeys.build(normalized);
      }
      if (table.keyColumn().isPresent()) {
        repeated = IngestClassifier.repeatedKeys(normalized, table).persist(StorageLevel.MEMORY_AND_DISK());
        long repeatedCount = repeated.count();
        if (repeatedCount > MAX_BROADCAST_REPEATED_KEYS) {
          LOG.warn("ingest {}: {} keys repeat; ranking every row instead of only those", table.tableName(), repeatedCount);
          repeated.unpersist();
          repeated = null;
        }
      }
      Dataset<Row> classified = IngestClassifier.classify(normalized, table, windowStart, asOf, repeated);
      // The outcome counts are observed while the bronze rows are written: no extra pass.
      Observation outcomes = new Observation("ingest_" + table.tableName());
      List<Column> tallies = new ArrayList<>();
      for (Outcome outcome : Outcome.values()) {
        tallies.add(sum(when(col(IngestClassifier.OUTCOME).equalTo(outcome.name()), 1L).otherwise(0L)).as(outcome.name()));
      }
      Dataset<Row> observed = classified.observe(outcomes, tallies.get(0), tallies.subList(1, tallies.size()).toArray(Column[]::new));
      Column dsValue = lit(Date.valueOf(ds));
      Dataset<Row> accepted =
          observed
              .where(col(IngestClassifier.OUTCOME).equalTo(Outcome.ACCEPTED.name()))
              .select(table.columnNames().stream().map(c -> col(c)).toArray(Column[]::new));
      if (userKeys != null) {
        accepted = userKeys.attach(accepted);
      }
      DeltaTables.replaceDs(accepted.withColumn(InputTable.DS, dsValue), warehouse.bronzePath(table), ds, table.bronzeTableProperties());
      if (table == InputTable.USER_EVENTS) {
        // From the cached checked rows, not cut to the lookback: rules' event.X NEVER means never.
        DeltaTables.replaceDs(UserEventHistory.summarize(normalized, asOf).withColumn(InputTable.DS, dsValue), warehouse.userEventHistoryPath(), ds);
      }
      Map<Outcome, Long> byOutcome = outcomeCounts(outcomes);
      Dataset<Row> rejected =
          classified
              .where(col(IngestClassifier.OUTCOME).equalTo(Outcome.QUARANTINED.name()))
              .select(
                  lit(table.tableName()).as(QuarantineColumns.SOURCE_TABLE),
                  col(RawFrame.SOURCE_FILE).as(QuarantineColumns.SOURCE_FILE),
                  col(RawFrame.RAW_RECORD).as(QuarantineColumns.RAW_RECORD),
                  col(InputNormalizer.REASON).as(QuarantineColumns.REASON),
                  dsValue.as(InputTable.DS));
      writeQuarantine(rejected, table, ds);

      long read = byOutcome.values().stream().mapToLong(Long::longValue).sum();
      TableCounts counts =
          new TableCounts(
              input.files(),
              read,
              byOutcome.get(Outcome.ACCEPTED),
              byOutcome.get(Outcome.DUPLICATE),
              byOutcome.get(Outcome.QUARANTINED),
              byOutcome.get(Outcome.OUT_OF_WINDOW),
              List.copyOf(unknownColumns),
              input.ignored());
      LOG.info(
          "ingest {}: {} files, {} rows read: {} accepted, {} duplicates, {} quarantined, {} outside the window",
          table.tableName(), counts.files(), counts.read(), counts.accepted(), counts.duplicates(),
          counts.quarantined(), counts.outOfWindow());
      return counts;
    } finally {
      if (userKeys != null) {
        userKeys.destroy();
      }
      if (repeated != null) {
        repeated.unpersist();
      }
      normalized.unpersist();
    }
  }

  private void writeQuarantine(Dataset<Row> rejected, InputTable table, LocalDate ds) {
    DeltaTables.replaceDsWhere(
        rejected, warehouse.quarantinePath(), ds, QuarantineColumns.SOURCE_TABLE + " = '" + table.tableName() + "'");
  }

  private Dataset<Row> acceptedMessageIds(LocalDate ds) {
    return spark.read().format("delta").load(warehouse.bronzePath(InputTable.MESSAGES))
        .where(DeltaTables.dsPredicate(ds))
        .select("message_id");
  }

  private static Map<Outcome, Long> outcomeCounts(Observation observation) {
    Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
    Map<String, Object> observed = Observations.values(observation, "ingest outcome counts");
    for (Outcome outcome : Outcome.values()) {
      Object value = observed.get(outcome.name());
      counts.put(outcome, value == null ? 0L : ((Number) value).longValue());
    }
    return counts;
  }

  private List<String> qualityGateFailures(Map<String, TableCounts> counts) {
    double limit = config.ingest().maxQuarantinedFraction();
    List<String> failures = new ArrayList<>();
    counts.forEach(
        (table, c) -> {
          if (c.quarantinedFraction() > limit && c.quarantined() > config.ingest().gateMinQuarantined()) {
            failures.add(
                String.format(Locale.ROOT, "%s: %.1f%% of %,d rows quarantined (limit %.1f%%, ingest.max_quarantined_fraction)",
                    table, 100 * c.quarantinedFraction(), c.read(), 100 * limit));
          }
        });
    return failures;
  }
}
