package io.proactiveinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code proactive report} as a user calls it; the full run is {@link PipelineReportIT}. */
class ReportCommandTest {

  private static final String DS = "2024-04-30";

  @TempDir Path tmp;

  @Test
  void reportForADateTheJobsHaveNotRunSaysWhichJobToRunFirst() {
    CliRun run =
        CliRun.runWithTestConf(
            "report", "--ds", DS, "--warehouse", tmp.resolve("empty").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.summary().get("status").asText()).isEqualTo("usage_error");
    assertThat(run.summary().get("error").asText())
        .contains("Cannot run report for ds " + DS)
        .contains("run `proactive recommendations --ds " + DS + "` first");
  }
}
