package io.proactiveinsights.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.ingest.IngestJob;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.Rows;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The segments job on a real Delta warehouse written by ingest. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentsJobTest {

  private static final LocalDate DS = LocalDate.parse("2024-04-30");
  private static final LocalDate DAY_BEFORE = DS.minusDays(1);

  private Path tmp;
  private Warehouse warehouse;

  @BeforeAll
  void writeInput(@TempDir Path dir) {
    tmp = dir;
    InputFolder folder = new InputFolder(tmp.resolve("in"));
    folder.write(
        InputTable.MESSAGES,
        "m.csv",
        List.of(
            message("m_pro", "live", "plan = 'Pro'"),
            message("m_paused", "paused", "everyone"),
            message("m_draft", "draft", "everyone"),
            message("m_bad", "live", "plan == 'Pro'"),
            message("m_export", "live", "event.export_completed WITHIN 7d"),
            message("m_billing", "live", "plan = 'Pro' AND page.url CONTAINS '/billing'")));
    folder.write(
        InputTable.USERS,
        "u.jsonl",
        List.of(Rows.user("u1", "Pro"), Rows.user("u2", "Free"), Rows.user("u3", "Pro")));
    folder.write(
        InputTable.USER_EVENTS,
        "e.csv",
        List.of(
            Rows.row(
                "user_id",
                "u2",
                "event_name",
                "export_completed",
                "occurred_at",
                "2024-04-29T10:00:00Z"),
            Rows.row(
                "user_id",
                "u3",
                "event_name",
                "export_completed",
                "occurred_at",
                "2024-04-01T10:00:00Z")));
    folder.write(
        InputTable.EXPOSURES,
        "x.jsonl",
        List.of(Rows.exposure("e1", "m_pro", "u1", "received", "2024-04-28T08:00:00Z")));
    folder.write(
        InputTable.CONVERSATIONS,
        "c.csv",
        List.of(Rows.conversation("c1", "u1", "2024-04-28T12:00:00Z", "billing", null)));
    warehouse = new Warehouse(tmp.resolve("wh").toString());
    for (LocalDate ds : List.of(DS, DAY_BEFORE)) {
      new IngestJob(
              SharedSpark.session(), SharedSpark.config(), folder.root().toString(), warehouse)
          .run(RunDate.of(ds));
    }
  }

  @Test
  void publishesAServingSnapshotTheDeliveryEndpointLoadsWithTheSameMembers() throws Exception {
    SegmentsJob.Result result =
        new SegmentsJob(SharedSpark.session(), SharedSpark.config(), warehouse).run(RunDate.of(DS));

    var snapshot =
        io.proactiveinsights.delivery.snapshot.SnapshotLoader.loadCurrent(
            Path.of(warehouse.servingPath()));
    assertThat(snapshot.version()).isEqualTo(result.snapshotVersion());
    assertThat(snapshot.manifest().ds()).isEqualTo(DS);
    assertThat(snapshot.segmentsOf("u1")).containsExactlyInAnyOrder("m_billing", "m_pro");
    assertThat(snapshot.segmentsOf("u2")).containsExactly("m_export");
    assertThat(snapshot.isMember("m_pro", "u3")).isTrue();
    assertThat(snapshot.isMember("m_pro", "u2")).isFalse();
    assertThat(snapshot.hasSegment("m_bad"))
        .as("a rule that does not parse gets no segment")
        .isFalse();
    assertThat(snapshot.manifest().segments())
        .anySatisfy(
            seg -> {
              assertThat(seg.toString())
                  .contains("m_billing")
                  .contains("page.url CONTAINS '/billing'");
            });
  }

  @Test
  void writesTheLiveMessagesSegmentsAndReportsARuleThatDoesNotParse() {
    SegmentsJob.Result result =
        new SegmentsJob(SharedSpark.session(), SharedSpark.config(), warehouse).run(RunDate.of(DS));

    assertThat(result.liveMessages()).isEqualTo(4);
    assertThat(result.users()).isEqualTo(3);
    assertThat(result.segments())
        .containsExactly(
            new SegmentsJob.Segment(
                "m_billing",
                "plan = 'Pro' AND page.url CONTAINS '/billing'",
                List.of("page.url CONTAINS '/billing'"),
                2),
            new SegmentsJob.Segment("m_export", "event.export_completed WITHIN 7d", List.of(), 1),
            new SegmentsJob.Segment("m_pro", "plan = 'Pro'", List.of(), 2));
    assertThat(result.ruleErrors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.messageId()).isEqualTo("m_bad");
              assertThat(e.column()).isEqualTo(7);
              assertThat(e.error())
                  .isEqualTo(
                      "Cannot parse audience rule \"plan == 'Pro'\" at column 7: expected a quoted"
                          + " string or a number, found =");
            });
    assertThat(result.rowsOut()).isEqualTo(5);
    assertThat(rows(warehouse))
        .filteredOn(r -> r.endsWith(DS + "]"))
        .containsExactly(
            "[m_billing,u1,plan = 'Pro' AND page.url CONTAINS '/billing',2024-04-30]",
            "[m_billing,u3,plan = 'Pro' AND page.url CONTAINS '/billing',2024-04-30]",
            "[m_export,u2,event.export_completed WITHIN 7d,2024-04-30]",
            "[m_pro,u1,plan = 'Pro',2024-04-30]",
            "[m_pro,u3,plan = 'Pro',2024-04-30]");
  }

  @Test
  void aRerunOfTheSameDsWritesTheSameRowsAndAnEarlierDsKeepsTheLater() {
    SegmentsJob job = new SegmentsJob(SharedSpark.session(), SharedSpark.config(), warehouse);

    job.run(RunDate.of(DS));
    List<String> first = rows(warehouse).stream().filter(r -> r.endsWith(DS + "]")).toList();
    job.run(RunDate.of(DS));
    assertThat(rows(warehouse)).filteredOn(r -> r.endsWith(DS + "]")).isEqualTo(first);

    SegmentsJob.Result earlier = job.run(RunDate.of(DAY_BEFORE));
    assertThat(earlier.segments())
        .extracting(SegmentsJob.Segment::members)
        .containsExactly(2L, 1L, 2L);
    List<String> both = rows(warehouse);
    assertThat(both).filteredOn(r -> r.endsWith(DS + "]")).isEqualTo(first);
    assertThat(both).filteredOn(r -> r.endsWith(DAY_BEFORE + "]")).hasSize(5);
  }

  @Test
  void indexedMembersNumberTheUsersOfTheDs() {
    SegmentsJob job = new SegmentsJob(SharedSpark.session(), SharedSpark.config(), warehouse);
    job.run(RunDate.of(DS));

    List<Row> indexed =
        job.indexedMembers(DS).where("segment_id = 'm_pro'").orderBy("user_index").collectAsList();

    assertThat(indexed).extracting(Row::toString).containsExactly("[m_pro,u1,0]", "[m_pro,u3,2]");
  }

  @Test
  void runningSegmentsBeforeIngestSaysWhichJobToRunFirst() {
    SegmentsJob job =
        new SegmentsJob(
            SharedSpark.session(),
            SharedSpark.config(),
            new Warehouse(tmp.resolve("empty").toString()));

    assertThatThrownBy(() -> job.run(RunDate.of(DS)))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("Cannot run segments for ds 2024-04-30")
        .hasMessageContaining("(run `proactive ingest --ds 2024-04-30` first)");
  }

  private static Map<String, Object> message(String id, String state, String rule) {
    return Rows.with(Rows.message(id, "post"), "state", state, "audience_rule", rule);
  }

  private static List<String> rows(Warehouse warehouse) {
    // Sorted text of every row of every ds.
    return SharedSpark.session()
        .read()
        .format("delta")
        .load(warehouse.path(Warehouse.SEGMENTS))
        .select("segment_id", "user_id", "rule", "ds")
        .collectAsList()
        .stream()
        .map(Object::toString)
        .sorted()
        .toList();
  }
}
