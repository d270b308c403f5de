package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.spark.SparkSessions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Renders what the jobs found for ds D into <warehouse>/reports/ds=D/: report.html (one self-contained page",
      "with charts, for support leads), report.md (a digest to paste into Slack or an email) and report.ipynb",
      "(a notebook that reloads each table). Run the other jobs for D first; a rerun replaces the folder whole."
    })
final class ReportCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ProactiveConfig config = options.config();
    var spark = SparkSessions.getOrCreate(config.spark());
    new Stages(spark, config, options.inputRoot(config), options.warehouse(config)).run("report", options.ds).print(spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
