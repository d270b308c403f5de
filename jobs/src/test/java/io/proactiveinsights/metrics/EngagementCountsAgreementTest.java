package io.proactiveinsights.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.SharedSpark;
import io.proactiveinsights.testing.WithShippedCodegen;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bitmap fold against Spark's own {@code count} and {@code count(DISTINCT)} on the same rows,
 * for a catalogue of 150 messages. The events are random (fixed seed) and spread over three
 * partitions, so each message has several partial sets, shipped as bytes and merged after the
 * shuffle, and people meet in more than one of them. Both ways in are checked: rows (exposures
 * built in memory) and Parquet column batches (the same exposures in a Delta table, as bronze).
 */
@WithShippedCodegen
class EngagementCountsAgreementTest {

  private static final Instant TO = Instant.parse("2024-05-01T00:00:00Z");
  private static final Instant FROM = TO.minus(Duration.ofDays(28));
  private static final String[] TYPES = {
    "received", "viewed", "clicked", "dismissed", "replied", "completed", "goal_completed"
  };

  @TempDir Path tmp;

  @Test
  void countsAndDistinctPeopleEqualSparksOwnForEveryMessage() {
    Dataset<Row> keyed = keyedExposures(SharedSpark.session());
    assertThat(ExposureScan.of(inWindowColumns(keyed)))
        .as("rows built in memory are folded as rows")
        .isEmpty();
    assertAgreesWithSpark(keyed);
  }

  /**
   * The same exposures from a Delta table: three files, each of many small row groups (so each
   * batch's dictionary numbers the messages differently), and one file written without dictionaries
   * (values decoded per row).
   */
  @Test
  void columnBatchesOfADeltaTableGiveTheSameCounts() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> keyed = keyedExposures(spark).withColumn("ds", lit(Date.valueOf("2024-05-01")));
    String table = tmp.resolve("exposures").toString();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    try {
      hadoop.setInt("parquet.block.size", 4096);
      keyed
          .where(col("user_id").notEqual("u7"))
          .repartition(2)
          .write()
          .format("delta")
          .partitionBy("ds")
          .save(table);
      hadoop.setBoolean("parquet.enable.dictionary", false);
      keyed
          .where(col("user_id").equalTo("u7"))
          .coalesce(1)
          .write()
          .format("delta")
          .mode(SaveMode.Append)
          .partitionBy("ds")
          .save(table);
    } finally {
      hadoop.unset("parquet.block.size");
      hadoop.unset("parquet.enable.dictionary");
    }
    Dataset<Row> bronze =
        spark.read().format("delta").load(table).where("ds = DATE'2024-05-01'").drop("ds");

    assertThat(ExposureScan.of(inWindowColumns(bronze)))
        .as("a Delta table is folded from column batches")
        .isPresent();
    assertAgreesWithSpark(bronze);
  }

  /**
   * Rows deleted through deletion vectors are still in the files: a fold of the bare batches would
   * count them. Such a plan is not taken for a plain scan, and the rows that remain are counted.
   */
  @Test
  void aTableWithDeletionVectorsIsFoldedAsRowsWithoutTheDeletedOnes() {
    SparkSession spark = SharedSpark.session();
    String table = tmp.resolve("exposures-dv").toString();
    keyedExposures(spark)
        .write()
        .format("delta")
        .option("delta.enableDeletionVectors", "true")
        .save(table);
    spark.sql("DELETE FROM delta.`" + table + "` WHERE user_id = 'u7'");
    Dataset<Row> bronze = spark.read().format("delta").load(table);

    assertThat(bronze.where(col("user_id").equalTo("u7")).isEmpty()).isTrue();
    assertThat(ExposureScan.of(inWindowColumns(bronze)))
        .as("deletion vectors: rows, not batches")
        .isEmpty();
    assertAgreesWithSpark(bronze);
  }

  private static Dataset<Row> inWindowColumns(Dataset<Row> exposures) {
    return exposures
        .where(
            col("occurred_at")
                .geq(Timestamp.from(FROM))
                .and(col("occurred_at").lt(Timestamp.from(TO))))
        .select("message_id", "user_key", "event_type", "occurred_at");
  }

  private static Dataset<Row> keyedExposures(SparkSession spark) {
    Random random = new Random(20240501);
    List<Row> exposures = new ArrayList<>();
    for (int i = 0; i < 6_000; i++) {
      String message = "m" + random.nextInt(150);
      String user = "u" + random.nextInt(400);
      // Most events inside the window, some on the last day, a few before the window (not counted).
      Instant at = TO.minus(Duration.ofMinutes(1 + random.nextInt(30 * 24 * 60)));
      exposures.add(
          RowFactory.create(
              "e" + i,
              message,
              user,
              TYPES[random.nextInt(TYPES.length)],
              Timestamp.from(at),
              null,
              "web",
              null,
              null,
              null));
    }
    return UserKeys.assign(
        spark.createDataFrame(exposures, InputTable.EXPOSURES.contractSchema()).repartition(3));
  }

  private static void assertAgreesWithSpark(Dataset<Row> keyed) {
    SparkSession spark = keyed.sparkSession();
    List<Row> messages = new ArrayList<>();
    Timestamp created = Timestamp.from(Instant.parse("2024-01-01T00:00:00Z"));
    for (int m = 0; m < 150; m++) {
      messages.add(
          RowFactory.create(
              "m" + m,
              "M" + m,
              "banner",
              "live",
              null,
              null,
              "once",
              "everyone",
              null,
              null,
              created,
              created,
              created,
              null,
              null,
              null,
              null));
    }
    Dataset<Row> counts =
        EngagementCounts.countsWithDay(
            keyed,
            spark.createDataFrame(messages, InputTable.MESSAGES.contractSchema()),
            spark.createDataFrame(List.of(), InputTable.USER_EVENTS.contractSchema()),
            FROM,
            TO,
            TO.minus(Duration.ofDays(1)),
            Duration.ofDays(7));

    // The same numbers straight from Spark's aggregates.
    Dataset<Row> inWindow =
        keyed.where(
            col("occurred_at")
                .geq(Timestamp.from(FROM))
                .and(col("occurred_at").lt(Timestamp.from(TO))));
    Column lastDay = col("occurred_at").geq(Timestamp.from(TO.minus(Duration.ofDays(1))));
    List<Column> expected = new ArrayList<>();
    String[][] columns = {
      {"received", "receivers"},
      {"views", "viewers"},
      {"clicks", "clickers"},
      {"dismissals", "dismissers"},
      {"replies", "repliers"},
      {"completions", "completers"},
      {"goal_completions", null}
    };
    for (int t = 0; t < TYPES.length; t++) {
      Column ofType = col("event_type").equalTo(TYPES[t]);
      expected.add(count(when(ofType, 1)).as(columns[t][0]));
      expected.add(count(when(ofType.and(lastDay), 1)).as("day_" + columns[t][0]));
      if (columns[t][1] != null) {
        expected.add(countDistinct(when(ofType, col("user_id"))).as(columns[t][1]));
        expected.add(
            countDistinct(when(ofType.and(lastDay), col("user_id"))).as("day_" + columns[t][1]));
      }
    }
    Dataset<Row> reference =
        inWindow
            .groupBy("message_id")
            .agg(expected.get(0), expected.subList(1, expected.size()).toArray(Column[]::new))
            .join(amongTheDenominators(inWindow), "message_id");

    List<String> compared = new ArrayList<>();
    for (String[] pair : columns) {
      for (String name : pair) {
        if (name != null) {
          compared.add(name);
          compared.add("day_" + name);
        }
      }
    }
    compared.addAll(AMONG.keySet());
    TreeMap<String, List<Long>> ours = byMessage(counts, compared);
    TreeMap<String, List<Long>> spark2 = byMessage(reference, compared);
    assertThat(ours).hasSize(150);
    for (var entry : spark2.entrySet()) {
      assertThat(ours.get(entry.getKey()))
          .as(entry.getKey() + " " + compared)
          .isEqualTo(entry.getValue());
    }
    assertThat(ours.values().stream().mapToLong(v -> v.get(1)).sum())
        .as("people counted at all")
        .isPositive();
    int viewers = compared.indexOf("viewers");
    int viewersAmongReceivers = compared.indexOf("viewers_among_receivers");
    assertThat(ours.values().stream().mapToLong(v -> v.get(viewersAmongReceivers)).sum())
        .as("some viewers did not receive the message in the window; many did")
        .isPositive()
        .isLessThan(ours.values().stream().mapToLong(v -> v.get(viewers)).sum());
  }

  /** Each rate's people of its action among its denominator's: column → (action, denominator). */
  private static final Map<String, String[]> AMONG =
      Map.of(
          "viewers_among_receivers", new String[] {"viewed", "received"},
          "clickers_among_viewers", new String[] {"clicked", "viewed"},
          "dismissers_among_viewers", new String[] {"dismissed", "viewed"},
          "repliers_among_viewers", new String[] {"replied", "viewed"},
          "completers_among_viewers", new String[] {"completed", "viewed"});

  /**
   * The people of each action among its denominator's, per message, without sets: a row per
   * (message, person) flagging which event types the person had in the window, then the persons
   * flagged with both.
   */
  private static Dataset<Row> amongTheDenominators(Dataset<Row> inWindow) {
    List<Column> flags = new ArrayList<>();
    for (String type : TYPES) {
      flags.add(max(when(col("event_type").equalTo(type), 1).otherwise(0)).as("_had_" + type));
    }
    Dataset<Row> perPerson =
        inWindow
            .groupBy("message_id", "user_id")
            .agg(flags.get(0), flags.subList(1, flags.size()).toArray(Column[]::new));
    List<Column> among = new ArrayList<>();
    AMONG.forEach(
        (column, pair) ->
            among.add(
                sum(col("_had_" + pair[0]).multiply(col("_had_" + pair[1])))
                    .cast("long")
                    .as(column)));
    return perPerson
        .groupBy("message_id")
        .agg(among.get(0), among.subList(1, among.size()).toArray(Column[]::new));
  }

  private static TreeMap<String, List<Long>> byMessage(Dataset<Row> frame, List<String> columns) {
    TreeMap<String, List<Long>> rows = new TreeMap<>();
    for (Row row : frame.collectAsList()) {
      List<Long> values = new ArrayList<>();
      for (String column : columns) {
        values.add(((Number) row.getAs(column)).longValue());
      }
      rows.put(row.getAs("message_id"), values);
    }
    return rows;
  }
}
