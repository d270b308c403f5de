package io.proactiveinsights.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.Rows;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest's core on the holdout inputs: {@code messages.holdout_share} and the optional {@code
 * assignments} table (control groups run by the source), from real files, nothing written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HoldoutInputsIngestTest {

  private static final LocalDate DS = LocalDate.parse("2024-04-30");

  private IngestFixtures.Classified classified;

  @BeforeAll
  void classify(@TempDir Path dir) {
    InputFolder input = new InputFolder(dir);
    input.write(
        InputTable.MESSAGES,
        "m.csv",
        List.of(
            share("m_fifth", "0.2"),
            share("m_default", ""),
            share("m_half", "0.5"),
            share("m_most", "0.7"),
            share("m_negative", "-0.1"),
            share("m_words", "a fifth")));
    input.write(
        InputTable.ASSIGNMENTS,
        "a.jsonl",
        List.of(
            assignment("m_fifth", "u1", "control", "2024-04-10T08:00:00Z"),
            // The same person later: the first arm given is kept.
            assignment("m_fifth", "u1", "treatment", "2024-04-20T08:00:00Z"),
            assignment("m_fifth", "u2", "Treatment", "2024-04-29T23:59:59Z"),
            // Before the 120-day lookback: an arm holds however old it is.
            assignment("m_fifth", "u3", "control", "2023-06-01T00:00:00Z"),
            // After the as-of time of D: not given yet.
            assignment("m_fifth", "u4", "control", "2024-05-01T00:00:00Z"),
            assignment("m_fifth", "u5", "holdout", "2024-04-10T08:00:00Z"),
            assignment("m_fifth", null, "control", "2024-04-10T08:00:00Z"),
            assignment(null, "u6", "control", "2024-04-10T08:00:00Z")));
    classified = IngestFixtures.classify(input, DS);
  }

  @AfterAll
  void close() {
    classified.close();
  }

  @Test
  void holdoutSharesAreKeptAndOutOfRangeOnesQuarantinedWithTheirReason() {
    assertThat(
            classified
                .accepted(InputTable.MESSAGES)
                .orderBy("message_id")
                .select("message_id", "holdout_share")
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly("[m_default,null]", "[m_fifth,0.2]", "[m_half,0.5]");
    assertThat(classified.reasons(InputTable.MESSAGES))
        .containsExactlyInAnyOrder(
            "holdout_share: share 0.7 is out of range 0..0.5 (at most half the audience is held"
                + " out)",
            "holdout_share: share -0.1 is out of range 0..0.5 (at most half the audience is held"
                + " out)",
            "holdout_share: 'a fifth' is not a number (expected a share 0..0.5)");
  }

  @Test
  void givenAssignmentsKeepTheFirstArmOfEachPersonAndQuarantineBadRows() {
    assertThat(
            classified
                .accepted(InputTable.ASSIGNMENTS)
                .orderBy("user_id")
                .select("user_id", "arm", "assigned_at")
                .collectAsList())
        .extracting(
            r -> r.getString(0) + " " + r.getString(1) + " " + r.getTimestamp(2).toInstant())
        .containsExactly(
            "u1 control 2024-04-10T08:00:00Z",
            "u2 treatment 2024-04-29T23:59:59Z",
            "u3 control 2023-06-01T00:00:00Z");
    assertThat(classified.reasons(InputTable.ASSIGNMENTS))
        .containsExactlyInAnyOrder(
            "arm: unknown value 'holdout' (expected one of: treatment, control)",
            "user_id: missing value (the column is required)",
            "message_id: missing value (the column is required)");
    TableCounts counts = classified.counts(InputTable.ASSIGNMENTS);
    assertThat(List.of(counts.accepted(), counts.duplicates(), counts.outOfWindow()))
        .containsExactly(3L, 1L, 1L);
  }

  private static Map<String, Object> share(String id, String share) {
    return Rows.with(Rows.message(id, "post"), "holdout_share", share);
  }

  private static Map<String, Object> assignment(
      String messageId, String userId, String arm, String assignedAt) {
    return Rows.row(
        "message_id", messageId, "user_id", userId, "arm", arm, "assigned_at", assignedAt);
  }
}
