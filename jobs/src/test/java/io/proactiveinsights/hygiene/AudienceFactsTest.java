package io.proactiveinsights.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.hygiene.MessageFactsBuilder.AudienceCounts;
import io.proactiveinsights.rules.RuleLimits;
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
 * Audience facts count the members of each live rule with the segments job's evaluation (event
 * conditions read from the per-person event history: an event older than ingest's lookback still
 * keeps a person out of {@code NEVER}), and of them the people seen since launch, those who
 * received the message, and the people who asked about its topics.
 */
class AudienceFactsTest {

  private static final RuleLimits LIMITS = SharedSpark.config().audienceRules().limits();

  private static final Instant AS_OF = Facts.AS_OF;
  private static final Instant LOOKBACK_START = AS_OF.minus(Duration.ofDays(120));

  private final SparkSession spark = SharedSpark.session();

  @Test
  void eventConditionsCountFromTheWholeHistory() {
    List<Row> messages =
        messages(
            message("m_never", "live", "event.exported NEVER", 30),
            message("m_200d", "live", "event.exported WITHIN 200d", 30),
            message("m_paused", "paused", "everyone", 30));
    // u1 exported 150 days ago (before a 120-day lookback), u2 never did, u3 did yesterday.
    Dataset<Row> history =
        spark.createDataFrame(
            List.of(
                RowFactory.create("u1", "exported", ago(150), ago(150), 1L),
                RowFactory.create("u2", "login", ago(3), ago(1), 4L),
                RowFactory.create("u3", "exported", ago(400), ago(1), 9L)),
            UserEventHistoryColumns.SCHEMA);

    Map<String, AudienceCounts> facts =
        AudienceFacts.of(
            messages,
            users("u1", "u2", "u3"),
            () -> history,
            noExposures(),
            noConversations(),
            LOOKBACK_START,
            AS_OF,
            LIMITS);

    assertThat(facts).containsOnlyKeys("m_never", "m_200d");
    assertThat(facts.get("m_never").matching()).isEqualTo(1L);
    assertThat(facts.get("m_200d").matching()).isEqualTo(2L);
  }

  @Test
  void rulesWithoutEventConditionsNeverAskForTheHistory() {
    List<Row> messages = messages(message("m_all", "live", "everyone", 30));
    Supplier<Dataset<Row>> noHistory =
        () -> {
          throw new AssertionError("the history was read although no rule has an event condition");
        };

    assertThat(
            AudienceFacts.of(
                    messages,
                    users("u1", "u2"),
                    noHistory,
                    noExposures(),
                    noConversations(),
                    LOOKBACK_START,
                    AS_OF,
                    LIMITS)
                .get("m_all")
                .matching())
        .isEqualTo(2L);
  }

  @Test
  void reachIsCountedAmongTheMembersSeenSinceLaunchAndTopicsAmongThoseWhoAsked() {
    // m_pro: plan = 'Pro', live 30 days. Members u1..u3 (u4 is Free); u3 was last seen 40 days ago,
    // before the launch.
    // u1 received it; u4 received it too but is not a member (it does not count). u2 and u4 asked
    // about billing.
    List<Row> messages = messages(message("m_pro", "live", "plan = 'Pro'", 30));
    Dataset<Row> users =
        spark.createDataFrame(
            List.of(
                user("u1", "Pro", 1),
                user("u2", "Pro", 2),
                user("u3", "Pro", 40),
                user("u4", "Free", 1)),
            InputTable.USERS.contractSchema());
    Dataset<Row> exposures =
        exposures(
            List.of(
                RowFactory.create("m_pro", "u1", "received"),
                RowFactory.create("m_pro", "u1", "viewed"),
                RowFactory.create("m_pro", "u4", "received")));
    Dataset<Row> conversations =
        conversations(
            List.of(
                RowFactory.create("u2", "billing"),
                RowFactory.create("u4", "billing"),
                RowFactory.create("u4", "billing"),
                RowFactory.create("u1", "sso")));

    AudienceCounts pro =
        AudienceFacts.of(
                messages,
                users,
                () -> null,
                exposures,
                conversations,
                LOOKBACK_START,
                AS_OF,
                LIMITS)
            .get("m_pro");

    assertThat(pro).isEqualTo(new AudienceCounts(3L, 2, 1, false, 2, 1));
  }

  @Test
  void aMessageLiveSinceBeforeTheLookbackHasNoActiveAudienceToJudgeReachBy() {
    // Bronze keeps receipts for the lookback only: early receipts of a 200-day-old message are not
    // there to count.
    List<Row> messages = messages(message("m_old", "live", "everyone", 200));
    Dataset<Row> users =
        spark.createDataFrame(List.of(user("u1", "Pro", 1)), InputTable.USERS.contractSchema());

    AudienceCounts old =
        AudienceFacts.of(
                messages,
                users,
                () -> null,
                noExposures(),
                noConversations(),
                LOOKBACK_START,
                AS_OF,
                LIMITS)
            .get("m_old");

    assertThat(old.matching()).isEqualTo(1L);
    assertThat(old.active()).isZero();
  }

  private static Row message(String id, String state, String rule, int liveDaysAgo) {
    return RowFactory.create(id, state, rule, ago(liveDaysAgo), List.of("billing"));
  }

  private List<Row> messages(Row... rows) {
    StructType schema =
        new StructType()
            .add("message_id", DataTypes.StringType)
            .add("state", DataTypes.StringType)
            .add("audience_rule", DataTypes.StringType)
            .add("live_since", DataTypes.TimestampType)
            .add("topics", DataTypes.createArrayType(DataTypes.StringType));
    return spark.createDataFrame(List.of(rows), schema).collectAsList();
  }

  private Dataset<Row> users(String... ids) {
    return spark.createDataFrame(
        java.util.Arrays.stream(ids)
            .map(id -> RowFactory.create(id, "Pro", "user", null, null, null))
            .toList(),
        InputTable.USERS.contractSchema());
  }

  private static Row user(String id, String plan, int lastSeenDaysAgo) {
    return RowFactory.create(id, plan, "user", ago(400), ago(lastSeenDaysAgo), null);
  }

  private Dataset<Row> exposures(List<Row> rows) {
    StructType schema =
        new StructType()
            .add("message_id", DataTypes.StringType)
            .add("user_id", DataTypes.StringType)
            .add("event_type", DataTypes.StringType);
    return spark.createDataFrame(rows, schema);
  }

  private Dataset<Row> noExposures() {
    return exposures(List.of());
  }

  private Dataset<Row> conversations(List<Row> rows) {
    StructType schema =
        new StructType().add("user_id", DataTypes.StringType).add("topic", DataTypes.StringType);
    return spark.createDataFrame(rows, schema);
  }

  private Dataset<Row> noConversations() {
    return conversations(List.of());
  }

  private static Timestamp ago(int days) {
    return Timestamp.from(AS_OF.minus(Duration.ofDays(days)));
  }
}
