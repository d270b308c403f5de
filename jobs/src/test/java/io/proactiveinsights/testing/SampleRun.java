package io.proactiveinsights.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.cli.CliRun;
import io.proactiveinsights.io.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * One sample workspace and one uninterrupted in-process {@code proactive pipeline} run of it,
 * shared by every test in the JVM that compares another way of running the same stages against it
 * (on a cluster, killed and rerun, in another time zone): the reference is computed once, not once
 * per class. Local mode with the test settings (test.conf).
 */
public final class SampleRun {

  /** The logical date of the shared run. */
  public static final String DS = "2026-11-23";

  /**
   * The tables another way of running the same stages must write as this run did: one of each stage
   * that computes (metrics, impact, hygiene, recommendations, segments).
   */
  public static final List<String> COMPARED_TABLES =
      List.of(
          Warehouse.MESSAGE_STATS,
          Warehouse.TOPIC_IMPACT,
          Warehouse.HYGIENE_FLAGS,
          Warehouse.RECOMMENDATIONS,
          Warehouse.SEGMENTS);

  private static SampleRun shared;

  private final Path input;
  private final Warehouse warehouse;

  private SampleRun(Path input, Warehouse warehouse) {
    this.input = input;
    this.warehouse = warehouse;
  }

  /** The shared run: 1,000 people over 30 days ending {@link #DS}, run on first use. */
  public static synchronized SampleRun get() {
    if (shared == null) {
      try {
        // Under target/, so `mvn clean` removes it.
        Path dir = Files.createTempDirectory(Path.of("target"), "sample-run");
        Path input = dir.resolve("input");
        Warehouse warehouse = new Warehouse(dir.resolve("warehouse").toString());
        SharedSpark.session();
        assertOk(
            CliRun.runWithTestConf(
                "sample",
                "--out",
                input.toString(),
                "--users",
                "1000",
                "--days",
                "30",
                "--ds",
                DS));
        SampleRun run = new SampleRun(input, warehouse);
        assertOk(CliRun.runWithTestConf(run.pipelineArgs(warehouse.root()).toArray(String[]::new)));
        shared = run;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  /**
   * {@code proactive pipeline}'s arguments for this run's ds and input into {@code warehouse}
   * (without {@code --conf}).
   */
  public List<String> pipelineArgs(String warehouse) {
    return List.of("pipeline", "--ds", DS, "--input", input.toString(), "--warehouse", warehouse);
  }

  /** The generated input folder. Tests read it and never write to it. */
  public Path input() {
    return input;
  }

  /** The warehouse of the uninterrupted run. Tests read it and never write to it. */
  public Warehouse warehouse() {
    return warehouse;
  }

  /**
   * Asserts that each of {@link #COMPARED_TABLES} in {@code other} holds this run's rows (doubles
   * to ten significant digits, {@link TableRows}).
   */
  public void assertSameTables(SparkSession spark, Warehouse other) {
    for (String table : COMPARED_TABLES) {
      List<String> expected = TableRows.sorted(spark, warehouse.path(table));
      assertThat(expected).as(table + " has rows").isNotEmpty();
      TableRows.assertSameRows(table, TableRows.sorted(spark, other.path(table)), expected);
    }
  }

  private static void assertOk(CliRun run) {
    assertThat(run.exitCode()).as(run.err()).isZero();
  }
}
