package io.proactiveinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.run.RunTag;
import io.proactiveinsights.schema.AssignmentsColumns;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.ChildJvm;
import io.proactiveinsights.testing.SampleRun;
import io.proactiveinsights.testing.SharedSpark;
import io.proactiveinsights.testing.TableRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs at once on one warehouse, in two processes: two ds side by side (a {@code pipeline} in a
 * child JVM as an orchestrator starts it, the other in this JVM) both finish, with the rows
 * one-after-the-other runs write (the shared {@link SampleRun} is the reference for its ds); two
 * runs of one ds started together, each in its own JVM, end with one done and one refused, and only
 * the winner's commits.
 */
class ConcurrentRunsIT {

  private static final String DS = SampleRun.DS;
  private static final String DAY_BEFORE = "2026-11-22";

  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    SharedSpark.session();
  }

  /** A run of the command line in a JVM of its own: stdout (the summary) apart from the log. */
  private record ChildRun(String name, Process process, Path out, Path log) {

    static ChildRun start(Path dir, String name, String... args) throws IOException {
      Path out = dir.resolve(name + ".out");
      Path log = dir.resolve(name + ".log");
      Process process =
          ChildJvm.javaProcess(
                  List.of("-Xmx768m"), ChildJvm.proactive(List.of(args), CliRun.TEST_CONF), log)
              .redirectErrorStream(false)
              .redirectOutput(out.toFile())
              .redirectError(log.toFile())
              .start();
      return new ChildRun(name, process, out, log);
    }

    int exitCode() throws InterruptedException {
      try {
        assertThat(process.waitFor(20, TimeUnit.MINUTES))
            .as(name + " finished within 20 minutes\n" + ChildJvm.tail(log, 40))
            .isTrue();
        return process.exitValue();
      } finally {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }

    JsonNode summary() throws IOException {
      List<String> lines = Files.readAllLines(out);
      assertThat(lines).as(name + " printed a summary\n" + ChildJvm.tail(log, 40)).isNotEmpty();
      return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }

    /** Waits until this run holds the lock at {@code lockPath}: it has started writing its ds. */
    void awaitLock(String lockPath) throws InterruptedException {
      Path lock = Path.of(lockPath);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (!Files.exists(lock)) {
        assertThat(process.isAlive())
            .as(name + " ended before taking its lock\n" + ChildJvm.tail(log, 40))
            .isTrue();
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              name + " took no lock within 5 minutes\n" + ChildJvm.tail(log, 40));
        }
        Thread.sleep(50);
      }
    }

    String describe() {
      return name + "\n" + ChildJvm.tail(log, 60);
    }
  }

  private Path sample(String name, int users, long seed) {
    Path input = dir.resolve(name);
    CliRun sample =
        CliRun.runWithTestConf(
            "sample",
            "--out",
            input.toString(),
            "--users",
            Integer.toString(users),
            "--days",
            "45",
            "--seed",
            Long.toString(seed),
            "--ds",
            DS);
    assertThat(sample.exitCode()).as(sample.err()).isZero();
    return input;
  }

  private static void pipelineInProcess(String ds, Path input, Warehouse warehouse) {
    CliRun run =
        CliRun.runWithTestConf(
            "pipeline", "--ds", ds, "--input", input.toString(), "--warehouse", warehouse.root());
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  private static long usersOf(SparkSession spark, Warehouse warehouse) {
    return spark
        .read()
        .format("delta")
        .load(warehouse.bronzePath(InputTable.USERS))
        .where("ds = DATE'" + LocalDate.parse(DS) + "'")
        .count();
  }

  @Test
  @Timeout(value = 40, unit = TimeUnit.MINUTES)
  void twoDsStartedTogetherOnAFreshWarehouseBothFinishWithTheRowsOfRunsOneAfterTheOther()
      throws Exception {
    SparkSession spark = SharedSpark.session();
    // The shared sample: its uninterrupted in-process run is the reference for DS.
    SampleRun reference = SampleRun.get();
    Path input = reference.input();
    Warehouse warehouse = new Warehouse(dir.resolve("warehouse").toString());

    // One run in a JVM of its own, as an orchestrator starts it, and the other in this one, started
    // once the first holds its ds: two processes writing to one warehouse at once (a second child
    // JVM would only add a cold start).
    ChildRun day =
        ChildRun.start(
            dir,
            "pipeline-" + DS,
            "pipeline",
            "--ds",
            DS,
            "--input",
            input.toString(),
            "--warehouse",
            warehouse.root());
    day.awaitLock(warehouse.runLockPath(LocalDate.parse(DS)));
    CliRun dayBefore =
        CliRun.runWithTestConf(
            "pipeline",
            "--ds",
            DAY_BEFORE,
            "--input",
            input.toString(),
            "--warehouse",
            warehouse.root());

    assertThat(day.exitCode()).as(day.describe()).isZero();
    assertThat(dayBefore.exitCode()).as(dayBefore.err()).isZero();
    assertThat(day.summary().get("status").asText()).isEqualTo("ok");
    assertThat(dayBefore.summary().get("status").asText()).isEqualTo("ok");

    // Every table holds what the runs write one after the other: the reference's DS partition and
    // an in-process run's DAY_BEFORE partition.
    Warehouse alone = new Warehouse(dir.resolve("day-before-alone").toString());
    pipelineInProcess(DAY_BEFORE, input, alone);
    for (Map.Entry<String, String> table : warehouse.tables().entrySet()) {
      if (RACED_FOR.contains(table.getKey())) {
        continue;
      }
      Stream<String> both =
          Stream.concat(
              TableRows.sorted(spark, reference.warehouse().tables().get(table.getKey())).stream(),
              TableRows.sorted(spark, alone.tables().get(table.getKey())).stream());
      // An event store holds an event both runs read once.
      boolean eventStore =
          Arrays.stream(InputTable.values())
              .anyMatch(t -> t.arrivesInDrops() && Warehouse.bronzeName(t).equals(table.getKey()));
      List<String> expected = (eventStore ? both.distinct() : both).sorted().toList();
      TableRows.assertSameRows(table.getKey(), TableRows.sorted(spark, table.getValue()), expected);
    }
    // The arms are the runs' arms; only when each was given depends on which run gave it first.
    List<String> expectedArms =
        Stream.concat(arms(spark, reference.warehouse()).stream(), arms(spark, alone).stream())
            .distinct()
            .sorted()
            .toList();
    TableRows.assertSameRows(Warehouse.ASSIGNMENTS, arms(spark, warehouse), expectedArms);
  }

  /**
   * The tables that hold what the first of two concurrent runs wrote rather than what each run
   * writes: a person's holdout arm is given once, by the first segments stage to reach them, at its
   * as-of time ({@code assignments.assigned_at}), and the experiments stage of each ds reads the
   * arms given before its own as-of. Which run's segments stage commits first is a race.
   */
  private static final List<String> RACED_FOR =
      List.of(Warehouse.ASSIGNMENTS, Warehouse.EXPERIMENT_IMPACT);

  /** The {@code assignments} table's rows without assigned_at: who is in which arm, given how. */
  private static List<String> arms(SparkSession spark, Warehouse warehouse) {
    return TableRows.sorted(
        spark
            .read()
            .format("delta")
            .load(warehouse.path(Warehouse.ASSIGNMENTS))
            .drop(AssignmentsColumns.ASSIGNED_AT));
  }

  /**
   * The race is for the ds's lock, which every job command takes the same way before it writes, so
   * the contenders run the shortest command that writes every bronze table: ingest.
   */
  @Test
  @Timeout(value = 40, unit = TimeUnit.MINUTES)
  void twoRunsOfOneDsEndWithOneDoneAndOneRefusedAndOnlyTheWinnersRows() throws Exception {
    SparkSession spark = SharedSpark.session();
    // Two different inputs, so the rows say whose they are: 200 and 300 people.
    Path small = sample("input-200", 200, 7);
    Path large = sample("input-300", 300, 8);
    Warehouse warehouse = new Warehouse(dir.resolve("warehouse").toString());

    ChildRun first =
        ChildRun.start(
            dir,
            "ingest-200",
            "ingest",
            "--ds",
            DS,
            "--input",
            small.toString(),
            "--warehouse",
            warehouse.root());
    ChildRun second =
        ChildRun.start(
            dir,
            "ingest-300",
            "ingest",
            "--ds",
            DS,
            "--input",
            large.toString(),
            "--warehouse",
            warehouse.root());
    int firstExit = first.exitCode();
    int secondExit = second.exitCode();

    assertThat(List.of(firstExit, secondExit))
        .as(first.describe() + second.describe())
        .containsExactlyInAnyOrder(ExitCodes.OK, ExitCodes.FAILED);
    ChildRun winner = firstExit == ExitCodes.OK ? first : second;
    ChildRun loser = winner == first ? second : first;
    JsonNode refusal = loser.summary();
    assertThat(refusal.get("status").asText()).isEqualTo("failed");
    assertThat(refusal.get("exit_code").asInt()).isEqualTo(ExitCodes.FAILED);
    assertThat(refusal.get("error").asText())
        .startsWith(
            "Cannot run ingest for ds "
                + DS
                + ": another run of ds "
                + DS
                + " is writing to this warehouse; retry when it has finished (run ")
        .doesNotContain("\n");

    // Every commit of every table is the winner's: the loser wrote nothing, anywhere.
    JsonNode won = winner.summary();
    String winnerRun = won.get("run_id").asText();
    List<String> written = new ArrayList<>();
    won.get("outputs").forEach(name -> written.add(name.asText()));
    assertThat(
            warehouse.tables().entrySet().stream()
                .filter(t -> DeltaTable.isDeltaTable(spark, t.getValue()))
                .map(Map.Entry::getKey))
        .as("the tables in the warehouse are those the winner wrote")
        .containsExactlyInAnyOrderElementsOf(written);
    for (String table : written) {
      assertThat(
              DeltaTable.forPath(spark, warehouse.tables().get(table))
                  .history()
                  .select("userMetadata")
                  .collectAsList()
                  .stream()
                  .map(r -> RunTag.parse(r.getString(0)).map(RunTag::runId).orElse(""))
                  .distinct()
                  .toList())
          .as(table)
          .containsExactly(winnerRun);
    }
    long accepted = won.at("/details/tables/users/accepted").asLong();
    assertThat(usersOf(spark, warehouse)).isEqualTo(accepted);
    assertThat(accepted).isBetween(winner == first ? 150L : 250L, winner == first ? 200L : 300L);
    assertThat(Path.of(warehouse.runLockPath(LocalDate.parse(DS)))).doesNotExist();
  }
}
