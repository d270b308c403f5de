package io.proactiveinsights.ingest;

import static io.proactiveinsights.ingest.IngestFixtures.DS;
import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every format through ingest's core: the typed rows ingest would write, with no Delta table
 * involved.
 */
class IngestFormatsTest {

  @TempDir Path tmp;

  private IngestFixtures.Classified result;

  @AfterEach
  void freeCachedRows() {
    if (result != null) {
      result.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"csv", "csv.gz", "jsonl", "json", "jsonl.gz"})
  void everyTextFormatGivesTheSameTypedBronzeRows(String extension) {
    InputFolder input = IngestFixtures.writeAll(tmp.resolve("in"), extension);

    result = IngestFixtures.classify(input, DS);

    Map<String, TableCounts> counts = result.counts();
    assertThat(counts.values().stream().mapToLong(TableCounts::quarantined).sum())
        .as("nothing in the fixture is bad")
        .isZero();
    assertThat(counts.values()).allMatch(TableCounts::conserved);
    // 2024-04-29T10:00:00+02:00 is 08:00Z; epoch 1714384800 is 2024-04-29T10:00:00Z (python3:
    // datetime.fromtimestamp(1714384800, timezone.utc)); event types are lower-cased.
    assertThat(
            IngestFixtures.rows(
                result.accepted(InputTable.EXPOSURES),
                "true",
                "event_id",
                "event_type",
                "CAST(occurred_at AS STRING)"))
        .extracting(Row::toString)
        .containsExactly(
            "[e1,received,2024-04-29 08:00:00]",
            "[e2,viewed,2024-04-29 08:00:00]",
            "[e3,clicked,2024-04-29 10:00:00]",
            "[e4,completed,2024-04-29 10:00:00]");
    // Lists come from ;-joined CSV or JSON arrays alike, topics trimmed and lower-cased.
    assertThat(
            IngestFixtures.rows(
                result.accepted(InputTable.MESSAGES),
                "true",
                "message_id",
                "topics",
                "dismissible",
                "body"))
        .extracting(Row::toString)
        .containsExactly(
            "[m1,ArraySeq(billing, data-export),true,Body of m1, with a comma]",
            "[m2,ArraySeq(billing, data-export),null,Body of m2, with a comma]");
    assertThat(
            IngestFixtures.rows(
                result.accepted(InputTable.USERS), "true", "user_id", "attributes['company_size']"))
        .extracting(Row::toString)
        .containsExactly("[u1,small]", "[u2,small]");
    assertThat(
            IngestFixtures.rows(
                result.accepted(InputTable.CONVERSATIONS),
                "true",
                "conversation_id",
                "topic",
                "csat_rating"))
        .extracting(Row::toString)
        .as("a conversation without topic counts as unclassified")
        .containsExactly("[c1,billing,5]", "[c2,unclassified,null]");
  }

  @Test
  void parquetKeepsItsOwnTypesAndMixesWithOtherFormatsInOneFolder() {
    InputFolder input = IngestFixtures.writeAll(tmp.resolve("in"), "jsonl");
    // A second file in the exposures folder, in Parquet with native timestamp type and upper-case
    // column names.
    input.writeParquet(
        SharedSpark.session(),
        InputTable.EXPOSURES,
        "more",
        "SELECT 'e9' AS EVENT_ID, 'm2' AS Message_Id, 'u1' AS user_id, 'dismissed' AS event_type,"
            + " TIMESTAMP'2024-04-30 23:59:59' AS occurred_at, CAST(NULL AS STRING) AS session_id,"
            + " 'ios' AS platform, 42 AS extra_column");
    input.writeParquet(
        SharedSpark.session(),
        InputTable.USERS,
        "more",
        "SELECT 'u3' AS user_id, 'Pro' AS plan, 'lead' AS role, TIMESTAMP'2023-01-01 00:00:00' AS"
            + " signed_up_at, CAST(NULL AS TIMESTAMP) AS last_seen_at, map('beta_tester', 'true')"
            + " AS attributes");

    result = IngestFixtures.classify(input, DS);

    assertThat(result.counts(InputTable.EXPOSURES).accepted()).isEqualTo(5);
    assertThat(result.table(InputTable.EXPOSURES).unknownColumns()).containsExactly("extra_column");
    assertThat(
            IngestFixtures.rows(
                result.accepted(InputTable.EXPOSURES),
                "event_id = 'e9'",
                "event_id",
                "message_id",
                "CAST(occurred_at AS STRING)",
                "platform"))
        .extracting(Row::toString)
        .containsExactly("[e9,m2,2024-04-30 23:59:59,ios]");
    assertThat(
            IngestFixtures.rows(
                result.accepted(InputTable.USERS),
                "user_id = 'u3'",
                "user_id",
                "role",
                "attributes['beta_tester']"))
        .extracting(Row::toString)
        .containsExactly("[u3,lead,true]");
  }

  @Test
  void csvWithQuotedLineBreaksInMessageCopyIsReadWhole() {
    InputFolder input = IngestFixtures.writeAll(tmp.resolve("in"), "jsonl");
    input.write(InputTable.MESSAGES, "part-0.jsonl", List.of());
    Map<String, Object> multiline =
        io.proactiveinsights.testing.Rows.with(
            IngestFixtures.messages().get(0), "body", "Line one, \"quoted\"\nline two");
    input.write(
        InputTable.MESSAGES, "catalogue.csv", List.of(multiline, IngestFixtures.messages().get(1)));

    result = IngestFixtures.classify(input, DS);

    assertThat(result.counts(InputTable.MESSAGES).accepted()).isEqualTo(2);
    assertThat(
            IngestFixtures.rows(result.accepted(InputTable.MESSAGES), "message_id = 'm1'", "body"))
        .extracting(r -> r.getString(0))
        .containsExactly("Line one, \"quoted\"\nline two");
  }
}
