package io.proactiveinsights.rollback;

import io.delta.tables.DeltaTable;
import io.proactiveinsights.config.ProactiveConfig.RunSettings;
import io.proactiveinsights.errors.FailureMessage;
import io.proactiveinsights.errors.ProactiveException.JobFailedException;
import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.io.WarehouseRun;
import io.proactiveinsights.rollback.RollbackPlan.Commit;
import io.proactiveinsights.rollback.RollbackPlan.Decision;
import io.proactiveinsights.rollback.RollbackPlan.TablePlan;
import io.proactiveinsights.run.RunTag;
import io.proactiveinsights.spark.JobGroups;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes one run of a ds: every Delta table the run committed to goes back, with Delta's RESTORE,
 * to the version before the run's first commit on it. The run is found by the id its commits carry
 * ({@link RunTag}); by default the latest run of the ds. What to do with each table is {@link
 * RollbackPlan}'s decision; this class reads the histories and restores.
 *
 * <p>The rollback is itself a run of the ds: it holds the ds's lock, so no run of the ds writes
 * while it plans and restores, and its RESTORE commits carry its own tag naming the run they undo.
 * When any table refuses (another run committed to it since) nothing is restored, unless forced.
 */
public final class RollbackJob {

  private static final Logger LOG = LoggerFactory.getLogger(RollbackJob.class);

  /** What happened to one table. */
  public record TableOutcome(TablePlan plan, long versionAfter) {}

  /**
   * What a rollback did.
   *
   * @param rollback the rollback's own run
   * @param undone the run it undid
   * @param tables one outcome per table, in warehouse order
   */
  public record Result(RunTag rollback, RunTag undone, List<TableOutcome> tables) {}

  private final SparkSession spark;
  private final RunSettings settings;
  private final Warehouse warehouse;

  public RollbackJob(SparkSession spark, RunSettings settings, Warehouse warehouse) {
    this.spark = spark;
    this.settings = settings;
    this.warehouse = warehouse;
  }

  /**
   * Rolls back run {@code runId} of {@code ds}, or the latest run of ds when empty; {@code force}
   * restores tables that other runs committed to since.
   */
  public Result run(LocalDate ds, Optional<String> runId, boolean force) {
    RunTag lockTag = RunTag.start(RunTag.ROLLBACK, ds, Instant.now());
    try (WarehouseRun run = WarehouseRun.open(spark, warehouse, lockTag, settings)) {
      return JobGroups.labelled(
          spark, "ROLLBACK", "rollback ds=" + ds, () -> rollBack(run, ds, runId, force));
    }
  }

  private Result rollBack(WarehouseRun run, LocalDate ds, Optional<String> runId, boolean force) {
    Map<String, List<Commit>> histories = histories();
    RunTag undone = chooseRun(histories, ds, runId);
    RunTag tag = new RunTag(run.tag().runId(), ds, RunTag.ROLLBACK, undone.runId());
    run.tagCommitsAs(tag);

    List<TablePlan> plans = new ArrayList<>();
    for (Map.Entry<String, List<Commit>> table : histories.entrySet()) {
      TablePlan plan = RollbackPlan.plan(table.getKey(), table.getValue(), undone.runId());
      plans.add(force ? plan.forced() : plan);
    }
    List<TablePlan> refused = plans.stream().filter(p -> p.decision() == Decision.REFUSED).toList();
    if (!refused.isEmpty()) {
      TablePlan first = refused.get(0);
      throw new UsageException(
          "Cannot roll back "
              + undone.describe()
              + ": "
              + first.table()
              + " has a later commit, "
              + first.later().orElseThrow().describe()
              + (refused.size() > 1
                  ? ", and so have "
                      + String.join(
                          ", ",
                          refused.subList(1, refused.size()).stream()
                              .map(TablePlan::table)
                              .toList())
                  : "")
              + " (restoring would undo that run's changes too: roll back the later run first, or"
              + " pass --force to restore anyway; nothing was restored)");
    }

    List<TableOutcome> outcomes = new ArrayList<>();
    for (TablePlan plan : plans) {
      outcomes.add(
          plan.decision() == Decision.RESTORE
              ? restore(plan, undone)
              : new TableOutcome(plan, plan.currentVersion()));
    }
    return new Result(tag, undone, outcomes);
  }

  private RunTag chooseRun(
      Map<String, List<Commit>> histories, LocalDate ds, Optional<String> runId) {
    List<String> runs = RollbackPlan.runsOf(histories, ds);
    String known =
        runs.isEmpty()
            ? "no run of ds "
                + ds
                + " is recorded in the tables' history (runs before run ids were recorded cannot be"
                + " rolled back this way; Delta keeps history for delta.logRetentionDuration, 30"
                + " days by default)"
            : "runs of ds " + ds + ", newest first: " + String.join(", ", runs);
    if (runId.isEmpty()) {
      return RollbackPlan.latestRun(histories, ds)
          .orElseThrow(
              () ->
                  new UsageException(
                      "Cannot roll back ds " + ds + " in " + warehouse.root() + ": " + known));
    }
    RunTag found =
        RollbackPlan.findRun(histories, runId.get())
            .orElseThrow(
                () ->
                    new UsageException(
                        "Cannot roll back run "
                            + runId.get()
                            + ": no table in "
                            + warehouse.root()
                            + " has a commit of it ("
                            + known
                            + ")"));
    if (!found.ds().equals(ds) || found.isRollback()) {
      throw new UsageException(
          "Cannot roll back run "
              + runId.get()
              + " as a run of ds "
              + ds
              + ": it is "
              + found.describe()
              + " (pass the --ds it ran for)");
    }
    return found;
  }

  /** Each Delta table of the warehouse, by name, with its history oldest first. */
  private Map<String, List<Commit>> histories() {
    Map<String, List<Commit>> histories = new LinkedHashMap<>();
    for (Map.Entry<String, String> table : warehouse.tables().entrySet()) {
      if (DeltaTable.isDeltaTable(spark, table.getValue())) {
        histories.put(table.getKey(), history(table.getValue()));
      }
    }
    return histories;
  }

  private List<Commit> history(String path) {
    List<Commit> commits = new ArrayList<>();
    for (Row r :
        DeltaTable.forPath(spark, path)
            .history()
            .select("version", "timestamp", "operation", "userMetadata", "operationMetrics")
            .orderBy("version")
            .collectAsList()) {
      long version = r.getLong(0);
      Map<String, String> metrics = r.isNullAt(4) ? Map.of() : r.getJavaMap(4);
      commits.add(
          new Commit(
              version,
              r.getTimestamp(1).toInstant(),
              r.getString(2),
              RunTag.parse(r.getString(3)),
              version == 0 && "0".equals(metrics.get("numFiles"))));
    }
    return commits;
  }

  private TableOutcome restore(TablePlan plan, RunTag undone) {
    String path = warehouse.pathOf(plan.table()).orElseThrow();
    DeltaTable table = DeltaTable.forPath(spark, path);
    try {
      if (plan.emptiesTable()) {
        table.delete();
      } else {
        table.restoreToVersion(plan.restoreTo());
      }
    } catch (RuntimeException e) {
      throw new JobFailedException(
          "Cannot roll back "
              + undone.describe()
              + ": restoring "
              + plan.table()
              + (plan.emptiesTable() ? " to empty" : " to version " + plan.restoreTo())
              + " failed ("
              + FailureMessage.reason(e)
              + "; a version older than maintain.vacuum_retention_hours may have lost its files)",
          e);
    }
    Row restore = table.history(1).select("version", "readVersion").first();
    long readVersion = restore.isNullAt(1) ? -1 : restore.getLong(1);
    if (readVersion != plan.currentVersion()) {
      // RESTORE fails on a commit that lands while it runs; one that landed between reading the
      // history and starting the RESTORE is undone with the run's, and must be said.
      throw new JobFailedException(
          "Rolled back "
              + plan.table()
              + (plan.emptiesTable() ? " to empty" : " to version " + plan.restoreTo())
              + ", but versions "
              + (plan.currentVersion() + 1)
              + " to "
              + readVersion
              + " were committed meanwhile by another run and are undone too (rerun the runs"
              + " that made them; see DESCRIBE HISTORY of the table)",
          null);
    }
    LOG.info(
        "rollback of {}: {} restored to version {} (was {}, now {})",
        undone.runId(),
        plan.table(),
        plan.restoreTo(),
        plan.currentVersion(),
        restore.getLong(0));
    return new TableOutcome(plan, restore.getLong(0));
  }
}
