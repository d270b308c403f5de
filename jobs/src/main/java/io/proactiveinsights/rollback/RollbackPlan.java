package io.proactiveinsights.rollback;

import io.proactiveinsights.run.RunTag;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What rolling back a run does to each table, decided from the tables' Delta histories alone (no
 * reads, writes or clock): the pure core of {@link RollbackJob}.
 *
 * <p>A table the run committed to goes back to the version before the run's first commit on it.
 * Delta's RESTORE puts back a whole table, every ds, so that is only the run's undoing when nothing
 * else committed to the table since; a later commit by another run (or by {@code maintain}, or by
 * hand) refuses the rollback, naming that commit, unless forced. A table is kept once made: the
 * empty commit that created one (warehouses written before tables were created by their first
 * write, and {@code assignments}) is not a change to undo, and a table the run created with its
 * rows goes back to empty ({@link TablePlan#emptiesTable()}) rather than away. A table whose last
 * change since the run is a rollback of the same run is already rolled back, so rolling back twice
 * changes nothing.
 */
public final class RollbackPlan {

  private RollbackPlan() {}

  /**
   * One version of a table's history.
   *
   * @param tag the run that made it, when it was made by a tagged run
   * @param createdEmpty the commit that created the table, with no rows
   */
  public record Commit(
      long version,
      Instant timestamp,
      String operation,
      Optional<RunTag> tag,
      boolean createdEmpty) {

    boolean byRun(String runId) {
      return tag.map(RunTag::runId).filter(runId::equals).isPresent();
    }

    boolean rollsBack(String runId) {
      return tag.map(RunTag::rollsBack).filter(runId::equals).isPresent();
    }

    /** "version 12 by run R (ingest, ds D)", or the operation of an untagged commit. */
    public String describe() {
      return "version "
          + version
          + tag.map(t -> " by " + t.describe())
              .orElse(" (" + operation + ", made without a run id: maintain or by hand)");
    }
  }

  /** What rollback does to a table. */
  public enum Decision {
    /** Restored to the version before the run's first commit. */
    RESTORE,
    /** Another commit came after the run's; restored only with {@code --force}. */
    REFUSED,
    /** The run's commits were already undone by an earlier rollback of it. */
    ALREADY_ROLLED_BACK,
    /** The run did not commit to this table. */
    NOT_TOUCHED
  }

  /**
   * The decision for one table.
   *
   * @param currentVersion the table's latest version when the plan was made
   * @param restoreTo the version to restore (RESTORE, REFUSED; -1: the run created the table, so it
   *     goes back to empty), else -1
   * @param later the first commit after the run's that another run made (REFUSED, or a forced
   *     RESTORE, which undoes it too)
   */
  public record TablePlan(
      String table,
      Decision decision,
      long currentVersion,
      long restoreTo,
      Optional<Commit> later) {

    /**
     * A restore of a table the run created with its rows: there is no version before it, so the
     * rollback deletes every row instead (the table stays, as one made empty would).
     */
    public boolean emptiesTable() {
      return decision == Decision.RESTORE && restoreTo < 0;
    }

    /** The same plan, forced: a refusal becomes a restore that also undoes the later commits. */
    TablePlan forced() {
      return decision == Decision.REFUSED
          ? new TablePlan(table, Decision.RESTORE, currentVersion, restoreTo, later)
          : this;
    }
  }

  /**
   * The plan for one table whose history is {@code history}, for rolling back run {@code runId}.
   */
  public static TablePlan plan(String table, List<Commit> history, String runId) {
    long current = history.stream().mapToLong(Commit::version).max().orElse(-1);
    Optional<Commit> first =
        history.stream()
            .filter(c -> c.byRun(runId) && !c.createdEmpty())
            .min(Comparator.comparingLong(Commit::version));
    if (first.isEmpty()) {
      return new TablePlan(table, Decision.NOT_TOUCHED, current, -1, Optional.empty());
    }
    // -1 when the run's first commit created the table: before it there were no rows.
    long restoreTo = first.get().version() - 1;
    List<Commit> after =
        history.stream()
            .filter(c -> c.version() > first.get().version() && !c.byRun(runId))
            .sorted(Comparator.comparingLong(Commit::version))
            .toList();
    long lastRollback =
        after.stream().filter(c -> c.rollsBack(runId)).mapToLong(Commit::version).max().orElse(-1);
    Optional<Commit> later =
        after.stream().filter(c -> !c.rollsBack(runId) && c.version() > lastRollback).findFirst();
    if (lastRollback >= 0 && later.isEmpty()) {
      return new TablePlan(table, Decision.ALREADY_ROLLED_BACK, current, -1, Optional.empty());
    }
    if (lastRollback < 0) {
      later = after.stream().findFirst();
    }
    return new TablePlan(
        table, later.isPresent() ? Decision.REFUSED : Decision.RESTORE, current, restoreTo, later);
  }

  /**
   * The latest run of {@code ds} in the histories (table name → commits): the run, not itself a
   * rollback, whose newest commit is the newest. Empty when no tagged run of ds committed.
   */
  public static Optional<RunTag> latestRun(Map<String, List<Commit>> histories, LocalDate ds) {
    return histories.values().stream()
        .flatMap(List::stream)
        .filter(c -> c.tag().filter(t -> t.ds().equals(ds) && !t.isRollback()).isPresent())
        .max(
            Comparator.comparing(Commit::timestamp)
                .thenComparing(c -> c.tag().orElseThrow().runId()))
        .flatMap(Commit::tag);
  }

  /** The tag of run {@code runId}, from any of its commits in the histories. */
  public static Optional<RunTag> findRun(Map<String, List<Commit>> histories, String runId) {
    return histories.values().stream()
        .flatMap(List::stream)
        .filter(c -> c.byRun(runId))
        .findFirst()
        .flatMap(Commit::tag);
  }

  /** The runs of {@code ds} the histories hold, newest first, for a message naming the choices. */
  public static List<String> runsOf(Map<String, List<Commit>> histories, LocalDate ds) {
    return histories.values().stream()
        .flatMap(List::stream)
        .flatMap(c -> c.tag().stream())
        .filter(t -> t.ds().equals(ds) && !t.isRollback())
        .map(RunTag::runId)
        .distinct()
        .sorted(Comparator.reverseOrder())
        .toList();
  }
}
