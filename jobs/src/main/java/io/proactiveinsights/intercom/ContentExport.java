package io.proactiveinsights.intercom;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.ingest.InputNormalizer;
import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.Vocabulary.EventType;
import io.proactiveinsights.schema.Vocabulary.Frequency;
import io.proactiveinsights.schema.Vocabulary.MessageState;
import io.proactiveinsights.schema.Vocabulary.MessageType;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Intercom's content data export mapped onto the contract's {@code exposures} and {@code messages}.
 * Pure transforms over the export's CSV rows as read (every column a string under its header name,
 * plus {@link RawFrame#SOURCE_FILE}, {@link RawFrame#RAW_RECORD} and {@link RawFrame#PARSE_ERROR});
 * {@link ContentExportFiles} finds and reads the files.
 *
 * <p>Exposures: every receipt (one delivery) is a {@code received} event at {@code received_at};
 * its {@code first_*} timestamps are one event each ({@link Statistic}). Where the export holds a
 * file for a statistic ({@code click_*.csv}: one row per click), that file replaces the receipts'
 * {@code first_*} column, so nothing is counted twice; its rows are joined to their receipt for the
 * message and the person, and a row whose receipt is not in the export is kept and quarantined.
 * Every event carries its receipt's A/B variant ({@link InputTable#VARIANT_ID}) and series ({@code
 * series_id}, -1 as none, and {@code series_title}). Event ids are built from content ({@code
 * <receipt_id>:viewed}, {@code <receipt_id>:clicked:<epoch seconds>}), so a rerun or an overlapping
 * re-export repeats ids that ingest then counts once.
 *
 * <p>Messages: one per {@code ruleset_id}, named and typed after its latest receipt, created at its
 * first receipt, updated and live since the first receipt of its current version, paused when its
 * receipts stopped ({@link #catalogue(Dataset, Instant, int)}), with {@link #DEFAULT_FREQUENCY} and
 * {@link #DEFAULT_AUDIENCE_RULE} for what the export cannot say. A user's messages file, in the
 * contract's own columns, overrides any of them per message.
 */
public final class ContentExport {

  // The receipts file's columns (Intercom's spelling, including its "dismisall").
  public static final String USER_ID = "user_id";
  public static final String USER_EXTERNAL_ID = "user_external_id";
  public static final String RULESET_ID = "ruleset_id";
  public static final String CONTENT_TYPE = "content_type";
  public static final String CONTENT_TITLE = "content_title";
  public static final String RECEIPT_ID = "receipt_id";
  public static final String RECEIVED_AT = "received_at";
  public static final String RULESET_VERSION_ID = "ruleset_version_id";

  /** The A/B variant a receipt delivered: one per variant of a ruleset's content. */
  public static final String CONTENT_ID = "content_id";

  /** The receipts columns a file must have to be read at all. */
  public static final List<String> REQUIRED_RECEIPT_COLUMNS =
      List.of(RECEIPT_ID, RULESET_ID, RECEIVED_AT);

  /**
   * The column of a statistic file's rows that holds its own time ({@code clicked_at} and the
   * like).
   */
  public static final String STATISTIC_AT = "statistic_at";

  /** What the export cannot know about a message, until a messages file says otherwise. */
  public static final String DEFAULT_STATE = MessageState.LIVE.wire();

  public static final String DEFAULT_FREQUENCY = Frequency.ONCE.wire();
  public static final String DEFAULT_AUDIENCE_RULE = "everyone";

  public static final String COMPANY_ID = "company_id";
  public static final String SERIES_ID = "series_id";

  /** The name of the series a receipt's message was sent in; blank when not part of one. */
  public static final String SERIES_TITLE = "series_title";

  /**
   * The id columns where Intercom documents -1 as "none" (data_export_csv: company_id "Will return
   * -1 if no company is present", series_id "-1 if not part of a series"). Anywhere else -1 is an
   * id like any other: guessing it away could merge real people or messages.
   */
  static final Set<String> MINUS_ONE_MEANS_NONE = Set.of(COMPANY_ID, SERIES_ID);

  private static final String NO_ID = "-1";

  private static final String EVENT = "_event";
  private static final String VARIANT = "_variant";
  private static final String TESTED_RULESET = "_tested_ruleset";
  private static final String CONTENT_TYPE_GIVEN = "_intercom_content_type";

  /**
   * Per catalogue row, where each messages field's value came from (a struct with one string per
   * contract column, null when the field has no value): {@link #FROM_EXPORT}, {@link #INFERRED},
   * {@link #DEFAULT} or {@link #FROM_MESSAGES_FILE}. The mapping report lists it per message.
   */
  public static final String FIELD_SOURCES = "_field_sources";

  /** A value the content export states (the ruleset id, the content title and type). */
  public static final String FROM_EXPORT = "export";

  /** A value inferred from the receipts (state, times): see {@link #catalogue}. */
  public static final String INFERRED = "inferred";

  /** A value the export cannot give, set to the documented default (audience, frequency). */
  public static final String DEFAULT = "default";

  /** A value from the user's messages file, which wins over the rest. */
  public static final String FROM_MESSAGES_FILE = "messages_file";

  /**
   * The engagement statistics that are contract events: the receipts column that holds the first
   * one, and the prefix of the file that holds every one. The export's other statistics
   * (unsubscribes, bounces, series progress, survey answers, ...) are not engagement with an in-app
   * message; their files are reported as unmapped with their row counts.
   */
  public enum Statistic {
    OPEN(EventType.VIEWED, "first_open", "open"),
    CLICK(EventType.CLICKED, "first_click", "click"),
    DISMISSAL(EventType.DISMISSED, "first_dismisall", "dismissal"),
    REPLY(EventType.REPLIED, "first_reply", "reply"),
    COMPLETION(EventType.COMPLETED, "first_completion", "completion"),
    GOAL_SUCCESS(EventType.GOAL_COMPLETED, "first_goal_success", "goal_success");

    private final EventType eventType;
    private final String receiptsColumn;
    private final String filePrefix;

    Statistic(EventType eventType, String receiptsColumn, String filePrefix) {
      this.eventType = eventType;
      this.receiptsColumn = receiptsColumn;
      this.filePrefix = filePrefix;
    }

    public EventType eventType() {
      return eventType;
    }

    public String receiptsColumn() {
      return receiptsColumn;
    }

    public String filePrefix() {
      return filePrefix;
    }

    /** The statistic a file prefix ({@code click}, {@code clicks}) names, if it is one we map. */
    public static Optional<Statistic> byFilePrefix(String prefix) {
      return Arrays.stream(values())
          .filter(s -> prefix.equals(s.filePrefix) || prefix.equals(s.filePrefix + "s"))
          .findFirst();
    }
  }

  /** Intercom's content types with an in-app equivalent, by {@link #contentTypeKey}. */
  static final Map<String, MessageType> TYPE_BY_CONTENT_TYPE = typeByContentType();

  /** Content types Intercom delivers outside the product: no contract type fits them. */
  static final Set<String> NOT_IN_APP =
      Set.of("email", "push", "mobile_push", "push_notification", "sms", "whatsapp");

  private ContentExport() {}

  private static Map<String, MessageType> typeByContentType() {
    Map<String, MessageType> types = new LinkedHashMap<>();
    for (MessageType type : MessageType.values()) {
      types.put(type.wire(), type);
    }
    types.put("tour", MessageType.PRODUCT_TOUR);
    types.put("carousel", MessageType.MOBILE_CAROUSEL);
    types.put("tooltips", MessageType.TOOLTIP);
    types.put("tooltip_group", MessageType.TOOLTIP);
    return Map.copyOf(types);
  }

  /**
   * Intercom writes "Product tour", "product_tour" or "tour": compare lower-case with underscores.
   */
  static Column contentTypeKey(Column contentType) {
    return regexp_replace(lower(trim(contentType)), "[\\s-]+", "_");
  }

  /**
   * An id as given, or null when blank, or when -1 in a column where Intercom documents it as none
   * ({@link #MINUS_ONE_MEANS_NONE}).
   */
  static Column id(String column) {
    Column text = trim(col(column));
    Column none = text.equalTo(lit(""));
    if (MINUS_ONE_MEANS_NONE.contains(column)) {
      none = none.or(text.equalTo(lit(NO_ID)));
    }
    return when(none, lit(null).cast(DataTypes.StringType)).otherwise(text);
  }

  /** Blank text as null. */
  private static Column text(String column) {
    return nullif(trim(col(column)), lit(""));
  }

  /** An instant as epoch seconds with microseconds, text the normaliser reads back exactly. */
  static Column epochText(Column instant) {
    return unix_micros(instant)
        .cast(DataTypes.createDecimalType(24, 0))
        .divide(lit(1_000_000))
        .cast(DataTypes.createDecimalType(24, 6))
        .cast(DataTypes.StringType);
  }

  /**
   * Adds, as null strings, the columns a frame lacks (an export without a statistic leaves out its
   * column).
   */
  static Dataset<Row> withColumns(Dataset<Row> rows, List<String> columns) {
    Dataset<Row> out = rows;
    Set<String> present = Set.of(rows.columns());
    for (String c : columns) {
      if (!present.contains(c)) {
        out = out.withColumn(c, lit(null).cast(DataTypes.StringType));
      }
    }
    return out;
  }

  /**
   * The exposures of a content export.
   *
   * @param receipts the receipts rows, with {@link IntercomIds#RESOLVED_USER_ID} already resolved
   * @param statisticRows per statistic with files: its rows ({@link #RECEIPT_ID}, {@link
   *     #STATISTIC_AT} and the three raw columns); a statistic absent here is taken from the
   *     receipts' first_* column
   * @return rows with the contract's exposures columns (strings) and the three raw columns
   */
  public static Dataset<Row> exposures(
      Dataset<Row> receipts, Map<Statistic, Dataset<Row>> statisticRows) {
    List<String> needed =
        new ArrayList<>(
            List.of(
                USER_ID,
                USER_EXTERNAL_ID,
                CONTENT_TYPE,
                CONTENT_TITLE,
                CONTENT_ID,
                SERIES_ID,
                SERIES_TITLE));
    Arrays.stream(Statistic.values()).map(Statistic::receiptsColumn).forEach(needed::add);
    Dataset<Row> r = withVariant(withColumns(receipts, needed));

    List<Column> events = new ArrayList<>();
    events.add(event(EventType.RECEIVED, text(RECEIVED_AT)));
    for (Statistic s : Statistic.values()) {
      if (!statisticRows.containsKey(s)) {
        events.add(event(s.eventType(), text(s.receiptsColumn())));
      }
    }
    // Ids and the reason first, in their own step: the events below refer to both.
    Dataset<Row> withReason =
        r.withColumn("_receipt", id(RECEIPT_ID))
            .withColumn(
                "_error", coalesce(col(RawFrame.PARSE_ERROR), missingReceiptId(col("_receipt"))));
    // The received event stands for the receipt itself, so it is kept even when its time is
    // missing or the line is broken (it then carries the reason); the others only when they
    // happened.
    Column kept =
        filter(
            array(events.toArray(Column[]::new)),
            e ->
                e.getField("type")
                    .equalTo(lit(EventType.RECEIVED.wire()))
                    .or(e.getField("at").isNotNull().and(col("_error").isNull())));
    Dataset<Row> fromReceipts =
        withReason
            .withColumn(EVENT, explode(kept))
            .select(
                concat(col("_receipt"), lit(":"), col(EVENT).getField("type")).as("event_id"),
                id(RULESET_ID).as("message_id"),
                col(IntercomIds.RESOLVED_USER_ID).as("user_id"),
                col(EVENT).getField("type").as("event_type"),
                col(EVENT).getField("at").as("occurred_at"),
                col(VARIANT).as(InputTable.VARIANT_ID),
                id(SERIES_ID).as(InputTable.SERIES_ID),
                text(SERIES_TITLE).as(InputTable.SERIES_TITLE),
                col(RawFrame.SOURCE_FILE),
                col(RawFrame.RAW_RECORD),
                col("_error").as(RawFrame.PARSE_ERROR));

    Dataset<Row> all = fromReceipts;
    if (!statisticRows.isEmpty()) {
      Dataset<Row> byReceipt = receiptOwners(r);
      for (Map.Entry<Statistic, Dataset<Row>> e : statisticRows.entrySet()) {
        all = all.unionByName(statisticEvents(e.getValue(), byReceipt, e.getKey()));
      }
    }
    return all;
  }

  /**
   * The receipts with {@link #VARIANT}: the receipt's {@code content_id} when its ruleset has more
   * than one among the export's readable receipts (an A/B test: the variants share the ruleset and
   * differ in content), else null, so a message without variants has none. Counted over every file
   * read, so a variant seen only in another export job still makes the ruleset a test.
   */
  private static Dataset<Row> withVariant(Dataset<Row> receipts) {
    // The rulesets under test: a few rows, aggregated map-side and broadcast, so the receipts are
    // neither shuffled nor sorted for it.
    Dataset<Row> tested =
        receipts
            .where(col(RawFrame.PARSE_ERROR).isNull())
            .groupBy(id(RULESET_ID).as(TESTED_RULESET))
            .agg(countDistinct(id(CONTENT_ID)).as("_contents"))
            .where(col("_contents").gt(1))
            .select(col(TESTED_RULESET));
    return receipts
        .join(broadcast(tested), id(RULESET_ID).equalTo(col(TESTED_RULESET)), "left")
        .withColumn(VARIANT, when(col(TESTED_RULESET).isNotNull(), id(CONTENT_ID)))
        .drop(TESTED_RULESET);
  }

  private static Column event(EventType type, Column at) {
    return struct(lit(type.wire()).as("type"), at.as("at"));
  }

  private static Column missingReceiptId(Column receiptId) {
    return when(
        receiptId.isNull(),
        lit(
            "receipt_id: missing (every delivery in Intercom's export has one; without it its"
                + " events cannot be told apart)"));
  }

  /**
   * Each receipt's message and person. A receipt listed twice (the zip and its extracted files side
   * by side, overlapping exports) gives one owner, chosen by content, so a click is not doubled.
   */
  private static Dataset<Row> receiptOwners(Dataset<Row> receipts) {
    return receipts
        .where(col(RawFrame.PARSE_ERROR).isNull())
        .select(
            id(RECEIPT_ID).as("_owner_receipt"),
            struct(
                    id(RULESET_ID).as("message_id"),
                    col(IntercomIds.RESOLVED_USER_ID).as("user_id"),
                    col(VARIANT).as(InputTable.VARIANT_ID),
                    id(SERIES_ID).as(InputTable.SERIES_ID),
                    text(SERIES_TITLE).as(InputTable.SERIES_TITLE))
                .as("_owner"))
        .where(col("_owner_receipt").isNotNull())
        .groupBy("_owner_receipt")
        .agg(min("_owner").as("_owner"));
  }

  /** One event per row of a statistic file, placed on its receipt's message and person. */
  static Dataset<Row> statisticEvents(Dataset<Row> rows, Dataset<Row> owners, Statistic statistic) {
    Column receiptId = id(RECEIPT_ID);
    Column at = text(STATISTIC_AT);
    Column instant = InputNormalizer.parseTimestamp(at);
    String type = statistic.eventType().wire();
    Dataset<Row> joined =
        rows.withColumn("_receipt", receiptId)
            .join(owners, col("_receipt").equalTo(col("_owner_receipt")), "left");
    Column orphan =
        when(
            col("_receipt").isNotNull().and(col("_owner_receipt").isNull()),
            concat(
                lit("receipt_id: '"),
                col("_receipt"),
                lit(
                    "' is not in any receipts file of the export (a "
                        + statistic.filePrefix()
                        + " of a delivery the export does not hold; export a date range that covers"
                        + " the delivery)")));
    return joined.select(
        concat(
                col("_receipt"),
                lit(":" + type + ":"),
                coalesce(unix_seconds(instant).cast(DataTypes.StringType), at))
            .as("event_id"),
        col("_owner").getField("message_id").as("message_id"),
        col("_owner").getField("user_id").as("user_id"),
        lit(type).as("event_type"),
        at.as("occurred_at"),
        col("_owner").getField(InputTable.VARIANT_ID).as(InputTable.VARIANT_ID),
        col("_owner").getField(InputTable.SERIES_ID).as(InputTable.SERIES_ID),
        col("_owner").getField(InputTable.SERIES_TITLE).as(InputTable.SERIES_TITLE),
        col(RawFrame.SOURCE_FILE),
        col(RawFrame.RAW_RECORD),
        coalesce(col(RawFrame.PARSE_ERROR), missingReceiptId(col("_receipt")), orphan)
            .as(RawFrame.PARSE_ERROR));
  }

  /**
   * The message catalogue the receipts imply, with nothing inferred about state or edits: {@link
   * #catalogue(Dataset, Instant, int)} without an as-of time (every message live, every receipt
   * used).
   */
  public static Dataset<Row> catalogue(Dataset<Row> receipts) {
    return catalogue(receipts, null, 0);
  }

  /**
   * The message catalogue the receipts before {@code asOf} imply: one row per ruleset id, with the
   * contract's messages columns as text and {@code _intercom_content_type} the content type the
   * type came from. What the export does not say is inferred from the receipts:
   *
   * <ul>
   *   <li>{@code state}: {@code paused} when its last receipt is more than {@code pausedAfterDays}
   *       before {@code asOf} ({@code paused_at} is that receipt), else {@code live}. A message
   *       that stops being sent has been paused, or its audience has run out: either way it is not
   *       reaching anyone now.
   *   <li>{@code updated_at} and {@code live_since}: the first receipt of its current version, the
   *       {@code ruleset_version_id} first received last (Intercom starts a new version when the
   *       message is edited and set live again); the first receipt of all when the export has no
   *       versions.
   *   <li>{@code created_at}: its first receipt.
   * </ul>
   *
   * Each row's {@code _raw_record} says what it was derived from. A messages file overrides any of
   * it ({@link #messages}).
   *
   * @param asOf the run's as-of time: receipts at or after it say what a message is (title, type)
   *     but not when it was sent, edited or paused; null: every receipt, and every message live
   */
  public static Dataset<Row> catalogue(Dataset<Row> receipts, Instant asOf, int pausedAfterDays) {
    Dataset<Row> r =
        withColumns(receipts, List.of(CONTENT_TYPE, CONTENT_TITLE, RULESET_VERSION_ID));
    Column received = InputNormalizer.parseTimestamp(text(RECEIVED_AT));
    Column usable = col(RawFrame.PARSE_ERROR).isNull().and(id(RULESET_ID).isNotNull());
    // What a message is (its title, its type) comes from every receipt, as the export's files are
    // read whole by every run; when it was sent and edited, only from receipts before the as-of
    // time, so a backfill does not see later edits or pauses. A message not sent yet by then keeps
    // its first receipt's times (it is not live yet: live_since is after the run).
    Column before = asOf == null ? lit(true) : received.lt(lit(Timestamp.from(asOf)));
    // Per version first, then per message: two aggregations, no join.
    Dataset<Row> perVersion =
        r.where(usable)
            .select(
                id(RULESET_ID).as("message_id"),
                text(RULESET_VERSION_ID).as("_version"),
                received.as("_received"),
                when(before, received).as("_received_before"),
                // Ordered by time, then by content, so ties between receipts pick the same one
                // every run.
                struct(
                        received.as("at"),
                        text(CONTENT_TITLE).as("title"),
                        text(CONTENT_TYPE).as("content_type"),
                        col(RawFrame.SOURCE_FILE).as("file"))
                    .as("_receipt"))
            .groupBy("message_id", "_version")
            .agg(
                min("_received").as("_version_first"),
                max("_received_before").as("_version_last_before"),
                max("_receipt").as("_latest"),
                count(lit(1)).as("_receipts"),
                count("_received_before").as("_receipts_before"));
    Dataset<Row> perMessage =
        perVersion
            .groupBy("message_id")
            .agg(
                min("_version_first").as("_first"),
                max("_latest").as("_latest"),
                max("_version_last_before").as("_last_before"),
                sum("_receipts").as("_receipts"),
                sum("_receipts_before").as("_receipts_before"),
                count(when(col("_version_last_before").isNotNull(), lit(1))).as("_versions"),
                // The version first received last before the as-of time; ties by id, so every run
                // picks the same.
                max(when(
                        col("_version_last_before").isNotNull(),
                        struct(col("_version_first").as("at"), col("_version").as("id"))))
                    .as("_current"));
    Column contentType = col("_latest").getField("content_type");
    Column key = contentTypeKey(contentType);
    Column type = lit(null).cast(DataTypes.StringType);
    for (Map.Entry<String, MessageType> e : TYPE_BY_CONTENT_TYPE.entrySet()) {
      type = when(key.equalTo(lit(e.getKey())), lit(e.getValue().wire())).otherwise(type);
    }
    Column firstText = epochText(col("_first"));
    Column lastText = epochText(col("_latest").getField("at"));
    Column currentText = epochText(coalesce(col("_current").getField("at"), col("_first")));
    Column lastBeforeText = epochText(col("_last_before"));
    Column paused =
        asOf == null
            ? lit(false)
            : coalesce(
                col("_last_before")
                    .lt(lit(Timestamp.from(asOf.minus(Duration.ofDays(pausedAfterDays))))),
                lit(false));
    Column derivedFrom =
        to_json(
            struct(
                col("message_id").as(RULESET_ID),
                col("_latest").getField("title").as(CONTENT_TITLE),
                contentType.as(CONTENT_TYPE),
                firstText.as("first_received_at"),
                lastText.as("last_received_at"),
                col("_receipts").as("receipts"),
                col("_receipts_before").as("receipts_before_as_of"),
                col("_current").getField("id").as("current_" + RULESET_VERSION_ID),
                currentText.as("current_version_first_received_at"),
                col("_versions").as("versions"),
                when(
                        paused,
                        lit(
                            "paused: no receipt in the "
                                + pausedAfterDays
                                + " days before the as-of time (intercom.paused_after_days)"))
                    .as("state_inferred")));
    Map<String, Column> values = new LinkedHashMap<>();
    values.put("message_id", col("message_id"));
    // Untitled content still names a message the reader can find in Intercom, rather than losing it
    // to quarantine.
    values.put(
        "name",
        coalesce(
            col("_latest").getField("title"),
            concat(coalesce(contentType, lit("message")), lit(" "), col("message_id"))));
    values.put("type", type);
    values.put("state", when(paused, lit(MessageState.PAUSED.wire())).otherwise(DEFAULT_STATE));
    values.put("paused_at", when(paused, lastBeforeText));
    values.put("frequency", lit(DEFAULT_FREQUENCY));
    values.put("audience_rule", lit(DEFAULT_AUDIENCE_RULE));
    values.put("created_at", firstText);
    values.put("updated_at", currentText);
    // It has been delivered in its current form since then: the start of the before/after
    // comparison.
    values.put("live_since", currentText);
    Map<String, Column> sources = new LinkedHashMap<>();
    sources.put("message_id", lit(FROM_EXPORT));
    sources.put(
        "name", when(col("_latest").getField("title").isNull(), INFERRED).otherwise(FROM_EXPORT));
    sources.put("type", when(type.isNotNull(), FROM_EXPORT));
    sources.put("state", lit(INFERRED));
    sources.put("paused_at", when(paused, INFERRED));
    sources.put("frequency", lit(DEFAULT));
    sources.put("audience_rule", lit(DEFAULT));
    sources.put("created_at", lit(INFERRED));
    sources.put("updated_at", lit(INFERRED));
    sources.put("live_since", lit(INFERRED));
    List<Column> out = new ArrayList<>();
    List<Column> sourceFields = new ArrayList<>();
    for (String name : InputTable.MESSAGES.columnNames()) {
      out.add(values.getOrDefault(name, lit(null).cast(DataTypes.StringType)).as(name));
      sourceFields.add(sources.getOrDefault(name, lit(null).cast(DataTypes.StringType)).as(name));
    }
    out.add(struct(sourceFields.toArray(Column[]::new)).as(FIELD_SOURCES));
    out.add(contentType.as(CONTENT_TYPE_GIVEN));
    out.add(col("_latest").getField("file").as(RawFrame.SOURCE_FILE));
    out.add(derivedFrom.as(RawFrame.RAW_RECORD));
    return perMessage.select(out.toArray(Column[]::new));
  }

  /**
   * The catalogue: the derived one ({@link #catalogue}) with every non-blank value of the user's
   * messages file in its place, matched on message_id; messages only in the file are kept as given.
   * A message whose type is still unknown (an e-mail, or a content type we do not know) is kept
   * with a reason, so ingest quarantines it and its exposures instead of guessing a format.
   *
   * @param derived the output of {@link #catalogue}
   * @param given the messages file's rows, every contract column as text (missing ones null) plus
   *     the three raw columns; null when there is no messages file
   */
  public static Dataset<Row> messages(Dataset<Row> derived, Dataset<Row> given) {
    List<String> names = InputTable.MESSAGES.columnNames();
    Dataset<Row> merged;
    if (given == null) {
      merged = derived.withColumn(RawFrame.PARSE_ERROR, lit(null).cast(DataTypes.StringType));
    } else {
      Dataset<Row> d = derived.select(prefixed(derived.columns(), "d_"));
      Dataset<Row> g = given.select(prefixed(given.columns(), "g_"));
      Dataset<Row> joined =
          d.join(g, col("d_message_id").equalTo(col("g_message_id")), "full_outer");
      List<Column> out = new ArrayList<>();
      List<Column> sourceFields = new ArrayList<>();
      for (String name : names) {
        Column givenValue = nullif(trim(col("g_" + name)), lit(""));
        out.add(coalesce(givenValue, col("d_" + name)).as(name));
        Column derivedSource = col("d_" + FIELD_SOURCES).getField(name);
        // The id is the join key: the file names it, the export states it.
        Column source =
            name.equals("message_id")
                ? coalesce(derivedSource, lit(FROM_MESSAGES_FILE))
                : when(givenValue.isNotNull(), lit(FROM_MESSAGES_FILE)).otherwise(derivedSource);
        sourceFields.add(source.as(name));
      }
      out.add(struct(sourceFields.toArray(Column[]::new)).as(FIELD_SOURCES));
      out.add(col("d_" + CONTENT_TYPE_GIVEN).as(CONTENT_TYPE_GIVEN));
      out.add(
          coalesce(col("g_" + RawFrame.SOURCE_FILE), col("d_" + RawFrame.SOURCE_FILE))
              .as(RawFrame.SOURCE_FILE));
      out.add(
          coalesce(col("g_" + RawFrame.RAW_RECORD), col("d_" + RawFrame.RAW_RECORD))
              .as(RawFrame.RAW_RECORD));
      out.add(col("g_" + RawFrame.PARSE_ERROR).as(RawFrame.PARSE_ERROR));
      merged = joined.select(out.toArray(Column[]::new));
    }
    Column given0 = col(CONTENT_TYPE_GIVEN);
    Column key = contentTypeKey(given0);
    String fix = " (give the message a type in messages/ to include it; see docs/intercom.md)";
    Column typeError =
        when(
                col("type").isNull().and(given0.isNotNull()).and(key.isin(NOT_IN_APP.toArray())),
                concat(
                    lit("type: Intercom content_type '"),
                    given0,
                    lit("' is sent outside the product and has no in-app message type" + fix)))
            .when(
                col("type").isNull().and(given0.isNotNull()),
                concat(
                    lit("type: Intercom content_type '"),
                    given0,
                    lit(
                        "' has no equivalent among "
                            + String.join(", ", new TreeSet<>(TYPE_BY_CONTENT_TYPE.keySet()))
                            + fix)));
    List<Column> out = new ArrayList<>();
    names.forEach(n -> out.add(col(n)));
    out.add(col(FIELD_SOURCES));
    out.add(col(RawFrame.SOURCE_FILE));
    out.add(col(RawFrame.RAW_RECORD));
    out.add(coalesce(col(RawFrame.PARSE_ERROR), typeError).as(RawFrame.PARSE_ERROR));
    return merged.select(out.toArray(Column[]::new));
  }

  /**
   * Exposures of messages that {@link #messages} rejected for their type (an e-mail, a push) get
   * that reason too, instead of ingest's generic "not in the messages catalogue": the person
   * reading the quarantine then sees why at once.
   *
   * @param exposures the output of {@link #exposures}
   * @param messages the output of {@link #messages}
   */
  public static Dataset<Row> withMessageTypeReasons(Dataset<Row> exposures, Dataset<Row> messages) {
    Dataset<Row> rejected =
        messages
            .where(
                col(RawFrame.PARSE_ERROR).startsWith("type: ").and(col("message_id").isNotNull()))
            .groupBy(col("message_id").as("_rejected_id"))
            .agg(min(col(RawFrame.PARSE_ERROR)).as("_type_error"));
    Column reason =
        concat(
            lit("message_id: '"),
            col("message_id"),
            lit("' is not counted: its "),
            col("_type_error").substr(7, 1000));
    return exposures
        .join(rejected, col("message_id").equalTo(col("_rejected_id")), "left")
        .withColumn(
            RawFrame.PARSE_ERROR,
            coalesce(col(RawFrame.PARSE_ERROR), when(col("_rejected_id").isNotNull(), reason)))
        .drop("_rejected_id", "_type_error");
  }

  private static Column[] prefixed(String[] columns, String prefix) {
    return Arrays.stream(columns).map(c -> col(c).as(prefix + c)).toArray(Column[]::new);
  }

  /**
   * The file-name prefix of an export file: {@code click_20240430_120000.csv.gz} is {@code click}.
   */
  public static String filePrefix(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT).replaceFirst("(\\.csv)?(\\.gz)?$", "");
    return name.replaceFirst("_\\d.*$", "");
  }
}
