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
 * @param threads most request threads (Jetty's pool; it needs a few for accepting and selecting)
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

  /** Jetty's pool needs threads to accept and select besides the handlers. */
  public static final int MIN_THREADS = 8;

  /** Threads are made on demand, so a generous ceiling costs nothing while idle. */
  public static final int DEFAULT_THREADS = 64;

  @Override
  public String toString() {
    // Never print the token.
    return "DeliveryServerConfig[snapshots=" + snapshots + ", host=" + host + ", port=" + port
        + ", poll=" + poll + ", threads=" + threads + "]";
  }
}
