package io.proactiveinsights.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * JVMs a test starts as real processes on the test classpath: a standalone cluster's master and
 * workers, a driver, two runs of the command line contending for one warehouse.
 */
public final class ChildJvm {

  private ChildJvm() {}

  /**
   * The JVM flags Spark 4 needs on Java 17: the pom's {@code proactive.jvm.opens}, or this JVM's
   * own.
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
   * A child JVM on the test classpath with the opens, small heap and C1 only; output to {@code
   * log}.
   */
  public static ProcessBuilder javaProcess(
      List<String> jvmArgs, List<String> mainAndArgs, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOpens());
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", classpath()));
    command.addAll(mainAndArgs);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder;
  }

  /** The last {@code lines} lines of a log, for a failure message. */
  public static String tail(Path log, int lines) {
    try {
      List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")\n";
    }
  }
}
