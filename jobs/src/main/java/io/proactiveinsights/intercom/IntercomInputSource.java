package io.proactiveinsights.intercom;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.config.ProactiveConfig.IntercomSettings;
import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.intercom.ContentExport.Statistic;
import io.proactiveinsights.intercom.MappedEntity.FileReport;
import io.proactiveinsights.io.ContractInputSource;
import io.proactiveinsights.io.InputFiles;
import io.proactiveinsights.io.InputFormat;
import io.proactiveinsights.io.InputSource;
import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.UserEventHistoryColumns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * {@code --source intercom}: what Intercom and the common loaders export, mapped to the contract's
 * tables. The input root holds one folder per kind of export (docs/intercom.md):
 *
 * <ul>
 *   <li>{@code content/} (required): Intercom's content data export, the zip and/or its CSVs:
 *       exposures and the derived message catalogue ({@link ContentExport});
 *   <li>{@code messages/}, {@code known_issues/}, {@code assignments/} (optional): contract-shaped
 *       files; a messages file overrides the derived catalogue per message;
 *   <li>{@code contacts/} (+ {@code companies/}), {@code conversations/}, {@code data_events/}
 *       (optional): mapped by {@link IntercomEntities} to users, conversations and user_events;
 *   <li>without {@code contacts/} or {@code conversations/} the users or conversations table is
 *       empty (engagement metrics still work), and the report says so.
 * </ul>
 *
 * <p>Intercom's user references are resolved against the contacts ({@link IntercomIds}); the
 * mapping report ({@link #report()}) lists rows and unmapped columns per file and the id-join
 * counts per table.
 */
public final class IntercomInputSource implements InputSource {

  public static final String NAME = "intercom";

  public static final String CONTENT = "content";
  public static final String CONTACTS = "contacts";
  public static final String COMPANIES = "companies";
  public static final String CONVERSATIONS = "conversations";
  public static final String DATA_EVENTS = "data_events";

  /**
   * The exposures columns the content export gives: the five it always has, the variant and the
   * series.
   */
  private static final List<String> EXPOSURE_COLUMNS =
      Stream.concat(
              InputTable.EXPOSURES.columnNames().subList(0, 5).stream(),
              Stream.of(InputTable.VARIANT_ID, InputTable.SERIES_ID, InputTable.SERIES_TITLE))
          .toList();

  /** The tables with a share in the report, in the order it lists them (ingest's reading order). */
  private static final List<InputTable> REPORTED =
      List.of(
          InputTable.MESSAGES,
          InputTable.USERS,
          InputTable.EXPOSURES,
          InputTable.CONVERSATIONS,
          InputTable.USER_EVENTS);

  private final SparkSession spark;
  private final ProactiveConfig config;
  private final String inputRoot;
  private final ContractInputSource contractShaped;

  // Each part is a function of the input folder, computed once by whoever needs it first (a table,
  // another part or the report), so neither the rows nor the report depend on the reading order.
  /** The ds a run reads for; null when the tables are read for no run (every receipt used). */
  private LocalDate runDs;

  private final Once<ContentRead> content = new Once<>(this::readContent);
  private final Once<Contacts> contacts = new Once<>(this::readContacts);
  private final Once<TableRead> messages = new Once<>(this::readMessages);
  private final Once<TableRead> users = new Once<>(this::readUsers);
  private final Once<TableRead> exposures = new Once<>(this::readExposures);
  private final Once<TableRead> conversations = new Once<>(this::readConversations);
  private final Once<TableRead> userEvents = new Once<>(this::readUserEvents);

  public IntercomInputSource(SparkSession spark, ProactiveConfig config, String inputRoot) {
    this.spark = spark;
    this.config = config;
    this.inputRoot = inputRoot;
    this.contractShaped = new ContractInputSource(spark, inputRoot);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void requireRoot() {
    contractShaped.requireRoot();
    if (!exists(CONTENT)) {
      throw new UsageException(
          "Cannot ingest from Intercom: "
              + folder(CONTENT)
              + " does not exist (exposures come from Intercom's content data export: "
              + "put the zip as downloaded, or its extracted receipts_*.csv.gz files, in "
              + folder(CONTENT)
              + "; see docs/intercom.md)");
    }
  }

  @Override
  public SourceTable read(InputTable table) {
    return part(table).table();
  }

  /**
   * The table as a run for ds uses it: the derived catalogue's states and edits as of the end of ds
   * ({@link ContentExport#catalogue(Dataset, java.time.Instant, int)}), contract-shaped files of
   * drops up to ds. A source reads for one ds (each run opens its own).
   */
  @Override
  public SourceTable read(InputTable table, LocalDate ds) {
    if (runDs == null) {
      runDs = ds;
    } else if (!runDs.equals(ds)) {
      throw new IllegalStateException(
          "An Intercom input source reads for one ds: asked for " + runDs + " and then " + ds);
    }
    return read(table);
  }

  /** The contract-shaped files of a table, as of the run's ds when there is one. */
  private SourceTable contractShaped(InputTable table) {
    return runDs == null ? contractShaped.read(table) : contractShaped.read(table, runDs);
  }

  private TableRead part(InputTable table) {
    return switch (table) {
      case MESSAGES -> messages.get();
      case EXPOSURES -> exposures.get();
      case USERS -> users.get();
      case CONVERSATIONS -> conversations.get();
      case USER_EVENTS -> userEvents.get();
      case KNOWN_ISSUES, ASSIGNMENTS ->
          new TableRead(contractShaped(table), List.of(), List.of(), List.of(), null);
    };
  }

  /**
   * One table read from its files, and its share of the mapping report.
   *
   * @param files what each file gave
   * @param ignored files passed over in its folders
   * @param notes sentences for the report
   * @param userIds how its Intercom user references joined the contacts; null when it has none
   * @param figures per report column of its rows ({@link Figure}), how many rows have each value;
   *     empty for the tables without such columns
   */
  private record TableRead(
      SourceTable table,
      List<FileReport> files,
      List<String> ignored,
      List<String> notes,
      Map<String, Long> userIds,
      Map<String, Map<String, Long>> figures) {

    TableRead(
        SourceTable table,
        List<FileReport> files,
        List<String> ignored,
        List<String> notes,
        Map<String, Long> userIds) {
      this(table, files, ignored, notes, userIds, Map.of());
    }
  }

  /**
   * A column of a table's mapped rows that the report counts by value, and its values (each listed,
   * zero when none).
   */
  private record Figure(String column, List<String> values) {}

  /** Conversations: where their topics came from, and what the reply link found. */
  private static final List<Figure> CONVERSATION_FIGURES =
      List.of(
          new Figure(
              ConversationsMapping.TOPIC_SOURCE,
              Arrays.stream(ConversationsMapping.TopicSource.values())
                  .map(ConversationsMapping.TopicSource::wire)
                  .toList()),
          new Figure(
              ReplyLinks.REPLY_LINK,
              Arrays.stream(ReplyLinks.Link.values()).map(ReplyLinks.Link::wire).toList()));

  // ---- content export: exposures and messages ----

  /** The content export listed and read, and the report's notes on where statistics come from. */
  private record ContentRead(
      ContentExportFiles.Listing listing, ContentExportFiles.Content read, List<String> notes) {}

  private ContentRead readContent() {
    ContentExportFiles files = new ContentExportFiles(spark);
    ContentExportFiles.Listing listing = files.list(folder(CONTENT));
    ContentExportFiles.Content read = files.read(listing);
    List<String> notes = new ArrayList<>();
    for (Statistic s : Statistic.values()) {
      if (read.statistics().containsKey(s)) {
        notes.add(
            s.eventType().wire()
                + " events come from the "
                + s.filePrefix()
                + "_* files, not from receipts."
                + s.receiptsColumn());
      }
    }
    return new ContentRead(listing, read, List.copyOf(notes));
  }

  /** The merged catalogue: exposures need its rejections. */
  private Dataset<Row> catalogue() {
    return messages.get().table().frames().get(0).rows();
  }

  private TableRead readMessages() {
    ContentRead c = content.get();
    Dataset<Row> derived =
        runDs == null
            ? ContentExport.catalogue(c.read().receipts())
            : ContentExport.catalogue(
                c.read().receipts(), RunDate.of(runDs).asOf(), config.intercom().pausedAfterDays());
    SourceTable given = contractShaped(InputTable.MESSAGES);
    Dataset<Row> givenRows =
        given.frames().stream()
            .map(f -> asText(f, InputTable.MESSAGES.columnNames()))
            .reduce(Dataset::unionByName)
            .orElse(null);
    Set<String> unknown =
        given.frames().stream()
            .flatMap(f -> f.unknownColumns().stream())
            .collect(Collectors.toCollection(TreeSet::new));
    List<FileReport> reports =
        given.frames().stream()
            .flatMap(
                f ->
                    FileReports.ofRows(
                        f.rows(), f.files(), "contract", List.copyOf(f.unknownColumns()))
                        .stream())
            .toList();
    Dataset<Row> rows = ContentExport.messages(derived, givenRows);
    List<String> files =
        Stream.concat(
                c.listing().receipts().stream(),
                given.frames().stream().flatMap(f -> f.files().stream()))
            .toList();
    SourceTable table =
        new SourceTable(
            folder(CONTENT),
            files.size(),
            given.ignored(),
            List.of(
                new RawFrame(
                    rows,
                    InputFormat.CSV,
                    files,
                    new LinkedHashSet<>(InputTable.MESSAGES.columnNames()),
                    unknown)));
    return new TableRead(table, reports, List.of(), List.of(), null);
  }

  private TableRead readExposures() {
    ContentRead c = content.get();
    ContentExportFiles.Listing listing = c.listing();
    Dataset<Row> receipts =
        IntercomIds.resolve(
            c.read().receipts(),
            List.of(ContentExport.USER_EXTERNAL_ID, ContentExport.USER_ID),
            contacts.get().keys());
    Map<String, Long> userIds = IntercomIds.counts(receipts);
    Dataset<Row> rows =
        ContentExport.withMessageTypeReasons(
            ContentExport.exposures(receipts, c.read().statistics()), catalogue());
    List<String> files =
        Stream.concat(
                listing.receipts().stream(),
                c.read().statistics().keySet().stream()
                    .flatMap(s -> listing.statistics().get(s).stream()))
            .toList();
    Set<String> unmappedColumns =
        c.read().files().stream()
            .flatMap(f -> f.unmappedColumns().stream())
            .collect(Collectors.toCollection(TreeSet::new));
    SourceTable table =
        new SourceTable(
            folder(CONTENT),
            files.size(),
            listing.ignored(),
            List.of(
                new RawFrame(
                    rows,
                    InputFormat.CSV,
                    files,
                    new LinkedHashSet<>(EXPOSURE_COLUMNS),
                    unmappedColumns)));
    return new TableRead(table, List.of(), List.of(), List.of(), userIds);
  }

  // ---- contacts, conversations, data events (IntercomEntities) ----

  /**
   * The contacts given: their files, the files passed over in contacts/ and companies/, and the
   * mapped contacts (null when there are none).
   */
  private record Contacts(List<String> files, List<String> ignored, MappedEntity entity) {

    /** What Intercom's user references resolve against; null when no contacts were given. */
    Dataset<Row> keys() {
      return entity == null ? null : entity.contactKeys();
    }
  }

  private Contacts readContacts() {
    Folder found = folderFiles(CONTACTS);
    if (found.files().isEmpty()) {
      return new Contacts(found.files(), found.ignored(), null);
    }
    Folder companies = folderFiles(COMPANIES);
    List<String> ignored = new ArrayList<>(found.ignored());
    ignored.addAll(companies.ignored());
    return new Contacts(
        found.files(),
        List.copyOf(ignored),
        IntercomEntities.contacts(spark, found.files(), companies.files()));
  }

  private TableRead readUsers() {
    Contacts c = contacts.get();
    if (c.entity() == null) {
      return new TableRead(
          new SourceTable(folder(CONTACTS), 0, List.of(), List.of(emptyFrame())),
          List.of(),
          c.ignored(),
          List.of(
              "no contacts/ folder: users is empty and Intercom's user ids are kept as given (not"
                  + " checked against contacts)"),
          null);
    }
    return new TableRead(
        new SourceTable(folder(CONTACTS), c.files().size(), List.of(), c.entity().frames()),
        c.entity().files(),
        c.ignored(),
        List.of(),
        null);
  }

  /**
   * Conversations, linked to the message whose reply started them once their user ids are resolved
   * as the exposures' are ({@link ReplyLinks}).
   */
  private TableRead readConversations() {
    IntercomSettings settings = config.intercom();
    return readEntity(
        InputTable.CONVERSATIONS,
        CONVERSATIONS,
        files -> IntercomEntities.conversations(spark, files, settings),
        rows ->
            ReplyLinks.link(
                rows,
                exposures.get().table().frames().get(0).rows(),
                Duration.ofMinutes(settings.replyLinkMinutes()),
                settings.proactiveDeliveredAs()),
        CONVERSATION_FIGURES);
  }

  private TableRead readUserEvents() {
    return readEntity(
        InputTable.USER_EVENTS,
        DATA_EVENTS,
        files -> IntercomEntities.dataEvents(spark, files),
        UnaryOperator.identity(),
        List.of());
  }

  /**
   * @param resolved what is done to each frame's rows once their user ids are resolved
   * @param figures the columns of the rows the report counts by value
   */
  private TableRead readEntity(
      InputTable table,
      String folderName,
      Function<List<String>, MappedEntity> map,
      UnaryOperator<Dataset<Row>> resolved,
      List<Figure> figures) {
    Folder found = folderFiles(folderName);
    if (found.files().isEmpty()) {
      SourceTable none =
          table.isRequired()
              ? new SourceTable(folder(folderName), 0, List.of(), List.of(emptyFrame()))
              : SourceTable.none(folder(folderName), List.of());
      return new TableRead(
          none,
          List.of(),
          found.ignored(),
          List.of("no " + folderName + "/ folder: " + table.tableName() + " is empty"),
          null);
    }
    MappedEntity entity = map.apply(found.files());
    Dataset<Row> keys = contacts.get().keys();
    List<RawFrame> frames =
        entity.frames().stream()
            .map(
                f ->
                    new RawFrame(
                        resolved.apply(IntercomIds.resolveUserId(f.rows(), keys)),
                        f.format(),
                        f.files(),
                        f.presentColumns(),
                        f.unknownColumns()))
            .toList();
    // The report's figures in one aggregation: id matches and the table's own figures.
    List<String> grouped = new ArrayList<>(List.of(IntercomIds.MATCH));
    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    for (Figure figure : figures) {
      grouped.add(figure.column());
      counts.put(figure.column(), zeros(figure.values().stream()));
    }
    Map<String, Long> userIds = zeros(Arrays.stream(IntercomIds.Match.values()).map(Enum::name));
    Column[] grouping = grouped.stream().map(c -> col(c)).toArray(Column[]::new);
    frames.stream()
        .map(f -> f.rows().select(grouping))
        .reduce(Dataset::unionByName)
        .ifPresent(
            rows -> {
              for (Row r : rows.groupBy(grouping).count().collectAsList()) {
                long n = r.getLong(r.size() - 1);
                userIds.merge(r.getString(0), n, Long::sum);
                for (int i = 0; i < figures.size(); i++) {
                  counts.get(figures.get(i).column()).merge(r.getString(i + 1), n, Long::sum);
                }
              }
            });
    EventSummaries summaries = eventSummaries(entity, keys);
    return new TableRead(
        new SourceTable(
            folder(folderName),
            found.files().size(),
            List.of(),
            frames,
            List.of(),
            List.of(),
            summaries == null ? null : summaries.rows()),
        entity.files(),
        found.ignored(),
        summaries == null ? List.of() : summaries.notes(),
        frames.isEmpty() ? null : userIds,
        figures.isEmpty() ? Map.of() : counts);
  }

  /** Data events' summaries, their people resolved like the events', and what the report says. */
  private record EventSummaries(Dataset<Row> rows, List<String> notes) {}

  /**
   * The entity's {@code event.summary} rows with user_id resolved, or null when it has none. An
   * entry without an event name or a first time says nothing usable: it is counted in the report's
   * note and left out, like an entry naming nobody.
   */
  private static EventSummaries eventSummaries(MappedEntity entity, Dataset<Row> contactKeys) {
    if (entity.eventSummaries() == null) {
      return null;
    }
    Dataset<Row> resolved = IntercomIds.resolveUserId(entity.eventSummaries(), contactKeys);
    Column usable =
        col(UserEventHistoryColumns.USER_ID)
            .isNotNull()
            .and(col(UserEventHistoryColumns.EVENT_NAME).isNotNull())
            .and(col(UserEventHistoryColumns.FIRST_AT).isNotNull());
    Row counts = resolved.agg(count(lit(1)), sum(when(usable, 1L).otherwise(0L))).first();
    long entries = counts.getLong(0);
    if (entries == 0) {
      return null;
    }
    long used = counts.isNullAt(1) ? 0 : counts.getLong(1);
    List<String> notes =
        List.of(
            String.format(
                Locale.ROOT,
                "%d event summary entries (event.summary records: first and last time and count"
                    + " per person and event name, beyond the 90 days of the events list) were read"
                    + " for bronze_user_event_history (each counts from the first run whose as-of"
                    + " time is after its first time); %d without a person, an event name or a"
                    + " first time were left out",
                used,
                entries - used));
    Column[] historyColumns =
        Arrays.stream(UserEventHistoryColumns.SCHEMA.fieldNames())
            .map(c -> col(c))
            .toArray(Column[]::new);
    return new EventSummaries(resolved.where(usable).select(historyColumns), notes);
  }

  /** Each value with a zero count, in order: the report lists every value, zero when none. */
  private static Map<String, Long> zeros(Stream<String> values) {
    Map<String, Long> counts = new LinkedHashMap<>();
    values.forEach(v -> counts.put(v, 0L));
    return counts;
  }

  /** A table with no input: no rows, so ingest writes an empty partition instead of failing. */
  private RawFrame emptyFrame() {
    StructType schema =
        new StructType()
            .add(RawFrame.SOURCE_FILE, DataTypes.StringType)
            .add(RawFrame.RAW_RECORD, DataTypes.StringType)
            .add(RawFrame.PARSE_ERROR, DataTypes.StringType);
    return new RawFrame(
        spark.createDataFrame(List.of(), schema), InputFormat.CSV, List.of(), Set.of(), Set.of());
  }

  // ---- the mapping report ----

  /** The same whichever tables were read before, and in whatever order. */
  @Override
  public Map<String, Object> report() {
    ContentRead c = content.get();
    List<FileReport> files = new ArrayList<>(c.read().files());
    List<String> ignored = new ArrayList<>(c.listing().ignored());
    List<String> notes = new ArrayList<>(c.notes());
    Map<String, Object> userIds = new LinkedHashMap<>();
    Map<String, Map<String, Long>> figures = new LinkedHashMap<>();
    for (InputTable table : REPORTED) {
      TableRead part = part(table);
      files.addAll(part.files());
      ignored.addAll(part.ignored());
      notes.addAll(part.notes());
      if (part.userIds() != null) {
        userIds.put(table.tableName(), part.userIds());
      }
      figures.putAll(part.figures());
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("files", files.stream().map(IntercomInputSource::fileEntry).toList());
    report.put(
        "unmapped_files",
        c.read().unmappedFiles().stream().map(IntercomInputSource::fileEntry).toList());
    report.put("ignored_files", List.copyOf(ignored));
    report.put("extracted", c.listing().extracted());
    report.put("user_ids", userIds);
    report.put("contacts_given", contacts.get().entity() != null);
    if (figures.containsKey(ConversationsMapping.TOPIC_SOURCE)) {
      // Which of Intercom's classifications the conversations' topics are: the AI's, tags or the
      // custom attribute (intercom.topic_attribute), so a reader knows what impact compares.
      Map<String, Object> topics =
          new LinkedHashMap<>(figures.get(ConversationsMapping.TOPIC_SOURCE));
      topics.put("custom_attribute_name", config.intercom().topicAttribute());
      report.put("conversation_topics", topics);
      // How many conversations a reply linked to a message, and how many a proactive delivered_as
      // alone would once have called proactive: the share impact can attribute to messages.
      Map<String, Object> links = new LinkedHashMap<>(figures.get(ReplyLinks.REPLY_LINK));
      links.put("reply_link_minutes", config.intercom().replyLinkMinutes());
      report.put("conversation_sources", links);
    }
    report.put("message_fields", messageFieldSources());
    report.put("notes", List.copyOf(notes));
    return report;
  }

  /**
   * Per message of the catalogue, which of its fields came from the content export, which were
   * inferred from the receipts, which are defaults and which came from the messages file (fields
   * without a value are left out). One row per message: the catalogue is small.
   */
  private List<Map<String, Object>> messageFieldSources() {
    List<String> kinds =
        List.of(
            ContentExport.FROM_EXPORT,
            ContentExport.INFERRED,
            ContentExport.DEFAULT,
            ContentExport.FROM_MESSAGES_FILE);
    List<Map<String, Object>> messages = new ArrayList<>();
    for (Row row :
        catalogue()
            .select(col("message_id"), col(ContentExport.FIELD_SOURCES))
            .where(col("message_id").isNotNull())
            .orderBy("message_id")
            .collectAsList()) {
      Row sources = row.getStruct(1);
      Map<String, List<String>> byKind = new LinkedHashMap<>();
      kinds.forEach(k -> byKind.put(k, new ArrayList<>()));
      for (int i = 0; i < sources.size(); i++) {
        String kind = sources.isNullAt(i) ? null : sources.getString(i);
        if (kind != null) {
          byKind.get(kind).add(sources.schema().fields()[i].name());
        }
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("message_id", row.getString(0));
      byKind.forEach(entry::put);
      messages.add(entry);
    }
    return messages;
  }

  private static Map<String, Object> fileEntry(FileReport f) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("file", f.file());
    entry.put("shape", f.shape());
    entry.put("rows", f.rows());
    entry.put("unmapped_columns", f.unmappedColumns());
    // Always present, zero or empty when nothing applied, so a reader (or a script) checking a
    // Singer file's skipped lines or a Fivetran table's superseded versions need not guess.
    entry.put("skipped_lines", f.skippedLines());
    entry.put("superseded_rows", f.supersededRows());
    entry.put("notes", f.notes());
    return entry;
  }

  // ---- helpers ----

  /**
   * A contract-shaped frame as text: each contract column the file has, in the form the normaliser
   * reads back (timestamps as epoch seconds, lists and maps as JSON), so it can stand in for a
   * derived value; the others null.
   */
  static Dataset<Row> asText(RawFrame frame, List<String> columns) {
    StructType schema = frame.rows().schema();
    List<Column> out = new ArrayList<>();
    for (String name : columns) {
      if (!frame.presentColumns().contains(name)) {
        out.add(lit(null).cast(DataTypes.StringType).as(name));
        continue;
      }
      DataType type = schema.apply(name).dataType();
      Column c = col(name);
      Column text;
      if (type instanceof TimestampType) {
        text = ContentExport.epochText(c);
      } else if (type instanceof ArrayType
          || type instanceof MapType
          || type instanceof StructType) {
        text = to_json(c);
      } else {
        text = c.cast(DataTypes.StringType);
      }
      out.add(text.as(name));
    }
    out.add(col(RawFrame.SOURCE_FILE));
    out.add(col(RawFrame.RAW_RECORD));
    out.add(col(RawFrame.PARSE_ERROR));
    return frame.rows().select(out.toArray(Column[]::new));
  }

  private String folder(String name) {
    return new Path(inputRoot, name).toString();
  }

  private boolean exists(String name) {
    Path p = new Path(inputRoot, name);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach " + p, e);
    }
  }

  /** A folder's readable files (any format IntercomEntities detects), sorted, and the others. */
  private record Folder(List<String> files, List<String> ignored) {}

  private Folder folderFiles(String name) {
    if (!exists(name)) {
      return new Folder(List.of(), List.of());
    }
    InputFiles.Listing found =
        InputFiles.listFolder(spark.sparkContext().hadoopConfiguration(), folder(name));
    return new Folder(
        found.files().stream().map(InputFiles.InputFile::path).toList(),
        List.copyOf(found.ignored()));
  }

  /** A value computed on first use and kept; a failed computation is tried again on next use. */
  private static final class Once<T> implements Supplier<T> {

    private Supplier<T> compute;
    private T value;

    Once(Supplier<T> compute) {
      this.compute = compute;
    }

    @Override
    public T get() {
      if (compute != null) {
        value = compute.get();
        compute = null;
      }
      return value;
    }
  }
}
