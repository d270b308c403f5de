package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.run.Stage;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Reads the six input tables (CSV, JSON Lines or Parquet, optionally gzipped), writes the rows"
          + " it",
      "accepts to bronze Delta tables and every row it cannot accept to `quarantine`, with a"
          + " reason.",
      "Replaces partition ds=D only; reruns are idempotent. Exit 3 when too many rows are"
          + " quarantined."
    })
final class IngestCommand extends StageCommand {

  @Mixin InputOptions inputs;

  IngestCommand() {
    super(Stage.INGEST);
  }

  @Override
  Stages stages(SparkSession spark, ProactiveConfig config) {
    return new Stages(spark, config, inputs.inputs(config), options.warehouse(config));
  }
}
