package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.spark.SparkSessions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "segments",
    mixinStandardHelpOptions = true,
    description = {
      "Audience segments from the bronze tables of ds D: for each live message, the users its",
      "audience rule matches as of the end of D, written to the segments table. A rule that does",
      "not parse gives no segment and is listed in the summary (rule_errors). Run ingest for D first."
    })
final class SegmentsCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ProactiveConfig config = options.config();
    var spark = SparkSessions.getOrCreate(config.spark());
    new Stages(spark, config, options.inputRoot(config), options.warehouse(config)).segments(options.ds).print(spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
