package io.proactiveinsights.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.SharedSpark;
import io.proactiveinsights.testing.WithShippedCodegen;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-computed fixture, window [2024-04-03T00:00Z, 2024-05-01T00:00Z) (28 days, as of ds
 * 2024-04-30).
 *
 * <pre>
 * b1 banner: u1 received 04-10, viewed twice, clicked; u2 received, viewed, dismissed;
 *            u3 received exactly at the window start (counted); u4 received 1 s before it (not
 *            counted) but viewed inside it; u6 received on 04-30. → received 4 (u1,u2,u3,u6),
 *            views 4, viewers 3 (u1,u2,u4), clickers 1, dismissers 1. A view at exactly the
 *            window end is not counted. Viewers among receivers 2 (u1,u2: u4 received before
 *            the window), clickers and dismissers among viewers 1 each.
 * t1 tour, goal_event export_done: u1 received/viewed/completed 04-20, export_done 04-25
 *            (within 7 days: a goal); u2 received/viewed 04-20, export_done 04-28 (8 days: not);
 *            u5 received/viewed/completed/goal_completed 04-21. → receivers 3, viewers 3,
 *            completers 2, goal_completions 1, goal_users 2, clicks 0; viewers among receivers 3,
 *            completers among viewers 2.
 * p1 post: no events at all. b2 banner: 10 viewers, all click. b3 banner: 10 viewers, none click.
 * </pre>
 */
@WithShippedCodegen
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngagementMetricsTest {

  private static final Instant FROM = Instant.parse("2024-04-03T00:00:00Z");
  private static final Instant TO = Instant.parse("2024-05-01T00:00:00Z");

  @TempDir Path tmp;

  private Dataset<Row> exposureFrame;
  private Dataset<Row> messageFrame;
  private Dataset<Row> userEventFrame;
  private Map<String, Row> stats;
  private Map<String, Row> daily;

  @BeforeAll
  void compute() {
    SparkSession spark = SharedSpark.session();
    List<Row> exposures = new ArrayList<>();
    event(exposures, "b1", "u1", "received", "2024-04-10T09:00:00Z");
    event(exposures, "b1", "u1", "viewed", "2024-04-10T09:01:00Z");
    event(exposures, "b1", "u1", "viewed", "2024-04-11T09:00:00Z");
    event(exposures, "b1", "u1", "clicked", "2024-04-11T09:00:05Z");
    event(exposures, "b1", "u2", "received", "2024-04-12T09:00:00Z");
    event(exposures, "b1", "u2", "viewed", "2024-04-12T09:00:01Z");
    event(exposures, "b1", "u2", "dismissed", "2024-04-12T09:00:02Z");
    event(exposures, "b1", "u3", "received", "2024-04-03T00:00:00Z");
    event(exposures, "b1", "u3", "viewed", "2024-05-01T00:00:00Z");
    event(exposures, "b1", "u4", "received", "2024-04-02T23:59:59Z");
    event(exposures, "b1", "u4", "viewed", "2024-04-03T00:00:01Z");
    event(exposures, "b1", "u6", "received", "2024-04-30T12:00:00Z");
    for (String u : List.of("u1", "u2")) {
      event(exposures, "t1", u, "received", "2024-04-20T10:00:00Z");
      event(exposures, "t1", u, "viewed", "2024-04-20T10:00:01Z");
    }
    event(exposures, "t1", "u1", "completed", "2024-04-20T10:05:00Z");
    event(exposures, "t1", "u5", "received", "2024-04-21T10:00:00Z");
    event(exposures, "t1", "u5", "viewed", "2024-04-21T10:00:01Z");
    event(exposures, "t1", "u5", "completed", "2024-04-21T10:03:00Z");
    event(exposures, "t1", "u5", "goal_completed", "2024-04-21T10:04:00Z");
    for (int i = 0; i < 10; i++) {
      for (String type : List.of("received", "viewed", "clicked")) {
        event(exposures, "b2", "v" + i, type, "2024-04-15T10:00:0" + i + "Z");
      }
      event(exposures, "b3", "v" + i, "received", "2024-04-15T10:00:00Z");
      event(exposures, "b3", "v" + i, "viewed", "2024-04-15T10:00:01Z");
    }
    List<Row> messages =
        List.of(
            message("b1", "banner", null),
            message("t1", "product_tour", "export_done"),
            message("p1", "post", null),
            message("b2", "banner", null),
            message("b3", "banner", null));
    List<Row> userEvents =
        List.of(
            RowFactory.create("u1", "export_done", ts("2024-04-25T10:00:00Z")),
            RowFactory.create("u2", "export_done", ts("2024-04-28T10:00:01Z")));

    exposureFrame = keyed(exposures);
    messageFrame = spark.createDataFrame(messages, withoutDs(InputTable.MESSAGES));
    userEventFrame = spark.createDataFrame(userEvents, withoutDs(InputTable.USER_EVENTS));
    stats =
        byMessage(
            EngagementMetrics.trailingWindow(
                exposureFrame, messageFrame, userEventFrame, FROM, TO, Duration.ofDays(7), 3));
    daily =
        byMessage(
            EngagementCounts.counts(
                exposureFrame,
                messageFrame,
                userEventFrame,
                Instant.parse("2024-04-30T00:00:00Z"),
                TO,
                Duration.ofDays(7)));
  }

  @Test
  void countsEventsAndDistinctPeopleWithHalfOpenWindowEdges() {
    Row b1 = stats.get("b1");
    assertThat(
            longs(
                b1,
                "received",
                "receivers",
                "views",
                "viewers",
                "clicks",
                "clickers",
                "dismissals",
                "dismissers",
                "replies",
                "repliers"))
        .containsExactly(4L, 4L, 4L, 3L, 1L, 1L, 1L, 1L, 0L, 0L);
    assertThat(
            longs(
                b1,
                "viewers_among_receivers",
                "clickers_among_viewers",
                "dismissers_among_viewers",
                "repliers_among_viewers"))
        .containsExactly(2L, 1L, 1L, 0L);
  }

  @Test
  void ratesCarryWilsonIntervalsMatchingR() {
    Row b1 = stats.get("b1");
    // view_rate 2/4, viewers among the 4 receivers (u4 viewed, but received before the window).
    // Wilson bounds by hand, (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n) with
    // z = qnorm(0.975), in Python; the same formula gives R's prop.test(3, 4, correct=FALSE)
    // [0.300641842582, 0.954412739190] to 12 digits → [0.150038989152, 0.849961010848]
    assertThat(b1.<Double>getAs("view_rate")).isCloseTo(0.5, within(1e-12));
    assertThat(b1.<Double>getAs("view_rate_low")).isCloseTo(0.150038989152, within(1e-9));
    assertThat(b1.<Double>getAs("view_rate_high")).isCloseTo(0.849961010848, within(1e-9));
    // ctr 1/3: R prop.test(1, 3, correct=FALSE) → [0.061491944720, 0.792340399198]
    assertThat(b1.<Double>getAs("ctr")).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(b1.<Double>getAs("ctr_low")).isCloseTo(0.061491944720, within(1e-9));
    assertThat(b1.<Double>getAs("ctr_high")).isCloseTo(0.792340399198, within(1e-9));
    assertThat(b1.<Double>getAs("dismiss_rate")).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(b1.<Double>getAs("reply_rate")).isZero();
  }

  @Test
  void aTourIsJudgedOnCompletionAndGoalsComeFromEventsWithinTheGoalWindow() {
    Row t1 = stats.get("t1");
    assertThat(
            longs(
                t1,
                "receivers",
                "viewers",
                "completions",
                "completers",
                "goal_completions",
                "goal_users",
                "clickers"))
        .containsExactly(3L, 3L, 2L, 2L, 1L, 2L, 0L);
    assertThat(longs(t1, "viewers_among_receivers", "completers_among_viewers"))
        .containsExactly(3L, 2L);
    assertThat(t1.<String>getAs("primary_metric")).isEqualTo("completion_rate");
    // 2/3: R prop.test(2, 3, correct=FALSE) → [0.207659600802, 0.938508055280]
    assertThat(t1.<Double>getAs("primary_rate")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(t1.<Double>getAs("primary_low")).isCloseTo(0.207659600802, within(1e-9));
    assertThat(t1.<Double>getAs("goal_rate")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(t1.<Double>getAs("ctr"))
        .as("a tour without clicks has a CTR of 0, but is not judged by it")
        .isZero();
  }

  @Test
  void aMessageWithNoEventsHasZeroCountsAndNullRates() {
    Row p1 = stats.get("p1");
    assertThat(longs(p1, "received", "receivers", "views", "viewers"))
        .containsExactly(0L, 0L, 0L, 0L);
    for (String rate :
        List.of("view_rate", "view_rate_low", "ctr", "ctr_high", "goal_rate", "primary_rate")) {
      assertThat(p1.isNullAt(p1.fieldIndex(rate))).as(rate).isTrue();
    }
    assertThat(p1.<String>getAs("baseline_position")).isEqualTo("insufficient_data");
  }

  @Test
  void eachBannerStandsAgainstTheMedianOfBannersWithEnoughViewers() {
    // Banner CTRs 1/3 (b1), 10/10 (b2), 0/10 (b3): median 1/3; quartiles by linear interpolation
    // (R quantile type 7, as Spark's percentile): 1/6 and 2/3.
    for (String id : List.of("b1", "b2", "b3")) {
      assertThat(stats.get(id).<Double>getAs("baseline_median")).isCloseTo(1.0 / 3, within(1e-12));
      assertThat(stats.get(id).<Double>getAs("baseline_q1")).isCloseTo(1.0 / 6, within(1e-12));
      assertThat(stats.get(id).<Double>getAs("baseline_q3")).isCloseTo(2.0 / 3, within(1e-12));
      assertThat(stats.get(id).<Long>getAs("baseline_messages")).isEqualTo(3L);
    }
    // b2's interval [0.7225, 1] lies above 1/3, b3's [0, 0.2775] below, b1's [0.06, 0.79] contains
    // it.
    assertThat(stats.get("b2").<String>getAs("baseline_position")).isEqualTo("above");
    assertThat(stats.get("b3").<String>getAs("baseline_position")).isEqualTo("below");
    assertThat(stats.get("b1").<String>getAs("baseline_position")).isEqualTo("within");
    assertThat(stats.get("b2").<Double>getAs("vs_baseline")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(stats.get("t1").<String>getAs("baseline_position"))
        .as("the only tour")
        .isEqualTo("no_baseline");
  }

  @Test
  void theDailyTableCountsOnlyTheEventsOfThatDay() {
    assertThat(longs(daily.get("b1"), "received", "receivers", "views"))
        .containsExactly(1L, 1L, 0L);
    assertThat(longs(daily.get("t1"), "received", "views", "completions"))
        .containsExactly(0L, 0L, 0L);
    assertThat(daily).hasSize(5);
  }

  @Test
  void anExposureWithoutAUserKeyFailsSayingToRerunIngest() {
    SparkSession spark = SharedSpark.session();
    List<Row> exposures = new ArrayList<>();
    event(exposures, "b1", "u1", "received", "2024-04-10T09:00:00Z");
    event(exposures, "b1", "u2", "viewed", "2024-04-10T09:01:00Z");
    // As bronze written before ingest assigned keys reads today: the column is there, and null.
    Dataset<Row> keyless =
        spark
            .createDataFrame(exposures, InputTable.EXPOSURES.contractSchema())
            .withColumn(InputTable.USER_KEY, org.apache.spark.sql.functions.lit(null).cast("int"));
    assertThatThrownBy(countsWithOnlyB1(keyless))
        .hasMessageContaining("bronze exposures have no user_key")
        .hasMessageContaining("rerun ingest");
  }

  @Test
  void exposuresOfAMessageMissingFromTheCatalogueFailRatherThanVanish() {
    List<Row> exposures = new ArrayList<>();
    event(exposures, "b1", "u1", "received", "2024-04-10T09:00:00Z");
    event(exposures, "gone", "u2", "received", "2024-04-10T09:00:00Z");
    assertThatThrownBy(countsWithOnlyB1(keyed(exposures)))
        .hasMessageContaining("name 1 message(s) missing from the ds's bronze messages")
        .hasMessageContaining("rerun ingest for this ds");
  }

  /**
   * The counts of {@code exposures} against a catalogue of banner b1 alone, for the tests of
   * refused input.
   */
  /**
   * The fixture's exposures from a Delta table, as bronze is read: folded from Parquet's column
   * batches (window edges compared in microseconds) and united with the goal markers' rows. Every
   * figure equals the in-memory run's, which the tests above check by hand.
   */
  @Test
  void theSameExposuresFromADeltaTableGiveEveryFigureUnchanged() {
    String table = tmp.resolve("exposures").toString();
    exposureFrame.write().format("delta").save(table);
    Dataset<Row> bronze = SharedSpark.session().read().format("delta").load(table);

    Map<String, Row> fromDelta =
        byMessage(
            EngagementMetrics.trailingWindow(
                bronze, messageFrame, userEventFrame, FROM, TO, Duration.ofDays(7), 3));

    assertThat(
            ExposureScan.of(bronze.select("message_id", "user_key", "event_type", "occurred_at")))
        .isPresent();
    assertThat(fromDelta).isEqualTo(stats);
  }

  /**
   * A chat shown again and again ({@code frequency = multiple}), live since before the window
   * [04-03, 05-01), from rows and from a Delta table's column batches:
   *
   * <pre>
   * w1..w4 received 03-20 (before the window), viewed 04-05 and 04-12; w1, w2 clicked 04-12;
   *        w3 dismissed 04-12.
   * x1     received, viewed, clicked and replied 04-10.   x2 received 04-10.
   * y1..y3 received and viewed 03-25 (before the window), clicked 04-05; y1 replied 04-05.
   * → receivers 2 (x1, x2), viewers 5 (w1..w4, x1), clickers 6 (w1, w2, x1, y1..y3),
   *   dismissers 1, repliers 2 (x1, y1): more viewers than receivers, more clickers than viewers.
   *   Among the denominators: viewers among receivers 1 (x1), clickers among viewers 3 (w1, w2,
   *   x1), dismissers 1 (w3), repliers 1 (x1), completers 0.
   * </pre>
   */
  @Test
  void aMessageShownAgainAndAgainSinceBeforeTheWindowDividesItsPeopleAmongTheDenominators() {
    SparkSession spark = SharedSpark.session();
    List<Row> exposures = new ArrayList<>();
    for (String w : List.of("w1", "w2", "w3", "w4")) {
      event(exposures, "c1", w, "received", "2024-03-20T09:00:00Z");
      event(exposures, "c1", w, "viewed", "2024-04-05T09:00:00Z");
      event(exposures, "c1", w, "viewed", "2024-04-12T09:00:00Z");
    }
    event(exposures, "c1", "w1", "clicked", "2024-04-12T09:00:05Z");
    event(exposures, "c1", "w2", "clicked", "2024-04-12T09:00:05Z");
    event(exposures, "c1", "w3", "dismissed", "2024-04-12T09:00:05Z");
    for (String type : List.of("received", "viewed", "clicked", "replied")) {
      event(exposures, "c1", "x1", type, "2024-04-10T09:00:00Z");
    }
    event(exposures, "c1", "x2", "received", "2024-04-10T09:00:00Z");
    for (String y : List.of("y1", "y2", "y3")) {
      event(exposures, "c1", y, "received", "2024-03-25T09:00:00Z");
      event(exposures, "c1", y, "viewed", "2024-03-25T09:00:01Z");
      event(exposures, "c1", y, "clicked", "2024-04-05T09:00:00Z");
    }
    event(exposures, "c1", "y1", "replied", "2024-04-05T09:01:00Z");
    Dataset<Row> chat = keyed(exposures);
    Dataset<Row> catalogue =
        spark.createDataFrame(
            List.of(message("c1", "chat", null, "multiple")), withoutDs(InputTable.MESSAGES));
    Dataset<Row> noUserEvents = spark.createDataFrame(List.of(), withoutDs(InputTable.USER_EVENTS));
    String table = tmp.resolve("chat").toString();
    chat.write().format("delta").save(table);
    Dataset<Row> bronze = spark.read().format("delta").load(table);

    Row fromRows =
        byMessage(
                EngagementMetrics.trailingWindow(
                    chat, catalogue, noUserEvents, FROM, TO, Duration.ofDays(7), 3))
            .get("c1");
    Row fromBatches =
        byMessage(
                EngagementMetrics.trailingWindow(
                    bronze, catalogue, noUserEvents, FROM, TO, Duration.ofDays(7), 3))
            .get("c1");

    assertThat(ExposureScan.of(chat.select("message_id", "user_key", "event_type", "occurred_at")))
        .as("rows")
        .isEmpty();
    assertThat(
            ExposureScan.of(bronze.select("message_id", "user_key", "event_type", "occurred_at")))
        .as("batches")
        .isPresent();
    assertThat(
            longs(
                fromRows,
                "receivers",
                "viewers",
                "clickers",
                "dismissers",
                "repliers",
                "completers"))
        .as("the contract's counts keep their meaning")
        .containsExactly(2L, 5L, 6L, 1L, 2L, 0L);
    assertThat(
            longs(
                fromRows,
                "viewers_among_receivers",
                "clickers_among_viewers",
                "dismissers_among_viewers",
                "repliers_among_viewers",
                "completers_among_viewers"))
        .containsExactly(1L, 3L, 1L, 1L, 0L);
    // Wilson bounds by hand, as in ratesCarryWilsonIntervalsMatchingR.
    assertRate(fromRows, "view_rate", 1, 2, 0.094531205734, 0.905468794266);
    assertRate(fromRows, "ctr", 3, 5, 0.230724281276, 0.882379225767);
    assertRate(fromRows, "dismiss_rate", 1, 5, 0.036224108632, 0.624465370237);
    assertRate(fromRows, "reply_rate", 1, 5, 0.036224108632, 0.624465370237);
    assertRate(fromRows, "completion_rate", 0, 5, 0.0, 0.434482464783);
    assertThat(fromRows.<String>getAs("primary_metric")).isEqualTo("reply_rate");
    assertThat(fromRows.<Double>getAs("primary_rate")).isCloseTo(0.2, within(1e-12));
    assertThat(fromBatches).as("the batch fold agrees with the row fold").isEqualTo(fromRows);
  }

  private static void assertRate(
      Row stats, String rate, int successes, int trials, double low, double high) {
    assertThat(stats.<Double>getAs(rate))
        .as(rate)
        .isCloseTo((double) successes / trials, within(1e-12));
    assertThat(stats.<Double>getAs(rate + "_low")).as(rate + "_low").isCloseTo(low, within(1e-9));
    assertThat(stats.<Double>getAs(rate + "_high"))
        .as(rate + "_high")
        .isCloseTo(high, within(1e-9));
  }

  private static ThrowingCallable countsWithOnlyB1(Dataset<Row> exposures) {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> messages =
        spark.createDataFrame(
            List.of(message("b1", "banner", null)), withoutDs(InputTable.MESSAGES));
    Dataset<Row> userEvents = spark.createDataFrame(List.of(), withoutDs(InputTable.USER_EVENTS));
    return () ->
        EngagementCounts.counts(exposures, messages, userEvents, FROM, TO, Duration.ofDays(7));
  }

  /** Exposure rows as bronze holds them: typed, with their user keys. */
  private static Dataset<Row> keyed(List<Row> exposures) {
    return UserKeys.assign(
        SharedSpark.session().createDataFrame(exposures, InputTable.EXPOSURES.contractSchema()));
  }

  private static void event(List<Row> rows, String message, String user, String type, String at) {
    rows.add(
        RowFactory.create(
            "ev-" + rows.size(), message, user, type, ts(at), null, "web", null, null, null));
  }

  private static Row message(String id, String type, String goalEvent) {
    return message(id, type, goalEvent, "once");
  }

  private static Row message(String id, String type, String goalEvent, String frequency) {
    Timestamp t = ts("2024-03-01T00:00:00Z");
    return RowFactory.create(
        id,
        "Message " + id,
        type,
        "live",
        null,
        null,
        frequency,
        "everyone",
        "body",
        "Open",
        t,
        t,
        t,
        null,
        scala.jdk.javaapi.CollectionConverters.asScala(List.of("billing")).toSeq(),
        null,
        goalEvent);
  }

  private static Timestamp ts(String instant) {
    return Timestamp.from(Instant.parse(instant));
  }

  private static StructType withoutDs(InputTable table) {
    StructType schema = table.bronzeSchema();
    return new StructType(java.util.Arrays.copyOf(schema.fields(), schema.fields().length - 1));
  }

  private static Map<String, Row> byMessage(Dataset<Row> frame) {
    Map<String, Row> rows = new HashMap<>();
    for (Row row : frame.collectAsList()) {
      rows.put(row.getAs("message_id"), row);
    }
    return rows;
  }

  private static List<Long> longs(Row row, String... columns) {
    List<Long> values = new ArrayList<>();
    for (String c : columns) {
      values.add(row.getAs(c));
    }
    return values;
  }
}
