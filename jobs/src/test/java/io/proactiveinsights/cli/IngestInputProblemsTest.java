package io.proactiveinsights.cli;

import static io.proactiveinsights.testing.Rows.conversation;
import static io.proactiveinsights.testing.Rows.exposure;
import static io.proactiveinsights.testing.Rows.message;
import static io.proactiveinsights.testing.Rows.row;
import static io.proactiveinsights.testing.Rows.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.delta.tables.DeltaTable;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input files a real export drop can hold and that must not take a run down: empty files,
 * header-only files, a file that is not what its name says, a gzip cut short, a required column
 * missing from one file, and people missing from {@code users}. One ingest of them through the
 * command line, then one assertion per problem on its JSON summary and its tables. Then a second
 * ingest for the same ds into the same warehouse, whose messages lost a required column in every
 * file: it must stop before anything is written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestInputProblemsTest {

  private static final String DS = "2024-04-30";

  /** Exposures in the gzip that is cut in half; some of them come before the cut. */
  private static final int CUT_FILE_ROWS = 400;

  private Path warehouse;
  private CliRun run;
  private JsonNode summary;
  private Map<String, Long> versionsAfterRun;
  private CliRun drift;
  private Map<String, Long> versionsAfterDrift;

  @BeforeAll
  void ingestProblemInputs(@TempDir Path tmp) throws IOException {
    SharedSpark.session();
    InputFolder input = new InputFolder(tmp.resolve("in"));
    // A required column missing from one file of a table: that file's rows are quarantined.
    input.write(
        InputTable.MESSAGES, "part-0.csv", List.of(message("m1", "banner"), message("m2", "post")));
    input.write(InputTable.MESSAGES, "extra.csv", List.of(without(message("m3", "post"), "type")));
    input.write(InputTable.USERS, "part-0.jsonl", List.of(user("u1", "Pro"), user("u2", "Free")));
    input.write(
        InputTable.EXPOSURES,
        "part-0.jsonl",
        List.of(
            exposure("e1", "m1", "u1", "received", "2024-04-29T08:00:00Z"),
            exposure("e2", "m1", "u2", "viewed", "2024-04-29T08:01:00Z"),
            exposure("e3", "m2", "u-ghost", "viewed", "2024-04-29T08:02:00Z")));
    input.writeLines(InputTable.EXPOSURES, "empty.jsonl", List.of());
    List<Map<String, Object>> many = new ArrayList<>();
    for (int i = 0; i < CUT_FILE_ROWS; i++) {
      many.add(exposure("cut-" + i, "m1", "u1", "viewed", "2024-04-28T10:00:00Z"));
    }
    cutInHalf(input.write(InputTable.EXPOSURES, "cut.jsonl.gz", many));
    input.write(
        InputTable.CONVERSATIONS,
        "part-0.csv",
        List.of(
            conversation("c1", "u1", "2024-04-28T12:00:00Z", "billing", 5),
            conversation("c2", "u-ghost", "2024-04-29T12:00:00Z", "billing", null)));
    input.writeLines(
        InputTable.CONVERSATIONS, "header-only.csv", List.of("conversation_id,user_id,created_at"));
    Files.createDirectories(input.tableDir(InputTable.KNOWN_ISSUES));
    Files.writeString(
        input.tableDir(InputTable.KNOWN_ISSUES).resolve("issues.parquet"), "not parquet at all");
    input.write(
        InputTable.USER_EVENTS,
        "part-0.csv",
        List.of(
            row(
                "user_id",
                "u1",
                "event_name",
                "export_completed",
                "occurred_at",
                "2024-04-29T11:00:00Z")));
    Files.createFile(input.tableDir(InputTable.USER_EVENTS).resolve("empty.csv"));
    input.writeLines(
        InputTable.USER_EVENTS, "header-only.csv.gz", List.of("user_id,event_name,occurred_at"));

    warehouse = tmp.resolve("wh");
    run = ingest(input.root(), warehouse);
    summary = run.summary();
    versionsAfterRun = deltaVersions(warehouse);

    // The same inputs, but `type` is gone from every messages file.
    InputFolder drifted = new InputFolder(tmp.resolve("drifted"));
    copyFolder(input.root(), drifted.root());
    drifted.write(
        InputTable.MESSAGES,
        "part-0.csv",
        List.of(without(message("m1", "banner"), "type"), without(message("m2", "post"), "type")));
    drift = ingest(drifted.root(), warehouse);
    versionsAfterDrift = deltaVersions(warehouse);
  }

  @Test
  void emptyHeaderOnlyUnreadableAndCutFilesDoNotFailTheRun() {
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(summary.get("status").asText()).isEqualTo("ok");
  }

  @Test
  void eachProblemFileIsListedInTheSummaryWithItsTableAndReason() {
    Map<String, String> listed = new TreeMap<>();
    for (JsonNode file : summary.at("/details/unreadable_files")) {
      String path = file.get("file").asText();
      listed.put(
          file.get("table").asText() + "/" + path.substring(path.lastIndexOf('/') + 1),
          file.get("reason").asText());
    }
    assertThat(listed.keySet())
        .containsExactly(
            "conversations/header-only.csv",
            "exposures/cut.jsonl.gz",
            "exposures/empty.jsonl",
            "known_issues/issues.parquet",
            "user_events/empty.csv",
            "user_events/header-only.csv.gz");
    assertThat(listed.get("exposures/empty.jsonl")).startsWith("empty file");
    assertThat(listed.get("user_events/empty.csv")).startsWith("empty file");
    assertThat(listed.get("conversations/header-only.csv")).startsWith("header row only");
    assertThat(listed.get("user_events/header-only.csv.gz")).startsWith("header row only");
    assertThat(listed.get("exposures/cut.jsonl.gz"))
        .startsWith("cut short")
        .contains("the rows before the cut were kept");
    assertThat(listed.get("known_issues/issues.parquet")).startsWith("cannot be read");
  }

  @Test
  void theRowsBeforeTheCutAreKeptAndEveryTableConservesItsRows() {
    JsonNode tables = summary.at("/details/tables");
    tables.forEach(
        t ->
            assertThat(t.get("read").asLong())
                .isEqualTo(
                    t.get("accepted").asLong()
                        + t.get("duplicates").asLong()
                        + t.get("quarantined").asLong()
                        + t.get("out_of_window").asLong()));
    JsonNode exposures = tables.get("exposures");
    long fromCutFile = exposures.get("accepted").asLong() - 3;
    assertThat(fromCutFile).isPositive().isLessThan(CUT_FILE_ROWS);
    assertThat(exposures.get("quarantined").asLong()).isZero();
    assertThat(tables.at("/user_events/accepted").asLong()).isEqualTo(1);
    assertThat(tables.at("/known_issues/read").asLong()).isZero();
  }

  @Test
  void aRequiredColumnMissingFromOneFileQuarantinesThatFilesRowsOnly() {
    assertThat(summary.at("/details/tables/messages/accepted").asLong()).isEqualTo(2);
    List<Row> quarantined =
        SharedSpark.session()
            .read()
            .format("delta")
            .load(warehouse.resolve("quarantine").toString())
            .where("source_table = 'messages'")
            .collectAsList();
    assertThat(quarantined).hasSize(1);
    assertThat(quarantined.get(0).<String>getAs("reason"))
        .contains("type: the file has no such column (it is required)");
    assertThat(quarantined.get(0).<String>getAs("source_file")).endsWith("messages/extra.csv");
  }

  @Test
  void peopleMissingFromUsersAreKeptAndCountedPerTable() {
    assertThat(summary.at("/details/unknown_users/exposures").asLong()).isEqualTo(1);
    assertThat(summary.at("/details/unknown_users/conversations").asLong()).isEqualTo(1);
    assertThat(summary.at("/details/tables/conversations/accepted").asLong()).isEqualTo(2);
  }

  @Test
  void aRequiredColumnMissingFromEveryFileStopsTheRunNamingTableColumnAndFiles() {
    assertThat(drift.exitCode()).as(drift.err()).isEqualTo(2);
    String error = drift.summary().get("error").asText();
    assertThat(error)
        .contains("messages")
        .contains("'type'")
        .contains("messages/part-0.csv")
        .contains("messages/extra.csv");
    assertThat(drift.summary().get("status").asText()).isEqualTo("usage_error");
  }

  @Test
  void aRequiredColumnMissingFromEveryFileWritesNothing() {
    assertThat(versionsAfterRun).containsKeys("bronze_messages", "bronze_exposures", "quarantine");
    assertThat(versionsAfterDrift).isEqualTo(versionsAfterRun);
  }

  private static CliRun ingest(Path input, Path warehouse) {
    return CliRun.runWithTestConf(
        "ingest", "--ds", DS, "--input", input.toString(), "--warehouse", warehouse.toString());
  }

  private static Map<String, Object> without(Map<String, Object> row, String column) {
    Map<String, Object> copy = new LinkedHashMap<>(row);
    copy.remove(column);
    return copy;
  }

  /** Keeps the first half of a file's bytes, as an interrupted copy would. */
  private static void cutInHalf(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
  }

  private static void copyFolder(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** The latest version of every Delta table of the warehouse, by table name. */
  private static Map<String, Long> deltaVersions(Path warehouse) {
    Map<String, Long> versions = new TreeMap<>();
    new Warehouse(warehouse.toString())
        .tables()
        .forEach(
            (name, path) -> {
              if (Files.isDirectory(Path.of(path, "_delta_log"))) {
                versions.put(
                    name,
                    DeltaTable.forPath(SharedSpark.session(), path)
                        .history(1)
                        .select("version")
                        .first()
                        .getLong(0));
              }
            });
    return versions;
  }
}
