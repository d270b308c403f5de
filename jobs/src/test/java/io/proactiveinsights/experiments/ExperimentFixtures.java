package io.proactiveinsights.experiments;

import static org.apache.spark.sql.functions.lit;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.io.BronzeEventStore;
import io.proactiveinsights.io.DeltaWriter;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.schema.AssignmentsColumns;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.SharedSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Rows of the contract's tables, typed as bronze holds them, and of {@code assignments}, for the
 * experiments tests; and a warehouse's bronze tables and assignments written straight to Delta, so
 * the job runs without an ingest.
 */
final class ExperimentFixtures {

  private static int ids;

  private ExperimentFixtures() {}

  static Timestamp at(String instant) {
    return instant == null ? null : Timestamp.from(Instant.parse(instant));
  }

  static Row message(String id, String type, List<String> topics, String goalEvent) {
    return RowFactory.create(
        id,
        id,
        type,
        "live",
        null,
        null,
        "once",
        "everyone",
        "body",
        "Go",
        at("2024-01-01T00:00:00Z"),
        at("2024-01-01T00:00:00Z"),
        at("2024-03-01T00:00:00Z"),
        null,
        CollectionConverters.asScala(topics).toSeq(),
        null,
        goalEvent,
        0.3);
  }

  static Row user(String id, String signedUpAt) {
    return RowFactory.create(id, "Pro", "user", at(signedUpAt), null, null);
  }

  static Row conversation(
      String user, String topic, String createdAt, String sourceMessage, Integer rating) {
    return RowFactory.create(
        "c" + (ids++),
        user,
        at(createdAt),
        topic,
        sourceMessage,
        rating,
        rating == null ? null : at(createdAt));
  }

  static Row userEvent(String user, String name, String occurredAt) {
    return RowFactory.create(user, name, at(occurredAt));
  }

  static Row exposure(String message, String user, String type, String occurredAt) {
    return RowFactory.create(
        "e" + (ids++), message, user, type, at(occurredAt), null, null, null, null, null);
  }

  static Row assignment(String message, String user, String arm, String assignedAt, Double share) {
    return RowFactory.create(
        message, user, arm, at(assignedAt), AssignmentsColumns.Source.HOLDOUT.wire(), share);
  }

  static Dataset<Row> frame(InputTable table, List<Row> rows) {
    return SharedSpark.session().createDataFrame(rows, table.contractSchema());
  }

  static Dataset<Row> assignments(List<Row> rows) {
    return SharedSpark.session().createDataFrame(rows, AssignmentsColumns.SCHEMA);
  }

  /**
   * Writes {@code rows} as partition {@code ds} of the bronze copy of snapshot {@code table}, or
   * into the event store of an event table (as from files outside drops, which every ds reads).
   */
  static void writeBronze(Warehouse warehouse, InputTable table, List<Row> rows, LocalDate ds) {
    Dataset<Row> frame = frame(table, rows);
    if (table.arrivesInDrops()) {
      BronzeEventStore.store(
          writer(),
          frame.withColumn(InputTable.DROP_DS, lit(null).cast(DataTypes.DateType)),
          warehouse.bronzePath(table),
          table);
      return;
    }
    writer()
        .replaceDs(
            frame.withColumn(InputTable.DS, lit(Date.valueOf(ds))),
            warehouse.bronzePath(table),
            ds);
  }

  /** Writes {@code rows} as the whole {@code assignments} table. */
  static void writeAssignments(Warehouse warehouse, List<Row> rows) {
    assignments(rows)
        .write()
        .format("delta")
        .mode("overwrite")
        .save(warehouse.path(Warehouse.ASSIGNMENTS));
  }

  private static DeltaWriter writer() {
    ProactiveConfig config = SharedSpark.config();
    return new DeltaWriter(config.runs());
  }
}
