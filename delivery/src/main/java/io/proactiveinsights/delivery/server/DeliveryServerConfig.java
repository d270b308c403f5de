package io.proactiveinsights.delivery.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the endpoint.
 *
 * @param snapshots the serving root the segments job publishes into (holds CURRENT)
 * @param host the address to bind (0.0.0.0 for all interfaces)
 * @param port the port; 0 picks a free one
 * @param token the bearer token every /v1 call must present
 * @param poll how often CURRENT is checked
 * @param threads request handler threads
 */
public record DeliveryServerConfig(
    Path snapshots, String host, int port, String token, Duration poll, int threads) {
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

  /** The default handler pool: measured best at twice the cores (docs/benchmarks.md). */
  public static int defaultThreads() {
    return Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
  }

  @Override
  public String toString() {
    // Never print the token.
    return "DeliveryServerConfig[snapshots=" + snapshots + ", host=" + host + ", port=" + port
        + ", poll=" + poll + ", threads=" + threads + "]";
  }
}
