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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proactive rollback} on real pipeline runs: the commits of every run carry its id, rolling
 * back the second run of a ds gives back the first run's rows in every table, and a later run of
 * another ds refuses the rollback until forced. Three pipeline runs and four rollbacks, so it runs
 * in {@code mvn verify}.
 */
class RollbackIT {

  private static final String DS = "2024-04-30";

  @TempDir Path tmp;

  @BeforeAll
  static void startSpark() {
    SharedSpark.session();
  }

  private static CliRun cli(String... args) {
    return CliRun.runWithTestConf(args);
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

  private static String runId(CliRun run) {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run.summary().get("run_id").asText();
  }

  @Test
  void rollingBackTheSecondRunOfADsGivesBackTheFirstRunsRows() {
    SparkSession spark = SharedSpark.session();
    InputFolder input = TwoDayInput.write(tmp.resolve("in"));
    String in = input.root().toString();
    Warehouse warehouse = new Warehouse(tmp.resolve("wh").toString());
    String first =
        runId(cli("pipeline", "--ds", DS, "--input", in, "--warehouse", warehouse.root()));
    Map<String, List<String>> afterFirst = rows(spark, warehouse);
    input.write(
        InputTable.EXPOSURES,
        "e2.jsonl",
        List.of(
            exposure("e8", "m2", "u3", "received", "2024-04-30T11:00:00Z"),
            exposure("e9", "m2", "u3", "viewed", "2024-04-30T11:00:05Z")));
    String second =
        runId(cli("pipeline", "--ds", DS, "--input", in, "--warehouse", warehouse.root()));
    assertThat(rows(spark, warehouse)).as("the second run changed rows").isNotEqualTo(afterFirst);

    // Every commit of every table names the run that made it (creation, replaceWhere, quarantine's
    // replaceWhere on a data column).
    warehouse
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
                    .allMatch(id -> first.equals(id) || second.equals(id));
              }
            });

    CliRun rollback = cli("rollback", "--ds", DS, "--warehouse", warehouse.root());

    assertThat(rollback.exitCode()).as(rollback.err()).isZero();
    JsonNode summary = rollback.summary();
    assertThat(summary.get("job").asText()).isEqualTo("rollback");
    assertThat(summary.get("run_id").asText()).isNotIn(first, second);
    assertThat(summary.at("/details/rolled_back_run").asText()).isEqualTo(second);
    assertThat(summary.at("/details/tables/bronze_exposures/action").asText())
        .isEqualTo("restored");
    List<String> accounted = new java.util.ArrayList<>();
    summary.at("/details/tables").fieldNames().forEachRemaining(accounted::add);
    summary.at("/details/not_touched").forEach(t -> accounted.add(t.asText()));
    assertThat(accounted)
        .as(
            "each table restored or left alone (a table both runs left empty had no commit to"
                + " undo)")
        .containsExactlyInAnyOrderElementsOf(afterFirst.keySet());
    Map<String, List<String>> restored = rows(spark, warehouse);
    afterFirst.forEach(
        (table, expected) -> TableRows.assertSameRows(table, restored.get(table), expected));

    CliRun again = cli("rollback", "--ds", DS, "--warehouse", warehouse.root());
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.summary().at("/details/tables/bronze_exposures/action").asText())
        .isEqualTo("already_rolled_back");
    assertThat(again.summary().get("outputs")).isEmpty();
  }

  @Test
  void aLaterRunOfAnotherDsRefusesTheRollbackUntilForced() {
    SparkSession spark = SharedSpark.session();
    String in = TwoDayInput.write(tmp.resolve("in")).root().toString();
    Warehouse warehouse = new Warehouse(tmp.resolve("wh").toString());
    String pipeline =
        runId(cli("pipeline", "--ds", DS, "--input", in, "--warehouse", warehouse.root()));
    String ingest =
        runId(cli("ingest", "--ds", "2024-04-29", "--input", in, "--warehouse", warehouse.root()));
    Map<String, List<String>> before = rows(spark, warehouse);

    CliRun refused = cli("rollback", "--ds", DS, "--warehouse", warehouse.root());

    assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.summary().get("error").asText())
        .startsWith("Cannot roll back run " + pipeline + " (pipeline, ds 2024-04-30): bronze_")
        .contains(
            "has a later commit, version ",
            " by run " + ingest + " (ingest, ds 2024-04-29)",
            "pass --force to restore anyway; nothing was restored");
    assertThat(rows(spark, warehouse)).isEqualTo(before);

    CliRun forced =
        cli("rollback", "--ds", DS, "--run", pipeline, "--force", "--warehouse", warehouse.root());

    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(forced.summary().at("/details/tables/bronze_messages/also_undid").asText())
        .contains("by run " + ingest);
    List<Row> messages =
        spark
            .read()
            .format("delta")
            .load(warehouse.bronzePath(InputTable.MESSAGES))
            .collectAsList();
    assertThat(messages).as("back to the table before the pipeline run: empty").isEmpty();
  }
}
