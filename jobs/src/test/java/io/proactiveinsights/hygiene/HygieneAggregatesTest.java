package io.proactiveinsights.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.hygiene.MessageFacts.Showing;
import io.proactiveinsights.hygiene.MessageFacts.Showings;
import io.proactiveinsights.testing.SharedSpark;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The Spark side of the showing curve and of the week's load, on exposures small enough to count by
 * hand.
 */
class HygieneAggregatesTest {

  private static final Instant AS_OF = Facts.AS_OF;
  private final SparkSession spark = SharedSpark.session();
  private final List<Row> events = new ArrayList<>();

  @Test
  void showingsNumberEachPersonsViewsAndCountWhatTheyDidOnEach() {
    // a: shown 3 times, dismisses the 2nd and 3rd, replies on the 1st. b: shown twice, dismisses
    // the 1st (same second as the
    // view: the view sorts first). c: shown once, nothing. d: a dismissal before any view in the
    // window (not counted).
    person(
        "chat",
        "a",
        "received",
        10,
        "viewed",
        10,
        "replied",
        9.9,
        "viewed",
        8,
        "dismissed",
        7.9,
        "viewed",
        6,
        "dismissed",
        5.9);
    person("chat", "b", "received", 10, "viewed", 9, "dismissed", 9, "viewed", 4);
    person("chat", "c", "received", 10, "viewed", 3);
    person("chat", "d", "dismissed", 2);

    Showings s =
        MessageFactsBuilder.showings(
            HygieneAggregates.showings(
                    exposures(), messages(), AS_OF.minus(Duration.ofDays(28)), AS_OF)
                .first());

    // By hand: 1st showing a, b, c (dismissed: b; replied: a); 2nd a, b (dismissed: a); 3rd+ a
    // (dismissed: a).
    assertThat(s.byShowing())
        .containsExactly(new Showing(1, 3, 1, 1), new Showing(2, 2, 1, 0), new Showing(3, 1, 1, 0));
    assertThat(s.later()).isEqualTo(new Showing(0, 2, 1, 0));
    assertThat(s.repeatDismissers()).as("only a dismissed two showings").isEqualTo(1);
  }

  @Test
  void theWeeksLoadGroupsPeopleByMessagesReceivedAndCountsWhatTheyDismissed() {
    // p got 7 messages this week (capped to 6 with a maximum of 5), saw 3, dismissed 2; q got 1,
    // saw 1, dismissed it twice
    // (counted once: at most one dismissal per view); r got one 10 days ago (outside the week).
    for (int i = 0; i < 7; i++) {
      person("m" + i, "p", "received", 2);
    }
    person("m0", "p", "viewed", 2, "dismissed", 2);
    person("m1", "p", "viewed", 2, "dismissed", 2);
    person("m2", "p", "viewed", 2);
    person("m0", "q", "received", 1, "viewed", 1, "dismissed", 1, "dismissed", 0.5);
    person("m0", "r", "received", 10);

    List<WeeklyLoad.Group> groups =
        HygieneAggregates.weeklyLoad(exposures(), AS_OF, 5).collectAsList().stream()
            .map(
                r ->
                    new WeeklyLoad.Group(
                        r.<Integer>getAs(HygieneAggregates.LOAD),
                        r.<Long>getAs("people"),
                        r.<Long>getAs("views"),
                        r.<Long>getAs("dismissals")))
            .sorted(Comparator.comparingInt(WeeklyLoad.Group::messages))
            .toList();

    assertThat(groups)
        .containsExactly(new WeeklyLoad.Group(1, 1, 1, 1), new WeeklyLoad.Group(6, 1, 3, 2));
    assertThat(new WeeklyLoad(5, groups).overMessagedPeople()).isEqualTo(1);
  }

  /** Events of one person on one message: (type, days before the as-of time) pairs. */
  private void person(String message, String user, Object... typeAndDaysAgo) {
    for (int i = 0; i < typeAndDaysAgo.length; i += 2) {
      double daysAgo = ((Number) typeAndDaysAgo[i + 1]).doubleValue();
      Instant at = AS_OF.minusSeconds(Math.round(daysAgo * 86_400));
      events.add(RowFactory.create(message, user, typeAndDaysAgo[i], Timestamp.from(at)));
    }
  }

  private Dataset<Row> exposures() {
    StructType schema =
        new StructType()
            .add("message_id", DataTypes.StringType)
            .add("user_id", DataTypes.StringType)
            .add("event_type", DataTypes.StringType)
            .add("occurred_at", DataTypes.TimestampType);
    return spark.createDataFrame(events, schema);
  }

  private Dataset<Row> messages() {
    StructType schema =
        new StructType().add("message_id", DataTypes.StringType).add("type", DataTypes.StringType);
    return spark.createDataFrame(List.of(RowFactory.create("chat", "chat")), schema);
  }
}
