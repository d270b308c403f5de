package io.proactiveinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proactiveinsights.io.BronzeEventStore;
import io.proactiveinsights.io.DeltaWriter;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.Rows;
import io.proactiveinsights.testing.SharedSpark;
import io.proactiveinsights.testing.TableRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
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
  void maintainCompactsEveryTableZOrdersSegmentsAndEveryTableReadsTheSameRows() {
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
    assertThat(summary.get("status").asText()).isEqualTo("ok");
    JsonNode exposuresDone = summary.at("/details/tables/bronze_exposures");
    assertThat(exposuresDone.get("status").asText()).isEqualTo("ok");
    assertThat(exposuresDone.has("zorder_by")).as("compacted only, by default").isFalse();
    assertThat(exposuresDone.get("files_before").asLong()).isEqualTo(9);
    assertThat(exposuresDone.get("files_after").asLong())
        .as("one file per ds partition")
        .isEqualTo(2);
    assertThat(summary.at("/details/tables/segments/zorder_by").asText()).isEqualTo("segment_id");
    assertThat(summary.at("/details/skipped_not_written_yet"))
        .extracting(JsonNode::asText)
        .contains("quarantine", "message_stats");
    assertThat(operations(spark, exposures)).contains("OPTIMIZE", "VACUUM START", "VACUUM END");
  }

  @Test
  void retentionDeletesEventDatesOlderThanItsDaysBeforeTheNewestDsAndReportsTheBytes() {
    SparkSession spark = SharedSpark.session();
    Warehouse warehouse = new Warehouse(tmp.resolve("wh").toString());
    DeltaWriter writer = new DeltaWriter(SharedSpark.config().runs());
    LocalDate newest = LocalDate.parse("2024-04-30");
    writer.replaceDs(
        spark.sql("SELECT 'm1' AS message_id, DATE'" + newest + "' AS ds"),
        warehouse.bronzePath(InputTable.MESSAGES),
        newest);
    // 120 + 30 days (the defaults) before the end of 2024-04-30 is 2023-12-03: 12-02 goes.
    BronzeEventStore.store(
        writer,
        spark
            .sql(
                "SELECT * FROM VALUES ('old', TIMESTAMP'2023-12-02 23:00:00'), ('kept',"
                    + " TIMESTAMP'2023-12-03 00:00:00'), ('new', TIMESTAMP'2024-04-29 10:00:00') AS"
                    + " t(event_id, occurred_at)")
            .selectExpr(
                "event_id",
                "'m1' AS message_id",
                "'u1' AS user_id",
                "'viewed' AS event_type",
                "occurred_at",
                "CAST(NULL AS STRING) AS session_id",
                "'web' AS platform",
                "CAST(NULL AS DATE) AS drop_ds"),
        warehouse.bronzePath(InputTable.EXPOSURES),
        InputTable.EXPOSURES);
    // An arm given long ago still holds: assignments are never cut.
    BronzeEventStore.store(
        writer,
        spark.sql(
            "SELECT 'm1' AS message_id, 'u1' AS user_id, 'control' AS arm,"
                + " TIMESTAMP'2022-01-01 00:00:00' AS assigned_at, CAST(NULL AS DATE) AS drop_ds"),
        warehouse.bronzePath(InputTable.ASSIGNMENTS),
        InputTable.ASSIGNMENTS);

    CliRun run = CliRun.run("maintain", "--warehouse", warehouse.root());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode exposures = run.summary().at("/details/tables/bronze_exposures");
    assertThat(exposures.get("deleted_event_dates_before").asText()).isEqualTo("2023-12-03");
    assertThat(exposures.get("bytes_after").asLong())
        .isPositive()
        .isLessThan(exposures.get("bytes_before").asLong());
    assertThat(
            spark
                .read()
                .format("delta")
                .load(warehouse.bronzePath(InputTable.EXPOSURES))
                .select("event_id")
                .orderBy("event_id")
                .collectAsList()
                .stream()
                .map(r -> r.getString(0))
                .toList())
        .containsExactly("kept", "new");
    JsonNode assignments = run.summary().at("/details/tables/bronze_assignments");
    assertThat(assignments.has("deleted_event_dates_before")).isFalse();
    assertThat(assignments.get("bytes_after").asLong())
        .isEqualTo(assignments.get("bytes_before").asLong());
    assertThat(
            spark.read().format("delta").load(warehouse.bronzePath(InputTable.ASSIGNMENTS)).count())
        .isEqualTo(1);
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

  /**
   * A conf file: test.conf plus {@code lines}. Here the Z-order the defaults asked for until
   * maintain checked statistics: bronze_exposures by message_id.
   */
  private Path conf(String... lines) throws IOException {
    return Files.writeString(
        tmp.resolve("maintain.conf"),
        "include file(\"" + CliRun.TEST_CONF + "\")\n" + String.join("\n", lines) + "\n");
  }

  /** The tables the real stages write: ingest, then segments. */
  private String warehouseTheStagesWrote(Path conf) {
    InputFolder input = new InputFolder(tmp.resolve("in"));
    input.write(
        InputTable.MESSAGES,
        "m.csv",
        List.of(Rows.message("m1", "banner"), Rows.message("m2", "post")));
    input.write(
        InputTable.USERS, "u.jsonl", List.of(Rows.user("u1", "Pro"), Rows.user("u2", "Free")));
    input.write(
        InputTable.EXPOSURES,
        "e.jsonl",
        List.of(
            Rows.exposure("e1", "m1", "u1", "received", "2024-04-28T08:00:00Z"),
            Rows.exposure("e2", "m1", "u1", "viewed", "2024-04-28T08:01:00Z"),
            Rows.exposure("e3", "m2", "u2", "received", "2024-04-29T08:00:00Z"),
            Rows.exposure("e4", "m2", "u2", "clicked", "2024-04-29T08:02:00Z")));
    input.write(
        InputTable.CONVERSATIONS,
        "c.csv",
        List.of(Rows.conversation("c1", "u1", "2024-04-28T12:00:00Z", "billing", 4)));
    String warehouse = tmp.resolve("wh").toString();
    CliRun ingest =
        CliRun.run(
            "ingest",
            "--ds",
            "2024-04-30",
            "--input",
            input.root().toString(),
            "--warehouse",
            warehouse,
            "--conf",
            conf.toString());
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    CliRun segments =
        CliRun.run(
            "segments", "--ds", "2024-04-30", "--warehouse", warehouse, "--conf", conf.toString());
    assertThat(segments.exitCode()).as(segments.err()).isZero();
    return warehouse;
  }

  @Test
  void maintainSucceedsOnTheTablesTheStagesWriteAndSaysWhyItDidNotZOrder() throws IOException {
    SparkSession spark = SharedSpark.session();
    Path conf = conf("maintain.zorder_by.bronze_exposures = \"message_id\"");
    Warehouse warehouse = new Warehouse(warehouseTheStagesWrote(conf));
    String exposures = warehouse.bronzePath(InputTable.EXPOSURES);
    String segments = warehouse.path(Warehouse.SEGMENTS);
    List<String> exposuresBefore = TableRows.sorted(spark, exposures);
    List<String> segmentsBefore = TableRows.sorted(spark, segments);

    CliRun run = CliRun.run("maintain", "--warehouse", warehouse.root(), "--conf", conf.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode summary = run.summary();
    assertThat(summary.get("status").asText()).isEqualTo("ok");
    JsonNode tables = summary.at("/details/tables");
    assertThat(tables.properties())
        .extracting(Map.Entry::getKey)
        .contains(
            "quarantine",
            "segments",
            "bronze_messages",
            "bronze_exposures",
            "bronze_users",
            "bronze_conversations");
    tables
        .properties()
        .forEach(
            t -> assertThat(t.getValue().get("status").asText()).as(t.getKey()).isEqualTo("ok"));
    JsonNode exposuresDone = tables.get("bronze_exposures");
    assertThat(exposuresDone.has("zorder_by")).isFalse();
    assertThat(exposuresDone.get("zorder_skipped").asText())
        .isEqualTo(
            "compacted only: Z-ordering by message_id needs Delta file statistics on it, and the"
                + " table keeps statistics only on the columns delta.dataSkippingStatsColumns lists"
                + " (drop_ds), not on message_id");
    // One file per event-date partition of the event store: the fixture's exposures span two days.
    assertThat(exposuresDone.get("files_after").asLong()).isEqualTo(2);
    assertThat(tables.at("/segments/zorder_by").asText()).isEqualTo("segment_id");
    assertThat(TableRows.sorted(spark, exposures)).isEqualTo(exposuresBefore);
    assertThat(TableRows.sorted(spark, segments)).isEqualTo(segmentsBefore);
    assertThat(operations(spark, segments)).contains("OPTIMIZE", "VACUUM END");
  }

  @Test
  void aTableThatFailsIsReportedAndTheTablesAfterItAreStillMaintained() throws IOException {
    Warehouse warehouse = smallWarehouse();
    // A data file the segments table still references is gone (deleted by hand, lost by storage):
    // reading it fails, and segments comes before the bronze tables.
    Path segments = Path.of(warehouse.path(Warehouse.SEGMENTS));
    Path lost;
    try (var files = Files.walk(segments)) {
      lost = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Files.delete(lost);

    CliRun run = CliRun.runWithTestConf("maintain", "--warehouse", warehouse.root());

    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode summary = run.summary();
    assertThat(summary.get("status").asText()).isEqualTo("failed");
    assertThat(summary.get("error").asText())
        .isEqualTo("Cannot maintain 1 of 2 tables (segments); the others were maintained");
    JsonNode failed = summary.at("/details/tables/segments");
    assertThat(failed.get("status").asText()).isEqualTo("failed");
    assertThat(failed.get("files_before").asLong()).isEqualTo(6);
    assertThat(failed.get("error").asText())
        .startsWith("Cannot maintain segments: File ")
        .contains(lost.getFileName() + " does not exist (FAILED_READ_FILE.FILE_NOT_EXIST)")
        .doesNotContain("\n");
    JsonNode exposures = summary.at("/details/tables/bronze_exposures");
    assertThat(exposures.get("status").asText()).isEqualTo("ok");
    assertThat(exposures.get("files_after").asLong()).isEqualTo(2);
    assertThat(summary.get("outputs"))
        .extracting(JsonNode::asText)
        .containsExactly("bronze_exposures");
    assertThat(run.err()).contains("Cannot maintain segments: ");
  }

  @Test
  void aZOrderOfNoSuchTableOrColumnIsBadConfigBeforeAnyTableIsTouched() throws IOException {
    SparkSession spark = SharedSpark.session();
    Warehouse warehouse = smallWarehouse();
    String exposures = warehouse.bronzePath(InputTable.EXPOSURES);

    CliRun noTable =
        CliRun.run(
            "maintain",
            "--warehouse",
            warehouse.root(),
            "--conf",
            conf("maintain.zorder_by.bronze_exposure = \"message_id\"").toString());
    CliRun noColumn =
        CliRun.run(
            "maintain",
            "--warehouse",
            warehouse.root(),
            "--conf",
            conf("maintain.zorder_by.bronze_exposures = \"messageid\"").toString());

    assertThat(noTable.exitCode()).isEqualTo(2);
    assertThat(noTable.err())
        .contains("Cannot Z-order bronze_exposure: the warehouse has no such table");
    assertThat(noColumn.exitCode()).isEqualTo(2);
    assertThat(noColumn.err())
        .contains(
            "Cannot Z-order bronze_exposures by messageid: the table has no such data column (fix"
                + " maintain.zorder_by; columns: message_id, user_id)");
    assertThat(noColumn.summary().get("status").asText()).isEqualTo("usage_error");
    assertThat(operations(spark, exposures)).doesNotContain("OPTIMIZE");
  }

  private static List<String> operations(SparkSession spark, String table) {
    return spark
        .sql("DESCRIBE HISTORY delta.`" + table + "`")
        .select("operation")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }
}
