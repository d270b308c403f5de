package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.spark.SparkSessions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    description = {
      "Per-message engagement from the bronze tables of ds D: message_stats_daily (day D) and",
      "message_stats (trailing metrics.window_days), rates with 95% Wilson intervals, each message",
      "judged by its format's primary metric against that format's baseline. Run ingest for D first."
    })
final class MetricsCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ProactiveConfig config = options.config();
    var spark = SparkSessions.getOrCreate(config.spark());
    new Stages(spark, config, options.inputRoot(config), options.warehouse(config)).metrics(options.ds).print(spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
