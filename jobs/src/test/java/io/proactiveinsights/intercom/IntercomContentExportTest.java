package io.proactiveinsights.intercom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.intercom.ContentExport.Statistic;
import io.proactiveinsights.io.InputFiles;
import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.io.RawTableReader;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.ContentExportFixtures;
import io.proactiveinsights.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The content export's pure transforms, on the fixture export read from real gzipped CSVs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntercomContentExportTest {

  private static final String LEAD = "65a1c0ffee0002";

  private SparkSession spark;
  private ContentExportFiles.Listing listing;
  private ContentExportFiles.Content content;

  @BeforeAll
  void readFixture(@TempDir Path tmp) {
    spark = SharedSpark.session();
    Path root = ContentExportFixtures.extractedExport(tmp.resolve("in"), false);
    ContentExportFiles files = new ContentExportFiles(spark);
    listing = files.list(root.resolve("content").toString());
    content = files.read(listing);
  }

  @Test
  void filesAreSortedByWhatTheyHold() {
    assertThat(listing.receipts())
        .singleElement()
        .asString()
        .endsWith("receipts_20240430_120000.csv.gz");
    assertThat(listing.statistics()).containsOnlyKeys(Statistic.CLICK);
    assertThat(listing.unmapped()).containsOnlyKeys("unsubscribe");
    assertThat(content.unmappedFiles())
        .singleElement()
        .satisfies(f -> assertThat(f.rows()).isEqualTo(1));
    assertThat(content.files())
        .anySatisfy(
            f -> {
              assertThat(f.file()).endsWith("receipts_20240430_120000.csv.gz");
              assertThat(f.rows()).isEqualTo(7);
              // first_click is not used: the click file replaces it.
              assertThat(f.unmappedColumns())
                  .contains("email", "name", "node_id", "first_unsubscribe", "first_click")
                  .doesNotContain("first_open", "ruleset_id", "series_id", "series_title");
            })
        .anySatisfy(f -> assertThat(f.rows()).isEqualTo(4));
  }

  @Test
  void receiptsBecomeOneEventPerTimestampAndClicksComeFromTheClickFile() {
    Dataset<Row> receipts =
        IntercomIds.resolve(content.receipts(), List.of("user_external_id", "user_id"), null);
    List<String> events = render(ContentExport.exposures(receipts, content.statistics()));

    assertThat(events)
        .containsExactlyInAnyOrder(
            "9100000001:received|31000001|u-1001|received|1714384800|",
            "9100000001:viewed|31000001|u-1001|viewed|1714384860|",
            "9100000001:clicked:1714384900|31000001|u-1001|clicked|1714384900|",
            "9100000001:clicked:1714384980|31000001|u-1001|clicked|2024-04-29T10:03:00Z|",
            "9100000002:received|31000001|" + LEAD + "|received|2024-04-29T11:00:00Z|",
            "9100000002:dismissed|31000001|" + LEAD + "|dismissed|2024-04-29T11:05:00+00:00|",
            "9100000003:received|31000002|u-1001|received|2024-04-28T09:00:00Z|",
            "9100000003:viewed|31000002|u-1001|viewed|2024-04-28T09:02:00Z|",
            "9100000003:replied|31000002|u-1001|replied|2024-04-28T09:10:00Z|",
            "9100000004:received|31000002|u-1003|received|1714381200|",
            "9100000004:viewed|31000002|u-1003|viewed|1714381260|",
            "9100000004:goal_completed|31000002|u-1003|goal_completed|1714384800|",
            "9100000005:received|31000003|u-1003|received|2024-04-27T15:00:00+02:00|",
            "9100000005:viewed|31000003|u-1003|viewed|2024-04-27T15:00:30+02:00|",
            "9100000005:completed|31000003|u-1003|completed|2024-04-27T15:04:00+02:00|",
            "9100000006:received|31000004|u-1001|received|1714294800|",
            "9100000006:viewed|31000004|u-1001|viewed|1714298400|",
            "9100000006:clicked:1714298460|31000004|u-1001|clicked|1714298460|",
            // The time has no offset: kept, for ingest to quarantine with its reason.
            "9100000007:received|31000003|" + LEAD + "|received|2024-04-29 10:00:00|",
            "9100009999:clicked:1714384900|null|null|clicked|1714384900|receipt_id: '9100009999' is"
                + " not in any receipts file of the export (a click of a delivery the export does"
                + " not hold; export a date range that covers the delivery)");
  }

  @Test
  void aRulesetWithTwoContentIdsGivesEachExposureItsVariantAndOthersNone() {
    Map<String, String> variantByEvent =
        byEvent(r -> Objects.toString(r.getAs(InputTable.VARIANT_ID)));

    // 31000002 is an A/B test (content 41000002 and 41000003, README): its events carry the
    // receipt's content_id. 31000001 delivered one content_id only (41000001), so its receipts
    // and the clicks joined to them from the click file have no variant.
    assertThat(variantByEvent)
        .containsEntry("9100000003:received", "41000002")
        .containsEntry("9100000003:replied", "41000002")
        .containsEntry("9100000004:received", "41000003")
        .containsEntry("9100000004:goal_completed", "41000003")
        .containsEntry("9100000001:received", "null")
        .containsEntry("9100000001:clicked:1714384900", "null")
        .containsEntry("9100000005:completed", "null");
  }

  @Test
  void aReceiptsSeriesIsOnEachOfItsExposuresAndMinusOneIsNone() {
    Map<String, String> seriesByEvent =
        byEvent(r -> r.getAs(InputTable.SERIES_ID) + "/" + r.getAs(InputTable.SERIES_TITLE));

    // 9100000005 was delivered in series 61000001 "Onboarding" (README): every event of it carries
    // the series. The others have series_id -1 and a blank title, Intercom's "not part of a
    // series": none, on their receipt events and on the clicks joined to them from the click file.
    assertThat(seriesByEvent)
        .containsEntry("9100000005:received", "61000001/Onboarding")
        .containsEntry("9100000005:viewed", "61000001/Onboarding")
        .containsEntry("9100000005:completed", "61000001/Onboarding")
        .containsEntry("9100000001:received", "null/null")
        .containsEntry("9100000001:clicked:1714384900", "null/null")
        .containsEntry("9100000003:replied", "null/null")
        .containsEntry("9100009999:clicked:1714384900", "null/null");
  }

  /** A value of each exposure of the fixture export, by event id. */
  private Map<String, String> byEvent(Function<Row, String> value) {
    Dataset<Row> receipts =
        IntercomIds.resolve(content.receipts(), List.of("user_external_id", "user_id"), null);
    return ContentExport.exposures(receipts, content.statistics()).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("event_id"), value));
  }

  @Test
  void withoutClickFilesTheReceiptsFirstClickIsTheClick() {
    Dataset<Row> receipts =
        IntercomIds.resolve(content.receipts(), List.of("user_external_id", "user_id"), null);
    List<String> clicks =
        render(ContentExport.exposures(receipts, Map.of()).where("event_type = 'clicked'"));
    assertThat(clicks)
        .containsExactlyInAnyOrder(
            "9100000001:clicked|31000001|u-1001|clicked|1714384900|",
            "9100000006:clicked|31000004|u-1001|clicked|1714298460|");
  }

  @Test
  void theCatalogueIsDerivedFromReceiptsAndTheMessagesFileWinsWhereItSaysSomething() {
    Path messagesFile = ContentExportFixtures.resource("enrichment/messages.csv");
    List<RawFrame> frames =
        new RawTableReader(spark)
            .read(
                InputTable.MESSAGES,
                InputFiles.listFolder(
                        spark.sparkContext().hadoopConfiguration(),
                        messagesFile.getParent().toString())
                    .files()
                    .stream()
                    .filter(f -> f.path().endsWith("messages.csv"))
                    .toList())
            .frames();
    Dataset<Row> given =
        IntercomInputSource.asText(frames.get(0), InputTable.MESSAGES.columnNames());

    Map<String, Row> byId =
        ContentExport.messages(ContentExport.catalogue(content.receipts()), given)
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> r.getAs("message_id"), r -> r));

    assertThat(byId).containsOnlyKeys("31000001", "31000002", "31000003", "31000004", "31000009");
    Row banner = byId.get("31000001");
    assertThat(
            fields(
                banner,
                "name",
                "type",
                "state",
                "frequency",
                "audience_rule",
                "topics",
                "known_issue_id",
                "style",
                "dismissible"))
        .containsExactly(
            "Billing is delayed today",
            "banner",
            "live",
            "once",
            "plan = 'pro'",
            "billing;outage",
            "inc-42",
            "warning",
            "true");
    // First and last receipt: 2024-04-29T10:00Z and 11:00Z, one version: created, updated and
    // live since the first (a receipt is not an edit).
    assertThat(fields(banner, "created_at", "updated_at", "live_since"))
        .containsExactly("1714384800.000000", "1714384800.000000", "1714384800.000000");
    assertThat(banner.<String>getAs(RawFrame.SOURCE_FILE)).endsWith("messages.csv");

    Row post = byId.get("31000002");
    assertThat(
            fields(
                post,
                "name",
                "type",
                "state",
                "frequency",
                "audience_rule",
                "created_at",
                "updated_at"))
        .containsExactly(
            "Reports are here (v2)",
            "post",
            "live",
            "once",
            "everyone",
            "1714294800.000000",
            "1714381200.000000");
    assertThat(post.<String>getAs(RawFrame.PARSE_ERROR)).isNull();
    assertThat(post.<String>getAs(RawFrame.RAW_RECORD)).contains("\"receipts\":2");

    assertThat(fields(byId.get("31000003"), "type", "created_at"))
        .containsExactly("product_tour", "1714222800.000000");
    assertThat(byId.get("31000004").<String>getAs(RawFrame.PARSE_ERROR))
        .startsWith(
            "type: Intercom content_type 'email' is sent outside the product and has no in-app"
                + " message type");
    assertThat(fields(byId.get("31000009"), "name", "type", "state"))
        .containsExactly("Finish setting up reports", "checklist", "draft");
  }

  @Test
  void contentTypesMapToTheContractsFormatsAndUnknownOnesAreNotGuessed() {
    Dataset<Row> receipts =
        asRead(
            spark.sql(
                "SELECT * FROM VALUES ('r1','m1','Product Tour','1714384800'),"
                    + " ('r2','m2','carousel','1714384800'), ('r3','m3','custom_bot','1714384800')"
                    + " AS t(receipt_id, ruleset_id, content_type, received_at)"));
    Map<String, Row> byId =
        ContentExport.messages(ContentExport.catalogue(receipts), null).collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getAs("message_id"), r -> r));
    assertThat(byId.get("m1").<String>getAs("type")).isEqualTo("product_tour");
    assertThat(byId.get("m2").<String>getAs("type")).isEqualTo("mobile_carousel");
    assertThat(byId.get("m2").<String>getAs("name")).as("untitled").isEqualTo("carousel m2");
    assertThat(byId.get("m3").<String>getAs(RawFrame.PARSE_ERROR))
        .startsWith(
            "type: Intercom content_type 'custom_bot' has no equivalent among banner, carousel,"
                + " chat");
  }

  @Test
  void stateEditsAndLaunchAreInferredFromTheReceiptsBeforeTheAsOfTime() {
    // As of 2024-05-01T00:00Z with intercom.paused_after_days = 7. m1: version v1 from 04-01,
    // edited into v2, first received 04-20, still sent on 04-30. m2: last sent 04-20, 11 days
    // before: paused. m3: no versions in the export; one receipt after the as-of time. m4: first
    // sent after it: what it is is known, and it is not paused (not sent yet).
    Dataset<Row> receipts =
        asRead(
            spark.sql(
                "SELECT * FROM VALUES"
                    + " ('r1','m1','v1','post','2024-04-01T10:00:00Z'),"
                    + " ('r2','m1','v1','post','2024-04-25T10:00:00Z'),"
                    + " ('r3','m1','v2','post','2024-04-20T10:00:00Z'),"
                    + " ('r4','m1','v2','post','2024-04-30T10:00:00Z'),"
                    + " ('r5','m2','w1','chat','2024-04-10T10:00:00Z'),"
                    + " ('r6','m2','w1','chat','2024-04-20T10:00:00Z'),"
                    + " ('r7','m3',NULL,'banner','2024-04-28T10:00:00Z'),"
                    + " ('r8','m3',NULL,'banner','2024-05-03T10:00:00Z'),"
                    + " ('r9','m4','x1','tooltip','2024-05-05T10:00:00Z')"
                    + " AS t(receipt_id, ruleset_id, ruleset_version_id, content_type,"
                    + " received_at)"));
    Map<String, Row> byId =
        ContentExport.catalogue(receipts, java.time.Instant.parse("2024-05-01T00:00:00Z"), 7)
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> r.getAs("message_id"), r -> r));

    Row m1 = byId.get("m1");
    assertThat(m1.<String>getAs("state")).isEqualTo("live");
    assertThat(m1.<String>getAs("created_at")).as("04-01 10:00").isEqualTo("1711965600.000000");
    assertThat(m1.<String>getAs("updated_at"))
        .as("v2's first receipt, 04-20 10:00")
        .isEqualTo("1713607200.000000");
    assertThat(m1.<String>getAs("live_since")).isEqualTo("1713607200.000000");
    assertThat(m1.<String>getAs("paused_at")).isNull();
    assertThat(m1.<String>getAs(RawFrame.RAW_RECORD))
        .contains("\"current_ruleset_version_id\":\"v2\"", "\"versions\":2");

    Row m2 = byId.get("m2");
    assertThat(m2.<String>getAs("state")).isEqualTo("paused");
    assertThat(m2.<String>getAs("paused_at")).as("its last receipt").isEqualTo("1713607200.000000");
    assertThat(m2.<String>getAs(RawFrame.RAW_RECORD)).contains("intercom.paused_after_days");

    Row m4 = byId.get("m4");
    assertThat(m4.<String>getAs("type")).isEqualTo("tooltip");
    assertThat(m4.<String>getAs("state")).isEqualTo("live");
    assertThat(m4.<String>getAs("live_since")).as("05-05 10:00").isEqualTo("1714903200.000000");

    Row m3 = byId.get("m3");
    assertThat(m3.<String>getAs("state")).isEqualTo("live");
    assertThat(m3.<String>getAs("updated_at"))
        .as("no versions: its first receipt, 04-28 10:00")
        .isEqualTo("1714298400.000000");
    assertThat(m3.<String>getAs(RawFrame.RAW_RECORD))
        .as("the receipt after the as-of time does not count as sent")
        .contains("\"receipts\":2", "\"receipts_before_as_of\":1");
  }

  @Test
  void minusOneIsNoneOnlyWhereIntercomDocumentsIt() {
    Dataset<Row> row =
        spark.sql(
            "SELECT '-1' AS company_id, ' -1 ' AS series_id, '-1' AS user_external_id,"
                + " '-1' AS ruleset_id, '' AS user_id");

    assertThat(
            row.select(
                    ContentExport.id("company_id"),
                    ContentExport.id("series_id"),
                    ContentExport.id("user_external_id"),
                    ContentExport.id("ruleset_id"),
                    ContentExport.id("user_id"))
                .first()
                .toString())
        .as("company_id and series_id: -1 is none; other ids are taken as given; blank is none")
        .isEqualTo("[null,null,-1,-1,null]");
  }

  @Test
  void fileNamesGiveTheStatistic() {
    assertThat(ContentExport.filePrefix("click_20240430_120000.csv.gz")).isEqualTo("click");
    assertThat(ContentExport.filePrefix("goal_success_20240430_120000.csv"))
        .isEqualTo("goal_success");
    assertThat(ContentExport.filePrefix("receipts.csv")).isEqualTo("receipts");
    assertThat(Statistic.byFilePrefix("clicks")).contains(Statistic.CLICK);
    assertThat(Statistic.byFilePrefix("unsubscribe")).isEmpty();
  }

  @Test
  void aReceiptsFileWithoutItsKeyColumnsIsAUsageErrorNamingFileAndColumn(@TempDir Path tmp)
      throws IOException {
    Path file = tmp.resolve("receipts_1.csv");
    Files.writeString(file, "user_id,received_at\nu1,1714384800\n");
    ContentExportFiles files = new ContentExportFiles(spark);
    assertThatThrownBy(() -> files.read(files.list(tmp.toString())))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("receipts_1.csv")
        .hasMessageContaining("has no receipt_id column");
  }

  private static List<String> render(Dataset<Row> exposures) {
    return exposures.collectAsList().stream()
        .map(
            r ->
                String.join(
                    "|",
                    r.<String>getAs("event_id"),
                    Objects.toString(r.getAs("message_id")),
                    Objects.toString(r.getAs("user_id")),
                    r.<String>getAs("event_type"),
                    r.<String>getAs("occurred_at"),
                    Objects.toString(r.getAs(RawFrame.PARSE_ERROR), "")))
        .toList();
  }

  private static List<String> fields(Row row, String... names) {
    return java.util.Arrays.stream(names).map(n -> Objects.toString(row.getAs(n))).toList();
  }

  /** Rows as the raw reader gives them: from file f, every row parsed. */
  private static Dataset<Row> asRead(Dataset<Row> rows) {
    return rows.selectExpr(
        "*", "'f' AS _source_file", "'{}' AS _raw_record", "CAST(NULL AS STRING) AS _parse_error");
  }
}
