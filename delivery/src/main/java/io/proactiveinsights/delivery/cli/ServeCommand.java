package io.proactiveinsights.delivery.cli;

import io.proactiveinsights.delivery.server.DeliveryServer;
import io.proactiveinsights.delivery.server.DeliveryServerConfig;
import io.proactiveinsights.delivery.snapshot.SnapshotSource;
import io.proactiveinsights.delivery.snapshot.SnapshotSources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code serve}: starts the endpoint over a serving root and runs until SIGTERM or SIGINT. The
 * token comes from {@code --token-file} or else {@code PROACTIVE_TOKEN}; with neither it refuses to
 * start (exit 2) rather than serve segments to anyone.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve segment lookups from the snapshots the segments job publishes.")
final class ServeCommand implements Callable<Integer> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServeCommand.class);
  static final String TOKEN_ENV = "PROACTIVE_TOKEN";

  @Option(
      names = "--snapshots",
      required = true,
      paramLabel = "LOCATION",
      description =
          "The serving root (<warehouse>/serving), the folder holding CURRENT: a local folder, or"
              + " s3://bucket/prefix on S3 or an S3-compatible server (region, credentials and"
              + " endpoint from the usual AWS settings: AWS_REGION, AWS_ACCESS_KEY_ID,"
              + " AWS_SECRET_ACCESS_KEY or a profile or role, AWS_ENDPOINT_URL_S3).")
  String snapshots;

  @Option(
      names = "--s3-path-style",
      description =
          "Address an s3:// bucket in the path instead of the host name, as most S3-compatible"
              + " servers (MinIO, Ceph) need.")
  boolean s3PathStyle;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "8080",
      description = "Port (default ${DEFAULT-VALUE}; 0 picks one).")
  int port;

  @Option(
      names = "--host",
      paramLabel = "ADDR",
      defaultValue = "0.0.0.0",
      description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "File holding the bearer token; otherwise the " + TOKEN_ENV + " environment variable.")
  Path tokenFile;

  @Option(
      names = "--poll-ms",
      paramLabel = "N",
      defaultValue = "2000",
      description = "How often to check CURRENT for a new version (default ${DEFAULT-VALUE}).")
  long pollMs;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "IO threads answering requests (default: one per core but one, at least 1; here"
              + " ${DEFAULT-VALUE}).")
  int threads = DeliveryServerConfig.DEFAULT_THREADS;

  /** Where the environment comes from; tests replace it. */
  Map<String, String> environment = System.getenv();

  /** Set by tests to stop a running serve; production stops on a signal. */
  final CountDownLatch stop = new CountDownLatch(1);

  /** Set once the server listens (tests read the port). */
  volatile DeliveryServer running;

  @Override
  public Integer call() throws InterruptedException {
    DeliveryServerConfig config = config();
    DeliveryServer server = DeliveryServer.start(config);
    running = server;
    Thread hook =
        new Thread(
            () -> {
              LOG.info("Stopping the delivery endpoint (signal)");
              server.close();
              stop.countDown();
            },
            "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    stop.await();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
      server.close();
    } catch (IllegalStateException shuttingDown) {
      // The hook is already stopping the server.
    }
    return DeliveryCli.OK;
  }

  DeliveryServerConfig config() {
    if (!SnapshotSources.isObjectStore(snapshots) && !Files.isDirectory(Path.of(snapshots))) {
      throw new DeliveryCli.ConfigException(
          "Cannot serve: --snapshots "
              + snapshots
              + " is not a folder (pass <warehouse>/serving;"
              + " the segments job creates it on its first run)");
    }
    if (pollMs < 10) {
      throw new DeliveryCli.ConfigException(
          "Cannot serve: --poll-ms must be at least 10, got " + pollMs);
    }
    if (port < 0 || port > 65535) {
      throw new DeliveryCli.ConfigException(
          "Cannot serve: --port must be in 0..65535, got " + port);
    }
    if (threads < DeliveryServerConfig.MIN_THREADS) {
      throw new DeliveryCli.ConfigException(
          "Cannot serve: --threads must be at least "
              + DeliveryServerConfig.MIN_THREADS
              + ", got "
              + threads);
    }
    String token = token();
    SnapshotSource source;
    try {
      source = SnapshotSources.open(snapshots, s3PathStyle);
    } catch (IllegalArgumentException | SdkException e) {
      throw new DeliveryCli.ConfigException("Cannot serve: " + e.getMessage());
    }
    return new DeliveryServerConfig(source, host, port, token, Duration.ofMillis(pollMs), threads);
  }

  private String token() {
    String token;
    if (tokenFile != null) {
      try {
        token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new DeliveryCli.ConfigException(
            "Cannot serve: cannot read --token-file " + tokenFile + " (" + e.getMessage() + ")");
      }
      if (token.isEmpty()) {
        throw new DeliveryCli.ConfigException(
            "Cannot serve: --token-file " + tokenFile + " is empty (put the bearer token in it)");
      }
    } else {
      token = environment.getOrDefault(TOKEN_ENV, "").strip();
      if (token.isEmpty()) {
        throw new DeliveryCli.ConfigException(
            "Cannot serve: no token configured (set "
                + TOKEN_ENV
                + " or pass --token-file FILE; every /v1 call must present it as a bearer token)");
      }
    }
    if (token.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      throw new DeliveryCli.ConfigException(
          "Cannot serve: the token holds whitespace or control characters (a bearer token cannot)");
    }
    return token;
  }
}
