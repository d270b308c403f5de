package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.spark.SparkSessions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "hygiene",
    mixinStandardHelpOptions = true,
    description = {
      "Flags what needs attention, from the bronze tables and the metrics and impact tables of ds D:",
      "hygiene_flags (STALE, RESOLVED_ISSUE_STILL_LIVE, banner conflicts, over-messaging, vague CTAs, low reach,",
      "low CTR, high dismissals, no ticket impact) and message_facts. Run ingest, metrics and impact for D first."
    })
final class HygieneCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ProactiveConfig config = options.config();
    var spark = SparkSessions.getOrCreate(config.spark());
    new Stages(spark, config, options.inputRoot(config), options.warehouse(config)).run("hygiene", options.ds).print(spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
