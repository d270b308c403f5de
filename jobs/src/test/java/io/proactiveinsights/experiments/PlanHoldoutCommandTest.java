package io.proactiveinsights.experiments;

import static io.proactiveinsights.experiments.ExperimentFixtures.conversation;
import static io.proactiveinsights.experiments.ExperimentFixtures.message;
import static io.proactiveinsights.experiments.ExperimentFixtures.user;
import static io.proactiveinsights.experiments.ExperimentFixtures.writeBronze;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.proactiveinsights.cli.CliRun;
import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.stats.HoldoutPower;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proactive plan-holdout} in-process on a small warehouse written straight to Delta (no
 * ingest): 1,200 people who signed up before the 120-day lookback and 600 who signed up in it, 5 a
 * day; billing tickets from a third of the old people (a tenth of those twice) and a quarter of the
 * new ones, plus tickets that must not count.
 */
class PlanHoldoutCommandTest {

  private static final LocalDate DS = LocalDate.parse("2024-04-30");
  private static final Instant LOOKBACK_START = Instant.parse("2024-01-02T00:00:00Z");

  /** One warehouse for the class: writing it costs more than planning from it. */
  @TempDir static Path tmp;

  private static String wh;

  @BeforeAll
  static void plantOnce() {
    wh = plant();
  }

  @Test
  void plansFromTheAudienceItsNewcomersAndItsTopicsTickets() {

    CliRun run =
        CliRun.runWithTestConf(
            "plan-holdout",
            "--message",
            "m_plan",
            "--share",
            "0.5",
            "--lift",
            "0.5",
            "--ds",
            DS.toString(),
            "--warehouse",
            wh);

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode summary = run.summary();
    assertThat(summary.get("job").asText()).isEqualTo("plan-holdout");
    assertThat(summary.get("status").asText()).isEqualTo("ok");
    JsonNode details = summary.get("details");
    assertThat(details.get("audience_users").asLong()).isEqualTo(1_800);
    assertThat(details.get("daily_new_users").asDouble()).isEqualTo(5.0);
    assertThat(details.get("topics")).hasSize(1);
    JsonNode billing = details.at("/topics/0");
    assertThat(billing.get("topic").asText()).isEqualTo("billing");
    // 400 + 40 second tickets from the old people, 150 from the new; not the login ticket, the
    // reply to a message, nor a ticket from before its sender signed up.
    assertThat(billing.get("tickets").asLong()).isEqualTo(590);
    // 1,200 × 120 days, and 5 a day joining with 120, 119, … 1 days left.
    assertThat(billing.get("person_days").asDouble()).isCloseTo(180_300, within(1e-6));
    double rate = 590 / 180_300.0;
    assertThat(billing.get("tickets_per_person_day").asDouble()).isCloseTo(rate, within(1e-12));
    assertThat(billing.get("variance_to_mean_ratio").asDouble())
        .isCloseTo(pearsonDispersion(rate), within(1e-9));

    ProactiveConfig.ExperimentSettings settings = ProactiveConfig.defaults().experiments();
    int fewer = days(-0.5, rate, billing, settings);
    int more = days(0.5, rate, billing, settings);
    assertThat(billing.get("days_if_fewer").asInt()).isEqualTo(fewer);
    assertThat(billing.get("days_if_more").asInt()).isEqualTo(more);
    assertThat(billing.get("days").asInt()).isEqualTo(Math.max(fewer, more));
    assertThat(run.outLines().get(0))
        .startsWith(
            "billing: a 50% change in tickets (either way) with a 50% holdout would show after "
                + Math.max(fewer, more)
                + " days");
  }

  @Test
  void badSharesAndUnknownMessagesAreUsageErrors() {
    CliRun share =
        CliRun.runWithTestConf(
            "plan-holdout", "--message", "m_plan", "--share", "0.7", "--lift", "0.2");
    assertThat(share.exitCode()).isEqualTo(2);
    assertThat(share.summary().get("error").asText())
        .contains("Cannot plan a holdout: --share must be within (0, 0.5] (got 0.7)");

    CliRun unknown =
        CliRun.runWithTestConf(
            "plan-holdout",
            "--message",
            "m_nope",
            "--share",
            "0.1",
            "--lift",
            "0.2",
            "--warehouse",
            wh);
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.summary().get("status").asText()).isEqualTo("usage_error");
    // Without --ds: the latest ingested catalogue.
    assertThat(unknown.summary().get("error").asText())
        .contains(
            "Cannot plan a holdout for m_nope: no such message in the catalogue of ds 2024-04-30");
  }

  /** Pearson's χ²/(n − 1) of each person's tickets around rate × their days, by hand. */
  private static double pearsonDispersion(double rate) {
    double chiSquared = 0;
    for (int i = 0; i < 1_200; i++) {
      int y = i % 30 == 0 ? 2 : i % 3 == 0 ? 1 : 0;
      chiSquared += Math.pow(y - rate * 120, 2) / (rate * 120);
    }
    for (int j = 0; j < 600; j++) {
      int y = j % 4 == 0 ? 1 : 0;
      double d = 120 - j / 5;
      chiSquared += Math.pow(y - rate * d, 2) / (rate * d);
    }
    return Math.max(1, chiSquared / (1_800 - 1));
  }

  private static int days(
      double lift, double rate, JsonNode billing, ProactiveConfig.ExperimentSettings settings) {
    return HoldoutPower.daysToDetect(
            0.5,
            1_800,
            5.0,
            rate,
            lift,
            settings.alpha(),
            settings.sequentialTuningUsers(),
            billing.get("variance_to_mean_ratio").asDouble(),
            0.8,
            365)
        .days();
  }

  private static String plant() {
    Warehouse warehouse = new Warehouse(tmp.resolve("wh").toString());
    writeBronze(
        warehouse,
        InputTable.MESSAGES,
        List.of(message("m_plan", "post", List.of("billing"), null)),
        DS);
    List<Row> users = new ArrayList<>();
    List<Row> conversations = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      String id = "old" + i;
      users.add(user(id, "2023-06-01T00:00:00Z"));
      if (i % 3 == 0) {
        conversations.add(conversation(id, "billing", "2024-03-01T10:00:00Z", null, null));
      }
      if (i % 30 == 0) {
        conversations.add(conversation(id, "billing", "2024-04-01T10:00:00Z", null, null));
      }
    }
    for (int j = 0; j < 600; j++) {
      String id = "new" + j;
      Instant signup = LOOKBACK_START.plus(Duration.ofDays(j / 5));
      users.add(user(id, signup.toString()));
      if (j % 4 == 0) {
        conversations.add(
            conversation(id, "billing", signup.plus(Duration.ofHours(1)).toString(), null, null));
      }
    }
    conversations.add(conversation("old1", "login", "2024-03-02T10:00:00Z", null, null));
    conversations.add(conversation("old1", "billing", "2024-03-02T10:00:00Z", "m_other", 5));
    conversations.add(conversation("new599", "billing", "2024-02-01T10:00:00Z", null, null));
    writeBronze(warehouse, InputTable.USERS, users, DS);
    writeBronze(warehouse, InputTable.CONVERSATIONS, conversations, DS);
    return warehouse.root();
  }
}
