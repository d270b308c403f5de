package io.proactiveinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proactiveinsights.delivery.snapshot.LoadedSnapshot;
import io.proactiveinsights.delivery.snapshot.SnapshotIds;
import io.proactiveinsights.delivery.snapshot.SnapshotLoader;
import io.proactiveinsights.delivery.snapshot.SnapshotManifest;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.Rows;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentsCommandTest {

  private static final String DS = "2024-04-30";

  @TempDir Path tmp;

  @Test
  void printsSegmentSizesAndRuleErrorsInTheSummaryAndShowReadsTheTable() {
    String wh =
        ingest(
            Rows.with(Rows.message("m_pro", "banner"), "audience_rule", "plan = 'Pro'"),
            Rows.with(Rows.message("m_bad", "post"), "audience_rule", "plan IN 'Pro'"));

    CliRun run = CliRun.runWithTestConf("segments", "--ds", DS, "--warehouse", wh);

    assertThat(run.exitCode()).isZero();
    JsonNode summary = run.summary();
    assertThat(summary.get("job").asText()).isEqualTo("segments");
    assertThat(summary.get("rows_out").asLong()).isEqualTo(1);
    assertThat(summary.get("outputs")).extracting(JsonNode::asText).containsExactly("segments");
    assertThat(summary.at("/details/segments/m_pro/members").asLong()).isEqualTo(1);
    assertThat(summary.at("/details/rule_errors/0/message_id").asText()).isEqualTo("m_bad");
    assertThat(summary.at("/details/rule_errors/0/column").asInt()).isEqualTo(9);
    assertThat(summary.at("/details/rule_errors/0/error").asText())
        .isEqualTo(
            "Cannot parse audience rule \"plan IN 'Pro'\" at column 9: expected '(' to start the"
                + " list of values after IN, found 'Pro'");

    CliRun show =
        CliRun.runWithTestConf(
            "show", "segments", "--ds", DS, "--warehouse", wh, "--format", "json");
    assertThat(show.exitCode()).isZero();
    assertThat(show.outLines())
        .containsExactly(
            "{\"segment_id\":\"m_pro\",\"user_id\":\"u1\",\"rule\":\"plan ="
                + " 'Pro'\",\"ds\":\"2024-04-30\"}");
  }

  /**
   * Message ids are CSV cells: one with a slash and one of 308 characters are published and
   * loadable; one no request could name is listed in the summary, not only in the log.
   */
  @Test
  void publishesIdsThatAreNoFileNamesAndListsTheSegmentsItCouldNotPublish() throws Exception {
    String slashed = "billing/overdue";
    String long308 = "spring-campaign/" + "x".repeat(292);
    String tooLong = "y".repeat(SnapshotIds.MAX_SEGMENT_ID_BYTES + 1);
    String wh =
        ingest(
            Rows.with(Rows.message(slashed, "banner"), "audience_rule", "plan = 'Pro'"),
            Rows.with(Rows.message(long308, "post"), "audience_rule", "everyone"),
            Rows.with(Rows.message(tooLong, "post"), "audience_rule", "everyone"));

    CliRun run = CliRun.runWithTestConf("segments", "--ds", DS, "--warehouse", wh);

    assertThat(run.exitCode()).isZero();
    JsonNode details = run.summary().get("details");
    assertThat(details.get("segments").size()).isEqualTo(3);
    assertThat(details.get("unpublished_segments")).hasSize(1);
    assertThat(details.at("/unpublished_segments/0/segment_id").asText()).isEqualTo(tooLong);
    assertThat(details.at("/unpublished_segments/0/reason").asText())
        .isEqualTo("it is longer than 1024 bytes of UTF-8");

    LoadedSnapshot snapshot = SnapshotLoader.loadCurrent(Path.of(new Warehouse(wh).servingPath()));
    assertThat(snapshot.version()).isEqualTo(details.get("snapshot_version").asText());
    assertThat(snapshot.manifest().segments())
        .extracting(SnapshotManifest.SegmentEntry::segmentId)
        .containsExactlyInAnyOrder(slashed, long308);
    assertThat(snapshot.segmentsOf("u1")).containsExactlyInAnyOrder(slashed, long308);
    assertThat(snapshot.segmentsOf("u2")).containsExactly(long308);
  }

  /** Runs ingest for DS over these messages, two users (u1 Pro, u2 Free); returns the warehouse. */
  @SafeVarargs
  private String ingest(Map<String, Object>... messages) {
    InputFolder input = new InputFolder(tmp.resolve("in"));
    input.write(InputTable.MESSAGES, "m.csv", List.of(messages));
    input.write(
        InputTable.USERS, "u.jsonl", List.of(Rows.user("u1", "Pro"), Rows.user("u2", "Free")));
    input.write(
        InputTable.EXPOSURES,
        "x.jsonl",
        List.of(
            Rows.exposure(
                "e1",
                (String) messages[0].get("message_id"),
                "u1",
                "received",
                "2024-04-28T08:00:00Z")));
    input.write(
        InputTable.CONVERSATIONS,
        "c.csv",
        List.of(Rows.conversation("c1", "u1", "2024-04-28T12:00:00Z", "billing", null)));
    String wh = tmp.resolve("wh").toString();
    assertThat(
            CliRun.runWithTestConf(
                    "ingest", "--ds", DS, "--input", input.root().toString(), "--warehouse", wh)
                .exitCode())
        .isZero();
    return wh;
  }

  @Test
  void pathologicalRulesAreTheirMessagesRuleErrorsAndTheOtherMessagesGetTheirSegments() {
    // One cell anyone can edit: 2,500 nested parentheses, and a 100 KB chain of 6,001 ORs.
    String deep = "(".repeat(2_500) + "plan = 'Pro'" + ")".repeat(2_500);
    String chain =
        String.join(
            " OR ", IntStream.range(0, 6_001).mapToObj(i -> "plan = 'p" + i + "'").toList());
    InputFolder input = new InputFolder(tmp.resolve("in"));
    input.write(
        InputTable.MESSAGES,
        "m.csv",
        List.of(
            Rows.with(Rows.message("m_chain", "post"), "audience_rule", chain),
            Rows.with(Rows.message("m_deep", "post"), "audience_rule", deep),
            Rows.with(Rows.message("m_pro", "banner"), "audience_rule", "plan = 'Pro'")));
    input.write(
        InputTable.USERS, "u.jsonl", List.of(Rows.user("u1", "Pro"), Rows.user("u2", "Free")));
    input.write(InputTable.EXPOSURES, "x.jsonl", List.of());
    input.write(InputTable.CONVERSATIONS, "c.jsonl", List.of());
    String wh = tmp.resolve("wh").toString();

    CliRun ingest =
        CliRun.runWithTestConf(
            "ingest", "--ds", DS, "--input", input.root().toString(), "--warehouse", wh);
    CliRun segments = CliRun.runWithTestConf("segments", "--ds", DS, "--warehouse", wh);

    for (CliRun run : List.of(ingest, segments)) {
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.summary().at("/details/rule_errors"))
          .extracting(e -> e.get("message_id").asText() + "@" + e.get("column").asInt())
          .containsExactly("m_chain@20001", "m_deep@33");
      assertThat(run.summary().at("/details/rule_errors/0/error").asText())
          .contains("characters long, more than the 20000 a rule may have")
          .hasSizeLessThan(500);
    }
    assertThat(segments.summary().at("/details/segments").properties())
        .extracting(java.util.Map.Entry::getKey)
        .containsExactly("m_pro");
    assertThat(segments.summary().at("/details/segments/m_pro/members").asLong()).isEqualTo(1);
  }
}
