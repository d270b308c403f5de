package io.proactiveinsights.ingest;

import static io.proactiveinsights.ingest.IngestFixtures.DS;
import static io.proactiveinsights.testing.Rows.exposure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.io.InputDrops;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.InputFolder;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Daily drops on input: a run for D reads the files outside drops and the drops with ds <= D, never
 * a later one, and each accepted row says which drop it came from.
 */
class DailyDropsIngestTest {

  private static final LocalDate YESTERDAY = DS.minusDays(1);
  private static final LocalDate TOMORROW = DS.plusDays(1);

  /** The fixture's tables, with exposures spread over a loose file and three drops around DS. */
  private static InputFolder withExposureDrops(Path root) {
    InputFolder input = IngestFixtures.writeAll(root, "csv");
    input.write(
        InputTable.EXPOSURES,
        "ds=" + YESTERDAY + "/part-0.csv",
        List.of(exposure("d1", "m1", "u1", "viewed", "2024-04-28T09:00:00Z")));
    // Drops may hold files at any depth and in any format.
    input.write(
        InputTable.EXPOSURES,
        "ds=" + DS + "/hour=10/part-0.jsonl",
        List.of(exposure("d2", "m1", "u2", "received", "2024-04-29T09:00:00Z")));
    input.write(
        InputTable.EXPOSURES,
        "ds=" + TOMORROW + "/part-0.csv",
        List.of(exposure("d3", "m2", "u2", "received", "2024-04-29T23:00:00Z")));
    return input;
  }

  @Test
  void aRunReadsLooseFilesAndDropsUpToItsDsEachRowLabelledWithItsDrop(@TempDir Path tmp) {
    InputFolder input = withExposureDrops(tmp);
    try (IngestFixtures.Classified run = IngestFixtures.classify(input, DS)) {
      TreeMap<String, String> dropByEvent = new TreeMap<>();
      for (Row row :
          run.accepted(InputTable.EXPOSURES)
              .select("event_id", InputTable.DROP_DS)
              .collectAsList()) {
        dropByEvent.put(row.getString(0), String.valueOf(row.get(1)));
      }
      // e1..e4 are in the loose part-0.csv: outside drops, drop_ds null. d3's drop is tomorrow's.
      assertThat(dropByEvent)
          .containsExactly(
              java.util.Map.entry("d1", YESTERDAY.toString()),
              java.util.Map.entry("d2", DS.toString()),
              java.util.Map.entry("e1", "null"),
              java.util.Map.entry("e2", "null"),
              java.util.Map.entry("e3", "null"),
              java.util.Map.entry("e4", "null"));
      assertThat(run.counts(InputTable.EXPOSURES).files()).isEqualTo(3);
    }
  }

  @Test
  void aBackfillNeverSeesALaterDrop(@TempDir Path tmp) {
    InputFolder input = withExposureDrops(tmp);
    try (IngestFixtures.Classified run = IngestFixtures.classify(input, YESTERDAY)) {
      assertThat(eventIds(run)).isEqualTo("d1,e1,e2,e3,e4");
    }
  }

  @Test
  void aFolderNamedLikeADropThatIsNotOneStopsTheRunNamingIt(@TempDir Path tmp) {
    InputFolder input = IngestFixtures.writeAll(tmp, "csv");
    input.write(
        InputTable.EXPOSURES,
        "ds=2024-04-31/part-0.csv",
        List.of(exposure("d1", "m1", "u1", "viewed", "2024-04-28T09:00:00Z")));
    try (IngestFixtures.Classified run = IngestFixtures.classify(input, DS)) {
      assertThatThrownBy(() -> run.accepted(InputTable.EXPOSURES))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("Cannot read input table exposures")
          .hasMessageContaining("exposures/ds=2024-04-31 is not a daily drop")
          .hasMessageContaining("'2024-04-31' is not a real date");
    }
  }

  @Test
  void dropFoldersAreNamedByARealDateDirectlyUnderTheTableFolder() {
    String table = "/in/exposures";
    assertThat(InputDrops.dropOf(InputTable.EXPOSURES, table, List.of("ds=2024-04-30", "h=1")))
        .contains(LocalDate.parse("2024-04-30"));
    assertThat(InputDrops.dropOf(InputTable.EXPOSURES, table, List.of("old", "batch"))).isEmpty();
    assertThatThrownBy(() -> InputDrops.dropOf(InputTable.EXPOSURES, table, List.of("ds=20240430")))
        .hasMessageContaining("/in/exposures/ds=20240430 is not a daily drop")
        .hasMessageContaining("'20240430' is not a date in the form YYYY-MM-DD");
    assertThatThrownBy(
            () ->
                InputDrops.dropOf(
                    InputTable.EXPOSURES, table, List.of("ds=2024-04-30", "ds=2024-04-29")))
        .hasMessageContaining("/in/exposures/ds=2024-04-30/ds=2024-04-29 is not a daily drop")
        .hasMessageContaining("directly under the table folder");
    assertThatThrownBy(() -> InputDrops.dropOf(InputTable.EXPOSURES, table, List.of("x", "ds=")))
        .hasMessageContaining("/in/exposures/x/ds= is not a daily drop");
  }

  private static String eventIds(IngestFixtures.Classified run) {
    return run.accepted(InputTable.EXPOSURES).select("event_id").collectAsList().stream()
        .map(r -> r.getString(0))
        .sorted()
        .collect(Collectors.joining(","));
  }
}
