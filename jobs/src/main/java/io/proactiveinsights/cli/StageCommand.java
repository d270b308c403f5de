package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.run.Stage;
import io.proactiveinsights.spark.SparkSessions;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that runs one {@link Stage} for one ds and prints its summary: the job commands. */
abstract class StageCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Spec CommandSpec spec;

  private final Stage stage;

  StageCommand(Stage stage) {
    this.stage = stage;
  }

  Stage stage() {
    return stage;
  }

  @Override
  public Integer call() {
    ProactiveConfig config = options.config();
    SparkSession spark = SparkSessions.getOrCreate(config.spark());
    stages(spark, config).run(stage, options.date()).print(spec.commandLine().getOut());
    return ExitCodes.OK;
  }

  /** What the stage runs against; a stage that reads the inputs adds them. */
  Stages stages(SparkSession spark, ProactiveConfig config) {
    return new Stages(spark, config, options.warehouse(config));
  }
}
