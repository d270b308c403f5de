package io.proactiveinsights.segments;

import static io.proactiveinsights.testing.EventHistoryInputs.DS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.ingest.IngestJob;
import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.testing.EventHistoryInputs;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.SharedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The segments job's {@code event.X} conditions over ingest's per-person event history, on a
 * workspace whose events go back further than the 120-day lookback ({@link EventHistoryInputs}):
 * {@code NEVER} means never, and a {@code WITHIN} longer than the lookback sees the older events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventHistorySegmentsTest {

  private Path tmp;
  private Warehouse ingested;

  @BeforeAll
  void ingest(@TempDir Path dir) {
    tmp = dir;
    InputFolder input = EventHistoryInputs.write(tmp.resolve("in"));
    ingested = new Warehouse(tmp.resolve("wh").toString());
    new IngestJob(SharedSpark.session(), SharedSpark.config(), input.root().toString(), ingested)
        .run(RunDate.of(DS));
  }

  @Test
  void neverMatchesOnlyWhoNeverDidItAndWithinReachesBeyondTheLookback() {
    Warehouse warehouse = copyOfIngested("wh-segments");

    new SegmentsJob(SharedSpark.session(), SharedSpark.config(), warehouse).run(RunDate.of(DS));

    // u_old's exports are 150 and 181 days old, before the 120-day lookback: not "never".
    // u_never's only exports are quarantined or at the as-of time itself: never before it.
    assertThat(members(warehouse))
        .isEqualTo(
            Map.of(
                "m_never", List.of("u_never"),
                "m_within_200d", List.of("u_old", "u_recent"),
                "m_within_120d", List.of("u_recent")));
  }

  @Test
  void aWarehouseIngestedBeforeTheHistoryExistedIsToldToRerunIngest() {
    Warehouse warehouse = copyOfIngested("wh-old");
    FileUtil.fullyDelete(new java.io.File(warehouse.userEventHistoryPath()));

    assertThatThrownBy(
            () ->
                new SegmentsJob(SharedSpark.session(), SharedSpark.config(), warehouse)
                    .run(RunDate.of(DS)))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(
            "Cannot run segments for ds 2024-04-30: "
                + warehouse.userEventHistoryPath()
                + " does not exist")
        .hasMessageContaining("rerun `proactive ingest --ds 2024-04-30`");
  }

  @Test
  void aDsIngestedBeforeTheHistoryExistedIsToldToRerunIngest() {
    Warehouse warehouse = copyOfIngested("wh-stale");
    // As if ds had been ingested by an older release: bronze user_events has rows, the history
    // none.
    DeltaTable.forPath(SharedSpark.session(), warehouse.userEventHistoryPath())
        .delete(DeltaTables.dsPredicate(DS));

    assertThatThrownBy(
            () ->
                new SegmentsJob(SharedSpark.session(), SharedSpark.config(), warehouse)
                    .run(RunDate.of(DS)))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("has no rows for that ds while bronze_user_events has")
        .hasMessageContaining("rerun `proactive ingest --ds 2024-04-30`");
  }

  /** A copy of the ingested warehouse for one test to change (cheaper than another ingest). */
  private Warehouse copyOfIngested(String name) {
    Path from = Path.of(ingested.root());
    Path to = tmp.resolve(name);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Warehouse(to.toString());
  }

  /** Segment id → its members, sorted. */
  private static Map<String, List<String>> members(Warehouse warehouse) {
    return new SegmentsJob(SharedSpark.session(), SharedSpark.config(), warehouse)
        .read(DS).collectAsList().stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.<String>getAs("segment_id"),
                    TreeMap::new,
                    Collectors.mapping(
                        r -> r.<String>getAs("user_id"),
                        Collectors.collectingAndThen(
                            Collectors.toList(), l -> l.stream().sorted().toList()))));
  }
}
