package io.proactiveinsights.io;

import io.proactiveinsights.schema.InputTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each Delta table lives under a warehouse root. Every table a user can {@code show} is
 * registered here by name: the bronze copies of the inputs ({@code bronze_exposures}, …), the
 * per-person event history ingest derives from them ({@code bronze_user_event_history}) and the
 * outputs of the contract ({@code quarantine}, …).
 */
public record Warehouse(String root) {

  public static final String QUARANTINE = "quarantine";
  public static final String MESSAGE_STATS_DAILY = "message_stats_daily";
  public static final String MESSAGE_STATS = "message_stats";

  /** Each A/B variant of a message read against its reference variant (fixed-horizon). */
  public static final String VARIANT_STATS = "variant_stats";

  public static final String TOPIC_IMPACT = "topic_impact";
  public static final String CSAT_IMPACT = "csat_impact";
  public static final String TOPIC_SUGGESTIONS = "topic_suggestions";
  public static final String MESSAGE_FACTS = "message_facts";
  public static final String HYGIENE_FLAGS = "hygiene_flags";
  public static final String RECOMMENDATIONS = "recommendations";
  public static final String SEGMENTS = "segments";

  /**
   * Who is in which arm of each message's holdout: one row per message and person, never changed.
   */
  public static final String ASSIGNMENTS = "assignments";

  /** The randomised comparison of each holdout message's arms, per metric and ds. */
  public static final String EXPERIMENT_IMPACT = "experiment_impact";

  /**
   * Per person and product event, the summary of all history the inputs held (see
   * UserEventHistoryColumns).
   */
  public static final String USER_EVENT_HISTORY = "bronze_user_event_history";

  /**
   * The files of daily drops whose rows are in the event stores, so a daily run reads only new
   * drops (see IngestedFilesColumns).
   */
  public static final String INGESTED_FILES = "bronze_ingested_files";

  public String bronzePath(InputTable table) {
    return root + "/bronze/" + table.tableName();
  }

  /** Where ingest writes the per-person event history that audience rules read. */
  public String userEventHistoryPath() {
    return root + "/bronze/user_event_history";
  }

  /** Where ingest records the drop files it stored ({@link #INGESTED_FILES}). */
  public String ingestedFilesPath() {
    return root + "/bronze/ingested_files";
  }

  /** Where the segments job publishes the serving snapshot the delivery endpoint loads. */
  public String servingPath() {
    return root + "/serving";
  }

  /** Where the report job renders the reports of ds. */
  public String reportsPath(java.time.LocalDate ds) {
    return root + "/reports/ds=" + ds;
  }

  /**
   * The lock a run of {@code ds} holds while it writes ({@link RunLock}); not a table, so {@code
   * show} and {@code maintain} never see it.
   */
  public String runLockPath(java.time.LocalDate ds) {
    return root + "/_locks/ds=" + ds + ".lock";
  }

  public String quarantinePath() {
    return path(QUARANTINE);
  }

  /** An output table of the contract, by name: {@code <root>/<name>}. */
  public String path(String outputTable) {
    return root + "/" + outputTable;
  }

  /** Table name → path, in the order {@code show --help} lists them. */
  public Map<String, String> tables() {
    Map<String, String> tables = new LinkedHashMap<>();
    for (String output :
        List.of(
            QUARANTINE,
            MESSAGE_STATS_DAILY,
            MESSAGE_STATS,
            VARIANT_STATS,
            TOPIC_IMPACT,
            CSAT_IMPACT,
            TOPIC_SUGGESTIONS,
            EXPERIMENT_IMPACT,
            MESSAGE_FACTS,
            HYGIENE_FLAGS,
            RECOMMENDATIONS,
            SEGMENTS,
            ASSIGNMENTS)) {
      tables.put(output, path(output));
    }
    for (InputTable table : InputTable.values()) {
      tables.put(bronzeName(table), bronzePath(table));
    }
    tables.put(USER_EVENT_HISTORY, userEventHistoryPath());
    tables.put(INGESTED_FILES, ingestedFilesPath());
    return tables;
  }

  public Optional<String> pathOf(String tableName) {
    return Optional.ofNullable(tables().get(tableName));
  }

  public static String bronzeName(InputTable table) {
    return "bronze_" + table.tableName();
  }

  public List<String> tableNames() {
    return new ArrayList<>(tables().keySet());
  }
}
