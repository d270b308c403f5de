package io.proactiveinsights.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.io.BronzeEventStore;
import io.proactiveinsights.io.ContractInputSource;
import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.IngestedFiles;
import io.proactiveinsights.io.InputFiles.InputFile;
import io.proactiveinsights.io.InputSource;
import io.proactiveinsights.io.InputSource.SourceTable;
import io.proactiveinsights.io.MessageRules;
import io.proactiveinsights.io.UnreadableFile;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.job.StageJob;
import io.proactiveinsights.rules.RuleValidation;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.run.Stage;
import io.proactiveinsights.run.Window;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.QuarantineColumns;
import java.sql.Date;
import java.time.Instant;
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
 * Reads the seven input tables for logical date D (never a daily drop later than D), normalises and
 * checks every row, and writes the accepted rows to bronze Delta tables and the rejected ones to
 * {@code quarantine}. Snapshot tables and quarantine replace only partition {@code ds = D}; the
 * accepted rows of event tables are merged into their event stores ({@link BronzeEventStore}),
 * which keep each event once, as the first drop's copy.
 *
 * <p>A run is a function of the input files and D alone: event tables are cut to the lookback
 * window {@code [D+1 - ingest.lookback_days, D+1)} (assignments only to the as-of time: an arm
 * holds forever), snapshot tables (messages, users, known issues) are taken whole, and the survivor
 * among repeated keys is the earliest drop's, then chosen by content. So a first run, a rerun and a
 * backfill in any order leave the same rows for D to read.
 *
 * <p>Besides the bronze copy of {@code user_events}, the run writes {@code
 * bronze_user_event_history}: per person and event name, the first and last occurrence and the
 * count over every checked row before the as-of time, not cut to the lookback (audience rules read
 * it; see {@link UserEventHistory}).
 *
 * <p>The job first reads every table (the files are checked and listed, rows stay unread) and
 * checks {@link IngestPreconditions}, so a run that cannot succeed writes nothing. Then per table
 * it lets {@link IngestCore} classify the rows and writes what it returns. Files that could not be
 * read whole and the accepted rows naming people missing from users are reported in the result; the
 * quality gate is {@link QualityGate}.
 */
public final class IngestJob extends StageJob<IngestResult> {

  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  /** Messages first: exposures are checked against the accepted catalogue. */
  static final List<InputTable> ORDER =
      List.of(
          InputTable.MESSAGES,
          InputTable.USERS,
          InputTable.KNOWN_ISSUES,
          InputTable.EXPOSURES,
          InputTable.CONVERSATIONS,
          InputTable.USER_EVENTS,
          InputTable.ASSIGNMENTS);

  private static final String USER_ID = "user_id";

  private final InputSource source;

  /** Ingest from the contract's own layout under {@code inputRoot}. */
  public IngestJob(
      SparkSession spark, ProactiveConfig config, String inputRoot, Warehouse warehouse) {
    this(spark, config, new ContractInputSource(spark, inputRoot), warehouse);
  }

  public IngestJob(
      SparkSession spark, ProactiveConfig config, InputSource source, Warehouse warehouse) {
    super(Stage.INGEST, spark, config, warehouse);
    this.source = source;
  }

  @Override
  protected IngestResult doRun(RunDate date) {
    LocalDate ds = date.ds();
    source.requireRoot();
    Window lookback = date.trailing(config.ingest().lookbackDays());
    LOG.info("ingest ds={}: {} input, event window {}", ds, source.name(), lookback);

    // Every table is read (file checks, headers, columns: no rows yet) before any is written, so a
    // run that cannot succeed leaves the warehouse as it was.
    Map<InputTable, SourceTable> inputs =
        readInputs(ds, IngestedFiles.of(spark, warehouse.ingestedFilesPath()));
    IngestPreconditions.require(inputs, ds);

    Map<String, TableCounts> counts = new LinkedHashMap<>();
    List<UnreadableFile> unreadable = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    List<Dataset<Row>> quarantined = new ArrayList<>();
    // A source without people (Intercom's exports without contacts/) has nothing to check against.
    Map<String, Long> unknownUsers =
        inputs.get(InputTable.USERS).files() == 0 ? null : new LinkedHashMap<>();
    for (InputTable table : ORDER) {
      SourceTable input = inputs.get(table);
      unreadable.addAll(input.unreadable());
      counts.put(
          table.tableName(),
          ingestTable(
              table, input, ds, lookback.start(), lookback.end(), quarantined, unknownUsers));
      outputs.add(Warehouse.bronzeName(table));
      if (table == InputTable.USER_EVENTS) {
        outputs.add(Warehouse.USER_EVENT_HISTORY);
      }
    }
    writeQuarantine(quarantined, ds);
    outputs.add(Warehouse.QUARANTINE);
    // Last: a run that dies before this line reads its drops again next time, storing nothing
    // twice.
    Map<InputTable, List<InputFile>> dropFilesRead = new LinkedHashMap<>();
    inputs.forEach((table, input) -> dropFilesRead.put(table, input.drops().read()));
    if (dropFilesRead.values().stream().anyMatch(files -> !files.isEmpty())) {
      IngestedFiles.record(
          writer, spark, warehouse.ingestedFilesPath(), dropFilesRead, ds, Instant.now());
      outputs.add(Warehouse.INGESTED_FILES);
    }
    // A rule that does not parse is not a bad row (the message is real); it is reported so it can
    // be fixed.
    List<RuleValidation.RuleError> ruleErrors =
        RuleValidation.check(
            MessageRules.of(DeltaTables.readBronze(spark, warehouse, InputTable.MESSAGES, ds)),
            config.audienceRules().limits());
    ruleErrors.forEach(
        e ->
            LOG.warn(
                "ingest messages: {} has an audience rule that does not parse: {}",
                e.messageId(),
                e.error()));
    return new IngestResult(
        ds,
        source.name(),
        counts,
        outputs,
        QualityGate.failures(
            counts, unknownUsers == null ? Map.of() : unknownUsers, config.ingest()),
        ruleErrors,
        List.copyOf(unreadable),
        unknownUsers == null ? Map.of() : unknownUsers,
        source.report());
  }

  /**
   * Every table's input for ds (never a drop later than ds, nor the files of earlier drops {@code
   * stored} already), in {@link #ORDER}, with the files passed over logged.
   */
  private Map<InputTable, SourceTable> readInputs(LocalDate ds, IngestedFiles stored) {
    Map<InputTable, SourceTable> inputs = new LinkedHashMap<>();
    for (InputTable table : ORDER) {
      SourceTable input =
          table.arrivesInDrops() ? source.read(table, ds, stored) : source.read(table, ds);
      if (input.drops().alreadyStored() > 0) {
        LOG.info(
            "ingest {}: {} files of earlier drops are stored already; reading {} new files",
            table.tableName(),
            input.drops().alreadyStored(),
            input.files());
      }
      if (!input.laterDropFiles().isEmpty()) {
        LOG.info(
            "ingest {}: leaving {} files of drops later than ds={} unread",
            table.tableName(),
            input.laterDropFiles().size(),
            ds);
      }
      input
          .ignored()
          .forEach(
              f ->
                  LOG.warn(
                      "ingest {}: ignoring {} (not .csv, .json, .jsonl, .ndjson or .parquet,"
                          + " optionally .gz)",
                      table.tableName(),
                      f));
      input
          .unreadable()
          .forEach(f -> LOG.warn("ingest {}: {}: {}", table.tableName(), f.file(), f.reason()));
      inputs.put(table, input);
    }
    return inputs;
  }

  /**
   * Writes {@code table}'s accepted rows (and for user_events the event history) for ds, and adds
   * its rejected rows, when there are any, to {@code quarantined}: materialised, since the cached
   * rows they come from are freed when the table is done. For exposures and conversations, puts in
   * {@code unknownUsers} (unless null: no users to check against) how many accepted rows name a
   * user_id missing from ds's users.
   */
  private TableCounts ingestTable(
      InputTable table,
      SourceTable input,
      LocalDate ds,
      Instant windowStart,
      Instant asOf,
      List<Dataset<Row>> quarantined,
      Map<String, Long> unknownUsers) {
    if (input.frames().isEmpty()) {
      LOG.info("ingest {}: no rows to read; writing an empty ds={}", table.tableName(), ds);
    }
    Dataset<Row> catalogue = table == InputTable.EXPOSURES ? acceptedMessageIds(ds) : null;
    try (ClassifiedTable classified =
        IngestCore.classify(input, table, windowStart, asOf, catalogue)) {
      if (!classified.unknownColumns().isEmpty()) {
        LOG.warn(
            "ingest {}: ignoring columns the contract does not define: {}",
            table.tableName(),
            classified.unknownColumns());
      }
      Column dsValue = lit(Date.valueOf(ds));
      if (table.arrivesInDrops()) {
        BronzeEventStore.store(writer, classified.accepted(), warehouse.bronzePath(table), table);
      } else {
        writer.replaceDs(
            classified.accepted().withColumn(InputTable.DS, dsValue),
            warehouse.bronzePath(table),
            ds,
            table.bronzeTableProperties());
      }
      if (table == InputTable.USER_EVENTS) {
        writeEventHistory(input, ds, asOf);
      }
      // Counted while a ds partition's rows were written: no pass of its own. A MERGE into an event
      // store runs its source in Delta's own passes, which need not report observed metrics, so
      // those are counted over the cached rows instead.
      TableCounts counts =
          table.arrivesInDrops() ? classified.countNow() : classified.observedCounts();
      if (counts.quarantined() > 0) {
        quarantined.add(classified.rejected().localCheckpoint(true));
      }
      if (unknownUsers != null
          && (table == InputTable.EXPOSURES || table == InputTable.CONVERSATIONS)) {
        unknownUsers.put(table.tableName(), countUnknownUsers(classified, table, ds));
      }
      LOG.info(
          "ingest {}: {} files, {} rows read: {} accepted, {} duplicates, {} quarantined, {}"
              + " outside the window",
          table.tableName(),
          counts.files(),
          counts.read(),
          counts.accepted(),
          counts.duplicates(),
          counts.quarantined(),
          counts.outOfWindow());
      return counts;
    }
  }

  /**
   * Replaces ds's {@code bronze_user_event_history} with the summary of every stored user event a
   * run for ds may use (all history before the as-of time, not only this run's new drop) merged
   * with the source's own summaries.
   */
  private void writeEventHistory(SourceTable input, LocalDate ds, Instant asOf) {
    Dataset<Row> stored =
        BronzeEventStore.readAllBefore(
            spark.read().format("delta").load(warehouse.bronzePath(InputTable.USER_EVENTS)),
            InputTable.USER_EVENTS,
            ds,
            asOf);
    Dataset<Row> history = UserEventHistory.summarize(stored, asOf, input.eventSummaries());
    writer.replaceDs(
        history.withColumn(InputTable.DS, lit(Date.valueOf(ds))),
        warehouse.userEventHistoryPath(),
        ds);
  }

  /**
   * Replaces ds's quarantine with every table's rejected rows in one commit: one write per run
   * instead of one per input table (each Delta write is a scan of the partition, a commit and a new
   * snapshot, whatever the rows).
   */
  private void writeQuarantine(List<Dataset<Row>> quarantined, LocalDate ds) {
    Dataset<Row> rejected =
        quarantined.stream()
            .reduce(Dataset::unionByName)
            .orElseGet(() -> spark.createDataFrame(List.<Row>of(), QuarantineColumns.SCHEMA));
    writer.replaceDs(
        rejected.withColumn(InputTable.DS, lit(Date.valueOf(ds))), warehouse.quarantinePath(), ds);
    // The checkpointed rows are dropped by Spark's context cleaner once these datasets are gone.
  }

  /**
   * How many of the rows this run accepted name a user_id ds's users do not hold. They are kept
   * (metrics and impact count them like anyone); the count goes to the summary and the gate, since
   * many of them mean a users export that is partial or from another workspace. Counted over the
   * run's cached rows, so a daily run checks its new drop, not the whole window again.
   */
  private long countUnknownUsers(ClassifiedTable classified, InputTable table, LocalDate ds) {
    String knownId = "_known_user_id";
    Dataset<Row> known =
        DeltaTables.readBronze(spark, warehouse, InputTable.USERS, ds)
            .select(col(USER_ID).as(knownId));
    long count =
        classified
            .acceptedOnly()
            .select(USER_ID)
            .join(known, col(USER_ID).equalTo(col(knownId)), "left_anti")
            .count();
    if (count > 0) {
      LOG.warn(
          "ingest {}: {} accepted rows name a user_id missing from users (kept)",
          table.tableName(),
          count);
    }
    return count;
  }

  private Dataset<Row> acceptedMessageIds(LocalDate ds) {
    return spark
        .read()
        .format("delta")
        .load(warehouse.bronzePath(InputTable.MESSAGES))
        .where(DeltaTables.dsPredicate(ds))
        .select("message_id");
  }
}
