package io.proactiveinsights.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.testing.ChildJvm;
import io.proactiveinsights.testing.SampleRun;
import io.proactiveinsights.testing.SharedSpark;
import io.proactiveinsights.testing.TableRows;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a real Spark standalone cluster: a master and two workers on 127.0.0.1
 * ({@link StandaloneCluster}), the driver in its own JVM with {@code spark.master=spark://…} set
 * the way spark-submit sets it (a system property, which {@code SparkSessions} lets win over the
 * config), and the warehouse on the local disk the executors share. The outputs must equal a
 * local-mode run of the same input row for row (doubles to ten significant digits: sums of doubles
 * depend on how the rows were split, see {@link TableRows}).
 */
// ITs run two classes at a time (root pom, failsafe): the second longest starts next, the short
// ones fill in beside it.
@Order(2)
class StandaloneClusterIT {

  private static final String DS = SampleRun.DS;

  @TempDir Path dir;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void thePipelineOnAStandaloneClusterWritesWhatLocalModeWrites() throws Exception {
    SparkSession spark = SharedSpark.session();
    SampleRun local = SampleRun.get();
    Path clusterWarehouse = dir.resolve("warehouse-cluster");

    try (StandaloneCluster cluster =
        StandaloneCluster.start(dir.resolve("cluster"), 2, Duration.ofMinutes(2))) {
      Path driverLog = dir.resolve("driver.log");
      Path driverOut = dir.resolve("driver.out");
      ProcessBuilder driver =
          ChildJvm.javaProcess(
              List.of(
                  "-Xmx1g",
                  "-Dspark.master=" + cluster.masterUrl(),
                  "-Dspark.driver.host=127.0.0.1",
                  "-Dspark.driver.bindAddress=127.0.0.1",
                  "-Dspark.executor.memory=640m",
                  "-Dspark.executor.cores=1",
                  "-Dspark.cores.max=2",
                  "-Dspark.executor.extraClassPath=" + ChildJvm.classpath(),
                  "-Dspark.executor.extraJavaOptions="
                      + String.join(" ", ChildJvm.jvmOpens())
                      + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                  "-Dspark.default.parallelism=2",
                  "-Dspark.sql.adaptive.enabled=false"),
              ChildJvm.proactive(
                  local.pipelineArgs(clusterWarehouse.toString()),
                  conf("/test-shipped-codegen.conf")),
              driverLog);
      driver
          .redirectErrorStream(false)
          .redirectOutput(driverOut.toFile())
          .redirectError(driverLog.toFile());
      Process process = driver.start();
      try {
        boolean finished = process.waitFor(10, TimeUnit.MINUTES);
        assertThat(finished)
            .as("driver finished within 10 minutes\n" + ChildJvm.tail(driverLog, 40))
            .isTrue();
        assertThat(process.exitValue())
            .as("driver exit code\n" + ChildJvm.tail(driverLog, 60) + cluster.logTails())
            .isZero();
      } finally {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
      List<String> out = Files.readAllLines(driverOut);
      JsonNode summary = new ObjectMapper().readTree(out.get(out.size() - 1));
      assertThat(summary.get("status").asText()).isEqualTo("ok");
      assertThat(executorLogs(cluster)).as("both workers ran executors of the pipeline").hasSize(2);
    }

    local.assertSameTables(spark, new Warehouse(clusterWarehouse.toString()));
  }

  /** Workers whose work dir holds an executor folder ({@code <app-id>/<executor-id>}). */
  private static List<Path> executorLogs(StandaloneCluster cluster) throws IOException {
    List<Path> withExecutors = new ArrayList<>();
    for (Path workDir : cluster.workDirs()) {
      try (Stream<Path> files = Files.walk(workDir, 3)) {
        if (files.anyMatch(p -> p.getFileName().toString().equals("stderr"))) {
          withExecutors.add(workDir);
        }
      }
    }
    return withExecutors;
  }

  /**
   * The local run uses the test sessions' settings (Spark's interpreted evaluation), the cluster's
   * driver the settings users run with (code generation on): equal tables also say the two agree.
   */
  private static String conf(String resource) {
    try {
      return Path.of(StandaloneClusterIT.class.getResource(resource).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
