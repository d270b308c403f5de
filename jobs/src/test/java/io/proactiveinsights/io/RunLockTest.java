package io.proactiveinsights.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proactiveinsights.errors.ProactiveException.JobFailedException;
import io.proactiveinsights.io.RunLock.Holder;
import io.proactiveinsights.io.RunLock.ProcessTable;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run lock of a ds on a real local folder, and when a lock left behind may be taken over. Two
 * real processes contending for it are in {@code ConcurrentRunsIT}.
 */
class RunLockTest {

  private static final LocalDate D = LocalDate.parse("2024-04-30");
  private static final Instant NOW = Instant.parse("2024-05-01T03:00:00Z");
  private static final Duration TIMEOUT = Duration.ofHours(6);
  private static final ProcessTable ALL_ALIVE = (pid, lockedAt) -> true;
  private static final ProcessTable NONE_ALIVE = (pid, lockedAt) -> false;

  @TempDir java.nio.file.Path tmp;

  private static Holder holder(String runId, String host, Instant startedAt) {
    return new Holder(runId, D, "pipeline", host, 4242, startedAt);
  }

  @Test
  void aLiveRunsLockIsNeverStale() {
    Holder live = holder("r1", "host-a", NOW.minus(Duration.ofHours(5)));

    assertThat(live.staleReason(NOW, "host-a", TIMEOUT, ALL_ALIVE)).isEmpty();
    assertThat(live.staleReason(NOW, "host-b", TIMEOUT, NONE_ALIVE)).isEmpty();
  }

  @Test
  void aLockWhoseProcessIsGoneOnThisHostIsStaleAtOnce() {
    Holder killed = holder("r1", "host-a", NOW.minusSeconds(30));

    assertThat(killed.staleReason(NOW, "host-a", TIMEOUT, NONE_ALIVE))
        .contains("its process 4242 on host-a is gone");
  }

  @Test
  void aLockFromAnotherHostIsStaleOnlyAfterTheTimeout() {
    Holder remote = holder("r1", "host-b", NOW.minus(Duration.ofHours(7)));

    assertThat(remote.staleReason(NOW, "host-a", TIMEOUT, ALL_ALIVE))
        .contains("it is 420 minutes old, more than runs.lock_timeout_hours (6)");
  }

  @Test
  void theLocalProcessTableKnowsThisProcessAndAFinishedOne() throws Exception {
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();

    assertThat(ProcessTable.LOCAL.isRunning(ProcessHandle.current().pid(), Instant.now())).isTrue();
    assertThat(ProcessTable.LOCAL.isRunning(finished.pid(), Instant.now())).isFalse();
    assertThat(ProcessTable.LOCAL.isRunning(ProcessHandle.current().pid(), Instant.EPOCH))
        .as("a pid whose process started well after the lock was taken is another process")
        .isFalse();
  }

  @Test
  void aSecondRunOfTheDsIsRefusedUntilTheFirstReleases() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path path = new Path(tmp.resolve("_locks/ds=2024-04-30.lock").toString());
    Holder first = holder("20240501T030000Z-aaaaaa", "host-a", NOW);
    Holder second = new Holder("20240501T030001Z-bbbbbb", D, "metrics", "host-a", 7, NOW);

    try (RunLock held = RunLock.acquire(fs, path, first, TIMEOUT, ALL_ALIVE)) {
      assertThat(Files.readString(tmp.resolve("_locks/ds=2024-04-30.lock")))
          .contains(
              "\"run_id\":\"20240501T030000Z-aaaaaa\"", "\"pid\":4242", "\"host\":\"host-a\"");
      assertThatThrownBy(() -> RunLock.acquire(fs, path, second, TIMEOUT, ALL_ALIVE))
          .isInstanceOf(JobFailedException.class)
          .hasMessageStartingWith(
              "Cannot run metrics for ds 2024-04-30: another run of ds 2024-04-30 is writing to"
                  + " this warehouse; retry when it has finished (run 20240501T030000Z-aaaaaa"
                  + " (pipeline, ds 2024-04-30), pid 4242 on host-a since 2024-05-01T03:00:00Z;"
                  + " lock file ");
    }
    assertThat(fs.exists(path)).as("released").isFalse();
    try (RunLock again = RunLock.acquire(fs, path, second, TIMEOUT, ALL_ALIVE)) {
      assertThat(again.holder()).isEqualTo(second);
    }
  }

  @Test
  void aKilledRunsLockIsTakenOverAndTheTakeoverLeavesNoMarker() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path path = new Path(tmp.resolve("_locks/ds=2024-04-30.lock").toString());
    // Taken, never released: the run was killed.
    RunLock.acquire(fs, path, holder("20240501T010000Z-dead00", "host-a", NOW), TIMEOUT, ALL_ALIVE);
    Holder next = holder("20240501T030000Z-bbbbbb", "host-a", NOW.plusSeconds(60));

    try (RunLock taken = RunLock.acquire(fs, path, next, TIMEOUT, NONE_ALIVE)) {
      assertThat(Files.readString(tmp.resolve("_locks/ds=2024-04-30.lock")))
          .contains("20240501T030000Z-bbbbbb");
    }
    try (var files = Files.list(tmp.resolve("_locks"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .noneMatch(name -> name.startsWith("ds=2024-04-30.lock"));
    }
  }

  @Test
  void aTakeoverMarkerLeftByATakerThatDiedDoesNotBlockTheDs() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path path = new Path(tmp.resolve("_locks/ds=2024-04-30.lock").toString());
    RunLock.acquire(fs, path, holder("20240501T010000Z-dead00", "host-a", NOW), TIMEOUT, ALL_ALIVE);
    java.nio.file.Path marker =
        Files.writeString(
            tmp.resolve("_locks/ds=2024-04-30.lock.takeover-20240501T010000Z-dead00"), "");
    Holder next = holder("20240501T030000Z-bbbbbb", "host-a", Instant.now());

    assertThatThrownBy(() -> RunLock.acquire(fs, path, next, TIMEOUT, NONE_ALIVE))
        .as("a fresh marker: another run is taking the lock over right now")
        .hasMessageContaining("another run of ds 2024-04-30 is writing");
    Files.setLastModifiedTime(
        marker, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
    try (RunLock taken = RunLock.acquire(fs, path, next, TIMEOUT, NONE_ALIVE)) {
      assertThat(taken.holder()).isEqualTo(next);
    }
    assertThat(marker).doesNotExist();
  }

  @Test
  void aRunWhoseLockWasTakenOverLeavesTheNewHoldersLockAlone() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path path = new Path(tmp.resolve("_locks/ds=2024-04-30.lock").toString());
    RunLock slow =
        RunLock.acquire(
            fs, path, holder("20240501T010000Z-slow00", "host-b", NOW), TIMEOUT, ALL_ALIVE);
    RunLock next =
        RunLock.acquire(
            fs,
            path,
            holder("20240501T080000Z-next00", "host-a", NOW.plus(Duration.ofHours(7))),
            TIMEOUT,
            ALL_ALIVE);

    slow.close();

    assertThat(fs.exists(path)).isTrue();
    next.close();
    assertThat(fs.exists(path)).isFalse();
  }
}
