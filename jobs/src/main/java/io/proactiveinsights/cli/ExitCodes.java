package io.proactiveinsights.cli;

import io.proactiveinsights.errors.ProactiveException;
import io.proactiveinsights.errors.ProactiveException.QualityGateException;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The command line's contract with orchestrators: 0 done, 1 the job failed, 2 bad usage or config,
 * 3 a data quality gate failed. Every failure still ends stdout with a JSON summary line.
 */
final class ExitCodes
    implements IExitCodeExceptionMapper, IExecutionExceptionHandler, IParameterExceptionHandler {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int QUALITY_GATE = 3;

  private static final Logger LOG = LoggerFactory.getLogger(ExitCodes.class);

  @Override
  public int getExitCode(Throwable exception) {
    if (exception instanceof ProactiveException pe) {
      return pe.exitCode();
    }
    if (exception instanceof ParameterException) {
      return USAGE;
    }
    return FAILED;
  }

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, ParseResult parseResult) {
    String job = commandLine.getCommandName();
    String ds = dsOf(parseResult);
    int code = getExitCode(ex);
    PrintWriter err = commandLine.getErr();
    RunSummary summary;
    if (ex instanceof QualityGateException gate && gate.summary() instanceof RunSummary partial) {
      err.println("proactive " + job + ": " + ex.getMessage());
      summary = partial.withStatus(RunSummary.QUALITY_GATE_FAILED, code, ex.getMessage());
    } else if (ex instanceof ProactiveException) {
      err.println("proactive " + job + ": " + ex.getMessage());
      if (ex.getCause() != null) {
        LOG.debug("cause", ex.getCause());
      }
      summary =
          RunSummary.failure(
              job,
              ds,
              code == USAGE ? RunSummary.USAGE_ERROR : RunSummary.FAILED,
              code,
              ex.getMessage());
    } else {
      LOG.error("proactive {} failed", job, ex);
      err.println("proactive " + job + ": failed: " + ex);
      summary = RunSummary.failure(job, ds, RunSummary.FAILED, code, String.valueOf(ex));
    }
    err.flush();
    summary.print(commandLine.getOut());
    return code;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("proactive: " + ex.getMessage());
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
      err.println(
          "Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    }
    err.flush();
    RunSummary.failure(cmd.getCommandName(), null, RunSummary.USAGE_ERROR, USAGE, ex.getMessage())
        .print(cmd.getOut());
    return USAGE;
  }

  private static String dsOf(ParseResult parseResult) {
    ParseResult sub = parseResult;
    while (sub.hasSubcommand()) {
      sub = sub.subcommand();
    }
    Object ds = sub.matchedOptionValue("--ds", null);
    return ds == null ? null : ds.toString();
  }
}
