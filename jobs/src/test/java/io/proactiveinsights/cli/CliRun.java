package io.proactiveinsights.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs the real command line in-process with stdout and stderr captured. */
public record CliRun(int exitCode, String out, String err) {

  public static final String TEST_CONF = testConf("/test.conf");

  public static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        ProactiveCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /**
   * Runs with {@code --conf test.conf} appended, so the CLI reuses the test JVM's small session
   * settings.
   */
  public static CliRun runWithTestConf(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.add("--conf");
    all.add(TEST_CONF);
    return run(all.toArray(String[]::new));
  }

  public List<String> outLines() {
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }

  /** The last stdout line, parsed: the JSON summary. */
  public JsonNode summary() {
    List<String> lines = outLines();
    try {
      return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    } catch (IOException e) {
      throw new UncheckedIOException("last stdout line is not JSON: " + out, e);
    }
  }

  private static String testConf(String resource) {
    try {
      return Path.of(CliRun.class.getResource(resource).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
