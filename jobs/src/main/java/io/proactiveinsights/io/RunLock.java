package io.proactiveinsights.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proactiveinsights.errors.ProactiveException.JobFailedException;
import io.proactiveinsights.run.RunTag;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's hold on its ds in a warehouse: while a run of ds D writes, {@code
 * <warehouse>/_locks/ds=D.lock} exists and says which run holds it (run id, job, host, pid, start
 * time). A second run of D finds it and stops before writing anything, so two runs of one ds never
 * interleave their rows; runs of different ds take different locks and run side by side.
 *
 * <p>The lock file is created only if absent, in one atomic step: on a local or NFS path with
 * {@code O_CREAT|O_EXCL} (Hadoop's local file system checks for the file and then creates it, which
 * two processes can both pass), elsewhere with Hadoop's {@code create(path, overwrite = false)},
 * atomic on HDFS, ABFS and GCS; S3A checks then writes, so on S3 two runs of one ds started within
 * the same moment can both get through (Delta itself needs a DynamoDB log store for concurrent
 * writers there).
 *
 * <p>A run releases its lock however it ends; a run that was killed cannot. Its lock is taken over
 * when its process is provably gone (same host, and the pid is dead or now a younger process), or
 * when it is older than {@code runs.lock_timeout_hours}, for a run on another machine whose process
 * cannot be checked. A takeover first creates a marker file named after the stale run, the same
 * atomic way, so that of two runs taking over one stale lock only one deletes it.
 */
public final class RunLock implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Who holds a lock, as its file records it.
   *
   * @param pid the holder's process id on {@code host}
   */
  public record Holder(
      String runId, LocalDate ds, String job, String host, long pid, Instant startedAt) {

    String toJson() {
      return JSON.createObjectNode()
          .put("run_id", runId)
          .put("ds", ds.toString())
          .put("job", job)
          .put("host", host)
          .put("pid", pid)
          .put("started_at", startedAt.toString())
          .toString();
    }

    /** The holder a lock file names; empty while the file is still being written. */
    static Optional<Holder> parse(String json) {
      try {
        JsonNode node = JSON.readTree(json);
        return Optional.of(
            new Holder(
                node.get("run_id").asText(),
                LocalDate.parse(node.get("ds").asText()),
                node.get("job").asText(),
                node.get("host").asText(),
                node.get("pid").asLong(),
                Instant.parse(node.get("started_at").asText())));
      } catch (IOException | RuntimeException partial) {
        return Optional.empty();
      }
    }

    /**
     * Why this holder's lock may be taken over, or empty while its run may still be writing. Pure:
     * the clock, this machine's name and the process table come in as arguments.
     */
    public Optional<String> staleReason(
        Instant now, String thisHost, Duration timeout, ProcessTable processes) {
      if (host.equals(thisHost) && !processes.isRunning(pid, startedAt)) {
        return Optional.of("its process " + pid + " on " + host + " is gone");
      }
      Duration age = Duration.between(startedAt, now);
      if (age.compareTo(timeout) > 0) {
        return Optional.of(
            "it is "
                + age.toMinutes()
                + " minutes old, more than runs.lock_timeout_hours ("
                + timeout.toHours()
                + ")");
      }
      return Optional.empty();
    }

    String describe() {
      return RunTag.describe(runId, job, ds)
          + ", pid "
          + pid
          + " on "
          + host
          + " since "
          + startedAt;
    }
  }

  /** Whether a process of this machine still runs. */
  @FunctionalInterface
  public interface ProcessTable {

    /**
     * True when process {@code pid} is alive and may be the one that took a lock at {@code
     * lockedAt}: a process that started well after the lock was taken has a reused pid.
     */
    boolean isRunning(long pid, Instant lockedAt);

    /**
     * How much later than the lock a process may seem to have started and still be its taker: a
     * process's start time is derived from the boot time, which moves when the clock is stepped.
     * Mistaking a live run for a dead one would let two runs write one ds, so the margin is wide.
     */
    Duration START_TIME_SLACK = Duration.ofMinutes(10);

    /** This machine's process table, through {@link ProcessHandle}. */
    ProcessTable LOCAL =
        (pid, lockedAt) ->
            ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(
                    p ->
                        p.info()
                            .startInstant()
                            .map(started -> !started.isAfter(lockedAt.plus(START_TIME_SLACK)))
                            .orElse(true))
                .isPresent();
  }

  private final FileSystem fs;
  private final Path path;
  private final Holder holder;

  private RunLock(FileSystem fs, Path path, Holder holder) {
    this.fs = fs;
    this.path = path;
    this.holder = holder;
  }

  /**
   * Takes the lock of {@code run}'s ds in {@code warehouse}, or fails with exit code 1 saying which
   * run holds it.
   */
  public static RunLock acquire(
      Configuration hadoopConf, Warehouse warehouse, RunTag run, Duration timeout) {
    Path path = new Path(warehouse.runLockPath(run.ds()));
    try {
      FileSystem fs = path.getFileSystem(hadoopConf);
      Holder me =
          new Holder(
              run.runId(),
              run.ds(),
              run.job(),
              thisHost(),
              ProcessHandle.current().pid(),
              Instant.now());
      return acquire(fs, path, me, timeout, ProcessTable.LOCAL);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot take the run lock " + path, e);
    }
  }

  static RunLock acquire(
      FileSystem fs, Path path, Holder me, Duration timeout, ProcessTable processes)
      throws IOException {
    fs.mkdirs(path.getParent());
    Optional<Holder> seen = Optional.empty();
    // Three rounds: the lock can be released, or taken over by someone else, between two steps.
    for (int round = 0; round < 3; round++) {
      if (createNew(fs, path, me.toJson())) {
        LOG.info("{} for ds {}: took the run lock {}", me.job(), me.ds(), path);
        return new RunLock(fs, path, me);
      }
      seen = read(fs, path);
      if (seen.isEmpty()) {
        continue; // released meanwhile, or its holder is still writing it
      }
      Holder other = seen.get();
      Optional<String> stale = other.staleReason(me.startedAt(), me.host(), timeout, processes);
      if (stale.isEmpty()) {
        break;
      }
      Path marker = new Path(path.getParent(), path.getName() + ".takeover-" + other.runId());
      if (!createNew(fs, marker, me.toJson())) {
        if (isOlderThan(fs, marker, ABANDONED_MARKER, me.startedAt())) {
          fs.delete(marker, false); // its taker died between two steps
          continue;
        }
        break; // another run is taking this one over
      }
      try {
        // Still the stale holder? Another run may have taken over and released in between.
        if (read(fs, path).map(Holder::runId).filter(other.runId()::equals).isEmpty()) {
          continue;
        }
        LOG.warn(
            "{} for ds {}: taking over the run lock of {}: {}",
            me.job(),
            me.ds(),
            other.describe(),
            stale.get());
        fs.delete(path, false);
        if (createNew(fs, path, me.toJson())) {
          return new RunLock(fs, path, me);
        }
      } finally {
        fs.delete(marker, false);
      }
    }
    throw busy(me, seen, path);
  }

  /** A takeover takes milliseconds; a marker this old was left by a taker that died. */
  private static final Duration ABANDONED_MARKER = Duration.ofMinutes(1);

  private static boolean isOlderThan(FileSystem fs, Path path, Duration age, Instant now)
      throws IOException {
    try {
      Instant modified = Instant.ofEpochMilli(fs.getFileStatus(path).getModificationTime());
      return modified.plus(age).isBefore(now);
    } catch (FileNotFoundException gone) {
      return false;
    }
  }

  private static JobFailedException busy(Holder me, Optional<Holder> other, Path path) {
    return new JobFailedException(
        "Cannot run "
            + me.job()
            + " for ds "
            + me.ds()
            + ": another run of ds "
            + me.ds()
            + " is writing to this warehouse; retry when it has finished ("
            + other.map(Holder::describe).orElse("a run that is starting")
            + "; lock file "
            + path
            + ")",
        null);
  }

  public Holder holder() {
    return holder;
  }

  /** Releases the lock, if it is still this run's (it is not once another run took it over). */
  @Override
  public void close() {
    try {
      if (read(fs, path).map(Holder::runId).filter(holder.runId()::equals).isPresent()) {
        fs.delete(path, false);
      } else {
        LOG.warn(
            "{} for ds {}: the run lock {} is no longer this run's; leaving it",
            holder.job(),
            holder.ds(),
            path);
      }
    } catch (IOException e) {
      LOG.warn("{} for ds {}: cannot release the run lock {}", holder.job(), holder.ds(), path, e);
    }
  }

  /** Creates {@code path} holding {@code content} if it does not exist; false if it does. */
  private static boolean createNew(FileSystem fs, Path path, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    java.nio.file.Path local = localFile(fs, path);
    if (local != null) {
      try (OutputStream out =
          Files.newOutputStream(local, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        out.write(bytes);
        return true;
      } catch (FileAlreadyExistsException held) {
        return false;
      }
    }
    try (OutputStream out = fs.create(path, false)) {
      out.write(bytes);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException held) {
      return false;
    }
  }

  private static Optional<Holder> read(FileSystem fs, Path path) throws IOException {
    java.nio.file.Path local = localFile(fs, path);
    try {
      String json;
      if (local != null) {
        json = Files.readString(local);
      } else {
        try (InputStream in = fs.open(path)) {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          in.transferTo(bytes);
          json = bytes.toString(StandardCharsets.UTF_8);
        }
      }
      return Holder.parse(json);
    } catch (FileNotFoundException | java.nio.file.NoSuchFileException released) {
      return Optional.empty();
    }
  }

  /** The java.nio path of {@code path} when it is on the local file system, else null. */
  private static java.nio.file.Path localFile(FileSystem fs, Path path) {
    if (fs instanceof LocalFileSystem local) {
      return local.pathToFile(path).toPath();
    }
    if (fs instanceof RawLocalFileSystem raw) {
      return raw.pathToFile(path).toPath();
    }
    return null;
  }

  private static String thisHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException unresolved) {
      String env = System.getenv("HOSTNAME");
      return env == null ? "unknown-host" : env;
    }
  }
}
