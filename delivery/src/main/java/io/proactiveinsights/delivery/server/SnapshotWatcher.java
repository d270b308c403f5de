package io.proactiveinsights.delivery.server;

import io.proactiveinsights.delivery.snapshot.LoadedSnapshot;
import io.proactiveinsights.delivery.snapshot.SnapshotLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the served snapshot in step with {@code CURRENT}: every poll interval it reads the one-line
 * pointer (polling, because WatchService misses changes on network and overlay filesystems), and
 * when it names another version, loads that version beside the one being served, validates it
 * fully, then swaps the one {@link AtomicReference} request threads read. A version that fails is
 * refused: logged, counted in the metrics, and the old one stays served. A refused version is tried
 * again only after a backoff (5 s doubling to 5 min), while a new {@code CURRENT} is picked up at
 * the next poll, so one bad publish neither stops later reloads nor spins.
 */
final class SnapshotWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotWatcher.class);
  static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  static final Duration MAX_RETRY = Duration.ofMinutes(5);

  /** Stands for a CURRENT file that does not name a version, so it is backed off like one. */
  private static final String UNREADABLE_CURRENT = "(unreadable CURRENT)";

  private final Path servingRoot;
  private final Duration pollInterval;
  private final AtomicReference<ServedSnapshot> served;
  private final DeliveryMetrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService poller;
  private Refusal refusal;
  private boolean waitingLogged;

  /** A refused version and when it may be tried again. */
  private record Refusal(String version, Instant retryAt, Duration backoff) {}

  SnapshotWatcher(
      Path servingRoot,
      Duration pollInterval,
      AtomicReference<ServedSnapshot> served,
      DeliveryMetrics metrics,
      Clock clock) {
    this.servingRoot = servingRoot;
    this.pollInterval = pollInterval;
    this.served = served;
    this.metrics = metrics;
    this.clock = clock;
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "snapshot-watcher");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Polls every interval from now on (the caller did the first poll). */
  void start() {
    poller.scheduleWithFixedDelay(
        this::pollSafely, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void pollSafely() {
    try {
      poll();
    } catch (Throwable unexpected) {
      // A scheduled task that throws is never run again: this catch keeps reloads going.
      LOG.error("Snapshot poll failed; polling continues", unexpected);
    }
  }

  /** One poll: loads and swaps in the version CURRENT names if it is new and not backed off. */
  synchronized void poll() {
    Instant now = clock.instant();
    String wanted;
    try {
      Optional<String> current = SnapshotLoader.currentVersion(servingRoot);
      if (current.isEmpty()) {
        if (!waitingLogged) {
          LOG.info("Waiting for a first snapshot: {} has no CURRENT yet", servingRoot);
          waitingLogged = true;
        }
        return;
      }
      wanted = current.get();
    } catch (Exception unreadable) {
      refuse(UNREADABLE_CURRENT, now, unreadable);
      return;
    }
    ServedSnapshot serving = served.get();
    if (serving != null && serving.version().equals(wanted)) {
      return;
    }
    if (refusal != null && refusal.version().equals(wanted) && now.isBefore(refusal.retryAt())) {
      return;
    }
    long started = System.nanoTime();
    try {
      LoadedSnapshot snapshot = SnapshotLoader.load(servingRoot.resolve(wanted));
      served.set(ServedSnapshot.of(snapshot, clock.instant()));
      metrics.reloadSucceeded();
      refusal = null;
      LOG.info(
          "Serving snapshot {} (ds {}, {} users, {} segments; loaded in {} ms){}",
          wanted,
          snapshot.manifest().ds(),
          snapshot.dictionary().size(),
          snapshot.manifest().segments().size(),
          (System.nanoTime() - started) / 1_000_000,
          serving == null ? "" : "; replaced " + serving.version());
    } catch (Exception | OutOfMemoryError failure) {
      refuse(wanted, now, failure);
    }
  }

  private void refuse(String version, Instant now, Throwable why) {
    if (refusal != null && refusal.version().equals(version) && now.isBefore(refusal.retryAt())) {
      return;
    }
    Duration backoff =
        refusal != null && refusal.version().equals(version)
            ? min(refusal.backoff().multipliedBy(2), MAX_RETRY)
            : FIRST_RETRY;
    refusal = new Refusal(version, now.plus(backoff), backoff);
    metrics.reloadRefused(now);
    ServedSnapshot serving = served.get();
    String detail =
        why instanceof OutOfMemoryError
            ? "not enough heap to load it beside the served version (raise -Xmx)"
            : why.getMessage();
    LOG.error(
        "Refused snapshot {}: {}. Still serving {}; will try this version again in {} s",
        version,
        detail,
        serving == null ? "nothing" : serving.version(),
        backoff.toSeconds());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
