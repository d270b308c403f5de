package io.proactiveinsights.recommend;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.experiments.ExperimentImpact;
import io.proactiveinsights.experiments.MessageArms;
import io.proactiveinsights.hygiene.Facts;
import io.proactiveinsights.hygiene.HygieneFlag;
import io.proactiveinsights.hygiene.MessageFacts;
import io.proactiveinsights.io.DeltaWriter;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.schema.ExperimentImpactColumns.Verdict;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recommendations job reads {@code experiment_impact} from a real Delta warehouse: the few
 * tables it reads (message_facts, hygiene_flags, experiment_impact) are written straight to Delta,
 * with a message too young for the narrowing search, so no bronze table is needed.
 */
class RecommendationsJobTest {

  private static final LocalDate DS = LocalDate.parse("2024-04-30");

  @TempDir Path tmp;

  @Test
  void aHoldoutWithNoEffectOnItsTopicWritesAReworkThatSaysSo() {
    Warehouse warehouse = new Warehouse(tmp.resolve("wh").toString());
    MessageFacts post =
        Facts.post("reset").topics(List.of("password-reset")).liveDaysAgo(3).build();
    write(warehouse, Warehouse.MESSAGE_FACTS, List.of(post.toRow()), MessageFacts.SCHEMA);
    write(warehouse, Warehouse.HYGIENE_FLAGS, List.of(), HygieneFlag.SCHEMA);
    MessageArms arms = new MessageArms("reset", 9_000, 1_000, 0.1, 0.7, 28);
    write(
        warehouse,
        Warehouse.EXPERIMENT_IMPACT,
        List.of(
            new ExperimentImpact(
                    arms,
                    "tickets:password-reset",
                    9_000,
                    1_000,
                    0.0101,
                    0.01,
                    0.01,
                    -0.06,
                    0.07,
                    0.8,
                    "rate_ratio_cuped",
                    Verdict.NO_EFFECT)
                .toRow()),
        ExperimentImpact.SCHEMA);

    RecommendationsJob.Result result =
        new RecommendationsJob(SharedSpark.session(), SharedSpark.config(), warehouse)
            .run(RunDate.of(DS));

    assertThat(result.actions()).containsExactly(java.util.Map.entry("REWORK_CONTENT", 1L));
    List<Recommendation> written =
        SharedSpark.session()
            .read()
            .format("delta")
            .load(warehouse.path(Warehouse.RECOMMENDATIONS))
            .collectAsList()
            .stream()
            .map(Recommendation::fromRow)
            .toList();
    assertThat(written).hasSize(1);
    assertThat(written.get(0).reason()).startsWith("Its randomised holdout rules out an effect");
    assertThat(written.get(0).evidence())
        .containsEntry("basis", "randomised_holdout")
        .containsEntry("ci_high", 0.07);
  }

  @Test
  void aWarehouseThatNeverRanTheExperimentsStageIsToldToRunIt() {
    // The stage before hygiene is asked for first, before any other table is read.
    Warehouse warehouse = new Warehouse(tmp.resolve("wh").toString());

    assertThatThrownBy(
            () ->
                new RecommendationsJob(SharedSpark.session(), SharedSpark.config(), warehouse)
                    .run(RunDate.of(DS)))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("experiment_impact does not exist")
        .hasMessageContaining("run `proactive experiments --ds 2024-04-30` first");
  }

  private static void write(Warehouse warehouse, String table, List<Row> rows, StructType schema) {
    SparkSession spark = SharedSpark.session();
    new DeltaWriter(SharedSpark.config().runs())
        .replaceDs(
            spark.createDataFrame(rows, schema).withColumn(InputTable.DS, lit(Date.valueOf(DS))),
            warehouse.path(table),
            DS);
  }
}
