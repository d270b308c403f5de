package io.proactiveinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.testing.SharedSpark;
import io.proactiveinsights.testing.TableRows;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill's order does not change the tables: two days forward and the same two days reversed,
 * into two warehouses, compared row for row. Four pipeline runs, so it runs in {@code mvn verify}.
 */
class BackfillIT {

  @TempDir Path tmp;

  @BeforeAll
  static void startSpark() {
    SharedSpark.session();
  }

  @Test
  void aBackfillForwardAndReversedWritesTheSameTables() {
    String input = TwoDayInput.write(tmp.resolve("in")).root().toString();
    String forward = tmp.resolve("forward").toString();
    String reversed = tmp.resolve("reversed").toString();

    CliRun up =
        CliRun.runWithTestConf(
            "pipeline",
            "--from",
            "2024-04-29",
            "--to",
            "2024-04-30",
            "--input",
            input,
            "--warehouse",
            forward);
    CliRun down =
        CliRun.runWithTestConf(
            "pipeline",
            "--from",
            "2024-04-29",
            "--to",
            "2024-04-30",
            "--reverse",
            "--input",
            input,
            "--warehouse",
            reversed);

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
      List<String> expected = TableRows.sorted(spark, new Warehouse(forward).path(table));
      TableRows.assertSameRows(
          table, TableRows.sorted(spark, new Warehouse(reversed).path(table)), expected);
      if (table.equals(Warehouse.MESSAGE_STATS) || table.equals(Warehouse.SEGMENTS)) {
        assertThat(expected)
            .as(table + " has rows for both days")
            .anyMatch(r -> r.contains("2024-04-29"))
            .anyMatch(r -> r.contains("2024-04-30"));
      }
    }
  }
}
