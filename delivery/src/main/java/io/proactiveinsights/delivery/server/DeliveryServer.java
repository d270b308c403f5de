package io.proactiveinsights.delivery.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery endpoint: the JDK's built-in {@code com.sun.net.httpserver} with a fixed handler
 * pool in front of {@link DeliveryApi}, plus the {@link SnapshotWatcher} that hot-swaps versions.
 *
 * <p>Why the JDK server: measured with wrk on loopback it answered membership lookups faster than
 * Javalin 6.7 on Jetty on these 2 cores with comparable p99, and it adds no dependency to a module
 * the Spark jobs also depend on (see docs/benchmarks.md, "Delivery endpoint").
 */
public final class DeliveryServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryServer.class);

  static {
    // The JDK server reads these once, when its config class loads; a -D on the command line wins.
    // Without TCP_NODELAY small responses on kept-alive connections wait on Nagle's algorithm
    // (tens of ms at p99).
    setDefault("sun.net.httpserver.nodelay", "true");
    // A handler thread reads a request's headers with blocking reads: without a limit, a few
    // clients sending headers byte by byte would hold every thread. These close such connections.
    setDefault("sun.net.httpserver.maxReqTime", "10");
    setDefault("sun.net.httpserver.maxRspTime", "10");
  }

  private static void setDefault(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  private final HttpServer server;
  private final ExecutorService handlers;
  private final SnapshotWatcher watcher;
  private final DeliveryApi api;
  private final DeliveryMetrics metrics;

  private DeliveryServer(DeliveryServerConfig config, Clock clock) throws IOException {
    AtomicReference<ServedSnapshot> served = new AtomicReference<>();
    this.metrics = new DeliveryMetrics();
    this.api = new DeliveryApi(new BearerAuth(config.token()), served, metrics, clock);
    this.watcher = new SnapshotWatcher(config.snapshots(), config.poll(), served, metrics, clock);
    AtomicInteger threadNumber = new AtomicInteger();
    this.handlers =
        Executors.newFixedThreadPool(
            config.threads(),
            runnable -> {
              Thread thread = new Thread(runnable, "http-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.server =
        HttpServer.create(new InetSocketAddress(config.host(), config.port()), 1024);
    server.createContext("/", this::exchange);
    server.setExecutor(handlers);
  }

  /**
   * Binds the port, loads the current version if there is one (so a restarted endpoint is ready
   * when it starts answering), starts the watcher and serves until {@link #close}.
   */
  public static DeliveryServer start(DeliveryServerConfig config) throws IOException {
    return start(config, Clock.systemUTC());
  }

  static DeliveryServer start(DeliveryServerConfig config, Clock clock) throws IOException {
    DeliveryServer endpoint = new DeliveryServer(config, clock);
    endpoint.watcher.poll();
    endpoint.watcher.start();
    endpoint.server.start();
    LOG.info(
        "Delivery endpoint listening on {}:{} for snapshots in {} (poll every {} ms, {} threads)",
        config.host(),
        endpoint.port(),
        config.snapshots(),
        config.poll().toMillis(),
        config.threads());
    return endpoint;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Checks CURRENT now instead of at the next poll (tests and tools). */
  void pollNow() {
    watcher.poll();
  }

  DeliveryMetrics metrics() {
    return metrics;
  }

  private void exchange(HttpExchange exchange) {
    long started = System.nanoTime();
    String method = exchange.getRequestMethod();
    ApiResponse response;
    try {
      response =
          api.handle(
              method,
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestHeaders().getFirst("Authorization"));
    } catch (RuntimeException bug) {
      // A defect, never a client's fault; the log names the route but not the path (it holds ids).
      LOG.error("Request handling failed", bug);
      response =
          ApiResponse.json(Route.OTHER, 500, Json.bytes("{\"error\":\"internal error\"}"));
    }
    try {
      Headers headers = exchange.getResponseHeaders();
      headers.set("Content-Type", response.contentType());
      for (Map.Entry<String, String> header : response.headers().entrySet()) {
        headers.set(header.getKey(), header.getValue());
      }
      byte[] body = response.body();
      if (method.equals("HEAD") || body.length == 0) {
        exchange.sendResponseHeaders(response.status(), -1);
      } else {
        exchange.sendResponseHeaders(response.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (IOException clientGone) {
      // The client closed the connection; there is nobody left to answer.
    } finally {
      exchange.close();
      metrics.record(response.route(), response.status(), System.nanoTime() - started);
    }
  }

  /** Stops at once: closes connections, stops the watcher. */
  @Override
  public void close() {
    stop(0);
  }

  /** Stops accepting, lets in-flight requests finish for up to {@code graceSeconds}, then closes. */
  public void stop(int graceSeconds) {
    server.stop(graceSeconds);
    watcher.close();
    handlers.shutdown();
    try {
      handlers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
