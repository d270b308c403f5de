package io.proactiveinsights.delivery.server;

import io.proactiveinsights.delivery.snapshot.LoadedSnapshot;
import io.proactiveinsights.delivery.snapshot.SnapshotSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the served snapshot in step with {@code CURRENT}, serving the newest version that loads.
 * Every poll interval it reads the one-line pointer (polling, because WatchService misses changes
 * on network and overlay filesystems), and when it names another version, loads that version beside
 * the one being served, validates it fully, then swaps the one {@link AtomicReference} request
 * threads read.
 *
 * <p>A version that fails is refused: logged, counted in the metrics, and listed in {@code /readyz}
 * and {@code /metrics} while it stands between the endpoint and what it should serve: while it is
 * the one CURRENT names or newer than the one served, and on disk. The watcher then falls back to
 * the newest older version on disk that loads, but only to one newer than what it serves: a bad
 * version never replaces a good one, and a fallback never replaces a newer one. So an endpoint
 * started while {@code CURRENT} names a damaged version serves the good one before it instead of
 * staying unready.
 *
 * <p>A refused version is tried again only after a backoff (5 s doubling to 5 min), while a new
 * {@code CURRENT} is picked up at the next poll, so one bad publish neither stops later reloads nor
 * spins.
 */
final class SnapshotWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotWatcher.class);
  static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  static final Duration MAX_RETRY = Duration.ofMinutes(5);

  private final SnapshotSource source;
  private final Duration pollInterval;
  private final AtomicReference<ServedSnapshot> served;
  private final AtomicReference<List<RefusedVersion>> refused;
  private final DeliveryMetrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService poller;

  /** Refused versions (and {@link RefusedVersion#CURRENT}) by name; only poll() touches it. */
  private final Map<String, Refusal> refusals = new HashMap<>();

  private boolean waitingLogged;

  /** Why a version was refused, and when it may be tried again. */
  private record Refusal(String reason, Instant refusedAt, Instant retryAt, Duration backoff) {}

  SnapshotWatcher(
      SnapshotSource source,
      Duration pollInterval,
      AtomicReference<ServedSnapshot> served,
      AtomicReference<List<RefusedVersion>> refused,
      DeliveryMetrics metrics,
      Clock clock) {
    this.source = source;
    this.pollInterval = pollInterval;
    this.served = served;
    this.refused = refused;
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

  /**
   * One poll: serves the version CURRENT names if it is new and loads, else the newest older
   * version on disk that loads and is newer than the one served; versions backed off are skipped.
   */
  synchronized void poll() {
    Instant now = clock.instant();
    String wanted = null;
    try {
      Optional<String> current = source.currentVersion();
      refusals.remove(RefusedVersion.CURRENT);
      if (current.isEmpty()) {
        if (!waitingLogged) {
          LOG.info("Waiting for a first snapshot: {} has no CURRENT yet", source.location());
          waitingLogged = true;
        }
        publishRefusals();
        return;
      }
      wanted = current.get();
    } catch (Exception unreadable) {
      refuse(RefusedVersion.CURRENT, now, unreadable);
    }
    ServedSnapshot serving = served.get();
    List<String> onDisk = null;
    if (serving == null || !serving.version().equals(wanted)) {
      if (wanted == null || !tryToServe(wanted, wanted, now)) {
        onDisk = versionsOnDisk();
        for (String older : fallbacks(wanted, onDisk, serving == null ? null : serving.version())) {
          if (tryToServe(older, wanted, now)) {
            break;
          }
        }
      }
    }
    if (!refusals.isEmpty()) {
      forgetSettled(onDisk == null ? versionsOnDisk() : onDisk, wanted);
    }
    publishRefusals();
  }

  /**
   * The versions to fall back to when {@code wanted} (null: CURRENT is unreadable) is refused,
   * newest first: those on disk older than {@code wanted} and newer than {@code servedVersion}
   * (null: nothing served). Names sort by ds, then creation time.
   */
  private static List<String> fallbacks(String wanted, List<String> onDisk, String servedVersion) {
    return onDisk.stream()
        .filter(name -> wanted == null || name.compareTo(wanted) < 0)
        .filter(name -> servedVersion == null || name.compareTo(servedVersion) > 0)
        .sorted(Comparator.reverseOrder())
        .toList();
  }

  /** Loads and serves {@code version} unless it is backed off; false when it is not served. */
  private boolean tryToServe(String version, String wanted, Instant now) {
    Refusal earlier = refusals.get(version);
    if (earlier != null && now.isBefore(earlier.retryAt())) {
      return false;
    }
    ServedSnapshot serving = served.get();
    long started = System.nanoTime();
    try {
      LoadedSnapshot snapshot = source.load(version);
      served.set(ServedSnapshot.of(snapshot, clock.instant()));
      metrics.reloadSucceeded();
      refusals.remove(version);
      LOG.info(
          "Serving snapshot {} (ds {}, {} users, {} segments; loaded in {} ms){}{}",
          version,
          snapshot.manifest().ds(),
          snapshot.dictionary().size(),
          snapshot.manifest().segments().size(),
          (System.nanoTime() - started) / 1_000_000,
          serving == null ? "" : "; replaced " + serving.version(),
          version.equals(wanted)
              ? ""
              : "; falling back from "
                  + (wanted == null ? "an unreadable CURRENT" : "the refused " + wanted));
      return true;
    } catch (Exception | OutOfMemoryError failure) {
      refuse(version, now, failure);
      return false;
    }
  }

  private void refuse(String version, Instant now, Throwable why) {
    Refusal earlier = refusals.get(version);
    if (earlier != null && now.isBefore(earlier.retryAt())) {
      return;
    }
    Duration backoff =
        earlier != null ? min(earlier.backoff().multipliedBy(2), MAX_RETRY) : FIRST_RETRY;
    String reason =
        why instanceof OutOfMemoryError
            ? "not enough heap to load it beside the served version (raise -Xmx)"
            : String.valueOf(why.getMessage());
    refusals.put(version, new Refusal(reason, now, now.plus(backoff), backoff));
    metrics.reloadRefused(now);
    ServedSnapshot serving = served.get();
    LOG.error(
        "Refused snapshot {}: {}. Still serving {}; will try this version again in {} s",
        version,
        reason,
        serving == null ? "nothing" : serving.version(),
        backoff.toSeconds());
  }

  private List<String> versionsOnDisk() {
    try {
      return source.versions();
    } catch (IOException e) {
      LOG.error("Cannot list the snapshot versions in {}: {}", source.location(), e.getMessage());
      return List.of();
    }
  }

  /**
   * Forgets refusals that no longer explain what is served: versions pruned from disk, and versions
   * older than the one served (unless CURRENT names them), so a report clears once a newer version
   * is served. A refused CURRENT pointer stays until it names a version again.
   */
  private void forgetSettled(List<String> onDisk, String wanted) {
    ServedSnapshot serving = served.get();
    refusals
        .keySet()
        .removeIf(
            name ->
                !name.equals(RefusedVersion.CURRENT)
                    && !name.equals(wanted)
                    && (!onDisk.contains(name)
                        || (serving != null && name.compareTo(serving.version()) < 0)));
  }

  /** What /readyz and /metrics show: CURRENT first, then versions newest first. */
  private void publishRefusals() {
    List<RefusedVersion> list = new ArrayList<>();
    refusals.forEach((name, r) -> list.add(new RefusedVersion(name, r.reason(), r.refusedAt())));
    list.sort(
        Comparator.comparing((RefusedVersion r) -> !r.version().equals(RefusedVersion.CURRENT))
            .thenComparing(RefusedVersion::version, Comparator.reverseOrder()));
    refused.set(List.copyOf(list));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public void close() {
    poller.shutdownNow();
    source.close();
  }
}
