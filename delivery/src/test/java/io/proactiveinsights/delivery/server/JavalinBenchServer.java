package io.proactiveinsights.delivery.server;

import io.javalin.Javalin;
import io.proactiveinsights.delivery.snapshot.SnapshotLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The same {@link DeliveryApi} behind Javalin 6.7 (Jetty 11) with its default thread pool: the
 * server the JDK's HttpServer was measured against (delivery/bench/run.sh). Not a test.
 *
 * <p>Usage: {@code JavalinBenchServer SERVING_ROOT PORT TOKEN_FILE}
 */
public final class JavalinBenchServer {
  private JavalinBenchServer() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    String token = Files.readString(Path.of(args[2])).strip();
    AtomicReference<ServedSnapshot> served =
        new AtomicReference<>(ServedSnapshot.of(SnapshotLoader.loadCurrent(root), Clock.systemUTC().instant()));
    DeliveryMetrics metrics = new DeliveryMetrics();
    DeliveryApi api = new DeliveryApi(new BearerAuth(token), served, metrics, Clock.systemUTC());
    Javalin.create(config -> config.showJavalinBanner = false)
        .get(
            "/*",
            ctx -> {
              long started = System.nanoTime();
              ApiResponse response =
                  api.handle(ctx.method().name(), ctx.req().getRequestURI(), ctx.header("Authorization"));
              ctx.status(response.status()).contentType(response.contentType());
              for (Map.Entry<String, String> header : response.headers().entrySet()) {
                ctx.header(header.getKey(), header.getValue());
              }
              ctx.result(response.body());
              metrics.record(response.route(), response.status(), System.nanoTime() - started);
            })
        .start("127.0.0.1", port);
  }
}
