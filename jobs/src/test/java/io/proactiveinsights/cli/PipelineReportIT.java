package io.proactiveinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report stage end to end on a small input: the pipeline ends with it, and a rerun replaces the
 * folder whole. An IT (part of {@code mvn verify}): the whole pipeline takes a minute.
 */
class PipelineReportIT {

  private static final String DS = "2024-04-30";

  @TempDir Path tmp;

  @Test
  void pipelineEndsWithTheReportAndARerunReplacesItWhole() throws Exception {
    InputFolder input = new InputFolder(tmp.resolve("in"));
    input.write(
        InputTable.MESSAGES,
        "m.csv",
        List.of(
            Rows.with(
                Rows.message("m_banner", "banner"),
                "name",
                "Invoices <moved>",
                "topics",
                List.of("billing"),
                "goal_event",
                "invoice.opened"),
            Rows.message("m_post", "post")));
    input.write(
        InputTable.USERS,
        "u.jsonl",
        List.of(Rows.user("u1", "Pro"), Rows.user("u2", "Free"), Rows.user("u3", "Free")));
    List<Map<String, Object>> exposures = new ArrayList<>();
    int e = 0;
    for (String user : List.of("u1", "u2")) {
      for (String type : List.of("received", "viewed", "clicked")) {
        exposures.add(Rows.exposure("e" + e++, "m_banner", user, type, "2024-04-22T08:00:00Z"));
      }
    }
    exposures.add(Rows.exposure("e" + e, "m_post", "u3", "received", "2024-04-22T08:00:00Z"));
    input.write(InputTable.EXPOSURES, "x.jsonl", exposures);
    List<Map<String, Object>> conversations = new ArrayList<>();
    for (int day = 10; day <= 29; day++) {
      conversations.add(
          Rows.conversation(
              "c" + day, "u3", "2024-04-" + day + "T12:00:00Z", "billing", day % 2 == 0 ? 3 : 4));
    }
    // Ten rated conversations started from the banner: enough (impact.min_csat_ratings) for
    // csat_impact to compare.
    for (int i = 0; i < 10; i++) {
      conversations.add(
          Rows.with(
              Rows.conversation(
                  "s" + i, "u1", "2024-04-23T1" + i + ":00:00Z", "billing", i % 2 == 0 ? 4 : 5),
              "source_message_id",
              "m_banner"));
    }
    // One of the banner's two receivers reaches its goal.
    input.write(
        InputTable.USER_EVENTS,
        "ev.jsonl",
        List.of(
            Map.of(
                "user_id",
                "u1",
                "event_name",
                "invoice.opened",
                "occurred_at",
                "2024-04-22T09:00:00Z")));
    input.write(InputTable.CONVERSATIONS, "c.csv", conversations);
    input.writeLines(InputTable.CONVERSATIONS, "bad.jsonl", List.of("{not json"));
    String wh = tmp.resolve("wh").toString();

    CliRun pipeline =
        CliRun.runWithTestConf(
            "pipeline", "--ds", DS, "--input", input.root().toString(), "--warehouse", wh);

    assertThat(pipeline.exitCode()).as(pipeline.err()).isZero();
    JsonNode report = pipeline.summary().at("/details/report");
    assertThat(report.get("files"))
        .extracting(JsonNode::asText)
        .containsExactly("report.html", "report.md", "report.ipynb");
    Path folder = tmp.resolve("wh").resolve("reports").resolve("ds=" + DS);
    assertThat(report.get("folder").asText()).isEqualTo(folder.toAbsolutePath().toString());
    assertThat(pipeline.summary().get("outputs"))
        .extracting(JsonNode::asText)
        .endsWith("reports/ds=" + DS);
    String html = Files.readString(folder.resolve("report.html"));
    assertThat(html)
        .contains("Invoices &lt;moved&gt;")
        .contains("<svg")
        .contains("Data quality of this run");
    String md = Files.readString(folder.resolve("report.md"));
    assertThat(md)
        .contains("| conversations | 30 | 1 (3.2%) |")
        .contains("not a valid JSON object on one line (1)");
    // The goal from message_stats and the catalogue, the CSAT comparison from csat_impact: 4.5 (10)
    // against 3.5 (20) on billing.
    assertThat(md)
        .contains("| Invoices &lt;moved&gt; | banner | `invoice.opened` | 2 | 1 | 50.0% \\[");
    assertThat(md)
        .contains(
            "- CSAT: conversations started from Invoices &lt;moved&gt; rate 4.5 against 3.5 on"
                + " billing (+1.0, 95% CI +");
    assertThat(md).contains("| Invoices &lt;moved&gt; | billing | 4.5 (10) | 3.5 (20) | +1.0 \\[");
    assertThat(Files.readString(folder.resolve("report.ipynb")))
        .contains("\"nbformat\": 4")
        .contains("bronze_conversations");

    Files.writeString(folder.resolve("stale.txt"), "left by hand");
    CliRun rerun = CliRun.runWithTestConf("report", "--ds", DS, "--warehouse", wh);

    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(rerun.summary().get("job").asText()).isEqualTo("report");
    try (Stream<Path> files = Files.list(folder);
        Stream<Path> reports = Files.list(folder.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("report.html", "report.md", "report.ipynb");
      assertThat(reports.map(p -> p.getFileName().toString())).containsExactly("ds=" + DS);
    }
    assertThat(Files.readString(folder.resolve("report.html"))).isEqualTo(html);
  }
}
