package io.proactiveinsights.ingest;

import static io.proactiveinsights.testing.EventHistoryInputs.DS;
import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.run.Stage;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.UserEventHistoryColumns;
import io.proactiveinsights.testing.EventHistoryInputs;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest's per-person event history ({@code bronze_user_event_history}) on a workspace whose events
 * go back further than the 120-day lookback ({@link EventHistoryInputs}): every checked event
 * before the as-of time counts, whatever its age; quarantined rows and events at or after the as-of
 * time do not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserEventHistoryTest {

  private static final LocalDate DAY_BEFORE = DS.minusDays(1);

  private Warehouse warehouse;
  private IngestResult result;
  private List<String> firstRunRows;
  private Warehouse withoutEvents;

  /**
   * Ingest of ds, a rerun of ds, then the day before: one warehouse, as an orchestrator would.
   * Besides, ds of the same workspace without user_events into a warehouse of its own (where no
   * history table exists before the run).
   */
  @BeforeAll
  void ingest(@TempDir Path tmp) {
    InputFolder input = EventHistoryInputs.write(tmp.resolve("in"));
    warehouse = new Warehouse(tmp.resolve("wh").toString());
    IngestFixtures.ingest(input, warehouse, DS);
    firstRunRows = IngestFixtures.tableRows(warehouse.userEventHistoryPath());
    result = IngestFixtures.ingest(input, warehouse, DS);
    IngestFixtures.ingest(input, warehouse, DAY_BEFORE);

    InputFolder inputWithoutEvents = EventHistoryInputs.write(tmp.resolve("in-without-events"));
    inputWithoutEvents.tableDir(InputTable.USER_EVENTS).resolve("e.csv").toFile().delete();
    withoutEvents = new Warehouse(tmp.resolve("wh-without-events").toString());
    IngestFixtures.ingest(inputWithoutEvents, withoutEvents, DS);
  }

  @Test
  void summarisesAllHistoryBeforeTheAsOfTimeWhileBronzeEventsStayCutToTheLookback() {
    // Expected rows by hand from the fixture's nine events (as of 2024-05-01T00:00Z).
    assertThat(history(warehouse, DS))
        .containsExactly(
            "u_never|login|2023-06-01T09:00:00Z|2024-04-29T09:00:00Z|2",
            "u_old|exported|2023-11-01T09:00:00Z|2023-12-02T10:00:00Z|2",
            "u_recent|exported|2024-03-01T12:00:00Z|2024-04-30T08:00:00Z|3");
    // The store keeps user_events whole (the history is summarised from it): of the nine rows,
    // seven are stored, one is at or after the as-of time and one is quarantined.
    TableCounts events = result.tables().get("user_events");
    assertThat(
            List.of(events.read(), events.accepted(), events.outOfWindow(), events.quarantined()))
        .containsExactly(9L, 7L, 1L, 1L);
    assertThat(
            DeltaTables.readBronze(
                    SharedSpark.session(),
                    warehouse,
                    InputTable.USER_EVENTS,
                    DS,
                    SharedSpark.config().ingest())
                .count())
        .as("bronze user_events keeps only the lookback")
        .isEqualTo(4);
    assertThat(result.outputs())
        .containsSubsequence(
            Warehouse.bronzeName(InputTable.USER_EVENTS), Warehouse.USER_EVENT_HISTORY);
    assertThat(warehouse.pathOf(Warehouse.USER_EVENT_HISTORY))
        .contains(warehouse.userEventHistoryPath());
  }

  @Test
  void aRerunReplacesOnlyItsDsWithIdenticalRowsAndEachDsHasItsOwnAsOfTime() {
    List<String> all = IngestFixtures.tableRows(warehouse.userEventHistoryPath());
    assertThat(all).filteredOn(r -> r.endsWith(DS + "]")).isEqualTo(firstRunRows).hasSize(3);
    // As of 2024-04-30T00:00Z, u_recent's export of 04-30 08:00 has not happened yet.
    assertThat(history(warehouse, DAY_BEFORE))
        .containsExactly(
            "u_never|login|2023-06-01T09:00:00Z|2024-04-29T09:00:00Z|2",
            "u_old|exported|2023-11-01T09:00:00Z|2023-12-02T10:00:00Z|2",
            "u_recent|exported|2024-03-01T12:00:00Z|2024-04-20T12:00:00Z|2");
    assertThat(all).hasSize(6);
  }

  @Test
  void noUserEventsInputWritesAnEmptyHistoryForTheDs() {
    assertThat(
            DeltaTables.readUserEventHistory(
                    SharedSpark.session(), withoutEvents, DS, Stage.SEGMENTS)
                .count())
        .isZero();
  }

  /**
   * Partition ds of the history as "user|event|first|last|count", sorted; times as UTC instants.
   */
  private static List<String> history(Warehouse warehouse, LocalDate ds) {
    List<Row> rows =
        DeltaTables.readUserEventHistory(SharedSpark.session(), warehouse, ds, Stage.SEGMENTS)
            .collectAsList();
    return rows.stream()
        .map(
            r ->
                String.join(
                    "|",
                    r.<String>getAs(UserEventHistoryColumns.USER_ID),
                    r.<String>getAs(UserEventHistoryColumns.EVENT_NAME),
                    r.getTimestamp(r.fieldIndex(UserEventHistoryColumns.FIRST_AT))
                        .toInstant()
                        .toString(),
                    r.getTimestamp(r.fieldIndex(UserEventHistoryColumns.LAST_AT))
                        .toInstant()
                        .toString(),
                    String.valueOf(r.<Long>getAs(UserEventHistoryColumns.EVENT_COUNT))))
        .sorted()
        .toList();
  }
}
