package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.maintain.MaintenanceJob;
import io.proactiveinsights.spark.SparkSessions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "maintain",
    mixinStandardHelpOptions = true,
    description = {
      "Delta table maintenance for the whole warehouse: OPTIMIZE every table (Z-ordering the large"
          + " ones,",
      "maintain.zorder_by), then VACUUM with maintain.vacuum_retention_hours (at least 168, Delta's"
          + " safety default).",
      "Rows are unchanged; run it weekly, outside the daily runs."
    })
final class MaintainCommand implements Callable<Integer> {

  @Mixin WarehouseOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    long start = System.nanoTime();
    ProactiveConfig config = options.config();
    var spark = SparkSessions.getOrCreate(config.spark());
    MaintenanceJob.Result result =
        new MaintenanceJob(spark, config.maintain(), options.warehouse(config)).run();
    Map<String, Object> tables = new LinkedHashMap<>();
    for (MaintenanceJob.TableResult t : result.tables()) {
      Map<String, Object> table = new LinkedHashMap<>();
      if (t.zorderBy() != null) {
        table.put("zorder_by", t.zorderBy());
      }
      table.put("files_rewritten", t.filesRemoved());
      table.put("files_written", t.filesAdded());
      table.put("files_before", t.filesBefore());
      table.put("files_after", t.filesAfter());
      tables.put(t.table(), table);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("vacuum_retention_hours", result.retentionHours());
    details.put("tables", tables);
    details.put("skipped_not_written_yet", result.skipped());
    new RunSummary(
            "maintain",
            null,
            RunSummary.OK,
            ExitCodes.OK,
            Stages.elapsedMs(start),
            null,
            null,
            null,
            result.tables().stream().map(MaintenanceJob.TableResult::table).toList(),
            details,
            null)
        .print(spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
