package io.proactiveinsights.segments;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.delivery.holdout.HoldoutArm;
import io.proactiveinsights.delivery.snapshot.LoadedSnapshot;
import io.proactiveinsights.delivery.snapshot.LoadedSnapshot.Membership;
import io.proactiveinsights.delivery.snapshot.SnapshotLoader;
import io.proactiveinsights.ingest.IngestJob;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.Rows;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The segments job with a holdout, on a real Delta warehouse written by ingest: 40 people in the
 * audience of {@code m_hold} on the day before, 20 more on the day, the conf's holdout share edited
 * from 0.5 to 0.1 between the two runs, and one arm given by the source.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HoldoutSegmentsTest {

  private static final LocalDate DS = LocalDate.parse("2024-04-30");
  private static final LocalDate DAY_BEFORE = DS.minusDays(1);
  private static final String HOLD = "m_hold";

  private final List<String> early =
      IntStream.range(0, 40).mapToObj(i -> String.format("o%02d", i)).toList();
  private final List<String> late =
      IntStream.range(0, 20).mapToObj(i -> String.format("n%02d", i)).toList();

  /** An early person the hash puts in treatment at 0.5, whom the source put in control. */
  private String given;

  private Warehouse warehouse;
  private SegmentsJob.Result result;

  @BeforeAll
  void runTwoDays(@TempDir Path tmp) {
    given = early.stream().filter(u -> !HoldoutArm.isControl(HOLD, u, 0.5)).findFirst().get();
    InputFolder folder = new InputFolder(tmp.resolve("in"));
    folder.write(
        InputTable.MESSAGES,
        "m.csv",
        List.of(
            // Everyone signed up by the as-of time: the late signups join on the day.
            message(HOLD, "signed_up_at WITHIN 3650d", ""), message("m_plain", "everyone", "0")));
    List<Map<String, Object>> users = new ArrayList<>();
    early.forEach(u -> users.add(Rows.user(u, "Pro")));
    late.forEach(
        u -> users.add(Rows.with(Rows.user(u, "Pro"), "signed_up_at", "2024-04-30T10:00:00Z")));
    folder.write(InputTable.USERS, "u.jsonl", users);
    folder.write(
        InputTable.EXPOSURES,
        "x.jsonl",
        List.of(Rows.exposure("e1", HOLD, "o00", "received", "2024-04-28T08:00:00Z")));
    folder.write(
        InputTable.CONVERSATIONS,
        "c.csv",
        List.of(Rows.conversation("c1", "o00", "2024-04-28T12:00:00Z", "billing", null)));
    folder.write(
        InputTable.ASSIGNMENTS,
        "a.csv",
        List.of(
            Rows.row(
                "message_id",
                HOLD,
                "user_id",
                given,
                "arm",
                "control",
                "assigned_at",
                "2024-04-01T00:00:00Z")));
    warehouse = new Warehouse(tmp.resolve("wh").toString());
    for (LocalDate ds : List.of(DAY_BEFORE, DS)) {
      new IngestJob(
              SharedSpark.session(), SharedSpark.config(), folder.root().toString(), warehouse)
          .run(RunDate.of(ds));
    }
    new SegmentsJob(SharedSpark.session(), withHoldoutShare(0.5), warehouse)
        .run(RunDate.of(DAY_BEFORE));
    result =
        new SegmentsJob(SharedSpark.session(), withHoldoutShare(0.1), warehouse)
            .run(RunDate.of(DS));
  }

  @Test
  void eachPersonKeepsTheArmOfTheirFirstRunAndOnlyLaterPeopleUseTheEditedShare() {
    Map<String, String> expected = new TreeMap<>();
    for (String u : early) {
      expected.put(
          u,
          u.equals(given)
              ? "control input 0.5 2024-04-01T00:00:00Z"
              : arm(u, 0.5) + " holdout 0.5 2024-04-30T00:00:00Z");
    }
    for (String u : late) {
      expected.put(u, arm(u, 0.1) + " holdout 0.1 2024-05-01T00:00:00Z");
    }

    assertThat(assignments()).isEqualTo(expected);
    assertThat(expected.values())
        .as("the fixture has people in both arms of both shares")
        .anyMatch(v -> v.startsWith("control holdout 0.5"))
        .anyMatch(v -> v.startsWith("treatment holdout 0.5"))
        .anyMatch(v -> v.startsWith("control holdout 0.1"));
  }

  @Test
  void segmentsCarryTheAssignedArmAndNoArmWithoutAHoldout() {
    Map<String, String> table = assignments();
    List<Row> rows =
        SharedSpark.session()
            .read()
            .format("delta")
            .load(warehouse.path(Warehouse.SEGMENTS))
            .where("ds = DATE'" + DS + "'")
            .collectAsList();

    assertThat(rows).hasSize(2 * 60);
    for (Row r : rows) {
      String arm = r.getAs("arm");
      if (r.<String>getAs("segment_id").equals(HOLD)) {
        assertThat(table.get(r.<String>getAs("user_id"))).startsWith(arm + " ");
      } else {
        assertThat(arm).isNull();
      }
    }
  }

  @Test
  void theSnapshotHoldsTheControlGroupOutAndShowsTheShare() throws Exception {
    LoadedSnapshot snapshot = SnapshotLoader.loadCurrent(Path.of(warehouse.servingPath()));
    Map<String, String> table = assignments();
    long control = table.values().stream().filter(v -> v.startsWith("control")).count();

    assertThat(snapshot.membership(HOLD, given)).isEqualTo(Membership.HELD_OUT);
    assertThat(snapshot.segmentsOf(given)).containsExactly("m_plain");
    for (Map.Entry<String, String> person : table.entrySet()) {
      assertThat(snapshot.membership(HOLD, person.getKey()))
          .isEqualTo(
              person.getValue().startsWith("control") ? Membership.HELD_OUT : Membership.MEMBER);
    }
    var entry =
        snapshot.manifest().segments().stream()
            .filter(s -> s.segmentId().equals(HOLD))
            .findFirst()
            .get();
    assertThat(entry.holdoutShare()).isEqualTo(0.1);
    assertThat(entry.heldOut().count()).isEqualTo(control);
    assertThat(entry.memberCount()).isEqualTo(60 - control);
    assertThat(result.segments())
        .filteredOn(s -> s.segmentId().equals(HOLD))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.members()).isEqualTo(60);
              assertThat(s.heldOut()).isEqualTo(control);
            });
  }

  @Test
  void aRerunOfTheDayWritesTheSameSegmentsAndAssignments() {
    Map<String, String> before = assignments();
    List<String> segmentsBefore = segments(DS);

    new SegmentsJob(SharedSpark.session(), withHoldoutShare(0.1), warehouse).run(RunDate.of(DS));

    assertThat(assignments()).isEqualTo(before);
    assertThat(segments(DS)).isEqualTo(segmentsBefore);
  }

  /** user → "arm source share assigned_at" for m_hold, failing on a second row for a person. */
  private Map<String, String> assignments() {
    Map<String, String> byUser = new TreeMap<>();
    for (Row r :
        SharedSpark.session()
            .read()
            .format("delta")
            .load(warehouse.path(Warehouse.ASSIGNMENTS))
            .collectAsList()) {
      assertThat(r.<String>getAs("message_id")).isEqualTo(HOLD);
      String previous =
          byUser.put(
              r.getAs("user_id"),
              r.getAs("arm")
                  + " "
                  + r.getAs("source")
                  + " "
                  + r.getAs("holdout_share")
                  + " "
                  + r.<Timestamp>getAs("assigned_at").toInstant());
      assertThat(previous).as("one row per message and person").isNull();
    }
    return byUser;
  }

  private List<String> segments(LocalDate ds) {
    return SharedSpark.session()
        .read()
        .format("delta")
        .load(warehouse.path(Warehouse.SEGMENTS))
        .where("ds = DATE'" + ds + "'")
        .select("segment_id", "user_id", "rule", "arm")
        .collectAsList()
        .stream()
        .map(Row::toString)
        .sorted()
        .toList();
  }

  private static String arm(String user, double share) {
    return HoldoutArm.isControl(HOLD, user, share) ? "control" : "treatment";
  }

  private static Map<String, Object> message(String id, String rule, String share) {
    return Rows.with(Rows.message(id, "post"), "audience_rule", rule, "holdout_share", share);
  }

  /** The test config with {@code experiments.holdout_share} set. */
  private static ProactiveConfig withHoldoutShare(double share) {
    ProactiveConfig c = SharedSpark.config();
    ProactiveConfig.ExperimentSettings e = c.experiments();
    return new ProactiveConfig(
        c.paths(),
        c.spark(),
        c.ingest(),
        c.metrics(),
        c.impact(),
        c.hygiene(),
        c.recommend(),
        c.segments(),
        c.sample(),
        c.maintain(),
        c.intercom(),
        c.audienceRules(),
        c.runs(),
        new ProactiveConfig.ExperimentSettings(
            share,
            e.alpha(),
            e.sequentialTuningUsers(),
            e.cupedPreDays(),
            e.srmMaxPValue(),
            e.minArmUsers()));
  }
}
