package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.spark.SparkSessions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Reads the six input tables (CSV, JSON Lines or Parquet, optionally gzipped), writes the rows it",
      "accepts to bronze Delta tables and every row it cannot accept to `quarantine`, with a reason.",
      "Replaces partition ds=D only; reruns are idempotent. Exit 3 when too many rows are quarantined."
    })
final class IngestCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ProactiveConfig config = options.config();
    var spark = SparkSessions.getOrCreate(config.spark());
    new Stages(spark, config, options.inputRoot(config), options.source, options.warehouse(config)).ingest(options.ds).print(spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
