package io.proactiveinsights.ingest;

import static io.proactiveinsights.ingest.IngestFixtures.DS;
import static io.proactiveinsights.testing.Rows.conversation;
import static io.proactiveinsights.testing.Rows.exposure;
import static io.proactiveinsights.testing.Rows.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.config.ProactiveConfig.IngestSettings;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs holding every kind of bad row, then one assertion per kind. Reasons, raw records, counts
 * and the gate are checked on ingest's core; one ingest shows that what lands in bronze and
 * quarantine is what the core classified.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestQuarantineTest {

  private IngestFixtures.Classified classified;
  private Map<String, TableCounts> counts;
  private Warehouse warehouse;
  private IngestResult result;

  @BeforeAll
  void ingestBadInputs(@TempDir Path tmp) {
    InputFolder input = IngestFixtures.writeAll(tmp.resolve("in"), "jsonl");
    List<Map<String, Object>> exposures = new ArrayList<>(IngestFixtures.exposures());
    exposures.add(exposure("x-bad-time", "m1", "u1", "viewed", "2024-13-45T99:00:00Z"));
    exposures.add(exposure("x-no-offset", "m1", "u1", "viewed", "2024-04-29T10:00:00"));
    exposures.add(exposure("x-millis", "m1", "u1", "viewed", "1714384800000"));
    exposures.add(exposure("x-enum", "m1", "u1", "hovered", "2024-04-29T10:00:00Z"));
    exposures.add(exposure(null, "m1", "u1", "viewed", "2024-04-29T10:00:00Z"));
    exposures.add(exposure("x-ghost", "msg_ghost", "u1", "viewed", "2024-04-29T10:00:00Z"));
    // Duplicates: e1 three times in all, e2 twice (one copy in another file, below).
    exposures.add(IngestFixtures.exposures().get(0));
    exposures.add(IngestFixtures.exposures().get(0));
    // Outside the window: before the 120-day lookback, and after the as-of time
    // (2024-05-01T00:00Z).
    exposures.add(exposure("x-old", "m1", "u1", "viewed", "2023-01-01T00:00:00Z"));
    exposures.add(exposure("x-future", "m1", "u1", "viewed", "2024-05-01T00:00:00Z"));
    input.write(InputTable.EXPOSURES, "part-0.jsonl", exposures);
    input.writeLines(
        InputTable.EXPOSURES,
        "broken.jsonl",
        List.of(
            "{\"event_id\": \"x-broken\", \"message_id\":",
            "{\"event_id\":\"e2\",\"message_id\":\"m1\",\"user_id\":\"u1\",\"event_type\":\"viewed\",\"occurred_at\":\"2024-04-29T08:00:00Z\"}"));

    List<Map<String, Object>> conversations = new ArrayList<>(IngestFixtures.conversations());
    conversations.add(conversation("c-seven", "u1", "2024-04-28T12:00:00Z", "billing", 7));
    conversations.add(conversation("c-great", "u1", "2024-04-28T12:00:00Z", "billing", "great"));
    conversations.add(conversation(null, "u1", "2024-04-28T12:00:00Z", "billing", 4));
    input.write(InputTable.CONVERSATIONS, "part-0.jsonl", List.of());
    input.write(InputTable.CONVERSATIONS, "conversations.csv", conversations);
    input.writeLines(
        InputTable.CONVERSATIONS,
        "more.csv",
        List.of(
            "conversation_id,user_id,created_at,topic",
            "c-short,u1",
            "c-quote,u1,\"2024-04-28T12:00:00Z,billing"));

    input.write(
        InputTable.USERS,
        "part-0.jsonl",
        List.of(
            IngestFixtures.users().get(0),
            IngestFixtures.users().get(1),
            with(IngestFixtures.users().get(0), "user_id", "u-admin", "role", "admin"),
            with(IngestFixtures.users().get(0), "user_id", "u-attrs", "attributes", "not-json")));
    input.write(
        InputTable.MESSAGES,
        "part-0.jsonl",
        List.of(
            IngestFixtures.messages().get(0),
            IngestFixtures.messages().get(1),
            with(IngestFixtures.messages().get(0), "message_id", "m-popup", "type", "popup"),
            with(
                IngestFixtures.messages().get(0),
                "message_id",
                "m-flag",
                "dismissible",
                "sometimes")));

    classified = IngestFixtures.classify(input, DS);
    counts = classified.counts();
    warehouse = new Warehouse(tmp.resolve("wh").toString());
    result = IngestFixtures.ingest(input, warehouse, DS);
  }

  @AfterAll
  void freeCachedRows() {
    classified.close();
  }

  @Test
  void everyTableConservesItsRows() {
    assertThat(counts.values()).allSatisfy(c -> assertThat(c.conserved()).isTrue());
    TableCounts exposures = counts.get("exposures");
    // 4 good + 10 added + 2 lines in broken.jsonl = 16 read.
    assertThat(exposures.read()).isEqualTo(16);
    assertThat(exposures.accepted()).isEqualTo(4);
    assertThat(exposures.duplicates()).as("e1 twice more, e2 once more").isEqualTo(3);
    assertThat(exposures.quarantined()).isEqualTo(7);
    assertThat(exposures.outOfWindow()).isEqualTo(2);
  }

  @Test
  void eachBadExposureIsQuarantinedWithAReasonNamingFieldAndValue() {
    assertThat(classified.reasons(InputTable.EXPOSURES))
        .anySatisfy(
            r -> assertThat(r).contains("occurred_at: '2024-13-45T99:00:00Z' is not a timestamp"))
        .anySatisfy(
            r -> assertThat(r).contains("occurred_at: '2024-04-29T10:00:00' has no UTC offset"))
        .anySatisfy(
            r ->
                assertThat(r)
                    .contains("occurred_at: '1714384800000' looks like epoch milliseconds"))
        .anySatisfy(
            r ->
                assertThat(r)
                    .contains(
                        "event_type: unknown value 'hovered' (expected one of: received, viewed"))
        .anySatisfy(r -> assertThat(r).contains("event_id: missing value"))
        .anySatisfy(
            r -> assertThat(r).contains("message_id: 'msg_ghost' is not in the messages catalogue"))
        .anySatisfy(r -> assertThat(r).contains("not a valid JSON object"));
  }

  @Test
  void quarantineKeepsTheRawRecordAndTheFile() {
    Row broken =
        classified
            .rejected(InputTable.EXPOSURES)
            .where("reason LIKE '%not a valid JSON%'")
            .collectAsList()
            .get(0);
    assertThat(broken.<String>getAs("raw_record"))
        .isEqualTo("{\"event_id\": \"x-broken\", \"message_id\":");
    assertThat(broken.<String>getAs("source_file")).endsWith("exposures/broken.jsonl");
    assertThat(broken.<String>getAs("source_table")).isEqualTo("exposures");
  }

  @Test
  void badConversationsNameTheRatingProblemAndMalformedCsvLines() {
    assertThat(counts.get("conversations").quarantined()).isEqualTo(5);
    assertThat(classified.reasons(InputTable.CONVERSATIONS))
        .anySatisfy(r -> assertThat(r).isEqualTo("csat_rating: rating 7 is out of range 1..5"))
        .anySatisfy(
            r ->
                assertThat(r)
                    .isEqualTo(
                        "csat_rating: 'great' is not a whole number (expected a rating 1..5)"))
        .anySatisfy(r -> assertThat(r).contains("conversation_id: missing value"))
        .anySatisfy(r -> assertThat(r).startsWith("malformed CSV line"));
  }

  @Test
  void badUsersAndMessagesAreQuarantinedAndTheGoodOnesKept() {
    assertThat(classified.reasons(InputTable.USERS))
        .containsExactlyInAnyOrder(
            "role: unknown value 'admin' (expected one of: user, lead)",
            "attributes: 'not-json' is not a JSON object of attributes");
    assertThat(classified.reasons(InputTable.MESSAGES))
        .anySatisfy(r -> assertThat(r).startsWith("type: unknown value 'popup'"))
        .anySatisfy(
            r ->
                assertThat(r)
                    .isEqualTo(
                        "dismissible: 'sometimes' is not a boolean (expected true or false)"));
    assertThat(counts.get("messages").accepted()).isEqualTo(2);
    assertThat(counts.get("users").accepted()).isEqualTo(2);
  }

  @Test
  void duplicatesAreKeptOnceInBronze() {
    assertThat(IngestFixtures.rows(warehouse.bronzePath(InputTable.EXPOSURES), "true", "event_id"))
        .extracting(r -> r.getString(0))
        // x-ghost's message is not in the catalogue: quarantined, and kept for a later ds whose
        // catalogue has it (no run reads it before).
        .containsExactly("e1", "e2", "e3", "e4", "x-ghost");
  }

  @Test
  void bronzeAndQuarantineHoldWhatTheCoreClassifiedAndTheRunCountsIt() {
    for (InputTable table : InputTable.values()) {
      // What ds reads holds exposures to ds's catalogue; the store also keeps msg_ghost's.
      String readByDs = table == InputTable.EXPOSURES ? "message_id != 'msg_ghost'" : "true";
      assertThat(IngestFixtures.bronzeRows(warehouse, table, DS))
          .as(table.tableName())
          .isEqualTo(
              IngestFixtures.sortedRows(
                  classified.accepted(table).where(readByDs).drop(InputTable.DROP_DS)));
    }
    List<String> rejected = new ArrayList<>();
    for (InputTable table : InputTable.values()) {
      rejected.addAll(IngestFixtures.sortedRows(classified.rejected(table)));
    }
    rejected.sort(null);
    assertThat(IngestFixtures.tableRows(warehouse.quarantinePath(), DS))
        .isEqualTo(rejected)
        .hasSize(16);
    // Counted while bronze was written, in the job's single pass: the same as counted on their own.
    assertThat(result.tables()).isEqualTo(counts);
  }

  @Test
  void theQualityGateReportsTablesOverTheLimit() {
    // exposures: 7 of 16 quarantined, far over the 5% default; but 7 is under gate_min_quarantined
    // (10),
    // so the default gate lets it pass and a strict one (minimum 0) does not.
    assertThat(result.gateFailures()).isEmpty();
    IngestSettings strict =
        new IngestSettings(SharedSpark.config().ingest().lookbackDays(), 0.05, 0, 0.1);
    assertThat(QualityGate.failures(counts, Map.of(), strict))
        .anySatisfy(f -> assertThat(f).startsWith("exposures: 43.8% of 16 rows quarantined"));
  }
}
