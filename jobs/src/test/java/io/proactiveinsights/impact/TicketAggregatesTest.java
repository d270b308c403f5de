package io.proactiveinsights.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.proactiveinsights.rules.RuleLimits;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.UserEventHistoryColumns;
import io.proactiveinsights.testing.SharedSpark;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Time at risk and the audience's never-exposed people, on a handful of people as of
 * 2024-05-01T00:00Z with 14-day windows. Message m (Premium only) went live on 04-10; v1 and v2 saw
 * it on 04-10 at midnight, v2 having signed up on 04-07; v3 saw it then too, having signed up on
 * 03-20 (inside the placebo's before-window [03-13, 03-27) of the pre-trend check, before the real
 * one); n1 (signed up 04-20 18:00) and n2 (2023) are Premium and never saw it; f1 is Free, outside
 * the audience.
 */
class TicketAggregatesTest {

  private static final RuleLimits LIMITS = SharedSpark.config().audienceRules().limits();

  private static final Instant AS_OF = Instant.parse("2024-05-01T00:00:00Z");
  private static final Instant HISTORY_START = Instant.parse("2024-01-02T00:00:00Z");
  private static final Duration WINDOW = Duration.ofDays(14);

  @Test
  void eachPersonCountsFromSignupAndTheComparisonGroupIsTheAudienceThatNeverSawIt() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> users =
        spark.createDataFrame(
            List.of(
                user("v1", "Premium", null),
                user("v2", "Premium", "2024-04-07T00:00:00Z"),
                user("v3", "Premium", "2024-03-20T00:00:00Z"),
                user("n1", "Premium", "2024-04-20T18:00:00Z"),
                user("n2", "Premium", "2023-01-01T00:00:00Z"),
                user("f1", "Free", "2023-01-01T00:00:00Z")),
            InputTable.USERS.contractSchema());
    Dataset<Row> conversations =
        spark.createDataFrame(
            List.of(
                conversation("v1", "billing", "2024-03-20T10:00:00Z"),
                conversation("v1", "billing", "2024-04-01T10:00:00Z"),
                conversation("v1", "billing", "2024-04-12T10:00:00Z"),
                conversation("v1", "other", "2024-04-03T10:00:00Z"),
                conversation(
                    "v2",
                    "billing",
                    "2024-04-05T10:00:00Z"), // before v2 signed up: not at risk, not counted
                conversation("v2", "billing", "2024-04-08T10:00:00Z"),
                conversation(
                    "n1", "billing", "2024-04-19T10:00:00Z"), // before n1 signed up: not counted
                conversation("n1", "billing", "2024-04-25T10:00:00Z"),
                conversation("n2", "billing", "2024-04-02T10:00:00Z"),
                conversation("f1", "billing", "2024-04-02T10:00:00Z")),
            InputTable.CONVERSATIONS.contractSchema());
    Dataset<Row> messages =
        spark.createDataFrame(
            List.of(message("m", "plan = 'Premium'"), message("broken", "plan = = 'x'")),
            new StructType()
                .add("message_id", "string")
                .add("type", "string")
                .add("state", "string")
                .add("known_issue_id", "string")
                .add("live_since", "timestamp")
                .add("audience_rule", "string")
                .add("topics", "array<string>"));
    Dataset<Row> messageTopics = TicketAggregates.messageTopics(messages, AS_OF);
    Dataset<Row> firstViews =
        spark.createDataFrame(
            List.of(view("v1"), view("v2"), view("v3")),
            new StructType()
                .add("message_id", "string")
                .add("user_id", "string")
                .add("first_view", "timestamp"));

    Row exposed =
        TicketAggregates.exposedGroups(
                messageTopics, firstViews, conversations, users, AS_OF, HISTORY_START, WINDOW)
            .first();
    // v1: 14 before-days, the 04-01 ticket; v2: 3 before-days (04-07..04-10), the 04-08 ticket
    // only; v3: 14, no ticket. Placebo before-window [03-13, 03-27): v1 14 days and the 03-20
    // ticket, v2 none (not signed up), v3 7 days (from 03-20).
    assertThat(exposed.<Long>getAs(TicketAggregates.EXPOSED_USERS)).isEqualTo(3L);
    assertThat(exposed.<Long>getAs(TicketAggregates.EXPOSED_BEFORE)).isEqualTo(2L);
    assertThat(exposed.<Long>getAs(TicketAggregates.EXPOSED_AFTER)).isEqualTo(1L);
    assertThat(exposed.<Double>getAs(TicketAggregates.EXPOSED_BEFORE_USER_DAYS))
        .isCloseTo(31.0, within(1e-9));
    assertThat(exposed.<Double>getAs(TicketAggregates.EXPOSED_AFTER_USER_DAYS))
        .isCloseTo(42.0, within(1e-9));
    assertThat(exposed.<Long>getAs(TicketAggregates.EXPOSED_PLACEBO_BEFORE)).isEqualTo(1L);
    assertThat(exposed.<Double>getAs(TicketAggregates.EXPOSED_PLACEBO_BEFORE_USER_DAYS))
        .isCloseTo(21.0, within(1e-9));

    assertThat(TicketAggregates.viewerCohorts(firstViews, users, WINDOW).collectAsList())
        .extracting(
            r -> r.getAs(TicketAggregates.FIRST_DAY).toString(),
            r -> String.valueOf((Object) r.getAs(TicketAggregates.RISK_DAY)),
            r -> r.getAs(TicketAggregates.VIEWERS))
        .containsExactlyInAnyOrder(
            tuple("2024-04-10", "null", 1L),
            tuple("2024-04-10", "2024-04-07", 1L),
            tuple("2024-04-10", "2024-03-20", 1L));

    Dataset<Row> audience =
        TicketAggregates.audience(
            messageTopics.collectAsList(), users, () -> emptyEvents(spark), AS_OF, LIMITS);
    Dataset<Row> nonViewers = TicketAggregates.nonViewers(audience, firstViews, users);
    assertThat(nonViewers.where("message_id = 'm'").collectAsList())
        .extracting(r -> r.getAs("user_id"))
        .containsExactlyInAnyOrder("n1", "n2");
    assertThat(nonViewers.where("message_id = 'broken'").count())
        .as("a rule that does not parse: everyone")
        .isEqualTo(6);

    // n2 signed up before the history: at risk all along; n1 at 18:00 on 04-20: a quarter of that
    // day.
    assertThat(
            TicketAggregates.unexposedRisk(nonViewers.where("message_id = 'm'"), HISTORY_START)
                .collectAsList())
        .extracting(
            r -> String.valueOf((Object) r.getAs(TicketAggregates.RISK_DAY)),
            r -> r.getAs(TicketAggregates.PEOPLE),
            r -> r.getAs(TicketAggregates.RISK_DAY_SHARE))
        .containsExactlyInAnyOrder(tuple("null", 1L, 1.0), tuple("2024-04-20", 1L, 0.25));
    assertThat(
            TicketAggregates.unexposedTicketDays(
                    messageTopics, nonViewers.where("message_id = 'm'"), conversations)
                .collectAsList())
        .extracting(
            r -> r.getAs(TicketAggregates.DAY).toString(),
            r -> r.getAs(TicketAggregates.UNEXPOSED_TICKETS))
        .containsExactlyInAnyOrder(tuple("2024-04-02", 1L), tuple("2024-04-25", 1L));
  }

  private static Row user(String id, String plan, String signedUp) {
    return RowFactory.create(
        id,
        plan,
        "user",
        signedUp == null ? null : Timestamp.from(Instant.parse(signedUp)),
        null,
        null);
  }

  private static int conversationId;

  private static Row conversation(String user, String topic, String at) {
    return RowFactory.create(
        "c" + (conversationId++), user, Timestamp.from(Instant.parse(at)), topic, null, null, null);
  }

  private static Row message(String id, String rule) {
    return RowFactory.create(
        id,
        "post",
        "live",
        null,
        Timestamp.from(Instant.parse("2024-04-10T00:00:00Z")),
        rule,
        scala.jdk.javaapi.CollectionConverters.asScala(List.of("billing")).toSeq());
  }

  private static Row view(String user) {
    return RowFactory.create("m", user, Timestamp.from(Instant.parse("2024-04-10T00:00:00Z")));
  }

  private static Dataset<Row> emptyEvents(SparkSession spark) {
    return spark.createDataFrame(List.of(), UserEventHistoryColumns.SCHEMA);
  }
}
