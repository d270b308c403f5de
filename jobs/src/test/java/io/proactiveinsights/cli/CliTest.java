package io.proactiveinsights.cli;

import static io.proactiveinsights.testing.Rows.exposure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.Rows;
import io.proactiveinsights.testing.SharedSpark;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

  private static final String DS = "2024-04-30";

  @TempDir Path tmp;

  @BeforeAll
  static void startSpark() {
    SharedSpark.session();
  }

  private Path validInput() {
    InputFolder input = new InputFolder(tmp.resolve("in"));
    input.write(InputTable.MESSAGES, "m.csv", List.of(Rows.message("m1", "banner")));
    input.write(InputTable.USERS, "u.jsonl", List.of(Rows.user("u1", "Pro")));
    input.write(
        InputTable.EXPOSURES,
        "e.jsonl",
        List.of(
            exposure("e1", "m1", "u1", "received", "2024-04-29T08:00:00Z"),
            exposure("e1", "m1", "u1", "received", "2024-04-29T08:00:00Z"),
            exposure("e2", "m1", "u1", "viewed", "2024-04-29T08:01:00Z")));
    input.write(
        InputTable.CONVERSATIONS,
        "c.csv",
        List.of(Rows.conversation("c1", "u1", "2024-04-28T12:00:00Z", "billing", 4)));
    return input.root();
  }

  @Test
  void ingestExitsZeroAndEndsStdoutWithAJsonSummary() {
    CliRun run =
        CliRun.runWithTestConf(
            "ingest",
            "--ds",
            DS,
            "--input",
            validInput().toString(),
            "--warehouse",
            tmp.resolve("wh").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode summary = run.summary();
    assertThat(summary.get("job").asText()).isEqualTo("ingest");
    assertThat(summary.get("ds").asText()).isEqualTo(DS);
    assertThat(summary.get("status").asText()).isEqualTo("ok");
    assertThat(summary.get("rows_in").asLong()).isEqualTo(6);
    assertThat(summary.get("rows_out").asLong()).isEqualTo(5);
    assertThat(summary.get("quarantined").asLong()).isZero();
    assertThat(summary.get("outputs"))
        .extracting(JsonNode::asText)
        .contains("bronze_exposures", "quarantine");
    JsonNode exposures = summary.at("/details/tables/exposures");
    assertThat(exposures.get("read").asLong()).isEqualTo(3);
    assertThat(exposures.get("duplicates").asLong()).isEqualTo(1);
    assertThat(summary.get("duration_ms").asLong()).isPositive();
  }

  @Test
  void badUsageExitsTwoWithAMessageAndStillASummary() {
    CliRun noDs = CliRun.run("ingest", "--input", "x");
    assertThat(noDs.exitCode()).isEqualTo(2);
    assertThat(noDs.err()).contains("Missing required option: '--ds=YYYY-MM-DD'");
    assertThat(noDs.summary().get("status").asText()).isEqualTo("usage_error");

    CliRun badDate = CliRun.run("ingest", "--ds", "2024-13-01");
    assertThat(badDate.exitCode()).isEqualTo(2);
    assertThat(badDate.err()).contains("'2024-13-01' is not a date (expected YYYY-MM-DD");

    CliRun unknownCommand = CliRun.run("ingets", "--ds", DS);
    assertThat(unknownCommand.exitCode()).isEqualTo(2);
    assertThat(unknownCommand.err()).contains("ingest");
  }

  @Test
  void aMissingInputFolderIsBadUsageNamingTheFolder() {
    Path missing = tmp.resolve("nowhere");
    CliRun run =
        CliRun.runWithTestConf(
            "ingest",
            "--ds",
            DS,
            "--input",
            missing.toString(),
            "--warehouse",
            tmp.resolve("wh").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Cannot ingest: input folder " + missing + " does not exist");
    assertThat(run.summary().get("status").asText()).isEqualTo("usage_error");
  }

  @Test
  void anInvalidConfigValueIsBadUsageNamingTheKey() throws IOException {
    Path conf =
        Files.writeString(
            tmp.resolve("bad.conf"), "proactive.ingest.max_quarantined_fraction = 1.5\n");
    CliRun run =
        CliRun.run(
            "ingest", "--ds", DS, "--input", validInput().toString(), "--conf", conf.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("proactive.ingest.max_quarantined_fraction must be between 0 and 1 (got 1.5)");
  }

  @Test
  void aMisspelledConfigKeyIsBadUsageNamingTheNearestKeyBeforeAnythingRuns() throws IOException {
    Path conf =
        Files.writeString(
            tmp.resolve("typo.conf"),
            "include file(\"" + CliRun.TEST_CONF + "\")\ningest.max_quarantined_fractoin = 0.5\n");
    Path warehouse = tmp.resolve("wh");

    CliRun run =
        CliRun.run(
            "ingest",
            "--ds",
            DS,
            "--input",
            validInput().toString(),
            "--warehouse",
            warehouse.toString(),
            "--conf",
            conf.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "Cannot load config "
                + conf
                + ": unknown key ingest.max_quarantined_fractoin (line 2) (did you mean"
                + " ingest.max_quarantined_fraction?)");
    JsonNode summary = run.summary();
    assertThat(summary.get("status").asText()).isEqualTo("usage_error");
    assertThat(summary.get("exit_code").asInt()).isEqualTo(2);
    assertThat(summary.get("error").asText()).contains("ingest.max_quarantined_fraction?");
    assertThat(warehouse).doesNotExist();
  }

  @Test
  void tooManyQuarantinedRowsExitThreeWithTheCountsInTheSummary() throws IOException {
    Path input = validInput();
    new InputFolder(input)
        .write(
            InputTable.EXPOSURES,
            "bad.jsonl",
            List.of(exposure("e9", "m1", "u1", "hovered", "2024-04-29T08:00:00Z")));
    Path strict =
        Files.writeString(
            tmp.resolve("strict.conf"),
            "include file(\""
                + CliRun.TEST_CONF
                + "\")\nproactive.ingest.gate_min_quarantined = 0\n");

    CliRun run =
        CliRun.run(
            "ingest",
            "--ds",
            DS,
            "--input",
            input.toString(),
            "--warehouse",
            tmp.resolve("wh").toString(),
            "--conf",
            strict.toString());

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err())
        .contains("Data quality gate failed: exposures: 25.0% of 4 rows quarantined");
    JsonNode summary = run.summary();
    assertThat(summary.get("status").asText()).isEqualTo("quality_gate_failed");
    assertThat(summary.get("quarantined").asLong()).isEqualTo(1);
  }

  @Test
  void aFewBadRowsInASmallTableAreQuarantinedWithoutFailingTheGate() {
    Path input = validInput();
    new InputFolder(input)
        .write(
            InputTable.EXPOSURES,
            "bad.jsonl",
            List.of(exposure("e9", "m1", "u1", "hovered", "2024-04-29T08:00:00Z")));

    CliRun run =
        CliRun.runWithTestConf(
            "ingest",
            "--ds",
            DS,
            "--input",
            input.toString(),
            "--warehouse",
            tmp.resolve("wh").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.summary().get("quarantined").asLong()).isEqualTo(1);
  }

  @Test
  void aJobThatCannotWriteExitsOne() throws IOException {
    Path notADirectory = Files.writeString(tmp.resolve("warehouse-is-a-file"), "x");
    CliRun run =
        CliRun.runWithTestConf(
            "ingest",
            "--ds",
            DS,
            "--input",
            validInput().toString(),
            "--warehouse",
            notADirectory.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.summary().get("status").asText()).isEqualTo("failed");
    String error = run.summary().get("error").asText();
    assertThat(error).startsWith("Cannot run ingest for ds 2024-04-30: ").doesNotContain("\n");
    assertThat(run.err()).contains("proactive ingest: " + error).doesNotContain("\tat ");
  }

  @Test
  void anErrorEndsLikeAnyFailureWithOneLineAndTheSummary() throws IOException {
    // A StackOverflowError, which escapes picocli's own handling, must still give exit 1, one
    // line and the summary.
    CliRun run = CliRun.run(OverflowingRule.ingest(tmp).toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode summary = run.summary();
    assertThat(summary.get("status").asText()).isEqualTo("failed");
    assertThat(summary.get("exit_code").asInt()).isEqualTo(1);
    assertThat(summary.get("error").asText())
        .startsWith(
            "Cannot run ingest for ds 2024-04-30: stack overflow (something nested too deeply,"
                + " such as an audience rule under raised audience_rules limits");
    assertThat(run.err()).isEqualTo("proactive ingest: " + summary.get("error").asText() + "\n");
  }

  @Test
  void aPipelineFailingInAStageNamesTheStageInItsOneLine() throws IOException {
    Path wh = tmp.resolve("wh");
    // Where metrics writes its first table, a file: its Delta write fails, after ingest's.
    Files.createDirectories(wh);
    Files.writeString(wh.resolve(Warehouse.MESSAGE_STATS_DAILY), "not a table");

    CliRun run =
        CliRun.runWithTestConf(
            "pipeline",
            "--ds",
            DS,
            "--input",
            validInput().toString(),
            "--warehouse",
            wh.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    String error = run.summary().get("error").asText();
    assertThat(error).startsWith("Cannot run pipeline for ds " + DS + " at its metrics stage: ");
    assertThat(run.summary().get("status").asText()).isEqualTo("failed");
    assertThat(run.err()).contains("proactive pipeline: " + error + "\n");
  }

  @Test
  void showPrintsParsableJsonLinesCsvAndATable() throws IOException {
    String wh = tmp.resolve("wh").toString();
    assertThat(
            CliRun.runWithTestConf(
                    "pipeline", "--ds", DS, "--input", validInput().toString(), "--warehouse", wh)
                .exitCode())
        .isZero();

    CliRun json =
        CliRun.runWithTestConf(
            "show", "bronze_exposures", "--ds", DS, "--warehouse", wh, "--format", "json");
    assertThat(json.exitCode()).isZero();
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> rows =
        json.outLines().stream()
            .map(
                line -> {
                  try {
                    return mapper.readTree(line);
                  } catch (IOException e) {
                    throw new AssertionError("not JSON: " + line, e);
                  }
                })
            .toList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).has("platform")).isTrue();
    assertThat(rows.get(0).has("session_id")).as("null columns are kept").isTrue();
    assertThat(rows)
        .extracting(r -> r.get("occurred_at").asText())
        .contains("2024-04-29T08:00:00.000Z");

    CliRun csv =
        CliRun.runWithTestConf("show", "bronze_messages", "--warehouse", wh, "--format", "csv");
    List<CSVRecord> records =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .build()
            .parse(new StringReader(csv.out()))
            .getRecords();
    assertThat(records).hasSize(1);
    assertThat(records.get(0).get("topics")).isEqualTo("billing;data-export");
    assertThat(records.get(0).get("body")).isEqualTo("Body of m1, with a comma");

    CliRun table = CliRun.runWithTestConf("show", "quarantine", "--warehouse", wh);
    assertThat(table.exitCode()).isZero();
    assertThat(table.out()).startsWith("source_table | source_file").contains("0 rows");

    CliRun unknown = CliRun.runWithTestConf("show", "no_such_table", "--warehouse", wh);
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .contains(
            "Cannot show no_such_table: no such table (known tables: quarantine,"
                + " message_stats_daily")
        .contains("bronze_messages");
  }
}
