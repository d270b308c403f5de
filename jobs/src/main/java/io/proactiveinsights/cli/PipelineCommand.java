package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.spark.SparkSessions;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = {
      "Runs every job for one logical date, in order: ingest, metrics, impact, experiments,"
          + " hygiene, recommendations, segments, report.",
      "With --from/--to, backfills: the whole pipeline for each date of the range (--reverse:"
          + " newest first),",
      "a progress line per date on stderr and one JSON summary with each date's status at the end."
    })
final class PipelineCommand implements Callable<Integer> {

  @Mixin WarehouseOptions options;

  @Mixin InputOptions inputs;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Dates dates;

  @Spec CommandSpec spec;

  /** Exactly one of {@code --ds D} and {@code --from D1 --to D2 [--reverse]}. */
  static final class Dates {
    @Option(
        names = "--ds",
        required = true,
        paramLabel = "YYYY-MM-DD",
        converter = DateConverter.class,
        description = JobOptions.DS_HELP)
    LocalDate ds;

    @ArgGroup(exclusive = false, multiplicity = "1")
    Range range;
  }

  /** A backfill: every date of {@code [from, to]}. */
  static final class Range {
    @Option(
        names = "--from",
        required = true,
        paramLabel = "YYYY-MM-DD",
        converter = DateConverter.class,
        description = "First logical date of a backfill (inclusive).")
    LocalDate from;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "YYYY-MM-DD",
        converter = DateConverter.class,
        description = "Last logical date of a backfill (inclusive).")
    LocalDate to;

    @Option(
        names = "--reverse",
        description = "Backfill newest date first (the tables come out the same).")
    boolean reverse;
  }

  @Override
  public Integer call() {
    Range range = dates.range;
    if (range != null && range.from.isAfter(range.to)) {
      throw new ParameterException(
          spec.commandLine(),
          "Cannot backfill: --from "
              + range.from
              + " is after --to "
              + range.to
              + " (swap them; use --reverse to run newest first)");
    }
    ProactiveConfig config = options.config();
    var spark = SparkSessions.getOrCreate(config.spark());
    Stages stages = new Stages(spark, config, inputs.inputs(config), options.warehouse(config));
    if (range == null) {
      stages.pipeline(RunDate.of(dates.ds)).print(spec.commandLine().getOut());
      return ExitCodes.OK;
    }
    RunSummary summary =
        new Backfill(stages, spec.commandLine().getErr())
            .run(Backfill.days(range.from, range.to, range.reverse), range.reverse);
    summary.print(spec.commandLine().getOut());
    return summary.exitCode();
  }
}
