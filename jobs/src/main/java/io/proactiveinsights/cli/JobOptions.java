package io.proactiveinsights.cli;

import io.proactiveinsights.run.RunDate;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/**
 * The options every job takes: the logical date, the config file, and the warehouse it reads and
 * writes.
 */
public final class JobOptions extends WarehouseOptions {

  /** {@code --ds}'s help text, shared with the pipeline's {@code --ds | --from --to} group. */
  static final String DS_HELP =
      "Logical date of the run (UTC). Windows end at the end of this day, never at the wall clock.";

  @Option(
      names = "--ds",
      required = true,
      paramLabel = "YYYY-MM-DD",
      converter = DateConverter.class,
      description = DS_HELP)
  LocalDate ds;

  RunDate date() {
    return RunDate.of(ds);
  }
}
