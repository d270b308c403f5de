package io.proactiveinsights.delivery.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The delivery endpoint's command line ({@code proactive serve ...} runs it through the launcher).
 * One {@code System.exit} here; exit codes: 0 done (help, version, or serve stopped from within), 1
 * failed while running (for example the port is taken), 2 bad usage or configuration (no token, no
 * snapshots folder). SIGTERM/SIGINT stop serve cleanly; the JVM then exits 143/130.
 */
@Command(
    name = "proactive",
    mixinStandardHelpOptions = true,
    version = "proactive delivery 0.1.0",
    description = "Serves the segment snapshot the segments job publishes.",
    subcommands = {ServeCommand.class})
public final class DeliveryCli {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new DeliveryCli());
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          if (exception instanceof ConfigException config) {
            cmd.getErr().println("proactive serve: " + config.getMessage());
            return USAGE;
          }
          cmd.getErr().println("proactive serve: " + exception.getMessage());
          return FAILED;
        });
    commandLine.setExitCodeExceptionMapper(exception -> USAGE);
    return commandLine;
  }

  /** A configuration problem the user fixes before starting again (exit code 2). */
  static final class ConfigException extends RuntimeException {
    ConfigException(String message) {
      super(message);
    }
  }
}
