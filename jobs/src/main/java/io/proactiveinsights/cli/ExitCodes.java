package io.proactiveinsights.cli;

import io.proactiveinsights.errors.FailureMessage;
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
 * 3 a data quality gate failed. Every failure, an {@link Exception} or an {@link Error}, ends in
 * {@link #handle}: one line {@code proactive <job>: Cannot <do X>: <reason> (<detail>)} on stderr
 * (see {@link FailureMessage}), the JSON summary with that line as its {@code error} as the last
 * stdout line, and the stack trace in the log: at DEBUG, or at ERROR with {@code --verbose}.
 */
final class ExitCodes
    implements IExitCodeExceptionMapper, IExecutionExceptionHandler, IParameterExceptionHandler {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int QUALITY_GATE = 3;

  /** The global option that puts stack traces in the log at ERROR (see {@link ProactiveCli}). */
  static final String VERBOSE = "--verbose";

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
    return handle(ex, commandLine, parseResult);
  }

  /**
   * Runs the command picocli parsed, sending an {@link Error} (out of memory, stack overflow),
   * which picocli's own handling lets escape, to {@link #handle} like any exception.
   */
  int execute(ParseResult parseResult) {
    try {
      return new CommandLine.RunLast().execute(parseResult);
    } catch (Error e) {
      return handle(e, commandOf(parseResult).commandSpec().commandLine(), parseResult);
    }
  }

  /** Reports a failed command and returns its exit code; see the class comment. */
  int handle(Throwable failure, CommandLine commandLine, ParseResult parseResult) {
    String job = commandLine.getCommandName();
    String ds = dsOf(parseResult);
    int code = getExitCode(failure);
    String message =
        FailureMessage.of(ds == null ? "run " + job : "run " + job + " for ds " + ds, failure);
    if (verbose(parseResult)) {
      LOG.error("proactive {} failed", job, failure);
    } else {
      LOG.debug("proactive {} failed", job, failure);
    }
    PrintWriter err = commandLine.getErr();
    err.println("proactive " + job + ": " + message);
    err.flush();
    RunSummary summary;
    if (failure instanceof QualityGateException gate
        && gate.summary() instanceof RunSummary partial) {
      summary = partial.withStatus(RunSummary.QUALITY_GATE_FAILED, code, message);
    } else {
      summary =
          RunSummary.failure(
              job, ds, code == USAGE ? RunSummary.USAGE_ERROR : RunSummary.FAILED, code, message);
    }
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
    if (parseResult == null) {
      return null;
    }
    Object ds = commandOf(parseResult).matchedOptionValue("--ds", null);
    return ds == null ? null : ds.toString();
  }

  /** The subcommand that ran: the last one on the command line. */
  private static ParseResult commandOf(ParseResult parseResult) {
    ParseResult sub = parseResult;
    while (sub.hasSubcommand()) {
      sub = sub.subcommand();
    }
    return sub;
  }

  /**
   * Whether {@code --verbose} was given, before or after the subcommand's name, or the log was
   * started with whole stack traces ({@link ProactiveCli#STACK_TRACES_PROPERTY}).
   */
  private static boolean verbose(ParseResult parseResult) {
    if ("full".equals(System.getProperty(ProactiveCli.STACK_TRACES_PROPERTY))) {
      return true;
    }
    for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
      if (level.hasMatchedOption(VERBOSE)) {
        return true;
      }
    }
    return false;
  }
}
