package io.proactiveinsights.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.ingest.IngestJob;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.Rows;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsJobTest {

  private static final LocalDate DS = LocalDate.parse("2024-04-30");

  @TempDir Path tmp;

  @Test
  void fromFilesThroughIngestDuplicatesCountOnceAndRerunsAgree() {
    InputFolder input = new InputFolder(tmp.resolve("in"));
    input.write(
        InputTable.MESSAGES,
        "m.csv",
        List.of(Rows.message("m1", "post"), Rows.message("m2", "chat")));
    input.write(
        InputTable.USERS, "u.csv", List.of(Rows.user("u1", "Pro"), Rows.user("u2", "Free")));
    input.write(
        InputTable.CONVERSATIONS,
        "c.csv",
        List.of(Rows.conversation("c1", "u1", "2024-04-28T12:00:00Z", "billing", 4)));
    input.write(
        InputTable.EXPOSURES,
        "e.jsonl",
        List.of(
            // m1 is an A/B test: u1 got variant A, u2 variant B.
            variant(Rows.exposure("e1", "m1", "u1", "received", "2024-04-29T08:00:00Z"), "A"),
            variant(Rows.exposure("e1", "m1", "u1", "received", "2024-04-29T08:00:00Z"), "A"),
            variant(Rows.exposure("e2", "m1", "u1", "viewed", "2024-04-29T08:01:00Z"), "A"),
            variant(Rows.exposure("e2", "m1", "u1", "viewed", "2024-04-29T08:01:00Z"), "A"),
            variant(Rows.exposure("e3", "m1", "u1", "clicked", "2024-04-30T08:02:00Z"), "A"),
            variant(Rows.exposure("e4", "m1", "u2", "received", "2024-04-29T08:00:00Z"), "B"),
            variant(Rows.exposure("e5", "m1", "u2", "viewed", "2024-04-29T08:00:00Z"), "B"),
            Rows.exposure("e6", "m2", "u2", "received", "2024-04-29T08:00:00Z"),
            Rows.exposure("e7", "m2", "u2", "viewed", "2024-04-29T08:00:00Z"),
            Rows.exposure("e8", "m2", "u2", "replied", "2024-04-30T09:00:00Z")));
    Warehouse warehouse = new Warehouse(tmp.resolve("wh").toString());
    new IngestJob(SharedSpark.session(), SharedSpark.config(), input.root().toString(), warehouse)
        .run(RunDate.of(DS));
    MetricsJob job = new MetricsJob(SharedSpark.session(), SharedSpark.config(), warehouse);

    MetricsJob.Result first = job.run(RunDate.of(DS));
    List<String> statsFirst = sortedRows(warehouse.path(Warehouse.MESSAGE_STATS));
    List<String> dailyFirst = sortedRows(warehouse.path(Warehouse.MESSAGE_STATS_DAILY));
    List<String> variantsFirst = sortedRows(warehouse.path(Warehouse.VARIANT_STATS));
    job.run(RunDate.of(DS));

    assertThat(first.messages()).isEqualTo(2);
    assertThat(sortedRows(warehouse.path(Warehouse.MESSAGE_STATS))).isEqualTo(statsFirst);
    assertThat(sortedRows(warehouse.path(Warehouse.MESSAGE_STATS_DAILY))).isEqualTo(dailyFirst);
    assertThat(sortedRows(warehouse.path(Warehouse.VARIANT_STATS))).isEqualTo(variantsFirst);
    assertThat(
            SharedSpark.session()
                .read()
                .format("delta")
                .load(warehouse.bronzePath(InputTable.EXPOSURES))
                .where("variant_id = 'B'")
                .count())
        .as("bronze keeps the variant")
        .isEqualTo(2);
    // A: u1 received, viewed, clicked (1 of 1 viewers); B: u2 received and viewed (0 of 1). One
    // receiver each: the tie goes to A. B − A = −1; both rates are 0 or 1, so the Wald interval
    // has no width; pooled rate 1/2, z = −1 / sqrt(0.25 · 2) = −1.414, p = 0.157299207050 (R:
    // prop.test(c(0, 1), c(1, 1), correct = FALSE)$p.value).
    List<Row> variants =
        SharedSpark.session()
            .read()
            .format("delta")
            .load(warehouse.path(Warehouse.VARIANT_STATS))
            .orderBy("variant_id")
            .collectAsList();
    assertThat(variants)
        .extracting(r -> r.getAs("variant_id") + " " + r.getAs("is_reference"))
        .containsExactly("A true", "B false");
    assertThat(variants.get(1).<Double>getAs("diff_vs_reference")).isEqualTo(-1.0);
    assertThat(variants.get(1).<Double>getAs("p_value")).isCloseTo(0.157299207050, within(1e-9));
    assertThat(variants.get(1).<java.sql.Date>getAs("ds")).hasToString(DS.toString());
    Row m1 = stats(warehouse, "m1");
    assertThat(
            List.of(
                m1.<Long>getAs("received"),
                m1.<Long>getAs("views"),
                m1.<Long>getAs("viewers"),
                m1.<Long>getAs("clickers")))
        .containsExactly(2L, 2L, 2L, 1L);
    assertThat(m1.<Double>getAs("ctr")).isEqualTo(0.5);
    assertThat(
            List.of(
                m1.<Long>getAs("viewers_among_receivers"),
                m1.<Long>getAs("clickers_among_viewers")))
        .as("everyone here received and viewed it in the window")
        .containsExactly(2L, 1L);
    Row m2 = stats(warehouse, "m2");
    assertThat(m2.<String>getAs("primary_metric")).isEqualTo("reply_rate");
    assertThat(m2.<Double>getAs("primary_rate")).isEqualTo(1.0);
    Row dailyM1 =
        SharedSpark.session()
            .read()
            .format("delta")
            .load(warehouse.path(Warehouse.MESSAGE_STATS_DAILY))
            .where("message_id = 'm1'")
            .first();
    assertThat(dailyM1.<Long>getAs("clicks"))
        .as("only the click happened on ds 04-30")
        .isEqualTo(1L);
    assertThat(dailyM1.<Long>getAs("received")).isZero();
    assertThat(dailyM1.schema().fieldNames())
        .as("the daily table has no rates, so no people among their denominators")
        .doesNotContain("viewers_among_receivers");
  }

  @Test
  void runningMetricsBeforeIngestSaysWhichJobToRunFirst() {
    Warehouse empty = new Warehouse(tmp.resolve("empty").toString());
    MetricsJob job = new MetricsJob(SharedSpark.session(), SharedSpark.config(), empty);

    assertThatThrownBy(() -> job.run(RunDate.of(DS)))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("Cannot run metrics for ds 2024-04-30")
        .hasMessageContaining("(run `proactive ingest --ds 2024-04-30` first)");
  }

  private static Map<String, Object> variant(Map<String, Object> exposure, String variant) {
    return Rows.with(exposure, InputTable.VARIANT_ID, variant);
  }

  private static Row stats(Warehouse warehouse, String id) {
    return SharedSpark.session()
        .read()
        .format("delta")
        .load(warehouse.path(Warehouse.MESSAGE_STATS))
        .where("message_id = '" + id + "'")
        .first();
  }

  private static List<String> sortedRows(String path) {
    return SharedSpark.session().read().format("delta").load(path).collectAsList().stream()
        .map(Object::toString)
        .sorted()
        .toList();
  }
}
