package io.proactiveinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The example Airflow DAG ({@code conf/airflow/proactive_daily.py}): its Python test ({@code
 * src/test/python/proactive_daily_test.py}, stub Airflow modules, the task order and the exact
 * commands for one ds) run by {@code python3} as a real process, so {@code mvn verify} checks the
 * DAG where Airflow is not installed.
 */
class AirflowDagTest {

  private static final Path DAG = Path.of("../conf/airflow/proactive_daily.py");
  private static final Path DAG_TEST = Path.of("src/test/python/proactive_daily_test.py");

  @Test
  void theDagRunsTheJobsInOrderWithTheCommandsTheCliTakes() throws Exception {
    ProcessBuilder python =
        new ProcessBuilder("python3", DAG_TEST.toString()).redirectErrorStream(true);
    python.environment().put("PROACTIVE_DAG", DAG.toAbsolutePath().normalize().toString());
    python.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process process;
    try {
      process = python.start();
    } catch (IOException e) {
      throw new AssertionError(
          "Cannot run the Airflow DAG's test: python3 is not on the PATH (.ci/run installs it)", e);
    }
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
