package io.proactiveinsights.segments;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.rules.RuleLimits;
import io.proactiveinsights.schema.UserEventHistoryColumns;
import io.proactiveinsights.testing.SharedSpark;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rule evaluation against five hand-picked users whose values sit on the edges of each condition.
 * As-of time: 2024-05-01 00:00 UTC (the end of ds 2024-04-30).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentEvaluationTest {

  private static final RuleLimits LIMITS = SharedSpark.config().audienceRules().limits();

  static final Instant AS_OF = Instant.parse("2024-05-01T00:00:00Z");

  static final StructType USERS =
      new StructType()
          .add("user_id", DataTypes.StringType)
          .add("plan", DataTypes.StringType)
          .add("role", DataTypes.StringType)
          .add("signed_up_at", DataTypes.TimestampType)
          .add("last_seen_at", DataTypes.TimestampType)
          .add("attributes", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));

  private Dataset<Row> users;
  private Dataset<Row> events;

  @BeforeAll
  void fixtures() {
    SparkSession spark = SharedSpark.session();
    users =
        spark
            .createDataFrame(
                List.of(
                    // u1: on the inner edge of every window
                    user(
                        "u1",
                        "Pro",
                        "lead",
                        at("2024-01-01T00:00:00Z"),
                        ago(Duration.ofDays(7)),
                        Map.of("seats", "10", "beta", "true", "email", "ann@acme.com")),
                    // u2: just outside them
                    user(
                        "u2",
                        "Free",
                        "user",
                        ago(Duration.ofDays(30)),
                        ago(Duration.ofDays(7).plusSeconds(1)),
                        Map.of("seats", "ten", "beta", "false")),
                    // u3: no plan, no sign-up time, no attributes, seen exactly at the as-of time
                    user("u3", null, "user", null, AS_OF, null),
                    // u4: seen after the as-of time (a clock ahead); a fractional seat count; a
                    // time in an attribute
                    user(
                        "u4",
                        "Premium",
                        "user",
                        ago(Duration.ofDays(30).plusSeconds(1)),
                        AS_OF.plusSeconds(1),
                        Map.of("seats", "9.5", "tier", "2", "renewal", "2024-04-20T00:00:00Z")),
                    // u5: lower-case plan; seats not a number; a number with spaces
                    user(
                        "u5",
                        "pro",
                        "lead",
                        at("2023-06-01T00:00:00Z"),
                        at("2024-04-30T18:00:00Z"),
                        Map.of("seats", "NaN", "padded", " 12 "))),
                USERS)
            .cache();
    // The per-person event history as ingest writes it: only events before the as-of time, all of
    // them, not cut to the lookback (UserEventHistoryTest checks that side).
    events =
        spark
            .createDataFrame(
                List.of(
                    history(
                        "u1",
                        "export_completed",
                        ago(Duration.ofDays(200)),
                        ago(Duration.ofDays(14)),
                        3),
                    history("u1", "login", ago(Duration.ofHours(1)), ago(Duration.ofHours(1)), 1),
                    history(
                        "u2",
                        "export_completed",
                        ago(Duration.ofDays(14).plusSeconds(1)),
                        ago(Duration.ofDays(14).plusSeconds(1)),
                        1),
                    history(
                        "u4",
                        "report_created",
                        ago(Duration.ofDays(400)),
                        ago(Duration.ofDays(300)),
                        2),
                    history("u5", "login", ago(Duration.ofDays(2)), ago(Duration.ofDays(2)), 1),
                    history("u9", "login", ago(Duration.ofDays(1)), ago(Duration.ofDays(1)), 1)),
                UserEventHistoryColumns.SCHEMA)
            .cache();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "everyone|u1 u2 u3 u4 u5",
        "NOT everyone|",
        // strings compare exactly and case-sensitively; NULL never matches
        "plan = 'Pro'|u1",
        "plan != 'Pro'|u2 u4 u5",
        "plan IN ('Pro', 'Premium')|u1 u4",
        "plan CONTAINS 're'|u2 u4",
        "plan > 'Pro'|u5",
        "role = 'lead'|u1 u5",
        // NOT is the complement: users with no plan are in it
        "NOT plan = 'Pro'|u2 u3 u4 u5",
        "NOT (plan = 'Pro' OR plan = 'Free')|u3 u4 u5",
        // numbers compare numerically; values that are not numbers never match
        "attr.seats >= 10|u1",
        "attr.seats < 10|u4",
        "attr.seats = 10.0|u1",
        "attr.seats != 10|u4",
        "attr.seats = '10'|u1",
        "attr.seats = '10.0'|",
        "attr.padded = 12|u5",
        "attr.tier IN (2, 'gold')|u4",
        "attr.email CONTAINS '@acme'|u1",
        "attr.beta = 'true'|u1",
        "attr.missing = 'x'|",
        "NOT attr.missing = 'x'|u1 u2 u3 u4 u5",
        // WITHIN is [asOf - d, asOf]; BEFORE is strictly before asOf - d
        "last_seen_at WITHIN 7d|u1 u3 u5",
        "last_seen_at WITHIN 168h|u1 u3 u5",
        "last_seen_at WITHIN 6h|u3 u5",
        "last_seen_at BEFORE 7d|u2",
        "signed_up_at BEFORE 30d|u1 u4 u5",
        "NOT signed_up_at BEFORE 30d|u2 u3",
        "signed_up_at WITHIN 30d|u2",
        "signed_up_at < '2024-01-01T00:00:00Z'|u5",
        "signed_up_at >= '2024-01-01'|u1 u2 u4",
        "signed_up_at <= '2024-01-01T01:00:00+01:00'|u1 u5",
        "signed_up_at < 1704067200|u5",
        "attr.renewal WITHIN 14d|u4",
        "attr.renewal BEFORE 14d|",
        // the last event decides WITHIN; NEVER is no row in the history, however old the event
        "event.export_completed WITHIN 14d|u1",
        "event.export_completed WITHIN 15d|u1 u2",
        "event.export_completed NEVER|u3 u4 u5",
        "event.report_created NEVER|u1 u2 u3 u5",
        "event.report_created WITHIN 299d|",
        "event.report_created WITHIN 300d|u4",
        "event.login WITHIN 1d AND NOT event.export_completed NEVER|u1",
        "event.signup NEVER|u1 u2 u3 u4 u5",
        // precedence and combinations
        "role = 'lead' AND last_seen_at WITHIN 30d|u1 u5",
        "plan = 'Free' OR role = 'lead' AND attr.beta = 'true'|u1 u2",
        "(plan = 'Free' OR role = 'lead') AND attr.beta = 'true'|u1",
        // runtime conditions: the users who may match, whatever page/session turn out to be
        "plan = 'Pro' AND page.url CONTAINS '/billing'|u1",
        "NOT page.url CONTAINS '/billing'|u1 u2 u3 u4 u5",
        "NOT (plan = 'Pro' AND page.url = '/x')|u1 u2 u3 u4 u5",
        "NOT (plan = 'Pro' OR session.count > 3)|u2 u3 u4 u5",
      })
  void matches(String rule, String expected) {
    List<String> want = expected == null ? List.of() : Arrays.asList(expected.split(" "));

    assertThat(members(List.of(CompiledRule.parse("s", rule, LIMITS))))
        .containsExactlyElementsOf(want.stream().map(u -> "s:" + u).toList());
  }

  @Test
  void manyRulesInOnePassGiveEachSegmentItsOwnMembers() {
    List<CompiledRule> rules =
        List.of(
            CompiledRule.parse("a", "plan IN ('Pro', 'Premium')", LIMITS),
            CompiledRule.parse("b", "event.login WITHIN 7d", LIMITS),
            CompiledRule.parse("c", "event.export_completed NEVER AND role = 'user'", LIMITS),
            CompiledRule.parse("d", "plan = 'Nobody'", LIMITS));

    assertThat(members(rules)).containsExactly("a:u1", "a:u4", "b:u1", "b:u5", "c:u3", "c:u4");
  }

  @Test
  void noRulesNoMembers() {
    assertThat(members(List.of())).isEmpty();
  }

  @Test
  void theDictionaryNumbersUsersDenselyInUtf8ByteOrder() {
    SparkSession spark = SharedSpark.session();
    // U+FF21 (EF BC A1 in UTF-8) sorts before U+1F600 (F0 9F 98 80) by bytes, but after it by
    // Java's UTF-16 compareTo (FF21 > D83D): the dictionary follows the bytes.
    List<String> ids = List.of("b", "a", "\uD83D\uDE00", "\uFF21", "B", "a");
    Dataset<Row> input =
        spark
            .createDataFrame(
                ids.stream().map(RowFactory::create).toList(),
                new StructType().add("user_id", DataTypes.StringType))
            .repartition(3);

    List<Row> dictionary =
        SegmentEvaluation.dictionary(input).orderBy("user_index").collectAsList();

    assertThat(dictionary)
        .extracting(r -> r.getString(0))
        .containsExactly("B", "a", "b", "\uFF21", "\uD83D\uDE00");
    assertThat(dictionary).extracting(r -> r.getLong(1)).containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void membersCarryTheirDictionaryIndex() {
    Dataset<Row> indexed =
        SegmentEvaluation.withUserIndex(
            SegmentEvaluation.members(
                users, events, List.of(CompiledRule.parse("a", "role = 'lead'", LIMITS)), AS_OF),
            SegmentEvaluation.dictionary(users));

    assertThat(indexed.orderBy("user_index").collectAsList())
        .extracting(Row::toString)
        .containsExactly("[a,u1,0]", "[a,u5,4]");
  }

  private List<String> members(List<CompiledRule> rules) {
    List<String> out = new ArrayList<>();
    for (Row r : SegmentEvaluation.members(users, events, rules, AS_OF).collectAsList()) {
      out.add(r.getString(0) + ":" + r.getString(1));
    }
    out.sort(null);
    return out;
  }

  private static Instant ago(Duration d) {
    return AS_OF.minus(d);
  }

  private static Instant at(String iso) {
    return Instant.parse(iso);
  }

  private static Row user(
      String id,
      String plan,
      String role,
      Instant signedUp,
      Instant lastSeen,
      Map<String, String> attributes) {
    return RowFactory.create(
        id,
        plan,
        role,
        ts(signedUp),
        ts(lastSeen),
        attributes == null ? null : scala.jdk.javaapi.CollectionConverters.asScala(attributes));
  }

  private static Row history(String user, String name, Instant first, Instant last, long count) {
    return RowFactory.create(user, name, ts(first), ts(last), count);
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
