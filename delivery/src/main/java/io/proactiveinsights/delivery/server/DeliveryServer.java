package io.proactiveinsights.delivery.server;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery endpoint: Undertow in front of {@link DeliveryApi}, plus the {@link SnapshotWatcher}
 * that hot-swaps snapshot versions. One handler takes every request and hands the raw request
 * target to {@code DeliveryApi}, so auth, id decoding and status codes are decided in one place.
 *
 * <p>Requests are answered on Undertow's IO threads, the way nginx answers on its workers: a lookup
 * is a few bitmap probes in memory and the response is queued without blocking, so handing it to a
 * worker pool only adds a thread switch. That switch is what set the p99 of the Jetty (Javalin)
 * server this replaced: with wrk on the same two cores, 3.4–3.8 ms at 4 connections against
 * 0.33–0.35 ms here, and 1.35–1.45× of nginx's throughput here against 0.65× (docs/benchmarks.md,
 * "The p99 found").
 */
public final class DeliveryServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryServer.class);

  static {
    // Undertow and XNIO log through JBoss Logging; send that to SLF4J like the rest of the
    // endpoint.
    if (System.getProperty("org.jboss.logging.provider") == null) {
      System.setProperty("org.jboss.logging.provider", "slf4j");
    }
  }

  /** Request headers larger than this are refused (400) before they reach the API. */
  static final int MAX_HEADER_BYTES = 16 * 1024;

  /**
   * The API takes no request bodies; a client sending one gets its answer, and the body is capped.
   */
  static final long MAX_BODY_BYTES = 64 * 1024;

  /**
   * A client gets this long to send a whole request line and headers (slow clients hold no thread,
   * but a socket).
   */
  static final int REQUEST_PARSE_TIMEOUT_MS = 10_000;

  /** An idle kept-alive connection is closed after this long. */
  static final int IDLE_TIMEOUT_MS = 60_000;

  private final Undertow undertow;
  private final SnapshotWatcher watcher;
  private final DeliveryApi api;
  private final DeliveryMetrics metrics;

  private DeliveryServer(DeliveryServerConfig config, Clock clock) {
    AtomicReference<ServedSnapshot> served = new AtomicReference<>();
    AtomicReference<List<RefusedVersion>> refused = new AtomicReference<>(List.of());
    this.metrics = new DeliveryMetrics();
    this.api = new DeliveryApi(new BearerAuth(config.token()), served, refused, metrics, clock);
    this.watcher =
        new SnapshotWatcher(config.snapshots(), config.poll(), served, refused, metrics, clock);
    this.undertow =
        Undertow.builder()
            .addHttpListener(config.port(), config.host())
            .setIoThreads(config.threads())
            // Nothing is dispatched off the IO threads; keep the (unused) worker pool minimal.
            .setWorkerThreads(1)
            .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
            .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, MAX_BODY_BYTES)
            .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, REQUEST_PARSE_TIMEOUT_MS)
            .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, IDLE_TIMEOUT_MS)
            .setHandler(this::handle)
            .build();
  }

  /**
   * Loads the current version if there is one, or the newest older one that loads when the current
   * one is refused (so a restarted endpoint is ready when it starts answering), binds the port,
   * starts the watcher and serves until {@link #close}.
   */
  public static DeliveryServer start(DeliveryServerConfig config) {
    return start(config, Clock.systemUTC());
  }

  static DeliveryServer start(DeliveryServerConfig config, Clock clock) {
    DeliveryServer endpoint = new DeliveryServer(config, clock);
    endpoint.watcher.poll();
    endpoint.undertow.start();
    endpoint.watcher.start();
    LOG.info(
        "Delivery endpoint listening on {}:{} for snapshots in {} (poll every {} ms, {} IO"
            + " threads)",
        config.host(),
        endpoint.port(),
        config.snapshots().location(),
        config.poll().toMillis(),
        config.threads());
    return endpoint;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  /** Checks CURRENT now instead of at the next poll (tests and tools). */
  void pollNow() {
    watcher.poll();
  }

  DeliveryMetrics metrics() {
    return metrics;
  }

  private void handle(HttpServerExchange exchange) {
    long started = System.nanoTime();
    ApiResponse response;
    try {
      // The request target as sent (still percent-encoded): DeliveryApi decodes and checks ids
      // itself.
      response =
          api.handle(
              exchange.getRequestMethod().toString(),
              exchange.getRequestURI(),
              exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
    } catch (RuntimeException bug) {
      // A defect, never a client's fault; the log names no path (paths hold ids).
      LOG.error("Request handling failed", bug);
      response = ApiResponse.json(Route.OTHER, 500, Json.bytes("{\"error\":\"internal error\"}"));
    }
    exchange.setStatusCode(response.status());
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, response.contentType());
    for (Map.Entry<String, String> header : response.headers().entrySet()) {
      exchange
          .getResponseHeaders()
          .put(HttpString.tryFromString(header.getKey()), header.getValue());
    }
    // Queued without blocking: a slow reader never holds an IO thread (Undertow sets
    // Content-Length).
    exchange.getResponseSender().send(ByteBuffer.wrap(response.body()));
    metrics.record(response.route(), response.status(), System.nanoTime() - started);
  }

  /** Stops at once: closes connections, stops the watcher. */
  @Override
  public void close() {
    undertow.stop();
    watcher.close();
  }
}
