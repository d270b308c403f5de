package io.proactiveinsights.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proactiveinsights.metrics.EngagementMetrics;
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
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The dense per-ds user keys ingest writes beside each bronze exposure, and what metrics do without them. */
class UserKeysTest {

  private static final StructType USER_IDS = new StructType().add("user_id", "string");

  private final SparkSession spark = SharedSpark.session();

  @Test
  void everyPersonOfTheSnapshotAndTheExposuresGetsOneDenseKeyInIdOrder() {
    // u2 is in the snapshot only, u4 in the exposures only (the snapshot lags), u1 and u3 in both.
    Dataset<Row> users = spark.createDataFrame(List.of(RowFactory.create("u3"), RowFactory.create("u1"), RowFactory.create("u2")), USER_IDS);
    Dataset<Row> exposures = exposures(List.of("u3", "u4", "u1", "u4", "u3"));

    Dataset<Row> index = UserKeys.index(users, exposures);
    Map<String, Integer> keys = new LinkedHashMap<>();
    index.orderBy("user_key").collectAsList().forEach(r -> keys.put(r.getString(0), r.getInt(1)));
    index.unpersist();
    assertThat(keys).containsExactly(Map.entry("u1", 0), Map.entry("u2", 1), Map.entry("u3", 2), Map.entry("u4", 3));

    Dataset<Row> keyed = UserKeys.assign(users, exposures);
    assertThat(keyed.columns()).containsExactly(concat(InputTable.EXPOSURES.contractSchema().fieldNames(), InputTable.USER_KEY));
    List<String> pairs = keyed.orderBy("event_id").collectAsList().stream()
        .map(r -> r.getAs("event_id") + ":" + r.getAs("user_id") + "=" + r.getAs(InputTable.USER_KEY)).toList();
    assertThat(pairs).as("every row kept, same person same key").containsExactly("e0:u3=2", "e1:u4=3", "e2:u1=0", "e3:u4=3", "e4:u3=2");
  }

  @Test
  void metricsRefuseExposuresWithoutKeysSayingWhatToRerun() {
    Dataset<Row> unkeyed = exposures(List.of("u1")).withColumn(InputTable.USER_KEY, functions.lit(null).cast("int"));
    Timestamp t = Timestamp.from(Instant.parse("2024-03-01T00:00:00Z"));
    Dataset<Row> messages = spark.createDataFrame(
        List.of(RowFactory.create("m1", "Banner", "banner", "live", null, null, "once", "everyone", null, null, t, t, t, null, null, null, null)),
        InputTable.MESSAGES.contractSchema());
    Dataset<Row> userEvents = spark.createDataFrame(List.of(), InputTable.USER_EVENTS.contractSchema());
    Instant to = Instant.parse("2024-05-01T00:00:00Z");
    assertThatThrownBy(() -> EngagementMetrics.counts(unkeyed, messages, userEvents, to.minus(Duration.ofDays(28)), to, Duration.ofDays(7))
            .collectAsList())
        .hasMessageContaining("bronze exposures have no user_key (written by an older version): rerun ingest for this ds");
  }

  private Dataset<Row> exposures(List<String> people) {
    List<Row> rows = new ArrayList<>();
    Timestamp at = Timestamp.from(Instant.parse("2024-04-20T10:00:00Z"));
    for (String person : people) {
      rows.add(RowFactory.create("e" + rows.size(), "m1", person, "viewed", at, null, "web"));
    }
    return spark.createDataFrame(rows, InputTable.EXPOSURES.contractSchema());
  }

  private static String[] concat(String[] names, String last) {
    String[] all = java.util.Arrays.copyOf(names, names.length + 1);
    all[names.length] = last;
    return all;
  }
}
