package io.proactiveinsights.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.testing.ChildJvm;
import io.proactiveinsights.testing.SampleRun;
import io.proactiveinsights.testing.SharedSpark;
import io.proactiveinsights.testing.TableRows;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline submitted the way users submit it: the thin jar ({@code
 * target/proactive-cluster.jar}, built by {@code package}) handed to Spark's own {@code
 * org.apache.spark.deploy.SparkSubmit} (the class the {@code spark-submit} script runs), driver in
 * client mode, against a real standalone master with two workers on 127.0.0.1 ({@link
 * StandaloneCluster}), Delta from {@code --jars}. The submitting JVM and the cluster run on Spark's
 * and Hadoop's jars alone ({@code target/spark-classpath.txt}, what a Spark distribution ships), so
 * a class the thin jar lacks fails the run as it would on a real cluster. The warehouse is on the
 * local disk all processes share. The outputs must equal the shared local run ({@link SampleRun})
 * row for row (doubles to ten significant digits: sums of doubles depend on how the rows were
 * split, see {@link TableRows}).
 */
// ITs run two classes at a time (root pom, failsafe): the second longest starts next, the short
// ones fill in beside it.
@Order(2)
class SparkSubmitIT {

  private static final Path THIN_JAR = Path.of("target/proactive-cluster.jar");
  private static final Path SPARK_CLASSPATH = Path.of("target/spark-classpath.txt");
  private static final Path DELTA_JARS = Path.of("target/delta-jars.txt");

  @TempDir Path dir;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void thePipelineSubmittedToAStandaloneClusterWritesWhatLocalModeWrites() throws Exception {
    List<Path> sparkJars = builtByMaven(SPARK_CLASSPATH);
    List<Path> deltaJars = builtByMaven(DELTA_JARS);
    assertThat(THIN_JAR).as("the thin jar, built by `mvn package`").exists();
    SparkSession spark = SharedSpark.session();
    SampleRun local = SampleRun.get();
    Path clusterWarehouse = dir.resolve("warehouse-cluster");

    try (StandaloneCluster cluster =
        StandaloneCluster.start(dir.resolve("cluster"), sparkJars, 2, Duration.ofMinutes(2))) {
      List<String> submit = new ArrayList<>();
      submit.addAll(
          List.of(
              "org.apache.spark.deploy.SparkSubmit",
              "--master",
              cluster.masterUrl(),
              "--deploy-mode",
              "client",
              "--class",
              "io.proactiveinsights.cli.ProactiveCli",
              "--name",
              "proactive-pipeline",
              "--jars",
              String.join(",", deltaJars.stream().map(Path::toString).toList()),
              "--executor-memory",
              "640m",
              "--executor-cores",
              "1",
              "--total-executor-cores",
              "2",
              "--conf",
              "spark.driver.host=127.0.0.1",
              "--conf",
              "spark.driver.bindAddress=127.0.0.1",
              "--conf",
              "spark.executor.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
              "--conf",
              "spark.default.parallelism=2",
              "--conf",
              "spark.sql.adaptive.enabled=false",
              // Delta replays a table's log in 50 tasks by default, sized for long logs: 46 of the
              // run's ~230 stages were such replays of the sample's tiny tables, 2,300 of its 2,580
              // tasks (SparkSessions sets 2 in local mode; docs/cluster.md).
              "--conf",
              "spark.databricks.delta.snapshotPartitions=2",
              THIN_JAR.toAbsolutePath().toString()));
      submit.addAll(local.pipelineArgs(clusterWarehouse.toString()));
      submit.addAll(List.of("--conf", conf("/test.conf")));

      Path driverLog = dir.resolve("driver.log");
      Path driverOut = dir.resolve("driver.out");
      ProcessBuilder driver =
          ChildJvm.javaProcess(List.of("-Xmx1g"), classpath(sparkJars), submit, driverLog)
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

  /** The jars listed in a classpath file that the build writes before the ITs. */
  private static List<Path> builtByMaven(Path classpathFile) throws IOException {
    assertThat(classpathFile)
        .as("written by the build before the ITs (mvn verify, jobs/pom.xml)")
        .exists();
    List<Path> jars =
        Arrays.stream(Files.readString(classpathFile).trim().split(File.pathSeparator))
            .map(Path::of)
            .toList();
    assertThat(jars).as(classpathFile.toString()).isNotEmpty().allMatch(Files::isRegularFile);
    return jars;
  }

  private static String classpath(List<Path> jars) {
    return String.join(File.pathSeparator, jars.stream().map(Path::toString).toList());
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
   * The test sessions' settings, as the local run's: Spark's interpreted evaluation, so the driver
   * and both executors compile no generated code for the run's ~230 stages. The classes marked
   * {@code @WithShippedCodegen} test with code generation on.
   */
  private static String conf(String resource) {
    try {
      return Path.of(SparkSubmitIT.class.getResource(resource).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
