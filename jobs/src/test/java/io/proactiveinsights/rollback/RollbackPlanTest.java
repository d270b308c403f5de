package io.proactiveinsights.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.rollback.RollbackPlan.Commit;
import io.proactiveinsights.rollback.RollbackPlan.Decision;
import io.proactiveinsights.rollback.RollbackPlan.TablePlan;
import io.proactiveinsights.run.RunTag;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rollback's decisions, on table histories built in the test. */
class RollbackPlanTest {

  private static final LocalDate D = LocalDate.parse("2024-04-30");
  private static final RunTag FIRST = new RunTag("20240501T010000Z-aaaaaa", D, "pipeline", null);
  private static final RunTag SECOND = new RunTag("20240501T020000Z-bbbbbb", D, "pipeline", null);
  private static final RunTag OTHER_DS =
      new RunTag("20240501T030000Z-cccccc", D.minusDays(1), "ingest", null);
  private static final RunTag UNDO_SECOND =
      new RunTag("20240501T040000Z-dddddd", D, RunTag.ROLLBACK, SECOND.runId());

  /** A history built one commit at a time, versions from 0, an hour apart. */
  private static final class History {
    private final List<Commit> commits = new ArrayList<>();

    History created(RunTag by) {
      commits.add(new Commit(0, at(0), "WRITE", Optional.of(by), true));
      return this;
    }

    History by(RunTag run) {
      return add("WRITE", Optional.of(run));
    }

    History untagged(String operation) {
      return add(operation, Optional.empty());
    }

    private History add(String operation, Optional<RunTag> tag) {
      int v = commits.size();
      commits.add(new Commit(v, at(v), operation, tag, false));
      return this;
    }

    List<Commit> commits() {
      return List.copyOf(commits);
    }

    private static Instant at(int hour) {
      return Instant.parse("2024-05-01T00:00:00Z").plusSeconds(3600L * hour);
    }
  }

  @Test
  void aTableGoesBackToTheVersionBeforeTheRunsFirstCommit() {
    List<Commit> history =
        new History().created(FIRST).by(FIRST).by(FIRST).by(SECOND).by(SECOND).commits();

    TablePlan plan = RollbackPlan.plan("quarantine", history, SECOND.runId());

    assertThat(plan.decision()).isEqualTo(Decision.RESTORE);
    assertThat(plan.restoreTo()).isEqualTo(2);
    assertThat(plan.currentVersion()).isEqualTo(4);
  }

  @Test
  void theEmptyCommitThatCreatedATableIsKept() {
    List<Commit> history = new History().created(FIRST).by(FIRST).commits();

    assertThat(RollbackPlan.plan("segments", history, FIRST.runId()).restoreTo()).isZero();
  }

  @Test
  void aTableTheRunCreatedWithItsRowsIsEmptiedNotRestored() {
    // Tables are created by their first write: version 0 holds the first run's rows.
    List<Commit> history = new History().by(FIRST).by(SECOND).commits();

    TablePlan first = RollbackPlan.plan("bronze_users", history, FIRST.runId());
    TablePlan second = RollbackPlan.plan("bronze_users", history, SECOND.runId());

    assertThat(first.decision()).isEqualTo(Decision.REFUSED);
    assertThat(first.forced().emptiesTable()).isTrue();
    assertThat(second.emptiesTable()).isFalse();
    assertThat(second.restoreTo()).isZero();
    assertThat(
            RollbackPlan.plan("bronze_users", new History().by(FIRST).commits(), FIRST.runId())
                .emptiesTable())
        .isTrue();
  }

  @Test
  void aTableThatARunOfAnotherDsCreatedGoesBackToEmpty() {
    // Both runs found the table missing; the other one's creation won the race.
    List<Commit> history = new History().created(OTHER_DS).by(FIRST).commits();

    TablePlan plan = RollbackPlan.plan("bronze_users", history, FIRST.runId());

    assertThat(plan.decision()).isEqualTo(Decision.RESTORE);
    assertThat(plan.restoreTo()).isZero();
  }

  @Test
  void aLaterCommitOfAnotherRunRefusesAndForcingRestoresAnyway() {
    List<Commit> history = new History().created(FIRST).by(FIRST).by(SECOND).by(OTHER_DS).commits();

    TablePlan plan = RollbackPlan.plan("bronze_messages", history, SECOND.runId());

    assertThat(plan.decision()).isEqualTo(Decision.REFUSED);
    assertThat(plan.later().orElseThrow().describe())
        .isEqualTo("version 3 by run 20240501T030000Z-cccccc (ingest, ds 2024-04-29)");
    TablePlan forced = plan.forced();
    assertThat(forced.decision()).isEqualTo(Decision.RESTORE);
    assertThat(forced.restoreTo()).isEqualTo(1);
  }

  @Test
  void aCommitWithoutARunIdRefusesToo() {
    List<Commit> history = new History().created(FIRST).by(SECOND).untagged("OPTIMIZE").commits();

    TablePlan plan = RollbackPlan.plan("bronze_exposures", history, SECOND.runId());

    assertThat(plan.decision()).isEqualTo(Decision.REFUSED);
    assertThat(plan.later().orElseThrow().describe())
        .isEqualTo("version 2 (OPTIMIZE, made without a run id: maintain or by hand)");
  }

  @Test
  void aTableTheRunNeverWroteIsLeftAlone() {
    List<Commit> history = new History().created(FIRST).by(FIRST).commits();

    assertThat(RollbackPlan.plan("csat_impact", history, SECOND.runId()).decision())
        .isEqualTo(Decision.NOT_TOUCHED);
  }

  @Test
  void rollingBackTwiceChangesNothingTheSecondTime() {
    List<Commit> history =
        new History().created(FIRST).by(FIRST).by(SECOND).by(UNDO_SECOND).commits();

    assertThat(RollbackPlan.plan("message_stats", history, SECOND.runId()).decision())
        .isEqualTo(Decision.ALREADY_ROLLED_BACK);
  }

  @Test
  void aRunAfterTheRollbackRefusesAgain() {
    List<Commit> history =
        new History().created(FIRST).by(FIRST).by(SECOND).by(UNDO_SECOND).by(OTHER_DS).commits();

    TablePlan plan = RollbackPlan.plan("message_stats", history, SECOND.runId());

    assertThat(plan.decision()).isEqualTo(Decision.REFUSED);
    assertThat(plan.later().orElseThrow().version()).isEqualTo(4);
  }

  @Test
  void theLatestRunOfADsIsTheOneWithTheNewestCommitAndNeverARollback() {
    Map<String, List<Commit>> histories =
        Map.of(
            "a", new History().created(FIRST).by(FIRST).by(SECOND).commits(),
            "b", new History().created(FIRST).by(FIRST).by(OTHER_DS).by(UNDO_SECOND).commits());

    assertThat(RollbackPlan.latestRun(histories, D)).contains(SECOND);
    assertThat(RollbackPlan.latestRun(histories, D.minusDays(1))).contains(OTHER_DS);
    assertThat(RollbackPlan.latestRun(histories, D.plusDays(1))).isEmpty();
    assertThat(RollbackPlan.runsOf(histories, D)).containsExactly(SECOND.runId(), FIRST.runId());
    assertThat(RollbackPlan.findRun(histories, OTHER_DS.runId())).contains(OTHER_DS);
  }
}
