package io.proactiveinsights.intercom;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_json;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.intercom.ContentExport.Statistic;
import io.proactiveinsights.intercom.MappedEntity.FileReport;
import io.proactiveinsights.io.ContractInputSource;
import io.proactiveinsights.io.InputFiles;
import io.proactiveinsights.io.InputFormat;
import io.proactiveinsights.io.InputSource;
import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.schema.InputTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
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
 *   <li>{@code messages/}, {@code known_issues/} (optional): contract-shaped files; a messages file
 *       overrides the derived catalogue per message;
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

  private static final List<String> EXPOSURE_COLUMNS =
      InputTable.EXPOSURES.columnNames().subList(0, 5);

  private final SparkSession spark;
  private final ProactiveConfig config;
  private final String inputRoot;
  private final ContractInputSource contractShaped;

  private final List<FileReport> fileReports = new ArrayList<>();
  private final List<FileReport> unmappedFiles = new ArrayList<>();
  private final List<String> ignored = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<String, Object> userIds = new LinkedHashMap<>();
  private List<Map<String, Object>> extracted = List.of();
  private ContentExportFiles.Listing listing;
  private ContentExportFiles.Content content;
  private SourceTable messagesTable;
  private MappedEntity contacts;
  private boolean contactsRead;
  private int contactFiles;

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
    return switch (table) {
      case MESSAGES -> messages();
      case EXPOSURES -> exposures();
      case USERS -> users();
      case CONVERSATIONS ->
          entityTable(
              table,
              CONVERSATIONS,
              files -> IntercomEntities.conversations(spark, files, config.intercom()));
      case USER_EVENTS ->
          entityTable(table, DATA_EVENTS, files -> IntercomEntities.dataEvents(spark, files));
      case KNOWN_ISSUES -> contractShaped.read(table);
    };
  }

  // ---- content export: exposures and messages ----

  private ContentExportFiles.Content content() {
    if (content == null) {
      ContentExportFiles files = new ContentExportFiles(spark);
      listing = files.list(folder(CONTENT));
      extracted = listing.extracted();
      ignored.addAll(listing.ignored());
      content = files.read(listing);
      fileReports.addAll(content.files());
      unmappedFiles.addAll(content.unmappedFiles());
      for (Statistic s : Statistic.values()) {
        if (!content.statistics().containsKey(s)) {
          continue;
        }
        notes.add(
            s.eventType().wire()
                + " events come from the "
                + s.filePrefix()
                + "_* files, not from receipts."
                + s.receiptsColumn());
      }
    }
    return content;
  }

  private SourceTable messages() {
    catalogue();
    return messagesTable;
  }

  /**
   * The merged catalogue, built once: messages are read first, and exposures need its rejections.
   */
  private Dataset<Row> catalogue() {
    if (messagesTable == null) {
      messagesTable = readMessages();
    }
    return messagesTable.frames().get(0).rows();
  }

  private SourceTable readMessages() {
    Dataset<Row> derived = ContentExport.catalogue(content().receipts());
    SourceTable given = contractShaped.read(InputTable.MESSAGES);
    Dataset<Row> givenRows = null;
    Set<String> unknown = new TreeSet<>();
    for (RawFrame frame : given.frames()) {
      Dataset<Row> text = asText(frame, InputTable.MESSAGES.columnNames());
      givenRows = givenRows == null ? text : givenRows.unionByName(text);
      unknown.addAll(frame.unknownColumns());
      fileReports.addAll(
          FileReports.ofRows(
              frame.rows(), frame.files(), "contract", List.copyOf(frame.unknownColumns())));
    }
    Dataset<Row> rows = ContentExport.messages(derived, givenRows);
    List<String> files = new ArrayList<>(listing.receipts());
    given.frames().forEach(f -> files.addAll(f.files()));
    return new SourceTable(
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
  }

  private SourceTable exposures() {
    ContentExportFiles.Content c = content();
    Dataset<Row> receipts =
        IntercomIds.resolve(
            c.receipts(),
            List.of(ContentExport.USER_EXTERNAL_ID, ContentExport.USER_ID),
            contactKeys());
    userIds.put(InputTable.EXPOSURES.tableName(), IntercomIds.counts(receipts));
    Dataset<Row> rows =
        ContentExport.withMessageTypeReasons(
            ContentExport.exposures(receipts, c.statistics()), catalogue());
    List<String> files = new ArrayList<>(listing.receipts());
    c.statistics().keySet().forEach(s -> files.addAll(listing.statistics().get(s)));
    Set<String> unmappedColumns = new TreeSet<>();
    c.files().forEach(f -> unmappedColumns.addAll(f.unmappedColumns()));
    return new SourceTable(
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
  }

  // ---- contacts, conversations, data events (IntercomEntities) ----

  private Dataset<Row> contactKeys() {
    if (!contactsRead) {
      contactsRead = true;
      List<String> files = files(CONTACTS);
      contactFiles = files.size();
      if (files.isEmpty()) {
        notes.add(
            "no contacts/ folder: users is empty and Intercom's user ids are kept as given (not"
                + " checked against contacts)");
      } else {
        contacts = IntercomEntities.contacts(spark, files, files(COMPANIES));
        fileReports.addAll(contacts.files());
      }
    }
    return contacts == null ? null : contacts.contactKeys();
  }

  private SourceTable users() {
    contactKeys();
    if (contacts == null) {
      return new SourceTable(folder(CONTACTS), 0, List.of(), List.of(emptyFrame()));
    }
    return new SourceTable(folder(CONTACTS), contactFiles, List.of(), contacts.frames());
  }

  private SourceTable entityTable(
      InputTable table, String folderName, Function<List<String>, MappedEntity> map) {
    List<String> files = files(folderName);
    if (files.isEmpty()) {
      notes.add("no " + folderName + "/ folder: " + table.tableName() + " is empty");
      return table.isRequired()
          ? new SourceTable(folder(folderName), 0, List.of(), List.of(emptyFrame()))
          : SourceTable.none(folder(folderName), List.of());
    }
    MappedEntity entity = map.apply(files);
    fileReports.addAll(entity.files());
    Dataset<Row> keys = contactKeys();
    List<RawFrame> frames = new ArrayList<>();
    Dataset<Row> allResolved = null;
    for (RawFrame frame : entity.frames()) {
      Dataset<Row> resolved = IntercomIds.resolveUserId(frame.rows(), keys);
      allResolved =
          allResolved == null
              ? resolved.select(IntercomIds.MATCH)
              : allResolved.unionByName(resolved.select(IntercomIds.MATCH));
      frames.add(
          new RawFrame(
              resolved,
              frame.format(),
              frame.files(),
              frame.presentColumns(),
              frame.unknownColumns()));
    }
    if (allResolved != null) {
      userIds.put(table.tableName(), IntercomIds.counts(allResolved));
    }
    return new SourceTable(folder(folderName), files.size(), List.of(), frames);
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

  @Override
  public Map<String, Object> report() {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("files", fileReports.stream().map(IntercomInputSource::fileEntry).toList());
    report.put(
        "unmapped_files", unmappedFiles.stream().map(IntercomInputSource::fileEntry).toList());
    report.put("ignored_files", List.copyOf(ignored));
    report.put("extracted", extracted);
    report.put("user_ids", userIds);
    report.put("contacts_given", contacts != null);
    report.put("notes", List.copyOf(notes));
    return report;
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

  /** The readable files of one export folder (any format IntercomEntities detects), sorted. */
  private List<String> files(String name) {
    if (!exists(name)) {
      return List.of();
    }
    InputFiles.Listing found =
        InputFiles.listFolder(spark.sparkContext().hadoopConfiguration(), folder(name));
    ignored.addAll(found.ignored());
    return found.files().stream().map(InputFiles.InputFile::path).toList();
  }
}
