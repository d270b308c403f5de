package io.proactiveinsights.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A child JVM, on the test classpath unless given another: what tests use when only a real process
 * will do (a cluster's master and workers and Spark's SparkSubmit, on Spark's jars alone; a run
 * killed with SIGKILL; two runs at once).
 */
public final class ChildJvm {

  private ChildJvm() {}

  /**
   * The JVM flags Spark needs on Java 17: the pom's {@code proactive.jvm.opens}, or this JVM's own.
   */
  public static List<String> jvmOpens() {
    String fromPom = System.getProperty("proactive.jvm.opens");
    if (fromPom != null && !fromPom.isBlank()) {
      return Arrays.asList(fromPom.trim().split("\\s+"));
    }
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(
            a ->
                a.startsWith("--add-opens")
                    || a.startsWith("-Djdk.reflect")
                    || a.startsWith("-Dio.netty"))
        .toList();
  }

  public static String classpath() {
    return System.getProperty("java.class.path");
  }

  /**
   * A child JVM with the opens, C1 only (a short-lived child spends more on C2 compiles than they
   * save) and the serial collector; stdout and stderr both to {@code log}.
   */
  public static ProcessBuilder javaProcess(
      List<String> jvmArgs, List<String> mainAndArgs, Path log) {
    return javaProcess(jvmArgs, classpath(), mainAndArgs, log);
  }

  /**
   * {@link #javaProcess(List, List, Path)} on another classpath than the test's (Spark's jars
   * alone, for what a Spark distribution runs).
   */
  public static ProcessBuilder javaProcess(
      List<String> jvmArgs, String classpath, List<String> mainAndArgs, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOpens());
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", classpath));
    command.addAll(mainAndArgs);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder;
  }

  /** The main class and arguments of {@code proactive <args> --conf <conf>} in a child JVM. */
  public static List<String> proactive(List<String> args, String conf) {
    List<String> all = new ArrayList<>(List.of("io.proactiveinsights.cli.ProactiveCli"));
    all.addAll(args);
    all.addAll(List.of("--conf", conf));
    return all;
  }

  /** The last {@code lines} lines of a child's log, for a failure message. */
  public static String tail(Path log, int lines) {
    try {
      List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")\n";
    }
  }
}
