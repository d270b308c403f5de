package io.proactiveinsights.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.UserEventHistoryColumns;
import io.proactiveinsights.testing.SharedSpark;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Audience sizes count the members of each live rule with the segments job's evaluation, event
 * conditions read from the per-person event history: an event older than ingest's lookback still
 * keeps a person out of {@code NEVER}.
 */
class AudienceSizesTest {

  private static final Instant AS_OF = Facts.AS_OF;

  private final SparkSession spark = SharedSpark.session();

  @Test
  void eventConditionsCountFromTheWholeHistory() {
    List<Row> messages = messages(
        RowFactory.create("m_never", "live", "event.exported NEVER"),
        RowFactory.create("m_200d", "live", "event.exported WITHIN 200d"),
        RowFactory.create("m_paused", "paused", "everyone"));
    // u1 exported 150 days ago (before a 120-day lookback), u2 never did, u3 did yesterday.
    Dataset<Row> history = spark.createDataFrame(List.of(
        RowFactory.create("u1", "exported", ago(150), ago(150), 1L),
        RowFactory.create("u2", "login", ago(3), ago(1), 4L),
        RowFactory.create("u3", "exported", ago(400), ago(1), 9L)), UserEventHistoryColumns.SCHEMA);

    Map<String, Long> sizes = AudienceSizes.of(messages, users("u1", "u2", "u3"), () -> history, AS_OF);

    assertThat(sizes).isEqualTo(Map.of("m_never", 1L, "m_200d", 2L));
  }

  @Test
  void rulesWithoutEventConditionsNeverAskForTheHistory() {
    List<Row> messages = messages(RowFactory.create("m_all", "live", "everyone"));
    Supplier<Dataset<Row>> noHistory = () -> {
      throw new AssertionError("the history was read although no rule has an event condition");
    };

    assertThat(AudienceSizes.of(messages, users("u1", "u2"), noHistory, AS_OF)).isEqualTo(Map.of("m_all", 2L));
  }

  private List<Row> messages(Row... rows) {
    StructType schema = new StructType()
        .add("message_id", DataTypes.StringType).add("state", DataTypes.StringType).add("audience_rule", DataTypes.StringType);
    return spark.createDataFrame(List.of(rows), schema).collectAsList();
  }

  private Dataset<Row> users(String... ids) {
    return spark.createDataFrame(java.util.Arrays.stream(ids).map(id -> RowFactory.create(id, "Pro", "user", null, null, null)).toList(),
        InputTable.USERS.contractSchema());
  }

  private static Timestamp ago(int days) {
    return Timestamp.from(AS_OF.minus(Duration.ofDays(days)));
  }
}
