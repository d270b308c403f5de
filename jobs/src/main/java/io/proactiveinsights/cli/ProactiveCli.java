package io.proactiveinsights.cli;

import io.proactiveinsights.errors.FailureMessage;
import java.io.PrintWriter;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code proactive} command: one subcommand per job, plus {@code maintain}, {@code rollback},
 * {@code show}, {@code plan-holdout}, {@code sample} and {@code demo}. Logs go to stderr; a job's
 * last stdout line is its JSON summary, a failed one's too. Exit codes: 0 done, 1 failed, 2 bad
 * usage or config, 3 data quality gate failed.
 */
@Command(
    name = "proactive",
    mixinStandardHelpOptions = true,
    version = "proactive-insights 0.1.0",
    description = "Measure and improve proactive support messages with scheduled Spark batch jobs.",
    subcommands = {
      IngestCommand.class,
      MetricsCommand.class,
      ImpactCommand.class,
      ExperimentsCommand.class,
      HygieneCommand.class,
      RecommendationsCommand.class,
      SegmentsCommand.class,
      ReportCommand.class,
      PipelineCommand.class,
      MaintainCommand.class,
      RollbackCommand.class,
      ShowCommand.class,
      PlanHoldoutCommand.class,
      SampleCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ProactiveCli implements Runnable {

  /** The system property log4j2.properties reads to pick the appender: short or full. */
  static final String STACK_TRACES_PROPERTY = "proactive.log.stack_traces";

  /** The summary when even building one fails. */
  private static final String UNREPORTABLE =
      "{\"status\":\"failed\",\"exit_code\":1,\"error\":\"Cannot run proactive: the failure"
          + " could not be reported (rerun with --verbose)\"}";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Read by {@link ExitCodes} from the parse result, and by {@link #main} before the log starts;
   * declared here so that picocli accepts it, documents it and lets every subcommand take it.
   */
  @Option(
      names = ExitCodes.VERBOSE,
      scope = ScopeType.INHERIT,
      description =
          "Log whole stack traces on stderr (a failure's, and Spark's own). Without it a failure"
              + " is one line, and logged exceptions are one line each.")
  boolean verbose;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Missing command: pass one of ingest, metrics, impact, experiments, hygiene,"
            + " recommendations, segments, report, pipeline, maintain, rollback, show,"
            + " plan-holdout, sample, demo");
  }

  /** Builds the command line with the project's exit-code and error handling. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    ExitCodes exitCodes = new ExitCodes();
    return new CommandLine(new ProactiveCli())
        .setOut(out)
        .setErr(err)
        .setExecutionStrategy(exitCodes::execute)
        .setExitCodeExceptionMapper(exitCodes)
        .setExecutionExceptionHandler(exitCodes)
        .setParameterExceptionHandler(exitCodes)
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  /**
   * Runs the command line and exits with its code. Whatever fails, stdout's last line is a JSON
   * summary: the command line's handler prints it for any failure of a command; a failure outside a
   * command (in picocli, in the handler itself) gets one here. System.out and System.err stay open,
   * so that Spark's shutdown can still log.
   */
  public static void main(String[] args) {
    if (Arrays.asList(args).contains(ExitCodes.VERBOSE)) {
      // Before anything logs: log4j reads the property once, when it starts.
      System.setProperty(STACK_TRACES_PROPERTY, "full");
    }
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = ExitCodes.FAILED;
    try {
      code = commandLine(out, err).execute(args);
    } catch (Throwable failure) {
      try {
        String message = FailureMessage.of("run proactive", failure);
        err.println("proactive: " + message);
        RunSummary.failure(null, null, RunSummary.FAILED, ExitCodes.FAILED, message).print(out);
      } catch (Throwable reportingFailed) {
        // Out of memory again, most likely: a constant needs nothing but the stream.
        out.println(UNREPORTABLE);
      }
    } finally {
      out.flush();
      err.flush();
    }
    try {
      SparkSession.getDefaultSession()
          .foreach(
              session -> {
                session.stop();
                return null;
              });
    } catch (RuntimeException | Error stopFailed) {
      // The run's outcome is decided and printed; a session that does not stop cleanly after a
      // failure does not change it.
      err.println("proactive: Spark did not stop cleanly: " + stopFailed);
    }
    System.exit(code);
  }
}
