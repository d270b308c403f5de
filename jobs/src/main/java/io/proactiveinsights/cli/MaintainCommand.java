package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.maintain.MaintenanceJob;
import io.proactiveinsights.spark.SparkSessions;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
      "Delta table maintenance for the whole warehouse: OPTIMIZE every table (Z-ordering the ones"
          + " in",
      "maintain.zorder_by when they keep statistics on the column), then VACUUM with"
          + " maintain.vacuum_retention_hours",
      "(at least 168, Delta's safety default). Each table on its own: one that fails is reported"
          + " and the",
      "others are still maintained (exit code 1 when any failed). Rows are unchanged; run it"
          + " weekly, outside the daily runs."
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
        new MaintenanceJob(
                spark, config.maintain(), config.ingest().lookbackDays(), options.warehouse(config))
            .run();
    Map<String, Object> tables = new LinkedHashMap<>();
    for (MaintenanceJob.TableResult t : result.tables()) {
      tables.put(t.table(), tableSummary(t));
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("vacuum_retention_hours", result.retentionHours());
    details.put("tables", tables);
    details.put("skipped_not_written_yet", result.skipped());
    List<MaintenanceJob.TableResult> failed = result.failed();
    boolean ok = failed.isEmpty();
    int exitCode = ok ? ExitCodes.OK : ExitCodes.FAILED;
    String error =
        ok
            ? null
            : "Cannot maintain "
                + failed.size()
                + " of "
                + result.tables().size()
                + " tables ("
                + String.join(", ", failed.stream().map(MaintenanceJob.TableResult::table).toList())
                + "); the others were maintained";
    if (!ok) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("proactive maintain: " + error);
      failed.forEach(t -> err.println("  " + t.error()));
      err.flush();
    }
    new RunSummary(
            "maintain",
            null,
            ok ? RunSummary.OK : RunSummary.FAILED,
            exitCode,
            Stages.elapsedMs(start),
            null,
            null,
            null,
            result.tables().stream()
                .filter(t -> t.status() == MaintenanceJob.Status.OK)
                .map(MaintenanceJob.TableResult::table)
                .toList(),
            details,
            error)
        .print(spec.commandLine().getOut());
    return exitCode;
  }

  private static Map<String, Object> tableSummary(MaintenanceJob.TableResult t) {
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("status", t.status().name().toLowerCase(Locale.ROOT));
    if (t.zorderBy() != null) {
      table.put("zorder_by", t.zorderBy());
    }
    if (t.zorderSkipped() != null) {
      table.put("zorder_skipped", t.zorderSkipped());
    }
    if (t.filesBefore() >= 0) {
      table.put("files_before", t.filesBefore());
    }
    if (t.bytesBefore() >= 0) {
      table.put("bytes_before", t.bytesBefore());
    }
    if (t.retainedFrom() != null) {
      table.put("deleted_event_dates_before", t.retainedFrom().toString());
    }
    if (t.status() == MaintenanceJob.Status.OK) {
      table.put("files_rewritten", t.filesRemoved());
      table.put("files_written", t.filesAdded());
      table.put("files_after", t.filesAfter());
      table.put("bytes_after", t.bytesAfter());
    } else {
      table.put("error", t.error());
    }
    return table;
  }
}
