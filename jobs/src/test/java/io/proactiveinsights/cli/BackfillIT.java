package io.proactiveinsights.cli;

import static io.proactiveinsights.testing.Rows.exposure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.delta.tables.DeltaTable;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.run.RunTag;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.SharedSpark;
import io.proactiveinsights.testing.TableRows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Backfills and rollbacks on the same two warehouses, so that each pipeline run serves several
 * checks (a small input's pipeline is ~200 Spark jobs whatever its size):
 *
 * <ol>
 *   <li>a backfill's order does not change the tables: two days forward and the same two days
 *       reversed, compared row for row;
 *   <li>{@code proactive rollback} of a rerun: rerunning the forward warehouse's last day with more
 *       input, then rolling that run back, gives back every table's rows, and the commits of every
 *       run carry its id;
 *   <li>in the reversed warehouse the earlier day ran last, so rolling back the later day is
 *       refused (its tables have that run's later commits) until forced.
 * </ol>
 *
 * Five pipeline runs and four rollbacks, so it runs in {@code mvn verify}. The tests run in order
 * on the warehouses the backfills leave.
 *
 * <p>Isolated: a run tags its commits through its session's Delta {@code userMetadata} setting (a
 * command line is one run per JVM), so another IT class running a pipeline in this JVM at the same
 * time would tag some of these commits with its own run id.
 */
@Isolated
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackfillIT {

  private static final String FIRST_DAY = "2024-04-29";
  private static final String LAST_DAY = "2024-04-30";

  private InputFolder input;
  private Warehouse forward;
  private Warehouse reversed;
  private CliRun up;
  private CliRun down;

  @BeforeAll
  void backfillBothWays(@TempDir Path tmp) {
    SharedSpark.session();
    input = TwoDayInput.write(tmp.resolve("in"));
    forward = new Warehouse(tmp.resolve("forward").toString());
    reversed = new Warehouse(tmp.resolve("reversed").toString());
    up = backfill(forward, false);
    down = backfill(reversed, true);
  }

  private CliRun backfill(Warehouse warehouse, boolean reverse) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "pipeline",
                "--from",
                FIRST_DAY,
                "--to",
                LAST_DAY,
                "--input",
                input.root().toString(),
                "--warehouse",
                warehouse.root()));
    if (reverse) {
      args.add("--reverse");
    }
    return CliRun.runWithTestConf(args.toArray(String[]::new));
  }

  private static CliRun cli(String... args) {
    return CliRun.runWithTestConf(args);
  }

  /** The run id of each day of a backfill, by ds. */
  private static Map<String, String> runIds(CliRun backfill) {
    Map<String, String> ids = new LinkedHashMap<>();
    backfill
        .summary()
        .at("/details/days")
        .forEach(d -> ids.put(d.get("ds").asText(), d.get("run_id").asText()));
    return ids;
  }

  /** Every table of the warehouse: its rows, sorted. */
  private static Map<String, List<String>> rows(SparkSession spark, Warehouse warehouse) {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    warehouse
        .tables()
        .forEach(
            (name, path) -> {
              if (DeltaTable.isDeltaTable(spark, path)) {
                rows.put(name, TableRows.sorted(spark, path));
              }
            });
    return rows;
  }

  @Test
  @Order(1)
  void aBackfillForwardAndReversedWritesTheSameTables() {
    assertThat(up.exitCode()).as(up.err()).isZero();
    assertThat(down.exitCode()).as(down.err()).isZero();
    assertThat(up.err())
        .containsPattern("\\[1/2\\] ds=2024-04-29 ok in \\d+ s")
        .containsPattern("\\[2/2\\] ds=2024-04-30 ok in \\d+ s");
    assertThat(down.err())
        .containsPattern("\\[1/2\\] ds=2024-04-30 ok in \\d+ s")
        .containsPattern("\\[2/2\\] ds=2024-04-29 ok in \\d+ s");
    JsonNode summary = down.summary();
    assertThat(summary.get("status").asText()).isEqualTo("ok");
    assertThat(summary.at("/details/order").asText()).isEqualTo("descending");
    assertThat(summary.at("/details/days"))
        .extracting(d -> d.get("ds").asText() + ":" + d.get("status").asText())
        .containsExactly("2024-04-30:ok", "2024-04-29:ok");

    var spark = SharedSpark.session();
    for (String table :
        List.of(
            Warehouse.MESSAGE_STATS,
            Warehouse.TOPIC_IMPACT,
            Warehouse.HYGIENE_FLAGS,
            Warehouse.RECOMMENDATIONS,
            Warehouse.SEGMENTS)) {
      List<String> expected = TableRows.sorted(spark, forward.path(table));
      TableRows.assertSameRows(table, TableRows.sorted(spark, reversed.path(table)), expected);
      if (table.equals(Warehouse.MESSAGE_STATS) || table.equals(Warehouse.SEGMENTS)) {
        assertThat(expected)
            .as(table + " has rows for both days")
            .anyMatch(r -> r.contains("2024-04-29"))
            .anyMatch(r -> r.contains("2024-04-30"));
      }
    }
  }

  @Test
  @Order(2)
  void rollingBackARerunOfADsGivesBackThePreviousRunsRows() {
    SparkSession spark = SharedSpark.session();
    Map<String, List<String>> beforeRerun = rows(spark, forward);
    List<String> backfillRuns = List.copyOf(runIds(up).values());
    input.write(
        InputTable.EXPOSURES,
        "e2.jsonl",
        List.of(
            exposure("e8", "m2", "u3", "received", "2024-04-30T11:00:00Z"),
            exposure("e9", "m2", "u3", "viewed", "2024-04-30T11:00:05Z")));
    CliRun rerun =
        cli(
            "pipeline",
            "--ds",
            LAST_DAY,
            "--input",
            input.root().toString(),
            "--warehouse",
            forward.root());
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    String second = rerun.summary().get("run_id").asText();
    assertThat(rows(spark, forward)).as("the rerun changed rows").isNotEqualTo(beforeRerun);

    // Every commit of every table names the run that made it (creation, replaceWhere, the
    // assignments' merge).
    forward
        .tables()
        .forEach(
            (name, path) -> {
              if (DeltaTable.isDeltaTable(spark, path)) {
                assertThat(
                        DeltaTable.forPath(spark, path)
                            .history()
                            .select("userMetadata")
                            .collectAsList()
                            .stream()
                            .map(r -> RunTag.parse(r.getString(0)).map(RunTag::runId).orElse(null))
                            .toList())
                    .as(name)
                    .isNotEmpty()
                    .allMatch(id -> backfillRuns.contains(id) || second.equals(id));
              }
            });

    CliRun rollback = cli("rollback", "--ds", LAST_DAY, "--warehouse", forward.root());

    assertThat(rollback.exitCode()).as(rollback.err()).isZero();
    JsonNode summary = rollback.summary();
    assertThat(summary.get("job").asText()).isEqualTo("rollback");
    assertThat(summary.get("run_id").asText()).isNotIn(backfillRuns).isNotEqualTo(second);
    assertThat(summary.at("/details/rolled_back_run").asText()).isEqualTo(second);
    assertThat(summary.at("/details/tables/bronze_exposures/action").asText())
        .isEqualTo("restored");
    List<String> accounted = new ArrayList<>();
    summary.at("/details/tables").fieldNames().forEachRemaining(accounted::add);
    summary.at("/details/not_touched").forEach(t -> accounted.add(t.asText()));
    assertThat(accounted)
        .as(
            "each table restored or left alone (a table both runs left empty had no commit to"
                + " undo)")
        .containsExactlyInAnyOrderElementsOf(beforeRerun.keySet());
    Map<String, List<String>> restored = rows(spark, forward);
    beforeRerun.forEach(
        (table, expected) -> TableRows.assertSameRows(table, restored.get(table), expected));

    CliRun again = cli("rollback", "--ds", LAST_DAY, "--warehouse", forward.root());
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.summary().at("/details/tables/bronze_exposures/action").asText())
        .isEqualTo("already_rolled_back");
    assertThat(again.summary().get("outputs")).isEmpty();
  }

  @Test
  @Order(3)
  void aLaterRunOfAnotherDsRefusesTheRollbackUntilForced() {
    SparkSession spark = SharedSpark.session();
    Map<String, String> runs = runIds(down);
    String lastDayRun = runs.get(LAST_DAY);
    String firstDayRun = runs.get(FIRST_DAY);
    Map<String, List<String>> before = rows(spark, reversed);

    CliRun refused = cli("rollback", "--ds", LAST_DAY, "--warehouse", reversed.root());

    assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.summary().get("error").asText())
        .startsWith("Cannot roll back run " + lastDayRun + " (pipeline, ds 2024-04-30): ")
        .contains(
            "has a later commit, version ",
            " by run " + firstDayRun + " (pipeline, ds 2024-04-29)",
            "pass --force to restore anyway; nothing was restored");
    assertThat(rows(spark, reversed)).isEqualTo(before);

    CliRun forced =
        cli(
            "rollback",
            "--ds",
            LAST_DAY,
            "--run",
            lastDayRun,
            "--force",
            "--warehouse",
            reversed.root());

    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(forced.summary().at("/details/tables/bronze_messages/also_undid").asText())
        .contains("by run " + firstDayRun);
    List<Row> messages =
        spark.read().format("delta").load(reversed.bronzePath(InputTable.MESSAGES)).collectAsList();
    assertThat(messages).as("back to the table before the first run: empty").isEmpty();
  }
}
