package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.spark.SparkSessions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "impact",
    mixinStandardHelpOptions = true,
    description = {
      "Did each message deflect tickets? topic_impact: tickets on its topics before vs after launch",
      "(exact rate ratio, weekday-weighted), and viewers vs people who never saw it (difference in",
      "differences), with Benjamini-Hochberg q-values; csat_impact: CSAT of conversations it started.",
      "Run ingest for D first."
    })
final class ImpactCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ProactiveConfig config = options.config();
    var spark = SparkSessions.getOrCreate(config.spark());
    new Stages(spark, config, options.inputRoot(config), options.warehouse(config)).impact(options.ds).print(spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
