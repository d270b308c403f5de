package io.proactiveinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product on the demo's data: {@code proactive demo} at its default size, then the
 * findings checked against what the sample generator planted. Runs in {@code mvn verify}
 * (failsafe), not in {@code mvn test}: it takes a few minutes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoScenarioIT {

  private static final String DS = "2026-11-23";

  private CliRun demo;
  private Path warehouse;

  @BeforeAll
  void runDemo(@TempDir Path dir) {
    SharedSpark.session();
    demo = CliRun.runWithTestConf("demo", "--dir", dir.toString(), "--ds", DS);
    warehouse = dir.resolve("warehouse");
  }

  @Test
  void theDemoExitsZeroAndPrintsWhereThingsAreAndPerMessageStats() {
    assertThat(demo.exitCode()).as(demo.err()).isZero();
    assertThat(demo.out()).contains("Warehouse").contains("PLANTED.md").contains("msg_export_tour")
        .contains("primary metric").contains("completion_rate");
    JsonNode summary = demo.summary();
    assertThat(summary.get("status").asText()).isEqualTo("ok");
    assertThat(summary.at("/details/ingest/tables/exposures/quarantined").asLong()).isEqualTo(6);
    assertThat(summary.at("/details/ingest/tables/exposures/duplicates").asLong()).isPositive();
  }

  @Test
  void theTourThatDeflectsIsFoundAndNothingElseIs() {
    Map<String, Row> impact = new HashMap<>();
    for (Row r : SharedSpark.session().read().format("delta").load(warehouse.resolve("topic_impact").toString())
        .where("ds = DATE'" + DS + "'").collectAsList()) {
      impact.put(r.<String>getAs("message_id") + "/" + r.<String>getAs("topic"), r);
    }
    Row tour = impact.get("msg_export_tour/data-export");
    assertThat(tour.<String>getAs("verdict")).isEqualTo("fewer_tickets");
    assertThat(tour.<Double>getAs("did_ci_high")).isNegative();
    assertThat(impact.get("msg_password_post/password-reset").<String>getAs("verdict")).isEqualTo("no_change");
    Row banner = impact.get("msg_sso_outage_banner/login-issues");
    assertThat(banner.<String>getAs("trusted_comparison")).isEqualTo("exposed_vs_unexposed");
    assertThat(banner.<Double>getAs("rate_ratio")).as("the incident doubles tickets after launch").isGreaterThan(1.5);
    assertThat(banner.<String>getAs("verdict")).as("but the banner did not cause them").isEqualTo("no_change");
    assertThat(impact.values().stream().filter(r -> r.<String>getAs("verdict").equals("fewer_tickets") || r.<String>getAs("verdict").equals("more_tickets")))
        .as("only the planted deflection is called").hasSize(1);
  }

  @Test
  void engagementIsJudgedPerFormat() {
    Map<String, Row> stats = new HashMap<>();
    for (Row r : SharedSpark.session().read().format("delta").load(warehouse.resolve("message_stats").toString())
        .where("ds = DATE'" + DS + "'").collectAsList()) {
      stats.put(r.getAs("message_id"), r);
    }
    assertThat(stats.get("msg_export_tour").<String>getAs("primary_metric")).isEqualTo("completion_rate");
    assertThat(stats.get("msg_sso_chat").<String>getAs("primary_metric")).isEqualTo("reply_rate");
    assertThat(stats.get("msg_integrations_post").<Double>getAs("dismiss_rate")).isGreaterThan(0.5);
    assertThat(stats.get("msg_draft_tour").isNullAt(stats.get("msg_draft_tour").fieldIndex("primary_rate"))).isTrue();
  }
}
