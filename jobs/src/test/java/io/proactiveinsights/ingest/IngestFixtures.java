package io.proactiveinsights.ingest;

import static io.proactiveinsights.testing.Rows.conversation;
import static io.proactiveinsights.testing.Rows.exposure;
import static io.proactiveinsights.testing.Rows.message;
import static io.proactiveinsights.testing.Rows.row;
import static io.proactiveinsights.testing.Rows.user;

import io.proactiveinsights.io.ContractInputSource;
import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.run.Window;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.QuarantineColumns;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A small valid input set, written in any format, and helpers to run ingest on it (the whole job,
 * or only its core with nothing written) and read the result.
 */
final class IngestFixtures {

  /** The logical date of the fixture runs; its window ends at 2024-05-01T00:00Z. */
  static final LocalDate DS = LocalDate.parse("2024-04-30");

  private IngestFixtures() {}

  static List<Map<String, Object>> messages() {
    return List.of(message("m1", "banner"), message("m2", "product_tour"));
  }

  /**
   * Exposures in the three timestamp forms the contract allows; all four mean 2024-04-29T08:00Z or
   * 10:00Z.
   */
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
        row(
            "issue_id",
            "KI-1",
            "title",
            "Exports fail",
            "topics",
            List.of("data-export"),
            "opened_at",
            "2024-04-20T00:00:00Z",
            "resolved_at",
            "2024-04-25T00:00:00Z"));
  }

  static List<Map<String, Object>> userEvents() {
    return List.of(
        row(
            "user_id",
            "u2",
            "event_name",
            "export_completed",
            "occurred_at",
            "2024-04-29T11:00:00Z"));
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
    return new IngestJob(
            SharedSpark.session(), SharedSpark.config(), input.root().toString(), warehouse)
        .run(RunDate.of(ds));
  }

  /** Ingest's core over {@code input} for ds, with the job's settings but nothing written. */
  static Classified classify(InputFolder input, LocalDate ds) {
    return new Classified(input, ds);
  }

  /**
   * An input folder through ingest's core. Each table is classified when first asked for, exposures
   * after messages (their accepted ids are the catalogue exposures are checked against). Close it
   * to free the cached rows.
   */
  static final class Classified implements AutoCloseable {

    private final ContractInputSource source;
    private final LocalDate ds;
    private final Instant windowStart;
    private final Instant asOf;
    private final Map<InputTable, ClassifiedTable> tables = new EnumMap<>(InputTable.class);

    private Classified(InputFolder input, LocalDate ds) {
      source = new ContractInputSource(SharedSpark.session(), input.root().toString());
      this.ds = ds;
      Window lookback = RunDate.of(ds).trailing(SharedSpark.config().ingest().lookbackDays());
      windowStart = lookback.start();
      asOf = lookback.end();
    }

    ClassifiedTable table(InputTable table) {
      ClassifiedTable classified = tables.get(table);
      if (classified == null) {
        Dataset<Row> catalogue =
            table == InputTable.EXPOSURES
                ? accepted(InputTable.MESSAGES).select("message_id")
                : null;
        classified =
            IngestCore.classify(source.read(table, ds), table, windowStart, asOf, catalogue);
        tables.put(table, classified);
      }
      return classified;
    }

    Dataset<Row> accepted(InputTable table) {
      return table(table).accepted();
    }

    Dataset<Row> rejected(InputTable table) {
      return table(table).rejected();
    }

    /**
     * Counts per table name of every table, as a run's result holds them (each a pass of its own).
     */
    Map<String, TableCounts> counts() {
      Map<String, TableCounts> counts = new LinkedHashMap<>();
      IngestJob.ORDER.forEach(table -> counts.put(table.tableName(), counts(table)));
      return counts;
    }

    TableCounts counts(InputTable table) {
      return table(table).countNow();
    }

    /** The reasons of the rejected rows of one table. */
    List<String> reasons(InputTable table) {
      return rejected(table).select(QuarantineColumns.REASON).collectAsList().stream()
          .map(r -> r.getString(0))
          .toList();
    }

    @Override
    public void close() {
      tables.values().forEach(ClassifiedTable::close);
    }
  }

  /** All rows of a Delta table, as strings sorted, for whole-table comparisons. */
  static List<String> tableRows(String path) {
    return sortedRows(SharedSpark.session().read().format("delta").load(path));
  }

  /** What a run for ds reads of a bronze table ({@link DeltaTables#readBronze}), sorted. */
  static List<String> bronzeRows(Warehouse warehouse, InputTable table, LocalDate ds) {
    return sortedRows(
        DeltaTables.readBronze(
            SharedSpark.session(), warehouse, table, ds, SharedSpark.config().ingest()));
  }

  /** Partition ds of a Delta table without its ds column, as {@link #sortedRows}. */
  static List<String> tableRows(String path, LocalDate ds) {
    return sortedRows(
        SharedSpark.session()
            .read()
            .format("delta")
            .load(path)
            .where(DeltaTables.dsPredicate(ds))
            .drop(InputTable.DS));
  }

  /** The rows as strings sorted, for whole-table comparisons. */
  static List<String> sortedRows(Dataset<Row> table) {
    List<String> rows = new ArrayList<>();
    for (Row row : table.collectAsList()) {
      rows.add(row.toString());
    }
    rows.sort(Comparator.naturalOrder());
    return rows;
  }

  static List<Row> rows(String path, String where, String... columns) {
    return rows(SharedSpark.session().read().format("delta").load(path), where, columns);
  }

  /**
   * The given columns (SQL expressions) of the rows matching {@code where}, ordered by the first.
   */
  static List<Row> rows(Dataset<Row> table, String where, String... columns) {
    return table.where(where).selectExpr(columns).orderBy(columns[0]).collectAsList();
  }
}
