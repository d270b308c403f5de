package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.spark.SparkSessions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "recommendations",
    mixinStandardHelpOptions = true,
    description = {
      "What to do about each live message on ds D: recommendations with a priority, a one-sentence",
      "reason with the numbers and a concrete suggestion (a rule, a format, a frequency), from the",
      "hygiene flags of D and a search for the audience slice that engages. Run hygiene for D first."
    })
final class RecommendationsCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ProactiveConfig config = options.config();
    var spark = SparkSessions.getOrCreate(config.spark());
    new Stages(spark, config, options.inputRoot(config), options.warehouse(config)).run("recommendations", options.ds).print(spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
