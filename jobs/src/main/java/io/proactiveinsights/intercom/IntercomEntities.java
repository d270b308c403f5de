package io.proactiveinsights.intercom;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;

import io.proactiveinsights.config.ProactiveConfig.IntercomSettings;
import io.proactiveinsights.intercom.MappedEntity.FileReport;
import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.schema.InputTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Contacts, companies, conversations and data events in each shape they reach us: Intercom's REST
 * API, Airbyte's {@code source-intercom}, Singer's {@code tap-intercom} and Fivetran's Intercom
 * connector, each detected from the file, mapped to the contract's users, conversations and
 * user_events.
 *
 * <p>Each entity is read in three steps: {@link ShapeDetector} tells each file's exporter, {@link
 * ExportRecords} turns every file into one JSON record per row, and the entity's mapping ({@link
 * ContactsMapping}, {@link ConversationsMapping}, {@link DataEventsMapping}) picks the contract's
 * fields out of it. API, Airbyte and Singer carry the same Intercom objects (Airbyte passes them
 * through, Singer de-nests a few lists), so one mapping serves the three; Fivetran's flat history
 * tables have their own. Columns come out as strings; {@link
 * io.proactiveinsights.ingest.InputNormalizer} types and checks them like any other input.
 */
public final class IntercomEntities {

  /**
   * Singer streams that carry contacts: tap-intercom's contacts, and the users/leads of its API 1.x
   * days.
   */
  private static final Set<String> CONTACT_STREAMS = Set.of("contacts", "users", "leads");

  private static final int UNJOINED_EXAMPLES = 5;

  private static final Set<String> CONTACT_COMPANY_LINK_FIELDS =
      Set.of("contact_id", "company_id", "contact_updated_at");

  /**
   * The mapping's columns that conversations carry past the contract's: where the topic came from,
   * and the delivered_as the reply link filters on.
   */
  private static final String[] REPORTED_CONVERSATION_COLUMNS = {
    ConversationsMapping.TOPIC_SOURCE, ConversationsMapping.DELIVERED_AS
  };

  private IntercomEntities() {}

  /** users from contacts (plus the plan from their company when companies files are given). */
  public static MappedEntity contacts(
      SparkSession spark, List<String> contactFiles, List<String> companyFiles) {
    Exports contacts = Exports.read(spark, contactFiles, CONTACT_STREAMS);
    Exports companies = Exports.read(spark, companyFiles, Set.of("companies"));
    Dataset<Row> links =
        contacts
            .fivetran(FivetranTable.CONTACT_COMPANY_HISTORY)
            .unionByName(companies.fivetran(FivetranTable.CONTACT_COMPANY_HISTORY));
    Dataset<Row> contactHistory =
        FivetranHistory.flagSuperseded(
            contacts.fivetran(FivetranTable.CONTACT_HISTORY), "id", "updated_at");
    Dataset<Row> companyHistory =
        FivetranHistory.flagSuperseded(
            companies.fivetran(FivetranTable.COMPANY_HISTORY), "id", "updated_at");

    Dataset<Row> plans =
        ContactsMapping.companyPlans(
            companies.nested(),
            companyHistory.where(col(FivetranHistory.SUPERSEDED).unary_$bang()));
    Dataset<Row> nested =
        ContactsMapping.withPlan(ContactsMapping.nested(contacts.nested()), plans);
    Dataset<Row> fivetran =
        ContactsMapping.withPlan(
            ContactsMapping.fivetran(
                contactHistory.where(col(FivetranHistory.SUPERSEDED).unary_$bang()), links),
            plans);

    Map<String, List<String>> notes =
        unjoinedCompanies(nested.unionByName(fivetran), !companyFiles.isEmpty());
    List<String> userColumns = InputTable.USERS.columnNames();
    List<FileReport> reports = new ArrayList<>();
    reports.addAll(
        FileReports.of(
            contacts.files(),
            withSuperseded(contacts.records(), FivetranTable.CONTACT_HISTORY, contactHistory),
            IntercomEntities::contactFields,
            notes));
    reports.addAll(
        FileReports.of(
            companies.files(),
            withSuperseded(companies.records(), FivetranTable.COMPANY_HISTORY, companyHistory),
            IntercomEntities::companyFields,
            Map.of()));

    Dataset<Row> contactKeys =
        nested
            .unionByName(fivetran)
            .where(col(ContactsMapping.CONTACT_ID).isNotNull())
            .select(ContactsMapping.CONTACT_ID, ContactsMapping.EXTERNAL_ID, "user_id");
    return new MappedEntity(
        frames(
            contacts,
            reports,
            InputTable.USERS,
            nested.select(JsonFields.frameColumns(userColumns)),
            fivetran.select(JsonFields.frameColumns(userColumns))),
        List.copyOf(reports),
        contactKeys);
  }

  /**
   * conversations, with topic and CSAT per {@code settings}; each row also says where its topic
   * came from ({@link ConversationsMapping#TOPIC_SOURCE}), for the report, and carries its
   * delivered_as ({@link ConversationsMapping#DELIVERED_AS}). source_message_id is null until
   * {@link ReplyLinks} links it, which needs the content export's replies.
   */
  public static MappedEntity conversations(
      SparkSession spark, List<String> files, IntercomSettings settings) {
    Exports exports = Exports.read(spark, files, Set.of("conversations"));
    Dataset<Row> history =
        FivetranHistory.flagSuperseded(
            exports.fivetran(FivetranTable.CONVERSATION_HISTORY), "id", "updated_at");
    Dataset<Row> nested = ConversationsMapping.nested(exports.nested(), settings);
    Dataset<Row> fivetran =
        ConversationsMapping.fivetran(
            history.where(col(FivetranHistory.SUPERSEDED).unary_$bang()),
            exports.fivetran(FivetranTable.CONVERSATION_TAG_HISTORY),
            exports.fivetran(FivetranTable.TAG),
            exports.fivetran(FivetranTable.CONVERSATION_CONTACT_HISTORY),
            settings);
    Set<String> fivetranFields = new HashSet<>(ConversationsMapping.FIVETRAN_FIELDS);
    fivetranFields.add(ConversationsMapping.fivetranTopicColumn(settings));
    Function<ExportFile, Predicate<String>> used =
        file -> conversationFields(file, fivetranFields)::contains;
    List<FileReport> reports =
        FileReports.of(
            exports.files(),
            withSuperseded(exports.records(), FivetranTable.CONVERSATION_HISTORY, history),
            used,
            Map.of());
    List<String> columns = InputTable.CONVERSATIONS.columnNames();
    return new MappedEntity(
        frames(
            exports,
            reports,
            InputTable.CONVERSATIONS,
            nested.select(JsonFields.frameColumns(columns, REPORTED_CONVERSATION_COLUMNS)),
            fivetran.select(JsonFields.frameColumns(columns, REPORTED_CONVERSATION_COLUMNS))),
        reports,
        null);
  }

  /** user_events from data events. */
  public static MappedEntity dataEvents(SparkSession spark, List<String> files) {
    Exports exports = Exports.read(spark, files, Set.of("events", "data_events"));
    // No exporter we know has a Fivetran data-events table, so Fivetran rows are mapped like the
    // others: their fields are missing and the normaliser quarantines them saying which.
    Dataset<Row> records =
        exports.records().where(col(ExportRecords.KIND).equalTo(ExportRecords.KIND_RECORD));
    Dataset<Row> mapped =
        DataEventsMapping.nested(records.where(DataEventsMapping.isSummary().unary_$bang()));
    Dataset<Row> summaries =
        DataEventsMapping.summaries(records.where(DataEventsMapping.isSummary()));
    List<String> columns = InputTable.USER_EVENTS.columnNames();
    List<FileReport> reports =
        FileReports.of(
            exports.files(), exports.records(), f -> DataEventsMapping.FIELDS::contains, Map.of());
    RawFrame frame =
        frame(
            exports.files(),
            reports,
            InputTable.USER_EVENTS,
            mapped.select(JsonFields.frameColumns(columns)));
    return new MappedEntity(frame == null ? List.of() : List.of(frame), reports, null, summaries);
  }

  private static Set<String> conversationFields(ExportFile file, Set<String> historyFields) {
    if (file.shape() != IntercomShape.FIVETRAN || file.fivetranTable() == null) {
      return ConversationsMapping.NESTED_FIELDS;
    }
    return switch (file.fivetranTable()) {
      case CONVERSATION_HISTORY -> historyFields;
      case CONVERSATION_TAG_HISTORY ->
          Set.of("conversation_id", "conversation_updated_at", "tag_id");
      case CONVERSATION_CONTACT_HISTORY ->
          Set.of("conversation_id", "conversation_updated_at", "contact_id");
      case TAG -> Set.of("id", "name");
      default -> Set.of();
    };
  }

  private static Predicate<String> contactFields(ExportFile file) {
    if (file.shape() != IntercomShape.FIVETRAN) {
      return ContactsMapping.NESTED_FIELDS::contains;
    }
    if (file.fivetranTable() == FivetranTable.CONTACT_COMPANY_HISTORY) {
      return CONTACT_COMPANY_LINK_FIELDS::contains;
    }
    // Fivetran's custom attribute columns all go to attributes.
    return field ->
        ContactsMapping.FIVETRAN_CONTACT_FIELDS.contains(field) || field.startsWith("custom_");
  }

  private static Predicate<String> companyFields(ExportFile file) {
    if (file.shape() != IntercomShape.FIVETRAN) {
      return ContactsMapping.NESTED_COMPANY_FIELDS::contains;
    }
    return file.fivetranTable() == FivetranTable.CONTACT_COMPANY_HISTORY
        ? CONTACT_COMPANY_LINK_FIELDS::contains
        : Set.of("id", "plan_name", "updated_at")::contains;
  }

  /** Notes for contact files whose contacts name a company no companies file has. */
  private static Map<String, List<String>> unjoinedCompanies(
      Dataset<Row> contacts, boolean companiesGiven) {
    Dataset<Row> unjoined =
        contacts
            .where(
                col(ContactsMapping.COMPANY_REF)
                    .isNotNull()
                    .and(col(ContactsMapping.COMPANY_KEY).isNull()))
            .groupBy(RawFrame.SOURCE_FILE)
            // Only the first few ids (sorted) leave Spark: the note quotes examples, not every id.
            .agg(
                count(lit(1)).as("n"),
                slice(sort_array(collect_set(ContactsMapping.COMPANY_REF)), 1, UNJOINED_EXAMPLES)
                    .as("ids"));
    Map<String, List<String>> notes = new HashMap<>();
    for (Row r : unjoined.collectAsList()) {
      List<String> ids = r.getList(2);
      String examples = String.join(", ", ids);
      String sentence =
          companiesGiven
              ? r.getLong(1)
                  + " contacts name a company that is in no companies file ("
                  + examples
                  + "); their plan is null"
              : r.getLong(1)
                  + " contacts name a company but no companies file was given ("
                  + examples
                  + "); their plan is null";
      notes.put(r.getString(0), List.of(sentence));
    }
    return notes;
  }

  /**
   * The records with the superseded flag of one history table's rows (false elsewhere), for the
   * report's count.
   */
  private static Dataset<Row> withSuperseded(
      Dataset<Row> records, FivetranTable table, Dataset<Row> flaggedHistory) {
    Dataset<Row> others =
        records
            .where(
                col(ExportRecords.TABLE)
                    .isNull()
                    .or(col(ExportRecords.TABLE).notEqual(table.tableName()))
                    .or(col(ExportRecords.KIND).notEqual(ExportRecords.KIND_RECORD)))
            .withColumn(FivetranHistory.SUPERSEDED, lit(false));
    return others.unionByName(flaggedHistory);
  }

  /** One frame for the API/Airbyte/Singer (and unrecognised) files, one for the Fivetran tables. */
  private static List<RawFrame> frames(
      Exports exports,
      List<FileReport> reports,
      InputTable table,
      Dataset<Row> nested,
      Dataset<Row> fivetran) {
    List<RawFrame> frames = new ArrayList<>();
    List<ExportFile> fivetranFiles =
        exports.files().stream()
            .filter(f -> f.shape() == IntercomShape.FIVETRAN && f.fivetranTable() != null)
            .toList();
    List<ExportFile> otherFiles =
        exports.files().stream().filter(f -> !fivetranFiles.contains(f)).toList();
    RawFrame nestedFrame = frame(otherFiles, reports, table, nested);
    RawFrame fivetranFrame = frame(fivetranFiles, reports, table, fivetran);
    Stream.of(nestedFrame, fivetranFrame).filter(f -> f != null).forEach(frames::add);
    return List.copyOf(frames);
  }

  /**
   * A frame over the given files' rows, or null when there are none. Every contract column is
   * present (as a string, null where the exporter had nothing); the format is the first file's,
   * since the rows were mapped from JSON text whatever the files' formats; the unknown columns are
   * the files' unmapped fields from their reports.
   */
  private static RawFrame frame(
      List<ExportFile> files, List<FileReport> reports, InputTable table, Dataset<Row> rows) {
    List<String> paths =
        files.stream().filter(f -> f.format() != null).map(ExportFile::path).toList();
    if (paths.isEmpty()) {
      return null;
    }
    Set<String> unknown = new TreeSet<>();
    reports.stream()
        .filter(r -> paths.contains(r.file()))
        .forEach(r -> unknown.addAll(r.unmappedColumns()));
    return new RawFrame(
        rows,
        files.stream().filter(f -> f.format() != null).findFirst().orElseThrow().format(),
        paths,
        new LinkedHashSet<>(table.columnNames()),
        unknown);
  }
}
