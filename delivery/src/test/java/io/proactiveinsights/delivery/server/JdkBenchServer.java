package io.proactiveinsights.delivery.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same {@link DeliveryApi} behind the JDK's {@code com.sun.net.httpserver} with a fixed handler
 * pool: the server the production one (Undertow) is measured against by delivery/bench/run.sh. Not
 * a test.
 *
 * <p>Usage: {@code JdkBenchServer SERVING_ROOT PORT TOKEN_FILE THREADS}
 */
public final class JdkBenchServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JdkBenchServer.class);

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

  private JdkBenchServer(DeliveryServerConfig config, Clock clock) throws IOException {
    AtomicReference<ServedSnapshot> served = new AtomicReference<>();
    AtomicReference<List<RefusedVersion>> refused = new AtomicReference<>(List.of());
    this.metrics = new DeliveryMetrics();
    this.api = new DeliveryApi(new BearerAuth(config.token()), served, refused, metrics, clock);
    this.watcher =
        new SnapshotWatcher(config.snapshots(), config.poll(), served, refused, metrics, clock);
    AtomicInteger threadNumber = new AtomicInteger();
    this.handlers =
        Executors.newFixedThreadPool(
            config.threads(),
            runnable -> {
              Thread thread = new Thread(runnable, "http-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 1024);
    server.createContext("/", this::exchange);
    server.setExecutor(handlers);
  }

  public static void main(String[] args) throws IOException {
    start(
        new DeliveryServerConfig(
            java.nio.file.Path.of(args[0]),
            "127.0.0.1",
            Integer.parseInt(args[1]),
            java.nio.file.Files.readString(java.nio.file.Path.of(args[2])).strip(),
            java.time.Duration.ofSeconds(2),
            Integer.parseInt(args[3])),
        Clock.systemUTC());
  }

  static JdkBenchServer start(DeliveryServerConfig config, Clock clock) throws IOException {
    JdkBenchServer endpoint = new JdkBenchServer(config, clock);
    endpoint.watcher.poll();
    endpoint.watcher.start();
    endpoint.server.start();
    return endpoint;
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
      response = ApiResponse.json(Route.OTHER, 500, Json.bytes("{\"error\":\"internal error\"}"));
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

  /**
   * Stops accepting, lets in-flight requests finish for up to {@code graceSeconds}, then closes.
   */
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
