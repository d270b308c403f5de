package io.proactiveinsights.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.config.ProactiveConfig.IngestSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The quality gate on counts alone: no Spark. */
class QualityGateTest {

  /**
   * The defaults of conf/proactive-defaults.conf: 5% quarantined, 10% naming unknown people, and
   * more than 10 rows.
   */
  private static final IngestSettings DEFAULTS = new IngestSettings(120, 0.05, 10, 0.1);

  private static TableCounts counts(long read, long quarantined) {
    return new TableCounts(1, read, read - quarantined, 0, quarantined, 0, List.of(), List.of());
  }

  @Test
  void aTableFailsOnlyOverBothTheFractionAndTheMinimumCount() {
    Map<String, TableCounts> counts = new LinkedHashMap<>();
    counts.put("messages", counts(16, 7)); // 43.8%, but only 7 rows: under the minimum
    counts.put("users", counts(1_000, 50)); // exactly 5%: not over the limit
    counts.put(
        "exposures", counts(1_234_567, 61_729)); // 5.0000%: 61,728.35 is the limit, one row over
    counts.put("conversations", counts(200, 11)); // 5.5% and 11 rows: over both
    counts.put("user_events", counts(0, 0));

    // 61729 / 1234567 = 0.0500001…, shown as 5.0%; thousands grouped with commas whatever the
    // locale.
    assertThat(QualityGate.failures(counts, Map.of(), DEFAULTS))
        .containsExactly(
            "exposures: 5.0% of 1,234,567 rows quarantined (limit 5.0%,"
                + " ingest.max_quarantined_fraction)",
            "conversations: 5.5% of 200 rows quarantined (limit 5.0%,"
                + " ingest.max_quarantined_fraction)");
  }

  @Test
  void aStrictGateWithoutMinimumFailsAFewBadRowsInASmallTable() {
    IngestSettings strict = new IngestSettings(120, 0.05, 0, 0.1);

    assertThat(QualityGate.failures(Map.of("exposures", counts(16, 7)), Map.of(), strict))
        .containsExactly(
            "exposures: 43.8% of 16 rows quarantined (limit 5.0%,"
                + " ingest.max_quarantined_fraction)");
    assertThat(QualityGate.failures(Map.of("exposures", counts(16, 0)), Map.of(), strict))
        .isEmpty();
  }

  @Test
  void theShippedConfSetsTheUnknownPeopleLimit() {
    assertThat(ProactiveConfig.defaults().ingest()).isEqualTo(DEFAULTS);
  }

  @Test
  void aTableFailsWhenTooManyOfItsAcceptedRowsNamePeopleMissingFromUsers() {
    Map<String, TableCounts> counts = new LinkedHashMap<>();
    counts.put("exposures", counts(1_000, 0)); // 1,000 accepted
    counts.put("conversations", counts(200, 0)); // 200 accepted
    counts.put("user_events", counts(0, 0));
    Map<String, Long> unknown = new LinkedHashMap<>();
    unknown.put("exposures", 100L); // exactly 10%: not over the limit
    unknown.put("conversations", 21L); // 10.5% and 21 rows: over both

    assertThat(QualityGate.failures(counts, unknown, DEFAULTS))
        .containsExactly(
            "conversations: 10.5% of 200 accepted rows name a user_id missing from users (limit"
                + " 10.0%, ingest.max_unknown_user_fraction)");
    assertThat(
            QualityGate.failures(
                Map.of("conversations", counts(20, 0)), Map.of("conversations", 10L), DEFAULTS))
        .as("half of a small table, but only 10 rows: under the minimum")
        .isEmpty();
  }
}
