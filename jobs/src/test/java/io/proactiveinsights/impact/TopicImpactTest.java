package io.proactiveinsights.impact;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.impact.TopicImpact.AlwaysValid;
import io.proactiveinsights.impact.TopicImpact.Comparison;
import io.proactiveinsights.impact.TopicImpact.Method;
import io.proactiveinsights.impact.TopicImpact.PreTrend;
import io.proactiveinsights.impact.TopicImpact.RatioTest;
import io.proactiveinsights.impact.TopicImpact.Verdict;
import io.proactiveinsights.impact.TopicImpact.ViewerComparison;
import io.proactiveinsights.impact.TopicImpactCalculator.MessageTopic;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A topic_impact row stores what later stages read back: the same record, verdicts spelled as the
 * contract spells them.
 */
class TopicImpactTest {

  private static final Instant LIVE_SINCE = Instant.parse("2024-04-10T09:00:00Z");
  private static final LocalDate LAUNCH = LocalDate.parse("2024-04-10");

  private static final TopicImpact JUDGED =
      new TopicImpact(
          new MessageTopic("ki", "login-issues", "banner", "KI-1", LIVE_SINCE),
          LAUNCH.minusDays(14),
          LAUNCH,
          LAUNCH.plusDays(14),
          14,
          14,
          225,
          105,
          Method.EXACT_POISSON_RATE_RATIO,
          new RatioTest(0.47, 0.37, 0.59, 1e-9, 3e-9, AlwaysValid.NONE),
          new RatioTest(0.5, 0.4, 0.62, 2e-8, 4e-8, new AlwaysValid(0.35, 0.71, 4e-6)),
          100,
          new ViewerComparison(
              1000L,
              100.0,
              25.0,
              50.0,
              50.0,
              -75.0,
              -125.9,
              -24.1,
              0.0039,
              0.0078,
              new AlwaysValid(-153.7, 3.7, 0.07),
              new PreTrend(2.5, -40.0, 45.0, true)),
          Comparison.EXPOSED_VS_UNEXPOSED,
          Verdict.FEWER_TICKETS,
          "viewers' tickets around their first view",
          20,
          20 / 225.0,
          0.48);

  private static final TopicImpact TOO_EARLY =
      new TopicImpact(
          new MessageTopic("m1", "billing", "post", null, LIVE_SINCE),
          LAUNCH,
          LAUNCH,
          LAUNCH,
          0,
          0,
          0,
          0,
          Method.INSUFFICIENT_DATA,
          RatioTest.NONE,
          RatioTest.NONE,
          0,
          ViewerComparison.NONE,
          Comparison.BEFORE_AFTER,
          Verdict.INSUFFICIENT_DATA,
          null,
          0,
          null,
          null);

  @Test
  void aRowReadsBackAsTheSameImpact() {
    assertThat(TopicImpact.fromRow(JUDGED.toRow())).isEqualTo(JUDGED);
    assertThat(TopicImpact.fromRow(TOO_EARLY.toRow())).isEqualTo(TOO_EARLY);
  }

  @Test
  void theRowHoldsTheContractsSpellingsAndSparkTypes() {
    Row row = JUDGED.toRow();

    assertThat(row.schema()).isEqualTo(TopicImpact.SCHEMA);
    assertThat(row.<String>getAs("verdict")).isEqualTo("fewer_tickets");
    assertThat(row.<String>getAs("trusted_comparison")).isEqualTo("exposed_vs_unexposed");
    assertThat(row.<String>getAs("method")).isEqualTo("exact_poisson_rate_ratio");
    assertThat(row.<Timestamp>getAs("live_since")).isEqualTo(Timestamp.from(LIVE_SINCE));
    assertThat(row.<Date>getAs("launch_day")).isEqualTo(Date.valueOf(LAUNCH));
    assertThat(row.<Double>getAs("before_rate")).isEqualTo(225 / 14.0);
    assertThat(row.<Double>getAs("did_per_1000_user_weeks")).isEqualTo(-75.0);
    assertThat(row.<Long>getAs("unexposed_users")).isEqualTo(1000L);
    assertThat(row.<String>getAs("design")).isEqualTo("observational");
    assertThat(row.<Double>getAs("weekday_av_ci_high")).isEqualTo(0.71);
    assertThat(row.<Double>getAs("did_av_p_value")).isEqualTo(0.07);
    assertThat(row.<Boolean>getAs("pretrend_parallel")).isTrue();
    assertThat(row.<Double>getAs("pretrend_ci_low")).isEqualTo(-40.0);
    Row early = TOO_EARLY.toRow();
    assertThat(early.<String>getAs("method")).isEqualTo("insufficient_data");
    assertThat(early.<Double>getAs("before_rate")).as("no days before launch").isNull();
    assertThat(early.<Double>getAs("rate_ratio")).isNull();
    assertThat(early.<Long>getAs("unexposed_users")).isNull();
    assertThat(early.<Boolean>getAs("pretrend_parallel")).isNull();
    assertThat(early.<String>getAs("design")).isEqualTo("observational");
  }
}
