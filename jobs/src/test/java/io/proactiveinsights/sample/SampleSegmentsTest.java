package io.proactiveinsights.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.ingest.IngestJob;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.rules.RuleParser;
import io.proactiveinsights.segments.SegmentsJob;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample catalogue's audience rules, parsed by the rule language and evaluated by the segments
 * job, select exactly the users the sample generator's own SQL selects.
 */
class SampleSegmentsTest {

  private static final LocalDate END = LocalDate.parse("2026-11-23");

  @Test
  void everySampleRuleParses() {
    for (SampleMessage m : SampleCatalogue.MESSAGES) {
      assertThat(RuleParser.parse(m.rule())).as(m.id()).isNotNull();
    }
  }

  @Test
  void segmentSizesAgreeWithTheGeneratorsSql(@TempDir Path tmp) {
    SparkSession spark = SharedSpark.session();
    Path input = tmp.resolve("sample");
    SampleDataGenerator.generate(spark, new SampleSpec(input, 2000, 60, 7, END));
    Warehouse warehouse = new Warehouse(tmp.resolve("wh").toString());
    new IngestJob(spark, SharedSpark.config(), input.toString(), warehouse).run(END);

    SegmentsJob.Result result = new SegmentsJob(spark, SharedSpark.config(), warehouse).run(END);

    spark.read().parquet(input.resolve("users/part").toString()).createOrReplaceTempView("sample_users");
    long asOfSeconds = IngestJob.asOf(END).getEpochSecond();
    Map<String, Long> expected = new LinkedHashMap<>();
    for (SampleMessage m : SampleCatalogue.MESSAGES) {
      if ("live".equals(m.state())) {
        String where = m.audienceSql().replace("{D}", "timestamp_seconds(" + asOfSeconds + ")");
        expected.put(m.id(), spark.sql("SELECT count(*) FROM sample_users WHERE " + where).first().getLong(0));
      }
    }
    Map<String, Long> actual = new LinkedHashMap<>();
    result.segments().forEach(s -> actual.put(s.segmentId(), s.members()));

    assertThat(result.ruleErrors()).isEmpty();
    assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(actual.get("msg_export_tour")).isEqualTo(2000);
    assertThat(actual.get("msg_beta_tooltip")).isBetween(1L, 40L);
  }
}
