package io.proactiveinsights.ingest;

import static io.proactiveinsights.ingest.IngestFixtures.DS;
import static io.proactiveinsights.ingest.IngestFixtures.tableRows;
import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reruns and backfills against one warehouse, as an orchestrator runs them: D, D again, D-1, then
 * D-2 after the catalogue gained a message whose audience rule does not parse. Each step's tables
 * are kept as they stood, and each test looks at the steps it is about.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestIdempotenceTest {

  private Warehouse warehouse;
  private List<String> exposuresFirst;
  private List<String> messagesFirst;
  private List<String> quarantineFirst;
  private List<String> exposuresRerun;
  private List<String> messagesRerun;
  private List<String> quarantineRerun;
  private IngestResult second;
  private List<String> dRows;
  private IngestResult dayBefore;
  private List<String> dRowsAfterDayBefore;
  private List<String> dayBeforeRows;
  private IngestResult twoBack;

  @BeforeAll
  void ingestDThenRerunThenBackfill(@TempDir Path tmp) throws Exception {
    InputFolder input = IngestFixtures.writeAll(tmp.resolve("in"), "csv");
    warehouse = new Warehouse(tmp.resolve("wh").toString());

    IngestFixtures.ingest(input, warehouse, DS);
    exposuresFirst = tableRows(warehouse.bronzePath(InputTable.EXPOSURES));
    messagesFirst = tableRows(warehouse.bronzePath(InputTable.MESSAGES));
    quarantineFirst = tableRows(warehouse.quarantinePath());
    second = IngestFixtures.ingest(input, warehouse, DS);
    exposuresRerun = tableRows(warehouse.bronzePath(InputTable.EXPOSURES));
    messagesRerun = tableRows(warehouse.bronzePath(InputTable.MESSAGES));
    quarantineRerun = tableRows(warehouse.quarantinePath());

    dRows = rowsOf(warehouse, DS.toString());
    dayBefore = IngestFixtures.ingest(input, warehouse, DS.minusDays(1));
    dRowsAfterDayBefore = rowsOf(warehouse, DS.toString());
    dayBeforeRows = rowsOf(warehouse, DS.minusDays(1).toString());

    java.util.Map<String, Object> bad =
        new java.util.LinkedHashMap<>(io.proactiveinsights.testing.Rows.message("m_bad", "post"));
    bad.put("audience_rule", "plan = ");
    java.nio.file.Files.list(input.tableDir(InputTable.MESSAGES)).forEach(f -> f.toFile().delete());
    input.write(
        InputTable.MESSAGES,
        "messages.jsonl",
        List.of(
            io.proactiveinsights.testing.Rows.message("m1", "banner"),
            io.proactiveinsights.testing.Rows.message("m2", "product_tour"),
            bad));
    twoBack = IngestFixtures.ingest(input, warehouse, DS.minusDays(2));
  }

  @Test
  void rerunningTheSameDsLeavesIdenticalTables() {
    assertThat(exposuresRerun).isEqualTo(exposuresFirst).hasSize(4);
    assertThat(messagesRerun).isEqualTo(messagesFirst).hasSize(2);
    assertThat(quarantineRerun).isEqualTo(quarantineFirst);
    assertThat(second.tables().get("exposures").accepted()).isEqualTo(4);
    // Bronze exposures collect file statistics on user_key only (what metrics read); others keep
    // Delta's default.
    assertThat(tableProperties(warehouse.bronzePath(InputTable.EXPOSURES)))
        .containsEntry("delta.dataSkippingStatsColumns", InputTable.DROP_DS);
    assertThat(tableProperties(warehouse.bronzePath(InputTable.MESSAGES)))
        .doesNotContainKey("delta.dataSkippingStatsColumns");
  }

  private java.util.Map<String, String> tableProperties(String path) {
    return scala.jdk.javaapi.CollectionConverters.asJava(
        SharedSpark.session()
            .sql("DESCRIBE DETAIL delta.`" + path + "`")
            .first()
            .<scala.collection.Map<String, String>>getAs("properties"));
  }

  @Test
  void aMessageWhoseRuleDoesNotParseIsKeptAndReportedWithItsId() {
    assertThat(twoBack.tables().get("messages").accepted()).isEqualTo(3);
    assertThat(twoBack.tables().get("messages").quarantined()).isZero();
    assertThat(twoBack.ruleErrors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.messageId()).isEqualTo("m_bad");
              // Ingest trims text values: "plan =" ends at column 7, where a literal was expected.
              assertThat(e.column()).isEqualTo(7);
              assertThat(e.error()).contains("expected a quoted string or a number");
            });
  }

  @Test
  void runningDThenTheDayBeforeStoresEachEventOnceAndEachDsReadsOnlyItsOwnWindow() {
    // As of the end of 2024-04-29 the exposures of 04-29 exist, so D-1 sees all four as well;
    // the conversation of 04-29 12:00 is in both windows.
    assertThat(dayBefore.tables().get("exposures").accepted()).isEqualTo(4);
    assertThat(dRowsAfterDayBefore).as("D is untouched by the run of D-1").isEqualTo(dRows);
    assertThat(dayBeforeRows).hasSize(4);

    // A run two days back no longer sees the events of 04-29: they lie after its as-of time.
    assertThat(twoBack.tables().get("exposures").accepted()).isZero();
    assertThat(twoBack.tables().get("exposures").outOfWindow()).isEqualTo(4);
    assertThat(rowsOf(warehouse, DS.minusDays(2).toString())).isEmpty();
    assertThat(exposuresRerun)
        .as("the event store holds each exposure once, however many runs carried it")
        .isEqualTo(tableRows(warehouse.bronzePath(InputTable.EXPOSURES)))
        .hasSize(4);
  }

  /** What a run for ds reads of bronze exposures. */
  private static List<String> rowsOf(Warehouse warehouse, String ds) {
    return DeltaTables.readBronze(
            SharedSpark.session(),
            warehouse,
            InputTable.EXPOSURES,
            java.time.LocalDate.parse(ds),
            SharedSpark.config().ingest())
        .collectAsList()
        .stream()
        .map(Object::toString)
        .sorted()
        .toList();
  }
}
