package io.proactiveinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.io.RunLock;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.run.RunTag;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job command refused because a live run holds its ds: exit 1, the message an orchestrator shows,
 * the JSON summary, and nothing written. (Two real processes contending: {@code ConcurrentRunsIT}.)
 */
class SameDsRunTest {

  private static final LocalDate DS = LocalDate.parse("2024-04-30");

  @TempDir Path tmp;

  @BeforeAll
  static void startSpark() {
    SharedSpark.session();
  }

  @Test
  void aJobOfADsAnotherLiveRunHoldsStopsBeforeWritingAnything() throws Exception {
    Warehouse warehouse = new Warehouse(tmp.resolve("wh").toString());
    RunTag holder = RunTag.start("pipeline", DS, Instant.now());

    try (RunLock held =
        RunLock.acquire(
            SharedSpark.session().sparkContext().hadoopConfiguration(),
            warehouse,
            holder,
            Duration.ofHours(6))) {
      CliRun refused =
          CliRun.runWithTestConf("metrics", "--ds", DS.toString(), "--warehouse", warehouse.root());

      assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
      assertThat(refused.summary().get("status").asText()).isEqualTo("failed");
      assertThat(refused.summary().get("error").asText())
          .startsWith(
              "Cannot run metrics for ds 2024-04-30: another run of ds 2024-04-30 is writing to"
                  + " this warehouse; retry when it has finished (run "
                  + holder.runId()
                  + " (pipeline, ds 2024-04-30), pid "
                  + ProcessHandle.current().pid());
      assertThat(refused.err()).doesNotContain("rollback");
    }
    try (var written = Files.list(tmp.resolve("wh"))) {
      assertThat(written.map(p -> p.getFileName().toString())).containsExactly("_locks");
    }
  }
}
