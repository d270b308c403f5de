package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.spark.SparkSessions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = {"Runs every job for one logical date, in order: ingest, metrics, impact, hygiene, recommendations, segments, report."})
final class PipelineCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ProactiveConfig config = options.config();
    var spark = SparkSessions.getOrCreate(config.spark());
    new Stages(spark, config, options.inputRoot(config), options.warehouse(config)).pipeline(options.ds).print(spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
