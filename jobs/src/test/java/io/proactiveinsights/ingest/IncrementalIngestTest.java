package io.proactiveinsights.ingest;

import static io.proactiveinsights.ingest.IngestFixtures.DS;
import static io.proactiveinsights.ingest.IngestFixtures.bronzeRows;
import static io.proactiveinsights.ingest.IngestFixtures.tableRows;
import static io.proactiveinsights.testing.Rows.conversation;
import static io.proactiveinsights.testing.Rows.exposure;
import static io.proactiveinsights.testing.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.schema.IngestedFilesColumns;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.QuarantineColumns;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.Rows;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental daily runs (issue 24): a run reads only the drops no earlier run stored, plus its own
 * drop and the files outside drops, and what each ds reads of bronze is still what it would be if
 * every run had read everything. One input folder of three daily drops; one warehouse fed in date
 * order, one fed newest first (the newest run reads every drop, the backfills only their own), and
 * their reads compared ds by ds. Real Delta tables, real files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncrementalIngestTest {

  private static final LocalDate D2 = DS.minusDays(2);
  private static final LocalDate D1 = DS.minusDays(1);
  private static final List<LocalDate> DAYS = List.of(D2, D1, DS);
  private static final List<InputTable> EVENT_TABLES =
      List.of(InputTable.EXPOSURES, InputTable.CONVERSATIONS, InputTable.USER_EVENTS);

  private InputFolder input;
  private Warehouse daily;
  private Warehouse newestFirst;
  private final Map<LocalDate, IngestResult> dailyRuns = new LinkedHashMap<>();
  private IngestResult newestRun;
  private IngestResult rerun;
  private Map<String, List<String>> dailyReads;
  private Map<String, List<String>> rerunReads;
  private Map<String, List<String>> newestFirstReads;

  @BeforeAll
  void ingestThreeDaysTwoWays(@TempDir Path tmp) {
    input = new InputFolder(tmp.resolve("in"));
    input.write(InputTable.MESSAGES, "messages.jsonl", IngestFixtures.messages());
    input.write(InputTable.USERS, "users.jsonl", IngestFixtures.users());
    input.write(InputTable.KNOWN_ISSUES, "known_issues.jsonl", IngestFixtures.knownIssues());
    input.write(
        InputTable.EXPOSURES,
        "ds=" + D2 + "/part-0.csv",
        List.of(
            exposure("x1", "m1", "u1", "received", "2024-04-27T10:00:00Z"),
            exposure("x2", "m1", "u1", "viewed", "2024-04-27T11:00:00Z"),
            // m9 reaches the catalogue only before the rerun of D (a catalogue that lags).
            exposure("x9", "m9", "u1", "received", "2024-04-27T13:00:00Z")));
    input.write(
        InputTable.EXPOSURES,
        "ds=" + D1 + "/part-0.csv",
        List.of(
            // The same event again, changed: the first drop's copy (viewed) is the one kept.
            exposure("x2", "m1", "u1", "clicked", "2024-04-27T11:00:00Z"),
            exposure("x3", "m2", "u2", "received", "2024-04-28T09:00:00Z")));
    input.write(
        InputTable.EXPOSURES,
        "ds=" + DS + "/part-0.csv",
        List.of(
            exposure("x4", "m2", "u2", "completed", "2024-04-29T09:00:00Z"),
            // Before the 120-day lookback of its own drop: no run that may read it reaches back.
            exposure("x0", "m1", "u1", "received", "2023-11-01T00:00:00Z")));
    input.write(
        InputTable.CONVERSATIONS,
        "ds=" + D2 + "/part-0.csv",
        List.of(conversation("c1", "u1", "2024-04-27T12:00:00Z", "Billing", 5)));
    input.write(
        InputTable.CONVERSATIONS,
        "ds=" + DS + "/part-0.csv",
        List.of(conversation("c2", "u2", "2024-04-29T12:00:00Z", null, null)));
    input.write(
        InputTable.USER_EVENTS,
        "ds=" + D2 + "/part-0.csv",
        List.of(
            // Older than any lookback: only the event history remembers it.
            event("u1", "signed_up", "2023-06-01T00:00:00Z"),
            event("u1", "export_completed", "2024-04-27T12:00:00Z")));
    input.write(
        InputTable.USER_EVENTS,
        "ds=" + D1 + "/part-0.csv",
        List.of(event("u1", "export_completed", "2024-04-27T12:00:00Z")));
    input.write(
        InputTable.USER_EVENTS,
        "ds=" + DS + "/part-0.csv",
        List.of(event("u2", "export_completed", "2024-04-29T11:00:00Z")));

    daily = new Warehouse(tmp.resolve("daily").toString());
    for (LocalDate ds : DAYS) {
      dailyRuns.put(ds, IngestFixtures.ingest(input, daily, ds));
    }
    dailyReads = reads(daily);

    newestFirst = new Warehouse(tmp.resolve("newest-first").toString());
    newestRun = IngestFixtures.ingest(input, newestFirst, DS);
    IngestFixtures.ingest(input, newestFirst, D2);
    IngestFixtures.ingest(input, newestFirst, D1);
    newestFirstReads = reads(newestFirst);

    // A late file lands in an old drop, the catalogue gains m9, then D runs again.
    input.write(
        InputTable.EXPOSURES,
        "ds=" + D1 + "/late.csv",
        List.of(exposure("x5", "m1", "u2", "received", "2024-04-28T15:00:00Z")));
    input.write(
        InputTable.MESSAGES,
        "messages.jsonl",
        List.of(
            Rows.message("m1", "banner"),
            Rows.message("m2", "product_tour"),
            Rows.message("m9", "post")));
    rerun = IngestFixtures.ingest(input, daily, DS);
    rerunReads = reads(daily);
  }

  private static Map<String, Object> event(String user, String name, String at) {
    return row("user_id", user, "event_name", name, "occurred_at", at);
  }

  /** A history row as {@code Row.toString} shows it, for one event at {@code at}. */
  private static String history(String user, String name, String at, long count) {
    String time = Timestamp.from(Instant.parse(at)).toString();
    return "[" + user + "," + name + "," + time + "," + time + "," + count + "]";
  }

  /** Per ds and event table, what a run for ds reads of bronze, and its event history. */
  private static Map<String, List<String>> reads(Warehouse warehouse) {
    Map<String, List<String>> reads = new LinkedHashMap<>();
    for (LocalDate ds : DAYS) {
      for (InputTable table : EVENT_TABLES) {
        reads.put(ds + " " + table.tableName(), bronzeRows(warehouse, table, ds));
      }
      reads.put(ds + " history", tableRows(warehouse.userEventHistoryPath(), ds));
    }
    return reads;
  }

  @Test
  void aDailyRunReadsOnlyItsNewDrop() {
    TableCounts first = dailyRuns.get(D2).tables().get("exposures");
    assertThat(first.files()).isEqualTo(1);
    assertThat(first.dropFilesAlreadyStored()).isZero();
    assertThat(first.accepted()).isEqualTo(2);
    assertThat(first.quarantined()).as("x9: m9 is not in the catalogue").isEqualTo(1);
    TableCounts second = dailyRuns.get(D1).tables().get("exposures");
    assertThat(second.files()).as("drop %s only", D1).isEqualTo(1);
    assertThat(second.dropFilesAlreadyStored()).isEqualTo(1);
    assertThat(second.read()).isEqualTo(2);
    TableCounts third = dailyRuns.get(DS).tables().get("exposures");
    assertThat(third.files()).isEqualTo(1);
    assertThat(third.dropFilesAlreadyStored()).isEqualTo(2);
    // x0 is older than its drop's lookback window.
    assertThat(third.outOfWindow()).isEqualTo(1);
    assertThat(third.accepted()).isEqualTo(1);

    // The newest run of a fresh warehouse reads every drop up to its ds.
    assertThat(newestRun.tables().get("exposures").files()).isEqualTo(3);
    assertThat(newestRun.tables().get("exposures").dropFilesAlreadyStored()).isZero();
  }

  @Test
  void everyDsReadsTheSameWhicheverOrderTheRunsCameIn() {
    assertThat(dailyReads).isEqualTo(newestFirstReads);
    // By hand: ds D-2 sees drop D-2 only; D-1 adds x3 and keeps drop D-2's copy of x2.
    assertThat(dailyReads.get(D2 + " exposures")).hasSize(2);
    assertThat(dailyReads.get(D1 + " exposures"))
        .hasSize(3)
        .anySatisfy(r -> assertThat(r).contains("x2").contains("viewed"))
        .noneSatisfy(r -> assertThat(r).contains("clicked"));
    assertThat(dailyReads.get(DS + " exposures")).hasSize(4);
    assertThat(dailyReads.get(DS + " conversations")).hasSize(2);
  }

  @Test
  void theEventHistoryOfADailyRunHoldsAllHistoryOnce() {
    // Drop D's run read one user event, but the history of ds D summarises every stored one: u1's
    // sign-up of 2023 (older than any lookback) and its export, which two drops carried, once.
    assertThat(dailyReads.get(DS + " history"))
        .containsExactly(
            history("u1", "export_completed", "2024-04-27T12:00:00Z", 1),
            history("u1", "signed_up", "2023-06-01T00:00:00Z", 1),
            history("u2", "export_completed", "2024-04-29T11:00:00Z", 1));
    assertThat(dailyReads.get(D2 + " history")).hasSize(2);
    // What a ds reads of bronze user_events stays cut to its lookback.
    assertThat(dailyReads.get(DS + " user_events")).hasSize(2);
  }

  @Test
  void aRerunReadsItsOwnDropAgainAndAFileAddedToAnOldDrop() {
    TableCounts exposures = rerun.tables().get("exposures");
    // Drop D's file and the late file of drop D-1; drop D-2's and D-1's first file are stored.
    assertThat(exposures.files()).isEqualTo(2);
    assertThat(exposures.dropFilesAlreadyStored()).isEqualTo(2);
    // x5 from the late file, and x9, whose drop no run reads again, now that D's catalogue has m9.
    assertThat(rerunReads.get(DS + " exposures"))
        .hasSize(6)
        .anySatisfy(r -> assertThat(r).contains("x5"))
        .anySatisfy(r -> assertThat(r).contains("x9"));
    assertThat(rerunReads.get(D1 + " exposures")).hasSize(4);
    // Nothing else moved.
    assertThat(rerunReads.get(D2 + " exposures")).isEqualTo(dailyReads.get(D2 + " exposures"));
    assertThat(rerunReads.get(DS + " history")).isEqualTo(dailyReads.get(DS + " history"));

    List<Row> ledger =
        SharedSpark.session()
            .read()
            .format("delta")
            .load(daily.ingestedFilesPath())
            .where(IngestedFilesColumns.TABLE_NAME + " = 'exposures'")
            .orderBy(IngestedFilesColumns.FILE)
            .collectAsList();
    assertThat(ledger).hasSize(4);
    assertThat(ledger.stream().map(r -> r.<String>getAs(IngestedFilesColumns.FILE)).toList())
        .allSatisfy(f -> assertThat(f).contains("/exposures/ds="));
  }

  /**
   * An exposure whose message the catalogue of its first run lacks is quarantined with its reason,
   * and yet kept: a daily run reads its drop once, and the message may reach the catalogue a day
   * later. (The rerun above reads it once D's catalogue has the message.)
   */
  @Test
  void anExposureOfAMessageTheCatalogueLacksIsQuarantinedAndKept() {
    assertThat(
            IngestFixtures.rows(
                daily.quarantinePath(), "ds = DATE'" + D2 + "'", QuarantineColumns.REASON))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getString(0))
                    .contains("'m9' is not in the messages catalogue (the exposure is kept"));
    assertThat(dailyReads.get(DS + " exposures")).noneSatisfy(r -> assertThat(r).contains("x9"));
  }
}
