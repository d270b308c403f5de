package io.proactiveinsights.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proactiveinsights.testing.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on 127.0.0.1 for a test: one master and N workers, each its own
 * JVM ({@code org.apache.spark.deploy.master.Master}, {@code
 * org.apache.spark.deploy.worker.Worker}) started from a Spark home whose {@code jars/} folder
 * holds the Spark jars given (links to them), as a Spark distribution lays it out. Ports are
 * ephemeral; the cluster is ready once the master's JSON status lists every worker ALIVE. {@link
 * #close()} kills the JVMs it started and their children (the executors).
 *
 * <p>Workers launch executors on {@code $SPARK_HOME/jars/*} plus what the application brings (its
 * jar and {@code spark.jars}, fetched from the driver), so nothing of the project's reaches an
 * executor except through the submitted application.
 */
final class StandaloneCluster implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern MASTER_PORT =
      Pattern.compile("Successfully started service 'sparkMaster' on port (\\d+)");
  private static final Pattern MASTER_UI_PORT =
      Pattern.compile("Successfully started service 'MasterUI' on port (\\d+)");

  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();
  private int masterPort;
  private int masterUiPort;

  private StandaloneCluster(Path dir) {
    this.dir = dir;
  }

  /**
   * Starts a master and {@code workers} workers ({@code --cores 1 --memory 1g} each) on {@code
   * sparkJars} and waits until all registered.
   */
  static StandaloneCluster start(Path dir, List<Path> sparkJars, int workers, Duration timeout)
      throws IOException, InterruptedException {
    StandaloneCluster cluster = new StandaloneCluster(dir);
    try {
      Path jars = Files.createDirectories(dir.resolve("spark-home/jars"));
      for (Path jar : sparkJars) {
        Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
      }
      cluster.launch(
          "master",
          List.of(
              "org.apache.spark.deploy.master.Master",
              "--host",
              "127.0.0.1",
              "--port",
              "0",
              "--webui-port",
              "0"));
      cluster.awaitMasterPorts(timeout);
      for (int i = 1; i <= workers; i++) {
        Path workDir = Files.createDirectories(dir.resolve("worker-" + i));
        cluster.launch(
            "worker-" + i,
            List.of(
                "org.apache.spark.deploy.worker.Worker",
                "--host",
                "127.0.0.1",
                "--webui-port",
                "0",
                "--cores",
                "1",
                "--memory",
                "1g",
                "--work-dir",
                workDir.toString(),
                cluster.masterUrl()));
      }
      cluster.awaitWorkers(workers, timeout);
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The folder each worker runs its executors in ({@code <work-dir>/<app-id>/<executor-id>}). */
  List<Path> workDirs() {
    try (Stream<Path> children = Files.list(dir)) {
      return children
          .filter(p -> p.getFileName().toString().startsWith("worker-"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void launch(String name, List<String> mainAndArgs) throws IOException {
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder =
        ChildJvm.javaProcess(
            List.of("-Xmx384m"), dir.resolve("spark-home/jars/*").toString(), mainAndArgs, log);
    Map<String, String> env = builder.environment();
    env.put("SPARK_HOME", dir.resolve("spark-home").toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.remove("SPARK_CONF_DIR");
    logs.add(log);
    processes.add(builder.start());
  }

  /**
   * Reads the master's ports from its log. Master and UI bind port 0 (the system picks a free one):
   * a port chosen by the test and released before the master binds it can be taken meanwhile, and
   * Spark then moves to the next port while the workers dial the first.
   */
  private void awaitMasterPorts(Duration timeout) throws IOException, InterruptedException {
    Path log = logs.get(0);
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      String text = Files.exists(log) ? Files.readString(log) : "";
      Matcher master = MASTER_PORT.matcher(text);
      Matcher ui = MASTER_UI_PORT.matcher(text);
      if (master.find() && ui.find()) {
        masterPort = Integer.parseInt(master.group(1));
        masterUiPort = Integer.parseInt(ui.group(1));
        return;
      }
      Process process = processes.get(0);
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Cannot start the standalone cluster: the master exited with "
                + process.exitValue()
                + "\n"
                + logTails());
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "Cannot start the standalone cluster: the master did not log its ports within "
            + timeout.toSeconds()
            + " s\n"
            + logTails());
  }

  private void awaitWorkers(int workers, Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest status =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/"))
            .timeout(Duration.ofSeconds(5))
            .build();
    Instant deadline = Instant.now().plus(timeout);
    int alive = 0;
    while (Instant.now().isBefore(deadline)) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "Cannot start the standalone cluster: a JVM exited with "
                  + p.exitValue()
                  + "\n"
                  + logTails());
        }
      }
      try {
        JsonNode json =
            JSON.readTree(http.send(status, HttpResponse.BodyHandlers.ofString()).body());
        alive = 0;
        for (JsonNode worker : json.path("workers")) {
          if ("ALIVE".equals(worker.path("state").asText())) {
            alive++;
          }
        }
        if (alive >= workers) {
          return;
        }
      } catch (IOException notUpYet) {
        // the master's UI is not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "Cannot start the standalone cluster: "
            + alive
            + " of "
            + workers
            + " workers registered within "
            + timeout.toSeconds()
            + " s\n"
            + logTails());
  }

  /** The last lines of every cluster JVM's log, for a failure message. */
  String logTails() {
    StringBuilder out = new StringBuilder();
    for (Path log : logs) {
      out.append("---- ").append(log.getFileName()).append('\n').append(ChildJvm.tail(log, 30));
    }
    return out.toString();
  }

  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }
}
