package io.proactiveinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proactiveinsights.io.DeltaWriter;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.SharedSpark;
import io.proactiveinsights.testing.TableRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintainCommandTest {

  @TempDir Path tmp;

  @BeforeAll
  static void startSpark() {
    SharedSpark.session();
  }

  /**
   * Two tables of the warehouse, each written in several small appends (the files OPTIMIZE
   * compacts).
   */
  private Warehouse smallWarehouse() {
    SparkSession spark = SharedSpark.session();
    Warehouse warehouse = new Warehouse(tmp.resolve("wh").toString());
    for (LocalDate ds : List.of(LocalDate.parse("2024-04-29"), LocalDate.parse("2024-04-30"))) {
      new DeltaWriter(SharedSpark.config().runs())
          .replaceDs(
              spark
                  .sql(
                      "SELECT concat('m', id % 3) AS message_id, concat('u', id) AS user_id, DATE'"
                          + ds
                          + "' AS ds FROM range(40)")
                  .repartition(4),
              warehouse.bronzePath(InputTable.EXPOSURES),
              ds);
      new DeltaWriter(SharedSpark.config().runs())
          .replaceDs(
              spark
                  .sql(
                      "SELECT concat('m', id % 2) AS segment_id, concat('u', id) AS user_id,"
                          + " 'everyone' AS rule, DATE'"
                          + ds
                          + "' AS ds FROM range(30)")
                  .repartition(3),
              warehouse.path(Warehouse.SEGMENTS),
              ds);
    }
    Dataset<Row> more =
        spark.sql("SELECT 'm9' AS message_id, 'u9' AS user_id, DATE'2024-04-30' AS ds");
    more.write()
        .format("delta")
        .mode(SaveMode.Append)
        .save(warehouse.bronzePath(InputTable.EXPOSURES));
    return warehouse;
  }

  @Test
  void maintainCompactsAndZOrdersAndEveryTableReadsTheSameRows() {
    SparkSession spark = SharedSpark.session();
    Warehouse warehouse = smallWarehouse();
    String exposures = warehouse.bronzePath(InputTable.EXPOSURES);
    String segments = warehouse.path(Warehouse.SEGMENTS);
    List<String> exposuresBefore = TableRows.sorted(spark, exposures);
    List<String> segmentsBefore = TableRows.sorted(spark, segments);

    CliRun run = CliRun.runWithTestConf("maintain", "--warehouse", warehouse.root());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(TableRows.sorted(spark, exposures)).isEqualTo(exposuresBefore);
    assertThat(TableRows.sorted(spark, segments)).isEqualTo(segmentsBefore);
    JsonNode summary = run.summary();
    assertThat(summary.get("job").asText()).isEqualTo("maintain");
    assertThat(summary.at("/details/vacuum_retention_hours").asInt()).isEqualTo(168);
    JsonNode exposuresDone = summary.at("/details/tables/bronze_exposures");
    assertThat(exposuresDone.get("zorder_by").asText()).isEqualTo("message_id");
    assertThat(exposuresDone.get("files_before").asLong()).isEqualTo(9);
    assertThat(exposuresDone.get("files_after").asLong())
        .as("one file per ds partition")
        .isEqualTo(2);
    assertThat(summary.at("/details/tables/segments/zorder_by").asText()).isEqualTo("segment_id");
    assertThat(summary.at("/details/skipped_not_written_yet"))
        .extracting(JsonNode::asText)
        .contains("quarantine", "message_stats");
    List<String> operations =
        spark
            .sql("DESCRIBE HISTORY delta.`" + exposures + "`")
            .select("operation")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    assertThat(operations).contains("OPTIMIZE", "VACUUM START", "VACUUM END");
  }

  @Test
  void aRetentionBelowDeltasSafetyDefaultIsRefused() throws IOException {
    Path conf =
        Files.writeString(
            tmp.resolve("short.conf"),
            "include file(\""
                + CliRun.TEST_CONF
                + "\")\nproactive.maintain.vacuum_retention_hours = 24\n");

    CliRun run =
        CliRun.run(
            "maintain", "--warehouse", tmp.resolve("wh").toString(), "--conf", conf.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "proactive.maintain.vacuum_retention_hours must be at least 168, Delta's safety"
                + " default")
        .contains("(got 24)");
    assertThat(run.summary().get("status").asText()).isEqualTo("usage_error");
  }

  @Test
  void aMissingWarehouseIsBadUsage() {
    CliRun run =
        CliRun.runWithTestConf("maintain", "--warehouse", tmp.resolve("nowhere").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("Cannot maintain warehouse " + tmp.resolve("nowhere") + ": no such folder");
  }
}
