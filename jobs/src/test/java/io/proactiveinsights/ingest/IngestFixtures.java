package io.proactiveinsights.ingest;

import static io.proactiveinsights.testing.Rows.conversation;
import static io.proactiveinsights.testing.Rows.exposure;
import static io.proactiveinsights.testing.Rows.message;
import static io.proactiveinsights.testing.Rows.row;
import static io.proactiveinsights.testing.Rows.user;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/** A small valid input set, written in any format, and helpers to run ingest on it and read the result. */
final class IngestFixtures {

  /** The logical date of the fixture runs; its window ends at 2024-05-01T00:00Z. */
  static final LocalDate DS = LocalDate.parse("2024-04-30");

  private IngestFixtures() {}

  static List<Map<String, Object>> messages() {
    return List.of(message("m1", "banner"), message("m2", "product_tour"));
  }

  /** Exposures in the three timestamp forms the contract allows; all four mean 2024-04-29T08:00Z or 10:00Z. */
  static List<Map<String, Object>> exposures() {
    return List.of(
        exposure("e1", "m1", "u1", "received", "2024-04-29T08:00:00Z"),
        exposure("e2", "m1", "u1", "VIEWED", "2024-04-29T10:00:00+02:00"),
        exposure("e3", "m1", "u1", "clicked", "1714384800"),
        exposure("e4", "m2", "u2", "completed", "2024-04-29T10:00:00.000Z"));
  }

  static List<Map<String, Object>> users() {
    return List.of(user("u1", "Premium"), user("u2", "Free"));
  }

  static List<Map<String, Object>> conversations() {
    return List.of(
        conversation("c1", "u1", "2024-04-28T12:00:00Z", "Billing", 5),
        conversation("c2", "u2", "2024-04-29T12:00:00Z", null, null));
  }

  static List<Map<String, Object>> knownIssues() {
    return List.of(
        row("issue_id", "KI-1", "title", "Exports fail", "topics", List.of("data-export"),
            "opened_at", "2024-04-20T00:00:00Z", "resolved_at", "2024-04-25T00:00:00Z"));
  }

  static List<Map<String, Object>> userEvents() {
    return List.of(row("user_id", "u2", "event_name", "export_completed", "occurred_at", "2024-04-29T11:00:00Z"));
  }

  /** Writes every table with the given file extension (csv, json, jsonl, jsonl.gz …). */
  static InputFolder writeAll(Path root, String extension) {
    InputFolder input = new InputFolder(root);
    input.write(InputTable.MESSAGES, "part-0." + extension, messages());
    input.write(InputTable.EXPOSURES, "part-0." + extension, exposures());
    input.write(InputTable.USERS, "part-0." + extension, users());
    input.write(InputTable.CONVERSATIONS, "part-0." + extension, conversations());
    input.write(InputTable.KNOWN_ISSUES, "part-0." + extension, knownIssues());
    input.write(InputTable.USER_EVENTS, "part-0." + extension, userEvents());
    return input;
  }

  static IngestResult ingest(InputFolder input, Warehouse warehouse, LocalDate ds) {
    return ingest(input, warehouse, ds, SharedSpark.config());
  }

  static IngestResult ingest(InputFolder input, Warehouse warehouse, LocalDate ds, ProactiveConfig config) {
    return new IngestJob(SharedSpark.session(), config, input.root().toString(), warehouse).run(RunDate.of(ds));
  }

  /** All rows of a Delta table, as strings sorted, for whole-table comparisons. */
  static List<String> tableRows(String path) {
    List<String> rows = new ArrayList<>();
    for (Row row : SharedSpark.session().read().format("delta").load(path).collectAsList()) {
      rows.add(row.toString());
    }
    rows.sort(Comparator.naturalOrder());
    return rows;
  }

  static List<Row> rows(String path, String where, String... columns) {
    return SharedSpark.session().read().format("delta").load(path).where(where)
        .selectExpr(columns).orderBy(columns[0]).collectAsList();
  }
}
