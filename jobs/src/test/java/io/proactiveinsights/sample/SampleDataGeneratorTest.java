package io.proactiveinsights.sample;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proactiveinsights.delivery.holdout.HoldoutArm;
import io.proactiveinsights.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleDataGeneratorTest {

  private static final LocalDate END = LocalDate.parse("2026-11-23");

  private Path out;
  private SampleResult result;

  @BeforeAll
  void generate(@TempDir Path tmp) {
    out = tmp.resolve("sample");
    result =
        SampleDataGenerator.generate(
            SharedSpark.session(), new SampleSpec(out, 2000, 120, 42, END));
  }

  @Test
  void writesEveryTableInMixedFormatsWithThePlantedBadRows() throws IOException {
    assertThat(out.resolve("messages/messages.csv")).exists();
    assertThat(files(out.resolve("exposures"), ".json.gz")).isNotEmpty();
    assertThat(out.resolve("exposures/bad-rows.jsonl")).exists();
    assertThat(files(out.resolve("users"), ".parquet")).isNotEmpty();
    assertThat(out.resolve("users/bad-rows.jsonl")).exists();
    assertThat(files(out.resolve("conversations"), ".csv")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(files(out.resolve("user_events"), ".parquet")).isNotEmpty();
    assertThat(out.resolve("known_issues/known_issues.jsonl")).exists();
    assertThat(result.rowsPerTable())
        .containsKeys(
            "messages",
            "users",
            "exposures",
            "conversations",
            "user_events",
            "known_issues",
            "assignments");
    assertThat(result.rowsPerTable().get("users")).isEqualTo(2002L);
    assertThat(result.rowsPerTable().get("exposures")).isGreaterThan(10_000L);
  }

  @Test
  void describesWhatItPlantedForPeopleAndMachines() throws IOException {
    JsonNode planted = new ObjectMapper().readTree(out.resolve("planted.json").toFile());
    assertThat(planted)
        .extracting(n -> n.get("message_id").asText())
        .contains(
            "msg_export_tour",
            "msg_password_post",
            "msg_sso_outage_banner",
            "msg_invoices_banner",
            "msg_integrations_post",
            "msg_beta_tooltip",
            "msg_reporting_post",
            "msg_shortcuts_banner",
            "msg_invite_tour",
            "msg_notifications_tooltip",
            "msg_api_keys_post");
    String md = Files.readString(out.resolve("PLANTED.md"));
    assertThat(md)
        .contains("msg_export_tour")
        .contains("Bad rows")
        .contains("2000 users, 120 days ending 2026-11-23");
    String csv = Files.readString(out.resolve("messages/messages.csv"));
    for (String type :
        List.of(
            "banner",
            "post",
            "chat",
            "tooltip",
            "product_tour",
            "checklist",
            "mobile_carousel",
            "survey")) {
      assertThat(csv).as(type).contains("," + type + ",");
    }
  }

  @Test
  void theSameSeedWritesTheSameRows(@TempDir Path again) {
    SampleDataGenerator.generate(SharedSpark.session(), new SampleSpec(again, 2000, 120, 42, END));

    assertThat(sortedExposures(again)).isEqualTo(sortedExposures(out));
  }

  @Test
  void onlyPremiumEngagesWithTheReportingPost() {
    SparkSession spark = SharedSpark.session();
    spark
        .read()
        .json(out.resolve("exposures/part").toString())
        .createOrReplaceTempView("sample_exposures");
    spark
        .read()
        .parquet(out.resolve("users/part").toString())
        .createOrReplaceTempView("sample_users");
    List<Row> ctr =
        spark
            .sql(
                "SELECT u.plan = 'Premium' AS premium, count(DISTINCT CASE WHEN event_type ="
                    + " 'clicked' THEN e.user_id END) / count(DISTINCT CASE WHEN event_type ="
                    + " 'viewed' THEN e.user_id END) AS ctr FROM sample_exposures e JOIN"
                    + " sample_users u ON e.user_id = u.user_id WHERE message_id ="
                    + " 'msg_reporting_post' GROUP BY 1 ORDER BY 1")
            .collectAsList();
    assertThat(ctr.get(0).getDouble(1)).as("Free and Pro").isLessThan(0.06);
    assertThat(ctr.get(1).getDouble(1)).as("Premium").isGreaterThan(0.2);
  }

  /**
   * The generator holds people out with the hash the segments stage assigns arms with ({@link
   * HoldoutArm}): no control member of a holdout message ever receives it, and the source-run
   * control group in the assignments input is the share the source really held out.
   */
  @Test
  void controlGroupsNeverReceiveTheirMessageAndTheSourceRecordsItsOwnSplit() {
    SparkSession spark = SharedSpark.session();
    Map<String, Double> drawnShares = new HashMap<>();
    for (SampleMessage m : SampleCatalogue.MESSAGES) {
      if (m.holdoutShare() != null) {
        drawnShares.put(
            m.id(), SampleCatalogue.SOURCE_SPLITS.getOrDefault(m.id(), m.holdoutShare()));
      }
    }
    assertThat(drawnShares)
        .containsOnlyKeys("msg_invite_tour", "msg_notifications_tooltip", "msg_api_keys_post");
    List<Row> receivers =
        spark
            .read()
            .json(out.resolve("exposures/part").toString())
            .where(col("message_id").isin(drawnShares.keySet().toArray()))
            .select("message_id", "user_id")
            .distinct()
            .collectAsList();
    assertThat(receivers).hasSizeGreaterThan(1_000);
    assertThat(receivers)
        .noneMatch(
            r ->
                HoldoutArm.isControl(
                    r.getString(0), r.getString(1), drawnShares.get(r.getString(0))));

    List<Row> given =
        spark
            .read()
            .option("header", "true")
            .csv(out.resolve("assignments/part").toString())
            .collectAsList();
    assertThat(given)
        .anyMatch(r -> r.<String>getAs("arm").equals("control"))
        .allMatch(r -> r.<String>getAs("message_id").equals("msg_api_keys_post"))
        .allMatch(
            r ->
                r.<String>getAs("arm")
                    .equals(
                        HoldoutArm.isControl("msg_api_keys_post", r.getAs("user_id"), 0.22)
                            ? "control"
                            : "treatment"));
  }

  private static List<String> sortedExposures(Path root) {
    return SharedSpark.session()
        .read()
        .json(root.resolve("exposures/part").toString())
        .collectAsList()
        .stream()
        .map(Object::toString)
        .sorted()
        .toList();
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
    }
  }
}
