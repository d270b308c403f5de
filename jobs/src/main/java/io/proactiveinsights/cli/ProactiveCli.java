package io.proactiveinsights.cli;

import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code proactive} command: one subcommand per job, plus {@code maintain}, {@code rollback},
 * {@code show}, {@code sample} and {@code demo}. Logs go to stderr; a job's last stdout line is its
 * JSON summary. Exit codes: 0 done, 1 failed, 2 bad usage or config, 3 data quality gate failed.
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
      HygieneCommand.class,
      RecommendationsCommand.class,
      SegmentsCommand.class,
      ReportCommand.class,
      PipelineCommand.class,
      MaintainCommand.class,
      RollbackCommand.class,
      ShowCommand.class,
      SampleCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ProactiveCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Missing command: pass one of ingest, metrics, impact, hygiene, recommendations, segments,"
            + " report, pipeline, maintain, rollback, show, sample, demo");
  }

  /** Builds the command line with the project's exit-code and error handling. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    ExitCodes exitCodes = new ExitCodes();
    return new CommandLine(new ProactiveCli())
        .setOut(out)
        .setErr(err)
        .setExitCodeExceptionMapper(exitCodes)
        .setExecutionExceptionHandler(exitCodes)
        .setParameterExceptionHandler(exitCodes)
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  public static void main(String[] args) {
    int code;
    try (PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true)) {
      code = commandLine(out, err).execute(args);
    }
    SparkSession.getDefaultSession()
        .foreach(
            session -> {
              session.stop();
              return null;
            });
    System.exit(code);
  }
}
