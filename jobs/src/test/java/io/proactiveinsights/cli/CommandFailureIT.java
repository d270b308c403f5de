package io.proactiveinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proactiveinsights.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that dies of an {@link Error} in a real JVM, started as {@code ./proactive} starts it
 * ({@code ProactiveCli.main}): exit code 1, the one-line reason on stderr, the JSON summary as the
 * last stdout line, and no stack trace on the terminal unless {@code --verbose} asks for it (the
 * log's layout is chosen when the JVM starts, so only a fresh process shows it).
 */
class CommandFailureIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** The output of one run of the command line in its own JVM. */
  private record Finished(int exitCode, List<String> out, String err) {

    JsonNode summary() throws IOException {
      return JSON.readTree(out.get(out.size() - 1));
    }
  }

  @Test
  void aStackOverflowEndsInExitOneWithOneLineAndTheSummaryAndTheTraceOnlyWhenVerbose()
      throws Exception {
    // See OverflowingRule: ingest's rule check overflows, an Error that picocli lets escape.
    List<String> ingest = OverflowingRule.ingest(tmp);

    Finished quiet = run("quiet", ingest);
    List<String> withVerbose = new ArrayList<>(ingest);
    withVerbose.add("--verbose");
    Finished verbose = run("verbose", withVerbose);

    for (Finished run : List.of(quiet, verbose)) {
      assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
      JsonNode summary = run.summary();
      assertThat(summary.get("job").asText()).isEqualTo("ingest");
      assertThat(summary.get("status").asText()).isEqualTo("failed");
      assertThat(summary.get("exit_code").asInt()).isEqualTo(1);
      assertThat(summary.get("error").asText())
          .startsWith("Cannot run ingest for ds 2024-04-30: stack overflow (");
      assertThat(run.err()).contains("proactive ingest: " + summary.get("error").asText() + "\n");
    }
    assertThat(quiet.err()).doesNotContain("\tat ").doesNotContain("StackOverflowError");
    assertThat(verbose.err())
        .contains("java.lang.StackOverflowError")
        .contains("\tat io.proactiveinsights.rules.RuleParser");
  }

  private Finished run(String name, List<String> args) throws Exception {
    Path out = tmp.resolve(name + ".out");
    Path err = tmp.resolve(name + ".err");
    List<String> mainAndArgs = new ArrayList<>();
    mainAndArgs.add(ProactiveCli.class.getName());
    mainAndArgs.addAll(args);
    Process process =
        ChildJvm.javaProcess(List.of("-Xmx1g"), mainAndArgs, out)
            .redirectErrorStream(false)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("proactive " + name + " did not finish in 5 minutes");
    }
    return new Finished(process.exitValue(), Files.readAllLines(out), Files.readString(err));
  }
}
