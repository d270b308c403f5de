package io.proactiveinsights.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.proactiveinsights.run.Window;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.VariantStatsColumns;
import io.proactiveinsights.testing.SharedSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** {@link VariantStats} on a hand-made exposures frame. */
class VariantStatsTest {

  private static final Window WINDOW =
      new Window(Instant.parse("2024-04-03T00:00:00Z"), Instant.parse("2024-05-01T00:00:00Z"));

  private final SparkSession spark = SharedSpark.session();

  /**
   * Banner b1 (primary metric ctr: clickers among viewers / viewers) in two variants.
   *
   * <p>A: u1..u4 received (4 receivers), u1..u3 viewed, u1 clicked twice (one person), u4's click
   * is before the window (not counted): 1 of 3 viewers, 33.3%. B: u5..u7 received (3), u5 and u6
   * viewed and clicked: 2 of 2, 100%. A has the most receivers, so it is the reference. B − A = 1 −
   * 1/3 = +0.6667; unpooled Wald interval 0.6667 ± 1.96 · sqrt(1·0/2 + (1/3)(2/3)/3), that is
   * [0.1332, 1.2001], cut to 1 as prop.test does; pooled z-test: rate 3/5, z = 0.6667 /
   * sqrt(0.6·0.4·(1/2 + 1/3)) = 1.4907, p = 0.1360. The figures from R 4.2.2: {@code p1 <- 2/2; p2
   * <- 1/3; (p1-p2) + c(-1,1) * qnorm(0.975) * sqrt(p1*(1-p1)/2 + p2*(1-p2)/3)} = 0.133232035961,
   * 1.200101297373 and {@code prop.test(c(2, 1), c(2, 3), correct = FALSE)$p.value} =
   * 0.136037128114.
   *
   * <p>Message t1 has one variant only, and c1 none: neither gets rows.
   */
  @Test
  void twoVariantsAreReadAgainstTheOneWithMostReceivers() {
    List<Row> events = new ArrayList<>();
    for (String user : List.of("u1", "u2", "u3", "u4")) {
      event(events, "b1", "A", user, "received", "2024-04-10T09:00:00Z");
    }
    for (String user : List.of("u1", "u2", "u3")) {
      event(events, "b1", "A", user, "viewed", "2024-04-10T09:01:00Z");
    }
    event(events, "b1", "A", "u1", "clicked", "2024-04-10T09:02:00Z");
    event(events, "b1", "A", "u1", "clicked", "2024-04-11T09:02:00Z");
    event(events, "b1", "A", "u4", "clicked", "2024-04-01T09:02:00Z");
    for (String user : List.of("u5", "u6", "u7")) {
      event(events, "b1", "B", user, "received", "2024-04-12T09:00:00Z");
    }
    for (String user : List.of("u5", "u6")) {
      event(events, "b1", "B", user, "viewed", "2024-04-12T09:01:00Z");
      event(events, "b1", "B", user, "clicked", "2024-04-12T09:02:00Z");
    }
    event(events, "t1", "only", "u1", "received", "2024-04-10T09:00:00Z");
    event(events, "c1", null, "u1", "received", "2024-04-10T09:00:00Z");
    event(events, "c1", null, "u2", "received", "2024-04-10T09:00:00Z");

    List<Row> rows =
        VariantStats.compute(keyed(events), catalogue(), WINDOW)
            .orderBy(VariantStatsColumns.VARIANT_ID)
            .collectAsList();

    assertThat(rows)
        .extracting(r -> r.<String>getAs(VariantStatsColumns.MESSAGE_ID))
        .containsExactly("b1", "b1");
    Row a = rows.get(0);
    Row b = rows.get(1);
    assertThat(a.<String>getAs(VariantStatsColumns.PRIMARY_METRIC)).isEqualTo("ctr");
    assertThat(counts(a)).containsExactly(4L, 3L, 1L);
    assertThat(counts(b)).containsExactly(3L, 2L, 2L);
    assertThat(a.<Double>getAs(VariantStatsColumns.PRIMARY_RATE)).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(b.<Double>getAs(VariantStatsColumns.PRIMARY_RATE)).isEqualTo(1.0);
    assertThat(a.<Boolean>getAs(VariantStatsColumns.IS_REFERENCE)).isTrue();
    assertThat(a.<Double>getAs(VariantStatsColumns.DIFF_VS_REFERENCE)).isNull();
    assertThat(a.<Double>getAs(VariantStatsColumns.P_VALUE)).isNull();
    assertThat(b.<Boolean>getAs(VariantStatsColumns.IS_REFERENCE)).isFalse();
    assertThat(b.<Double>getAs(VariantStatsColumns.DIFF_VS_REFERENCE))
        .isCloseTo(2 / 3.0, within(1e-12));
    assertThat(b.<Double>getAs(VariantStatsColumns.DIFF_CI_LOW))
        .isCloseTo(0.133232035961, within(1e-9));
    assertThat(b.<Double>getAs(VariantStatsColumns.DIFF_CI_HIGH)).isEqualTo(1.0);
    assertThat(b.<Double>getAs(VariantStatsColumns.P_VALUE))
        .isCloseTo(0.136037128114, within(1e-9));
    assertThat(b.<String>getAs(VariantStatsColumns.METHOD))
        .isEqualTo(VariantStatsColumns.FIXED_HORIZON);
  }

  @Test
  void exposuresFromBeforeTheColumnExistedHaveNoVariants() {
    List<Row> events = new ArrayList<>();
    event(events, "b1", "A", "u1", "received", "2024-04-10T09:00:00Z");
    Dataset<Row> old = keyed(events).drop(InputTable.VARIANT_ID);

    Dataset<Row> rows = VariantStats.compute(old, catalogue(), WINDOW);

    assertThat(rows.count()).isZero();
    assertThat(rows.schema()).isEqualTo(VariantStatsColumns.SCHEMA);
  }

  @Test
  void withoutAMessageOfTwoVariantsInTheWindowThereAreNoRows() {
    List<Row> events = new ArrayList<>();
    event(events, "t1", "only", "u1", "received", "2024-04-10T09:00:00Z");
    // b1's second variant was only delivered before the window.
    event(events, "b1", "A", "u1", "received", "2024-04-10T09:00:00Z");
    event(events, "b1", "B", "u2", "received", "2024-03-10T09:00:00Z");

    assertThat(VariantStats.compute(keyed(events), catalogue(), WINDOW).count()).isZero();
  }

  private static List<Long> counts(Row variant) {
    return List.of(
        variant.<Long>getAs(VariantStatsColumns.RECEIVERS),
        variant.<Long>getAs(VariantStatsColumns.PRIMARY_BASE),
        variant.<Long>getAs(VariantStatsColumns.PRIMARY_PEOPLE));
  }

  private Dataset<Row> catalogue() {
    StructType schema =
        new StructType()
            .add("message_id", DataTypes.StringType)
            .add("type", DataTypes.StringType)
            .add("state", DataTypes.StringType);
    return spark.createDataFrame(
        List.of(
            RowFactory.create("b1", "banner", "live"),
            RowFactory.create("t1", "product_tour", "live"),
            RowFactory.create("c1", "chat", "live")),
        schema);
  }

  /** Exposure rows as bronze holds them: typed, with their user keys. */
  private Dataset<Row> keyed(List<Row> events) {
    return UserKeys.assign(spark.createDataFrame(events, InputTable.EXPOSURES.contractSchema()));
  }

  private static void event(
      List<Row> rows, String message, String variant, String user, String type, String at) {
    rows.add(
        RowFactory.create(
            "ev-" + rows.size(),
            message,
            user,
            type,
            Timestamp.from(Instant.parse(at)),
            null,
            "web",
            variant,
            null,
            null));
  }
}
