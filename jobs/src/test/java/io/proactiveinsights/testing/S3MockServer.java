package io.proactiveinsights.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 API server on this machine: Adobe's S3Mock standalone jar (copied into target/ by the
 * jobs pom, {@code s3mock.jar}) in its own JVM, storing objects under a folder. Its own process
 * because its Spring Boot and Jetty must stay off Spark's classpath. It accepts any credentials;
 * clients reach it on 127.0.0.1 with path-style requests.
 */
public final class S3MockServer implements AutoCloseable {

  /** The jar the jobs pom copies before the integration tests. */
  static final String JAR_PROPERTY = "s3mock.jar";

  private final Process process;
  private final int port;
  private final Path log;

  private S3MockServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts the server with its objects under {@code dir} and waits until it answers. */
  public static S3MockServer start(Path dir, Duration timeout) throws IOException {
    String jar = System.getProperty(JAR_PROPERTY);
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "Cannot start S3Mock: "
              + JAR_PROPERTY
              + " is "
              + jar
              + " (run through mvn verify, which copies the jar into jobs/target/s3mock)");
    }
    int httpPort = freePort();
    Path log = dir.resolve("s3mock.log");
    Files.createDirectories(dir.resolve("objects"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar));
    command.add("--com.adobe.testing.s3mock.http-port=" + httpPort);
    // Its HTTPS connector cannot be turned off: bind it to loopback on another free port.
    command.add("--server.port=" + freePort());
    command.add("--server.address=127.0.0.1");
    command.add("--com.adobe.testing.s3mock.store.root=" + dir.resolve("objects"));
    command.add("--spring.main.banner-mode=off");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    S3MockServer server = new S3MockServer(process, httpPort, log);
    server.awaitReady(timeout);
    return server;
  }

  /** The endpoint clients use: {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  private void awaitReady(Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "S3Mock exited with " + process.exitValue() + "\n" + ChildJvm.tail(log, 40));
      }
      try {
        HttpURLConnection connection =
            (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
        connection.setConnectTimeout(500);
        connection.setReadTimeout(2000);
        if (connection.getResponseCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      sleep(200);
    }
    close();
    throw new IllegalStateException(
        "S3Mock did not answer within " + timeout + "\n" + ChildJvm.tail(log, 40));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
