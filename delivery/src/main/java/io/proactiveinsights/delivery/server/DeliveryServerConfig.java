package io.proactiveinsights.delivery.server;

import io.proactiveinsights.delivery.snapshot.LocalSnapshotSource;
import io.proactiveinsights.delivery.snapshot.SnapshotSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the endpoint.
 *
 * @param snapshots the serving root the segments job publishes into (holds CURRENT): a local folder
 *     or an object store
 * @param host the address to bind (0.0.0.0 for all interfaces)
 * @param port the port; 0 picks a free one
 * @param token the bearer token every /v1 call must present
 * @param poll how often CURRENT is checked
 * @param threads Undertow IO threads, each answering the connections it owns
 */
public record DeliveryServerConfig(
    SnapshotSource snapshots, String host, int port, String token, Duration poll, int threads) {

  /** Serving from a local folder. */
  public DeliveryServerConfig(
      Path snapshots, String host, int port, String token, Duration poll, int threads) {
    this(new LocalSnapshotSource(snapshots), host, port, token, poll, threads);
  }

  public DeliveryServerConfig {
    Objects.requireNonNull(snapshots, "snapshots");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(poll, "poll");
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("Cannot start the delivery endpoint: the token is empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "Cannot start the delivery endpoint: port " + port + " is outside 0..65535");
    }
    if (poll.isNegative() || poll.isZero()) {
      throw new IllegalArgumentException(
          "Cannot start the delivery endpoint: the poll interval must be positive, got " + poll);
    }
    if (threads < 1) {
      throw new IllegalArgumentException(
          "Cannot start the delivery endpoint: threads must be at least 1, got " + threads);
    }
  }

  /** One IO thread can serve every connection; more only help with more cores. */
  public static final int MIN_THREADS = 1;

  /**
   * One IO thread per core but one. Requests are answered on these threads, and an IO thread
   * pre-empted by the JVM's own threads (GC, JIT, a snapshot load) holds every request of the
   * connections it owns: on 2 cores with wrk beside it, 2 IO threads gave a p99 of 3.9 ms at 16
   * connections, 1 IO thread 0.39 ms and 38 % more requests/s (docs/benchmarks.md).
   */
  public static final int DEFAULT_THREADS =
      Math.max(1, Runtime.getRuntime().availableProcessors() - 1);

  @Override
  public String toString() {
    // Never print the token.
    return "DeliveryServerConfig[snapshots="
        + snapshots.location()
        + ", host="
        + host
        + ", port="
        + port
        + ", poll="
        + poll
        + ", threads="
        + threads
        + "]";
  }
}
