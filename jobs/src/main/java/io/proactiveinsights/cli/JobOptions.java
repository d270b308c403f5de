package io.proactiveinsights.cli;

import java.time.LocalDate;
import picocli.CommandLine.Option;

/** The options every job takes: the logical date, the config file, and where data is read and written. */
public final class JobOptions extends RunOptions {

  /** {@code --ds}'s help text, shared with the pipeline's {@code --ds | --from --to} group. */
  static final String DS_HELP = "Logical date of the run (UTC). Windows end at the end of this day, never at the wall clock.";

  @Option(names = "--ds", required = true, paramLabel = "YYYY-MM-DD", converter = DateConverter.class, description = DS_HELP)
  LocalDate ds;
}
