package io.proactiveinsights.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.cli.CliRun;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.testing.ChildJvm;
import io.proactiveinsights.testing.SampleRun;
import io.proactiveinsights.testing.SharedSpark;
import io.proactiveinsights.testing.TableRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daily run killed with SIGKILL part-way, then run again, leaves the warehouse exactly as an
 * uninterrupted run does: every table, row for row. The killed run and the rerun are real processes
 * in time zones far from UTC (UTC+14 and UTC−8 or −7), so the same check says the jobs never read
 * the machine's zone. The reference is the shared in-process run in UTC ({@link SampleRun}).
 *
 * <p>A second rerun, over the completed ds, must change nothing either. The kill lands mid-ingest,
 * after some bronze tables were committed for the ds and before the others: the state a crashed
 * scheduler worker leaves most often.
 */
class KilledRunIT {

  private static final String DS = SampleRun.DS;
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(8);

  @TempDir Path dir;

  @Test
  void aRunKilledMidIngestThenRerunTwiceWritesWhatAnUninterruptedRunWrites() throws Exception {
    SparkSession spark = SharedSpark.session();
    SampleRun reference = SampleRun.get();

    Warehouse killed = new Warehouse(dir.resolve("killed").toString());
    Path firstLog = dir.resolve("killed-run.log");
    Process first = pipeline(reference, killed, "Pacific/Kiritimati", firstLog);
    try {
      // Messages and users are committed for the ds; exposures, conversations and the rest not yet.
      awaitLine(first, firstLog, "IngestJob: ingest users:");
      first.destroyForcibly();
      assertThat(first.waitFor(1, TimeUnit.MINUTES)).isTrue();
    } finally {
      first.destroyForcibly();
    }
    assertThat(first.exitValue()).as("killed with SIGKILL").isEqualTo(128 + 9);
    assertThat(Files.readString(firstLog)).doesNotContain("IngestJob: ingest exposures:");

    Path rerunLog = dir.resolve("rerun.log");
    Process rerun = pipeline(reference, killed, "America/Los_Angeles", rerunLog);
    assertThat(rerun.waitFor(RUN_TIMEOUT.toMinutes(), TimeUnit.MINUTES))
        .as("rerun finished\n" + ChildJvm.tail(rerunLog, 40))
        .isTrue();
    assertThat(rerun.exitValue()).as("rerun exit code\n" + ChildJvm.tail(rerunLog, 60)).isZero();
    assertThat(Files.readString(rerunLog))
        .as("the rerun took over the lock of the ds, which the killed run could not release")
        .contains("taking over the run lock of run", "is gone");

    assertSameTables(spark, killed, reference.warehouse());

    // And a rerun over a completed ds (an orchestrator's retry after a success) changes nothing.
    CliRun again =
        CliRun.runWithTestConf(reference.pipelineArgs(killed.root()).toArray(String[]::new));
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertSameTables(spark, killed, reference.warehouse());
    assertThat(TableRows.sorted(spark, reference.warehouse().path(Warehouse.RECOMMENDATIONS)))
        .as("the sample has findings to compare")
        .isNotEmpty();
  }

  private static void assertSameTables(SparkSession spark, Warehouse actual, Warehouse expected) {
    for (Map.Entry<String, String> table : expected.tables().entrySet()) {
      TableRows.assertSameRows(
          table.getKey(),
          TableRows.sorted(spark, actual.tables().get(table.getKey())),
          TableRows.sorted(spark, table.getValue()));
    }
  }

  /** {@code proactive pipeline} in a child JVM whose default time zone is {@code zone}. */
  private static Process pipeline(SampleRun reference, Warehouse warehouse, String zone, Path log)
      throws IOException {
    ProcessBuilder builder =
        ChildJvm.javaProcess(
            List.of("-Xmx1g", "-Duser.timezone=" + zone),
            ChildJvm.proactive(reference.pipelineArgs(warehouse.root()), CliRun.TEST_CONF),
            log);
    builder.environment().put("TZ", zone);
    return builder.start();
  }

  private static void awaitLine(Process process, Path log, String line) throws Exception {
    Instant deadline = Instant.now().plus(RUN_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(log) && Files.readString(log).contains(line)) {
        return;
      }
      assertThat(process.isAlive())
          .as("the run ended before logging '%s'%n%s", line, ChildJvm.tail(log, 40))
          .isTrue();
      Thread.sleep(50);
    }
    throw new AssertionError(
        "no '" + line + "' within " + RUN_TIMEOUT + "\n" + ChildJvm.tail(log, 40));
  }
}
