package io.proactiveinsights.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.proactiveinsights.config.ProactiveConfig.TopicSuggestionSettings;
import io.proactiveinsights.impact.TopicSuggestions.FollowUps;
import io.proactiveinsights.impact.TopicSuggestions.TopicLift;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.SharedSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Topic suggestions for messages whose catalogue names no topic (issue 25). */
class TopicSuggestionsTest {

  private static final TopicSuggestionSettings SETTINGS =
      new TopicSuggestionSettings(7, 1.5, 5, 0.05, 3);

  @Test
  void aTopicItsReceiversAskAboutFarMoreThanUsualIsSuggestedAndTheUsualMixIsNot() {
    // The window: billing 100, login 300, export 200, no topic 50 (650 in all). m1's receivers
    // then opened 30 billing, 10 login and 5 unclassified conversations; m2's 12 login and 8
    // export, about the usual mix.
    List<FollowUps> followUps =
        List.of(
            new FollowUps("m1", "billing", 30),
            new FollowUps("m1", "login", 10),
            new FollowUps("m1", TopicSuggestions.UNCLASSIFIED, 5),
            new FollowUps("m2", "login", 12),
            new FollowUps("m2", "export", 8));
    Map<String, Long> totals =
        Map.of("billing", 100L, "login", 300L, "export", 200L, TopicSuggestions.UNCLASSIFIED, 50L);

    List<TopicLift> lifts = TopicSuggestions.judge(followUps, totals, SETTINGS);

    assertThat(lifts)
        .extracting(TopicLift::messageId, TopicLift::topic, TopicLift::suggested)
        .containsExactly(
            tuple("m1", "billing", true),
            tuple("m1", "login", false),
            tuple("m2", "export", false),
            tuple("m2", "login", false));
    // R 4.x: poisson.test(c(30, 70), c(45, 605)): 5.76190476190476, 95% CI 3.62583748040438 to
    // 8.95604405612433, p 3.75781881527239e-12; the four pairs' p.adjust(p, "BH") gives
    // 1.50312752610896e-11 for it and 0.409523408816765 for m2's two (equal lifts, 1.3125).
    TopicLift billing = lifts.get(0);
    assertThat(billing.followUps()).isEqualTo(30);
    assertThat(billing.messageFollowUps()).as("unclassified ones count in the total").isEqualTo(45);
    assertThat(billing.lift().ratio()).isCloseTo(5.76190476190476, within(1e-12));
    assertThat(billing.lift().low()).isCloseTo(3.62583748040438, within(1e-9));
    assertThat(billing.lift().high()).isCloseTo(8.95604405612433, within(1e-9));
    assertThat(billing.lift().pValue()).isCloseTo(3.75781881527239e-12, within(1e-20));
    assertThat(billing.qValue()).isCloseTo(1.50312752610896e-11, within(1e-19));
    assertThat(lifts.get(2).qValue()).isCloseTo(0.409523408816765, within(1e-12));
    assertThat(lifts.get(2).lift().ratio()).isCloseTo(1.3125, within(1e-12));
  }

  @Test
  void aSuggestionNeedsEnoughFollowUpsAndAtMostTheBestFewAreKept() {
    // m asks about four topics far more than the workspace does, one of them only 3 times.
    List<FollowUps> followUps =
        List.of(
            new FollowUps("m", "a", 40),
            new FollowUps("m", "b", 30),
            new FollowUps("m", "c", 20),
            new FollowUps("m", "d", 3));
    Map<String, Long> totals = Map.of("a", 45L, "b", 40L, "c", 35L, "d", 3L, "rest", 5_000L);

    List<TopicLift> lifts =
        TopicSuggestions.judge(followUps, totals, new TopicSuggestionSettings(7, 1.5, 5, 0.05, 2));

    assertThat(lifts)
        .filteredOn(TopicLift::suggested)
        .extracting(TopicLift::topic)
        .as("the two highest lifts of a, b, c; d has too few follow-ups")
        .containsExactly("a", "b");
    assertThat(lifts).extracting(TopicLift::topic).contains("c", "d");
  }

  @Test
  void aConversationFollowsEveryMessageItsPersonGotInTheDaysBeforeItAndCountsOnce() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> exposures =
        spark.createDataFrame(
            List.of(
                exposure("e1", "m1", "u1", "received", "2024-04-10T09:00:00Z"),
                // A later event of the same message does not move the person's start.
                exposure("e2", "m1", "u1", "viewed", "2024-04-12T09:00:00Z"),
                exposure("e3", "m2", "u1", "received", "2024-04-11T09:00:00Z"),
                exposure("e4", "m1", "u2", "received", "2024-04-10T09:00:00Z")),
            InputTable.EXPOSURES.contractSchema());
    Dataset<Row> conversations =
        spark.createDataFrame(
            List.of(
                // Before u1 got m1: not a follow-up.
                conversation("c0", "u1", "billing", "2024-04-10T08:59:59Z"),
                // Inside both messages' 7 days: follows m1 and m2.
                conversation("c1", "u1", "billing", "2024-04-12T10:00:00Z"),
                // The last second of m1's 7 days, after m2's start.
                conversation("c2", "u1", null, "2024-04-17T08:59:59Z"),
                // Exactly 7 days after m1: outside m1's window, inside m2's.
                conversation("c3", "u1", "login", "2024-04-17T09:00:00Z"),
                // u2 never opened one within the window; u3 never got a message.
                conversation("c4", "u2", "billing", "2024-04-30T10:00:00Z"),
                conversation("c5", "u3", "billing", "2024-04-12T10:00:00Z")),
            InputTable.CONVERSATIONS.contractSchema());

    List<FollowUps> got =
        TopicSuggestions.collectFollowUps(TopicSuggestions.followUps(exposures, conversations, 7));
    assertThat(got)
        .containsExactlyInAnyOrder(
            new FollowUps("m1", "billing", 1),
            new FollowUps("m1", TopicSuggestions.UNCLASSIFIED, 1),
            new FollowUps("m2", "billing", 1),
            new FollowUps("m2", TopicSuggestions.UNCLASSIFIED, 1),
            new FollowUps("m2", "login", 1));
    assertThat(TopicSuggestions.collectTotals(TopicSuggestions.topicTotals(conversations)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("billing", 4L, "login", 1L, TopicSuggestions.UNCLASSIFIED, 1L));
  }

  private static Row exposure(String id, String message, String user, String type, String at) {
    return RowFactory.create(
        id, message, user, type, Timestamp.from(Instant.parse(at)), null, null, null, null, null);
  }

  private static Row conversation(String id, String user, String topic, String at) {
    return RowFactory.create(id, user, Timestamp.from(Instant.parse(at)), topic, null, null, null);
  }
}
