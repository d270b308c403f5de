package io.proactiveinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.ContentExportFixtures;
import io.proactiveinsights.testing.SharedSpark;
import io.proactiveinsights.testing.TableRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proactive ingest --source intercom} on the fixture content export (no contacts or
 * conversations yet): the bronze tables, the quarantine and the mapping report in the summary.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntercomIngestCliTest {

  private static final String DS = "2024-04-30";
  private static final String LEAD = "65a1c0ffee0002";

  /**
   * The accepted exposures, hand-checked against the fixture's README: event_id|user_id|event_type.
   */
  private static final List<String> ACCEPTED =
      List.of(
          "9100000001:clicked:1714384900|u-1001|clicked",
          "9100000001:clicked:1714384980|u-1001|clicked",
          "9100000001:received|u-1001|received",
          "9100000001:viewed|u-1001|viewed",
          "9100000002:dismissed|" + LEAD + "|dismissed",
          "9100000002:received|" + LEAD + "|received",
          "9100000003:received|u-1001|received",
          "9100000003:replied|u-1001|replied",
          "9100000003:viewed|u-1001|viewed",
          "9100000004:goal_completed|u-1003|goal_completed",
          "9100000004:received|u-1003|received",
          "9100000004:viewed|u-1003|viewed",
          "9100000005:completed|u-1003|completed",
          "9100000005:received|u-1003|received",
          "9100000005:viewed|u-1003|viewed");

  @TempDir Path tmp;
  private Warehouse warehouse;
  private CliRun run;

  /**
   * The whole pipeline on the extracted export: the ingest tests read its ingest stage, one test
   * the rest.
   */
  @BeforeAll
  void runThePipelineOnTheExtractedExport(@TempDir Path dir) {
    SharedSpark.session();
    Path input = ContentExportFixtures.extractedExport(dir.resolve("in"), true);
    warehouse = new Warehouse(dir.resolve("wh").toString());
    run =
        CliRun.runWithTestConf(
            "pipeline",
            "--source",
            "intercom",
            "--ds",
            DS,
            "--input",
            input.toString(),
            "--warehouse",
            warehouse.root());
  }

  private static CliRun ingest(Path input, Warehouse warehouse) {
    return CliRun.runWithTestConf(
        "ingest",
        "--source",
        "intercom",
        "--ds",
        DS,
        "--input",
        input.toString(),
        "--warehouse",
        warehouse.root());
  }

  @Test
  void exposuresAreTheReceiptsEventsAndTheClicks() {
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(exposures(warehouse)).containsExactlyElementsOf(ACCEPTED);
    JsonNode counts = run.summary().at("/details/ingest/tables/exposures");
    assertThat(counts.get("read").asLong()).isEqualTo(20);
    assertThat(counts.get("accepted").asLong()).isEqualTo(15);
    assertThat(counts.get("quarantined").asLong()).isEqualTo(5);
  }

  @Test
  void theCatalogueIsDerivedAndEnrichedAndTheEmailIsQuarantined() {
    List<String> messages =
        SharedSpark.session()
            .read()
            .format("delta")
            .load(warehouse.bronzePath(InputTable.MESSAGES))
            .where("ds = '" + DS + "'")
            .orderBy("message_id")
            .collectAsList()
            .stream()
            .map(
                r ->
                    String.join(
                        "|",
                        r.<String>getAs("message_id"),
                        r.<String>getAs("name"),
                        r.<String>getAs("type"),
                        r.<String>getAs("state"),
                        r.<String>getAs("audience_rule"),
                        String.join(";", r.<String>getList(r.fieldIndex("topics"))),
                        Objects.toString(r.getAs("known_issue_id")),
                        r.getAs("created_at").toString()))
            .toList();
    assertThat(messages)
        .containsExactly(
            "31000001|Billing is delayed today|banner|live|plan = 'pro'|billing;outage|inc-42|"
                + ts("2024-04-29 10:00:00"),
            "31000002|Reports are here (v2)|post|live|everyone||null|" + ts("2024-04-28 09:00:00"),
            "31000003|Set up your first report|product_tour|live|everyone||null|"
                + ts("2024-04-27 13:00:00"),
            "31000009|Finish setting up reports|checklist|draft|everyone|reports|null|"
                + ts("2024-04-20 08:00:00"));
  }

  @Test
  void quarantineNamesWhyEachRowWasRejected() {
    List<Row> rows =
        SharedSpark.session()
            .read()
            .format("delta")
            .load(warehouse.quarantinePath())
            .where("ds = '" + DS + "'")
            .collectAsList();
    List<String> reasons =
        rows.stream()
            .map(r -> r.<String>getAs("source_table") + ": " + r.<String>getAs("reason"))
            .toList();
    assertThat(reasons)
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith(
                        "messages: type: Intercom content_type 'email' is sent outside the"
                            + " product"))
        .anySatisfy(
            r ->
                assertThat(r)
                    .isEqualTo(
                        "exposures: occurred_at: '2024-04-29 10:00:00' has no UTC offset (add Z or"
                            + " an offset such as +02:00)"))
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith(
                        "exposures: receipt_id: '9100009999' is not in any receipts file of the"
                            + " export"))
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith(
                        "exposures: message_id: '31000004' is not counted: its Intercom"
                            + " content_type 'email' is sent outside the product"));
    // The e-mail's received, viewed and clicked events all carry that reason.
    assertThat(reasons).filteredOn(r -> r.contains("'31000004' is not counted")).hasSize(3);
    assertThat(rows)
        .filteredOn(r -> r.<String>getAs("reason").contains("9100009999"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.<String>getAs("source_file")).endsWith("click_20240430_120000.csv.gz");
              assertThat(r.<String>getAs("raw_record"))
                  .isEqualTo("{\"receipt_id\":\"9100009999\",\"clicked_at\":\"1714384900\"}");
            });
    assertThat(rows).hasSize(6);
  }

  @Test
  void theSummaryCarriesTheMappingReport() {
    JsonNode mapping = run.summary().at("/details/ingest/mapping");
    assertThat(run.summary().at("/details/ingest/source").asText()).isEqualTo("intercom");
    List<String> files = new ArrayList<>();
    mapping
        .get("files")
        .forEach(
            f ->
                files.add(
                    Path.of(f.get("file").asText()).getFileName()
                        + "="
                        + f.path("rows").asText("?")));
    assertThat(files)
        .contains(
            "receipts_20240430_120000.csv.gz=7",
            "click_20240430_120000.csv.gz=4",
            "messages.csv=2");
    assertThat(mapping.at("/unmapped_files/0/file").asText())
        .endsWith("unsubscribe_20240430_120000.csv.gz");
    assertThat(mapping.at("/unmapped_files/0/rows").asLong()).isEqualTo(1);
    assertThat(mapping.at("/files/0/unmapped_columns").toString())
        .contains("email", "first_unsubscribe");
    assertThat(mapping.at("/user_ids/exposures/not_checked").asLong()).isEqualTo(7);
    assertThat(mapping.get("contacts_given").asBoolean()).isFalse();
    assertThat(mapping.get("notes").toString())
        .contains("no contacts/ folder", "no conversations/ folder");
  }

  @Test
  void theZipAsDownloadedGivesTheSameRowsAndIsExtractedOnce() throws IOException {
    Path input = ContentExportFixtures.zippedExport(tmp.resolve("zipped"));
    Warehouse zipped = new Warehouse(tmp.resolve("wh").toString());
    CliRun first = ingest(input, zipped);
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(exposures(zipped)).containsAll(ACCEPTED);

    Path receipts =
        input.resolve(
            "content/_extracted/"
                + ContentExportFixtures.EXPORT_ZIP
                + "/receipts_20240430_120000.csv.gz");
    assertThat(receipts).exists();
    FileTime extractedAt = Files.getLastModifiedTime(receipts);
    assertThat(first.summary().at("/details/mapping/extracted/0/entries").asInt()).isEqualTo(3);

    CliRun again = ingest(input, zipped);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(Files.getLastModifiedTime(receipts))
        .as("not extracted again")
        .isEqualTo(extractedAt);
    assertThat(again.summary().at("/details/tables/exposures"))
        .isEqualTo(first.summary().at("/details/tables/exposures"));
  }

  @Test
  void aBrokenZipIsAUsageErrorNamingIt() throws IOException {
    Path content = Files.createDirectories(tmp.resolve("broken/content"));
    Files.writeString(content.resolve("export.zip"), "<html>Your download link has expired</html>");
    CliRun broken = ingest(tmp.resolve("broken"), new Warehouse(tmp.resolve("wh2").toString()));
    assertThat(broken.exitCode()).isEqualTo(2);
    assertThat(broken.err())
        .contains(
            "Cannot extract Intercom content export", "export.zip", "download the export again");
    assertThat(broken.summary().get("status").asText()).isEqualTo("usage_error");
  }

  @Test
  void aMissingContentFolderIsAUsageErrorNamingIt() throws IOException {
    Path input = Files.createDirectories(tmp.resolve("no-content/messages"));
    CliRun missing = ingest(input.getParent(), new Warehouse(tmp.resolve("wh3").toString()));
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("no-content/content does not exist", "content data export");
  }

  @Test
  void thePipelineRunsFromTheContentExportAlone() {
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.summary().get("job").asText()).isEqualTo("pipeline");
    // The banner over the trailing window: two receivers, one viewer who clicked twice, the lead
    // dismissed it.
    Row banner =
        SharedSpark.session()
            .read()
            .format("delta")
            .load(warehouse.path(Warehouse.MESSAGE_STATS))
            .where("ds = '" + DS + "' AND message_id = '31000001'")
            .collectAsList()
            .get(0);
    assertThat(
            List.of(
                banner.getAs("received"),
                banner.getAs("viewers"),
                banner.getAs("clicks"),
                banner.getAs("clickers"),
                banner.getAs("dismissers")))
        .map(v -> ((Number) v).longValue())
        .containsExactly(2L, 1L, 2L, 1L, 1L);
  }

  @Test
  void anAbTestsVariantsReachBronzeAndVariantStats() {
    assertThat(run.exitCode()).as(run.err()).isZero();
    SparkSession spark = SharedSpark.session();
    // 31000002 delivered content 41000002 (receipt 9100000003) and 41000003 (9100000004): an A/B
    // test; the other rulesets have one content_id each, so no variant.
    assertThat(
            spark
                .read()
                .format("delta")
                .load(warehouse.bronzePath(InputTable.EXPOSURES))
                .where("variant_id IS NOT NULL")
                .selectExpr("concat(event_id, ' ', message_id, ' ', variant_id)")
                .as(Encoders.STRING())
                .collectAsList())
        .containsExactlyInAnyOrder(
            "9100000003:received 31000002 41000002",
            "9100000003:viewed 31000002 41000002",
            "9100000003:replied 31000002 41000002",
            "9100000004:received 31000002 41000003",
            "9100000004:viewed 31000002 41000003",
            "9100000004:goal_completed 31000002 41000003");
    // A post is judged on ctr: one receiver and viewer each, nobody clicked. A tie on receivers
    // goes to the smaller id; equal rates (0 of 1 each) differ by 0 with p = 1.
    assertThat(
            spark
                .read()
                .format("delta")
                .load(warehouse.path(Warehouse.VARIANT_STATS))
                .where("ds = '" + DS + "'")
                .orderBy("variant_id")
                .selectExpr(
                    "concat_ws(' ', message_id, variant_id, receivers, primary_metric,"
                        + " primary_people, primary_base, is_reference, diff_vs_reference,"
                        + " p_value)")
                .as(Encoders.STRING())
                .collectAsList())
        .containsExactly(
            "31000002 41000002 1 ctr 0 1 true", "31000002 41000003 1 ctr 0 1 false 0.0 1.0");
  }

  @Test
  void aReceiptsSeriesReachesBronzeExposures() {
    assertThat(run.exitCode()).as(run.err()).isZero();
    // 9100000005 (31000003, a tour) was delivered in series 61000001 "Onboarding"; every other
    // receipt has series_id -1, Intercom's "not part of a series", and so no series.
    assertThat(
            SharedSpark.session()
                .read()
                .format("delta")
                .load(warehouse.bronzePath(InputTable.EXPOSURES))
                .where("series_id IS NOT NULL")
                .selectExpr("concat_ws(' ', event_id, message_id, series_id, series_title)")
                .as(Encoders.STRING())
                .collectAsList())
        .containsExactlyInAnyOrder(
            "9100000005:received 31000003 61000001 Onboarding",
            "9100000005:viewed 31000003 61000001 Onboarding",
            "9100000005:completed 31000003 61000001 Onboarding");
  }

  /**
   * Runs once branch intercom-b's REST fixtures are here (its contacts are the people of this
   * export): the receipts' ids are joined to contacts, by external id or by contact id. The data
   * events are the REST list (90 days) and Ada's {@code event.summary}, which reaches further back.
   */
  @Test
  void withContactsTheReceiptsIdsAreJoinedAndEventSummariesReachTheHistory() throws IOException {
    assumeTrue(
        ContentExportFixtures.class.getResource("/intercom/rest_api/contacts/contacts_page1.json")
            != null,
        "needs the REST API fixtures of docs/intercom-loaders.md");
    Path input = ContentExportFixtures.extractedExport(tmp.resolve("with-contacts"), true);
    for (String file :
        List.of(
            "contacts/contacts_page1.json",
            "companies/companies.jsonl.gz",
            "conversations/conversations_page1.json",
            "data_events/events_u-1001.json")) {
      Files.createDirectories(input.resolve(file).getParent());
      Files.copy(ContentExportFixtures.resource("rest_api/" + file), input.resolve(file));
    }
    Files.copy(
        ContentExportFixtures.resource("rest_api/event_summaries/summary_u-1001.json"),
        input.resolve("data_events/summary_u-1001.json"));
    Warehouse joined = new Warehouse(tmp.resolve("with-contacts-wh").toString());
    CliRun withContacts = ingest(input, joined);

    assertThat(withContacts.exitCode()).as(withContacts.err()).isZero();
    JsonNode ids = withContacts.summary().at("/details/mapping/user_ids/exposures");
    // u-1001 and u-1003 by their external ids (5 receipts); the lead, who has none, by contact id
    // (2).
    assertThat(ids.get("matched_by_external_id").asLong()).isEqualTo(5);
    assertThat(ids.get("matched_by_contact_id").asLong()).isEqualTo(2);
    assertThat(ids.get("unmatched").asLong()).isZero();
    assertThat(withContacts.summary().at("/details/mapping/contacts_given").asBoolean()).isTrue();
    assertThat(exposures(joined)).containsExactlyElementsOf(ACCEPTED);

    // By hand from the two files, as of 2024-05-01T00:00Z: Ada's invited-teammate is listed once
    // (2024-04-29T10:00, 1714384800) and summarised from 2023-06-01, 7 times: the summary's first
    // time and the larger count. upgraded-plan is only in the summary. Her opened-app was first
    // done
    // after the as-of time: left out. Her exported-report was last done after it: its first time is
    // the latest sure one, and its count (which includes the later events) is left out. Lee (no
    // external id: his contact id) is listed once (1714400000 = 2024-04-29T14:13:20). The entry
    // without a name is left out and counted in the report's note.
    assertThat(
            TableRows.sorted(
                SharedSpark.session()
                    .read()
                    .format("delta")
                    .load(joined.userEventHistoryPath())
                    .selectExpr(
                        "user_id",
                        "event_name",
                        "date_format(first_at, \"yyyy-MM-dd'T'HH:mm:ss\")",
                        "date_format(last_at, \"yyyy-MM-dd'T'HH:mm:ss\")",
                        "event_count")))
        .containsExactly(
            "[65a1c0ffee0002,exported-report,2024-04-29T14:13:20,2024-04-29T14:13:20,1]",
            "[u-1001,exported-report,2024-01-05T08:00:00,2024-01-05T08:00:00,null]",
            "[u-1001,invited-teammate,2023-06-01T09:00:00,2024-04-29T10:00:00,7]",
            "[u-1001,upgraded-plan,2023-09-10T12:00:00,2023-09-10T12:00:00,1]");
    assertThat(withContacts.summary().at("/details/mapping").toString())
        .contains("4 event summary entries")
        .contains("1 without a person, an event name or a first time were left out");
  }

  /**
   * The report says per file what was read but not mapped: Singer's SCHEMA and STATE lines are
   * skipped lines, a Fivetran history row replaced by a later version of its id is superseded.
   */
  @Test
  void theReportCountsSkippedLinesAndSupersededRowsPerFile() throws IOException {
    Path input = ContentExportFixtures.extractedExport(tmp.resolve("loaders"), true);
    copyFixture("singer/contacts/contacts.jsonl", input.resolve("contacts/contacts.jsonl"));
    for (String table :
        List.of(
            "conversation_history",
            "conversation_contact_history",
            "conversation_tag_history",
            "tag")) {
      copyFixture(
          "fivetran/conversations/" + table + ".csv",
          input.resolve("conversations/" + table + ".csv"));
    }
    CliRun loaders = ingest(input, new Warehouse(tmp.resolve("loaders-wh").toString()));

    assertThat(loaders.exitCode()).as(loaders.err()).isZero();
    List<String> files = new ArrayList<>();
    loaders
        .summary()
        .at("/details/mapping/files")
        .forEach(
            f ->
                files.add(
                    Path.of(f.get("file").asText()).getFileName()
                        + ": "
                        + f.get("shape").asText()
                        + " "
                        + f.get("rows").asLong()
                        + " rows, "
                        + f.get("skipped_lines").asLong()
                        + " skipped, "
                        + f.get("superseded_rows").asLong()
                        + " superseded, notes "
                        + f.get("notes")));
    assertThat(files)
        .contains(
            "contacts.jsonl: singer 4 rows, 2 skipped, 0 superseded, notes [\"2 contacts name a"
                + " company but no companies file was given (6601a0c0ffee0a01, 6601a0c0ffee0a09);"
                + " their plan is null\"]",
            "conversation_history.csv: fivetran 5 rows, 0 skipped, 1 superseded, notes []",
            "tag.csv: fivetran 3 rows, 0 skipped, 0 superseded, notes []");
  }

  private static void copyFixture(String resource, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(ContentExportFixtures.resource(resource), to);
  }

  /** What a run for DS reads of bronze exposures. */
  private static List<String> exposures(Warehouse warehouse) {
    return DeltaTables.readBronze(
            SharedSpark.session(),
            warehouse,
            InputTable.EXPOSURES,
            LocalDate.parse(DS),
            SharedSpark.config().ingest())
        .orderBy("event_id")
        .collectAsList()
        .stream()
        .map(
            r ->
                String.join(
                    "|",
                    r.<String>getAs("event_id"),
                    r.<String>getAs("user_id"),
                    r.<String>getAs("event_type")))
        .toList();
  }

  private static String ts(String utc) {
    return java.sql.Timestamp.from(
            java.time.LocalDateTime.parse(utc.replace(' ', 'T'))
                .toInstant(java.time.ZoneOffset.UTC))
        .toString();
  }
}
