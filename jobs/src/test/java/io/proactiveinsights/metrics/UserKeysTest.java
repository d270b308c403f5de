package io.proactiveinsights.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.SharedSpark;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * The dense per-ds user keys ingest writes beside each bronze exposure, and what metrics do without
 * them.
 */
class UserKeysTest {

  private final SparkSession spark = SharedSpark.session();

  @Test
  void everyPersonTheExposuresNameGetsOneKeyAndTheKeysAreExactly0ToNMinus1() {
    Dataset<Row> exposures = exposures(List.of("u3", "u4", "u1", "u4", "u3"));

    Dataset<Row> keyed = UserKeys.assign(exposures);
    assertThat(keyed.columns())
        .containsExactly(
            concat(InputTable.EXPOSURES.contractSchema().fieldNames(), InputTable.USER_KEY));
    List<Row> rows = keyed.orderBy("event_id").collectAsList();
    assertThat(rows)
        .extracting(r -> r.getAs("event_id"))
        .as("every row kept")
        .containsExactly("e0", "e1", "e2", "e3", "e4");
    Map<String, Integer> keyOf = keysByPerson(rows);
    assertThat(keyOf.values()).as("one key per person, dense").containsExactlyInAnyOrder(0, 1, 2);
    for (Row row : rows) {
      assertThat((Integer) row.getAs(InputTable.USER_KEY))
          .as("same person, same key")
          .isEqualTo(keyOf.get(row.<String>getAs("user_id")));
    }
  }

  @Test
  void manyPeopleSplitOverSeveralFunctionsStillGetDistinctDenseKeysAndARebuildGivesTheSameKeys() {
    List<String> people = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      people.add("person-" + i);
      if (i % 7 == 0) {
        people.add("person-" + i); // a second exposure of the same person
      }
    }
    Dataset<Row> exposures = exposures(people).repartition(4);
    Dataset<Row> withAnonymous =
        exposures.unionByName(exposures(java.util.Collections.singletonList(null)));

    // 700 ids per function: the 5,000 people need 8 functions, built in separate tasks.
    UserKeys.Keys keys = UserKeys.build(withAnonymous, 700);
    assertThat(keys.people()).isEqualTo(5_000);
    List<Row> rows = keys.attach(withAnonymous).collectAsList();
    Map<String, Integer> first = keysByPerson(rows);
    assertThat(first).hasSize(5_000);
    assertThat(new java.util.TreeSet<>(first.values()))
        .as("a bijection onto 0..n-1")
        .hasSize(5_000)
        .first()
        .isEqualTo(0);
    assertThat(new java.util.TreeSet<>(first.values()).last()).isEqualTo(4_999);
    assertThat(rows)
        .filteredOn(r -> r.getAs("user_id") == null)
        .singleElement()
        .satisfies(
            r ->
                assertThat((Object) r.getAs(InputTable.USER_KEY)).as("no person, no key").isNull());
    keys.destroy();

    // A rerun over the same ids in another order and partitioning builds the same functions.
    Map<String, Integer> second =
        keysByPerson(
            UserKeys.build(withAnonymous.repartition(3).orderBy(functions.rand(7)), 700)
                .attach(withAnonymous)
                .collectAsList());
    assertThat(second).isEqualTo(first);
  }

  private static Map<String, Integer> keysByPerson(List<Row> rows) {
    Map<String, Integer> keyOf = new LinkedHashMap<>();
    for (Row row : rows) {
      String person = row.getAs("user_id");
      if (person != null) {
        Integer key = row.getAs(InputTable.USER_KEY);
        Integer earlier = keyOf.putIfAbsent(person, key);
        assertThat(earlier == null || earlier.equals(key)).as("%s has one key", person).isTrue();
      }
    }
    return keyOf;
  }

  @Test
  void metricsRefuseExposuresWithoutKeysSayingWhatToRerun() {
    Dataset<Row> unkeyed =
        exposures(List.of("u1")).withColumn(InputTable.USER_KEY, functions.lit(null).cast("int"));
    Timestamp t = Timestamp.from(Instant.parse("2024-03-01T00:00:00Z"));
    Dataset<Row> messages =
        spark.createDataFrame(
            List.of(
                RowFactory.create(
                    "m1",
                    "Banner",
                    "banner",
                    "live",
                    null,
                    null,
                    "once",
                    "everyone",
                    null,
                    null,
                    t,
                    t,
                    t,
                    null,
                    null,
                    null,
                    null)),
            InputTable.MESSAGES.contractSchema());
    Dataset<Row> userEvents =
        spark.createDataFrame(List.of(), InputTable.USER_EVENTS.contractSchema());
    Instant to = Instant.parse("2024-05-01T00:00:00Z");
    assertThatThrownBy(
            () ->
                EngagementCounts.counts(
                        unkeyed,
                        messages,
                        userEvents,
                        to.minus(Duration.ofDays(28)),
                        to,
                        Duration.ofDays(7))
                    .collectAsList())
        .hasMessageContaining(
            "bronze exposures have no user_key (written by an older version): rerun ingest for this"
                + " ds");
  }

  private Dataset<Row> exposures(List<String> people) {
    List<Row> rows = new ArrayList<>();
    Timestamp at = Timestamp.from(Instant.parse("2024-04-20T10:00:00Z"));
    for (String person : people) {
      rows.add(
          RowFactory.create(
              "e" + rows.size(), "m1", person, "viewed", at, null, "web", null, null, null));
    }
    return spark.createDataFrame(rows, InputTable.EXPOSURES.contractSchema());
  }

  private static String[] concat(String[] names, String last) {
    String[] all = java.util.Arrays.copyOf(names, names.length + 1);
    all[names.length] = last;
    return all;
  }
}
