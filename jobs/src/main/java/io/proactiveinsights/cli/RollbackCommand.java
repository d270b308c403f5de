package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.rollback.RollbackJob;
import io.proactiveinsights.rollback.RollbackPlan.Decision;
import io.proactiveinsights.spark.SparkSessions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Undoes a run of one logical date: every Delta table the run committed to is restored to the"
          + " version before",
      "its first commit there. Default: the latest run of --ds (each run's id is in its JSON"
          + " summary). Refused, with",
      "exit code 2 and nothing restored, when another run has committed to one of those tables"
          + " since (--force restores anyway)."
    })
final class RollbackCommand implements Callable<Integer> {

  /** The jobs whose work also lives in files a RESTORE cannot reach. */
  private static final Set<String> PUBLISHING_JOBS = Set.of("pipeline", "segments", "report");

  @Mixin WarehouseOptions options;

  @Option(
      names = "--ds",
      required = true,
      paramLabel = "YYYY-MM-DD",
      converter = DateConverter.class,
      description = "Logical date of the run to undo.")
  LocalDate ds;

  @Option(
      names = "--run",
      paramLabel = "RUN",
      description =
          "Id of the run to undo (run_id in its summary; default: the latest run of --ds).")
  String run;

  @Option(
      names = "--force",
      description =
          "Restore tables that later runs committed to as well, undoing those runs' changes to"
              + " them.")
  boolean force;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    long start = System.nanoTime();
    ProactiveConfig config = options.config();
    var spark = SparkSessions.getOrCreate(config.spark());
    RollbackJob.Result result =
        new RollbackJob(spark, config.runs(), options.warehouse(config))
            .run(ds, Optional.ofNullable(run), force);

    Map<String, Object> tables = new LinkedHashMap<>();
    List<String> restored = new ArrayList<>();
    List<String> notTouched = new ArrayList<>();
    for (RollbackJob.TableOutcome outcome : result.tables()) {
      var plan = outcome.plan();
      if (plan.decision() == Decision.NOT_TOUCHED) {
        notTouched.add(plan.table());
        continue;
      }
      Map<String, Object> table = new LinkedHashMap<>();
      if (plan.decision() == Decision.RESTORE) {
        restored.add(plan.table());
        table.put("action", "restored");
        table.put("version_before", plan.currentVersion());
        if (plan.emptiesTable()) {
          // The run created the table with its rows: there is no earlier version to go back to.
          table.put("emptied", true);
        } else {
          table.put("restored_to_version", plan.restoreTo());
        }
        table.put("version_after", outcome.versionAfter());
        plan.later()
            .ifPresent(
                later -> table.put("also_undid", later.describe() + ", and any later version"));
      } else {
        table.put("action", "already_rolled_back");
        table.put("version", plan.currentVersion());
      }
      tables.put(plan.table(), table);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("rolled_back_run", result.undone().runId());
    details.put("rolled_back_job", result.undone().job());
    details.put("forced", force);
    details.put("tables", tables);
    details.put("not_touched", notTouched);
    if (PUBLISHING_JOBS.contains(result.undone().job())) {
      details.put(
          "not_restored",
          "the serving snapshot and reports/ds="
              + ds
              + " are files, not tables: rerun `proactive segments --ds "
              + ds
              + "` and `proactive report --ds "
              + ds
              + "` to publish them from the restored tables");
    }
    new RunSummary(
            "rollback",
            ds.toString(),
            RunSummary.OK,
            ExitCodes.OK,
            Stages.elapsedMs(start),
            null,
            null,
            null,
            restored,
            details,
            null,
            result.rollback().runId())
        .print(spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
