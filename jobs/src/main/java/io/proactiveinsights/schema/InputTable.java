package io.proactiveinsights.schema;

import static io.proactiveinsights.schema.ColumnSpec.optional;
import static io.proactiveinsights.schema.ColumnSpec.optionalEnum;
import static io.proactiveinsights.schema.ColumnSpec.required;
import static io.proactiveinsights.schema.ColumnSpec.requiredEnum;
import static io.proactiveinsights.schema.Vocabulary.wires;

import io.proactiveinsights.schema.ColumnSpec.Kind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The seven input tables of the data contract: their columns, keys and time columns. Readers,
 * normalisers, writers, {@code show} and tests all take column names from here.
 */
public enum InputTable {
  MESSAGES(
      "messages",
      true,
      List.of("message_id"),
      null,
      "updated_at",
      true,
      List.of(
          required("message_id", Kind.STRING),
          required("name", Kind.STRING),
          requiredEnum("type", wires(Vocabulary.MessageType.values())),
          requiredEnum("state", wires(Vocabulary.MessageState.values())),
          optionalEnum("style", wires(Vocabulary.BannerStyle.values())),
          optional("dismissible", Kind.BOOLEAN),
          requiredEnum("frequency", wires(Vocabulary.Frequency.values())),
          required("audience_rule", Kind.STRING),
          optional("body", Kind.STRING),
          optional("cta_text", Kind.STRING),
          required("created_at", Kind.TIMESTAMP),
          required("updated_at", Kind.TIMESTAMP),
          optional("live_since", Kind.TIMESTAMP),
          optional("paused_at", Kind.TIMESTAMP),
          optional("topics", Kind.STRING_LIST).caseFolded(),
          optional("known_issue_id", Kind.STRING),
          optional("goal_event", Kind.STRING),
          optional("holdout_share", Kind.SHARE))),
  EXPOSURES(
      "exposures",
      true,
      List.of("event_id"),
      "occurred_at",
      null,
      false,
      List.of(
          required("event_id", Kind.STRING),
          required("message_id", Kind.STRING),
          required("user_id", Kind.STRING),
          requiredEnum("event_type", wires(Vocabulary.EventType.values())),
          required("occurred_at", Kind.TIMESTAMP),
          optional("session_id", Kind.STRING),
          optionalEnum("platform", wires(Vocabulary.Platform.values())),
          optional(InputTable.VARIANT_ID, Kind.STRING),
          optional(InputTable.SERIES_ID, Kind.STRING),
          optional(InputTable.SERIES_TITLE, Kind.STRING))),
  CONVERSATIONS(
      "conversations",
      true,
      List.of("conversation_id"),
      "created_at",
      "rated_at",
      false,
      List.of(
          required("conversation_id", Kind.STRING),
          required("user_id", Kind.STRING),
          required("created_at", Kind.TIMESTAMP),
          optional("topic", Kind.STRING).caseFolded().defaultingTo(Vocabulary.UNCLASSIFIED_TOPIC),
          optional("source_message_id", Kind.STRING),
          optional("csat_rating", Kind.RATING),
          optional("rated_at", Kind.TIMESTAMP))),
  USERS(
      "users",
      true,
      List.of("user_id"),
      null,
      "last_seen_at",
      false,
      List.of(
          required("user_id", Kind.STRING),
          optional("plan", Kind.STRING),
          requiredEnum("role", wires(Vocabulary.Role.values())),
          optional("signed_up_at", Kind.TIMESTAMP),
          optional("last_seen_at", Kind.TIMESTAMP),
          optional("attributes", Kind.STRING_MAP))),
  USER_EVENTS(
      "user_events",
      false,
      List.of(),
      "occurred_at",
      null,
      false,
      List.of(
          required("user_id", Kind.STRING),
          required("event_name", Kind.STRING),
          required("occurred_at", Kind.TIMESTAMP))),
  KNOWN_ISSUES(
      "known_issues",
      false,
      List.of("issue_id"),
      null,
      "resolved_at",
      true,
      List.of(
          required("issue_id", Kind.STRING),
          required("title", Kind.STRING),
          optional("topics", Kind.STRING_LIST).caseFolded(),
          required("opened_at", Kind.TIMESTAMP),
          optional("resolved_at", Kind.TIMESTAMP))),
  ASSIGNMENTS(
      "assignments",
      false,
      List.of("message_id", "user_id"),
      "assigned_at",
      "assigned_at",
      false,
      List.of(
          required("message_id", Kind.STRING),
          required("user_id", Kind.STRING),
          requiredEnum("arm", wires(Vocabulary.Arm.values())),
          required("assigned_at", Kind.TIMESTAMP)));

  /**
   * The exposures' optional A/B variant: which version of the message the person was given (for
   * Intercom, the receipt's {@code content_id} when its ruleset has more than one); null when the
   * message has no variants. Old inputs and bronze tables without it read as null.
   */
  public static final String VARIANT_ID = "variant_id";

  /**
   * The exposures' optional series: the series (a sequence of messages sent as one journey) the
   * message was delivered as part of (for Intercom, the receipt's {@code series_id}, its -1 as
   * null); null when it was not part of a series. Old inputs and bronze tables without it read as
   * null.
   */
  public static final String SERIES_ID = "series_id";

  /** The exposures' optional series name ({@link #SERIES_ID}'s title); null without a series. */
  public static final String SERIES_TITLE = "series_title";

  /** The logical-date partition column every output carries. */
  public static final String DS = "ds";

  /**
   * The exposures metrics count carry, beside the contract's columns, a dense integer key for their
   * user_id, assigned over the exposures a run reads (see {@code UserKeys}); metrics count distinct
   * people with it.
   */
  public static final String USER_KEY = "user_key";

  /**
   * Bronze rows of the tables that {@link #arrivesInDrops arrive in daily drops} carry the ds of
   * the drop their file came from ({@code <table>/ds=YYYY-MM-DD/}), null for a file outside drops.
   */
  public static final String DROP_DS = "drop_ds";

  /**
   * The partition column of the bronze tables that {@link #arrivesInDrops arrive in daily drops}:
   * the UTC date of the row's event time. They are event stores (each event once, whichever runs
   * and drops carried it), not copies per ds.
   */
  public static final String EVENT_DATE = "event_date";

  /**
   * One term of the order that picks, among rows sharing a key, the one that survives (the first).
   *
   * @param column the column compared
   * @param descending larger values first
   * @param nullsFirst a null comes before any value
   */
  public record OrderTerm(String column, boolean descending, boolean nullsFirst) {}

  private final String tableName;
  private final boolean requiredTable;
  private final List<String> keyColumns;
  private final String eventTimeColumn;
  private final String versionColumn;
  private final boolean freeText;
  private final List<ColumnSpec> columns;

  InputTable(
      String tableName,
      boolean requiredTable,
      List<String> keyColumns,
      String eventTimeColumn,
      String versionColumn,
      boolean freeText,
      List<ColumnSpec> columns) {
    this.tableName = tableName;
    this.requiredTable = requiredTable;
    this.keyColumns = keyColumns;
    this.eventTimeColumn = eventTimeColumn;
    this.versionColumn = versionColumn;
    this.freeText = freeText;
    this.columns = columns;
  }

  /** The sub-folder name under an input root, and the bronze table's name. */
  public String tableName() {
    return tableName;
  }

  /**
   * Whether an input root must hold this table (user_events, known_issues and assignments may be
   * absent).
   */
  public boolean isRequired() {
    return requiredTable;
  }

  /**
   * The columns whose repeats are one record (a repeated event_id is one event; for assignments,
   * one message and person); empty when every row is a record of its own.
   */
  public List<String> keyColumns() {
    return keyColumns;
  }

  /**
   * Whether the table's rows are events that may arrive as daily drops (the contract's "Daily
   * drops"), so that its bronze rows carry {@link #DROP_DS}. Snapshot tables (messages, users,
   * known issues) are taken whole each day.
   */
  public boolean arrivesInDrops() {
    return this == EXPOSURES || this == CONVERSATIONS || this == USER_EVENTS || this == ASSIGNMENTS;
  }

  /**
   * The key that makes a row of the bronze event store one event: {@link #keyColumns}, or for a
   * table without one (user_events) the whole row, so a product event that several drops carry is
   * stored once.
   */
  public List<String> storeKeyColumns() {
    return keyColumns.isEmpty() ? columnNames() : keyColumns;
  }

  /**
   * Which of several rows sharing a key survives, first term first: for tables that arrive in drops
   * the earliest drop (a file outside drops before any drop: every run reads it), so the first
   * drop's copy wins; then the latest version (the earliest where {@link #firstVersionWins the
   * first version wins}); then the smallest content, so the choice depends on the data alone and
   * never on file, partition or run order. (Rows equal in every typed column are the same row, so
   * no further tie-break is needed; maps have no order in Spark and are left out.)
   */
  public List<OrderTerm> survivorOrder() {
    List<OrderTerm> order = new java.util.ArrayList<>();
    if (arrivesInDrops()) {
      order.add(new OrderTerm(DROP_DS, false, true));
    }
    versionColumn().ifPresent(v -> order.add(new OrderTerm(v, !firstVersionWins(), false)));
    for (ColumnSpec spec : columns) {
      if (spec.kind() != Kind.STRING_MAP) {
        order.add(new OrderTerm(spec.name(), false, true));
      }
    }
    return List.copyOf(order);
  }

  /** For event tables, the time that places a row in a run's lookback window. */
  public Optional<String> eventTimeColumn() {
    return Optional.ofNullable(eventTimeColumn);
  }

  /**
   * Among rows sharing a key, the one with the latest value here is kept, or the earliest when
   * {@link #firstVersionWins}.
   */
  public Optional<String> versionColumn() {
    return Optional.ofNullable(versionColumn);
  }

  /**
   * Whether the earliest version of a key survives instead of the latest: a person keeps the first
   * arm a source gave them for a message (the contract), so a later row cannot move them.
   */
  public boolean firstVersionWins() {
    return this == ASSIGNMENTS;
  }

  /**
   * Whether rows before the lookback window are set aside. Assignments are not: an arm given months
   * ago still holds, and the table has one row per message and person, not per event.
   */
  public boolean cutToLookback() {
    return this != ASSIGNMENTS;
  }

  /**
   * Whether the event store keeps only events inside a lookback window (their drop's, or for files
   * outside drops the run's): exposures and conversations. user_events are kept whole, since the
   * per-person event history ({@code bronze_user_event_history}, what {@code event.X NEVER} reads)
   * is summarised from the store over all time; assignments, since an arm holds forever.
   */
  public boolean storedFromLookback() {
    return this == EXPOSURES || this == CONVERSATIONS;
  }

  /**
   * Tables with free-text columns (message copy, incident titles) may hold quoted line breaks in
   * CSV, so their CSV files are read whole (multiLine) instead of split by line.
   */
  public boolean hasFreeText() {
    return freeText;
  }

  public List<ColumnSpec> columns() {
    return columns;
  }

  public List<String> columnNames() {
    return columns.stream().map(ColumnSpec::name).toList();
  }

  /** The contract's columns, typed, as ingest normalises them. */
  public StructType contractSchema() {
    StructType schema = new StructType();
    for (ColumnSpec column : columns) {
      schema =
          schema.add(new StructField(column.name(), column.sparkType(), true, Metadata.empty()));
    }
    return schema;
  }

  /**
   * The bronze Delta table's schema: the contract's columns, typed; for tables that {@link
   * #arrivesInDrops arrive in drops} (event stores) plus {@link #DROP_DS} and the partition column
   * {@link #EVENT_DATE}, for snapshot tables plus the partition column {@code ds}.
   */
  public StructType bronzeSchema() {
    StructType schema = contractSchema();
    if (arrivesInDrops()) {
      return schema
          .add(DROP_DS, DataTypes.DateType, true)
          .add(EVENT_DATE, DataTypes.DateType, true);
    }
    return schema.add(DS, DataTypes.DateType, false);
  }

  /**
   * The partition column of the bronze table: {@link #EVENT_DATE} for event stores, {@code ds} for
   * snapshot tables.
   */
  public String bronzePartitionColumn() {
    return arrivesInDrops() ? EVENT_DATE : DS;
  }

  /**
   * Delta table properties a bronze table is created with. Exposures, the largest, keep file
   * statistics on {@link #DROP_DS} only: every read of the store filters on it beside the
   * event-date partitions, and min/max of every column cost ingest ~12 s of CPU at 20 M exposures
   * (docs/benchmarks.md). Other tables are small and keep Delta's default.
   */
  public Map<String, String> bronzeTableProperties() {
    return this == EXPOSURES ? Map.of("delta.dataSkippingStatsColumns", DROP_DS) : Map.of();
  }

  public static Optional<InputTable> byName(String name) {
    for (InputTable table : values()) {
      if (table.tableName.equalsIgnoreCase(name)) {
        return Optional.of(table);
      }
    }
    return Optional.empty();
  }
}
