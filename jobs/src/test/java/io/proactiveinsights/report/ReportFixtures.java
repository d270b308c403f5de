package io.proactiveinsights.report;

import io.proactiveinsights.experiments.ExperimentImpact;
import io.proactiveinsights.experiments.MessageArms;
import io.proactiveinsights.hygiene.Flag;
import io.proactiveinsights.hygiene.Severity;
import io.proactiveinsights.impact.CsatImpact.Method;
import io.proactiveinsights.impact.TopicImpact.Comparison;
import io.proactiveinsights.impact.TopicImpact.Verdict;
import io.proactiveinsights.impact.TopicSuggestions.TopicLift;
import io.proactiveinsights.recommend.Action;
import io.proactiveinsights.report.ReportInputs.CsatRow;
import io.proactiveinsights.report.ReportInputs.FlagRow;
import io.proactiveinsights.report.ReportInputs.GoalRow;
import io.proactiveinsights.report.ReportInputs.ImpactRow;
import io.proactiveinsights.report.ReportInputs.MessageInfo;
import io.proactiveinsights.report.ReportInputs.ReasonCount;
import io.proactiveinsights.report.ReportInputs.RecommendationRow;
import io.proactiveinsights.report.ReportInputs.SeriesMember;
import io.proactiveinsights.report.ReportInputs.StatsRow;
import io.proactiveinsights.report.ReportInputs.TableCount;
import io.proactiveinsights.report.ReportInputs.TicketDay;
import io.proactiveinsights.report.ReportInputs.VariantRow;
import io.proactiveinsights.schema.ExperimentImpactColumns;
import io.proactiveinsights.schema.MessageStatsColumns.BaselinePosition;
import io.proactiveinsights.stats.RateRatio;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A small report input, built by hand: a banner that deflects tickets, a post that does not and
 * whose name is hostile markup, a tour too young to judge, their recommendations (with and without
 * the interval and reference in their evidence), flags and a little quarantine; goals on the banner
 * (no peer) and on four tours (one below the others), CSAT clearly lower on the post, no clear
 * difference on the banner, too few ratings on the tour.
 */
final class ReportFixtures {

  static final LocalDate DS = LocalDate.of(2024, 4, 30);
  static final String HOSTILE_NAME = "<script>alert('x')</script> *Export* | now";

  private ReportFixtures() {}

  static ReportInputs inputs() {
    List<TicketDay> tickets = new ArrayList<>();
    for (LocalDate d = LocalDate.of(2024, 3, 25); !d.isAfter(DS); d = d.plusDays(1)) {
      boolean after = !d.isBefore(LocalDate.of(2024, 4, 10));
      tickets.add(new TicketDay("billing", d, after ? 3 : 8));
      if (d.getDayOfMonth() % 3 != 0) {
        tickets.add(new TicketDay("data-export", d, 5));
      }
    }
    return new ReportInputs(
        DS,
        Instant.parse("2024-05-01T00:00:00Z"),
        "/tmp/warehouse",
        List.of(
            new MessageInfo(
                "m_banner",
                "Invoices moved",
                "banner",
                "live",
                Instant.parse("2024-04-10T09:00:00Z"),
                List.of("billing"),
                "invoice.opened"),
            new MessageInfo(
                "m_post",
                HOSTILE_NAME,
                "post",
                "live",
                Instant.parse("2024-04-12T09:00:00Z"),
                List.of("data-export"),
                null),
            new MessageInfo(
                "m_tour",
                "Export tour",
                "product_tour",
                "live",
                Instant.parse("2024-04-28T09:00:00Z"),
                List.of("data-export"),
                "export.completed"),
            new MessageInfo(
                "m_paused", "Old promo", "banner", "paused", null, List.of(), "promo.used"),
            // Tours that only the goals section reads: the peers of m_tour, one of them received by
            // too few people to count as a peer.
            new MessageInfo(
                "m_setup",
                "Setup tour",
                "product_tour",
                "live",
                Instant.parse("2024-03-01T09:00:00Z"),
                List.of(),
                "setup.done"),
            new MessageInfo(
                "m_import",
                "Import tour",
                "product_tour",
                "live",
                Instant.parse("2024-03-01T09:00:00Z"),
                List.of(),
                "import.done"),
            new MessageInfo(
                "m_tiny",
                "Tiny tour",
                "product_tour",
                "live",
                Instant.parse("2024-04-29T09:00:00Z"),
                List.of(),
                "tiny.done")),
        List.of(
            // Evidence written before the rules said how sure they are: no interval, no reference.
            new RecommendationRow(
                "m_tour",
                Action.NARROW_AUDIENCE,
                3,
                "Engagement is low outside admins.",
                "Set the audience to `attr.role = 'admin'`, not `<script>`",
                "{\"slice\":\"attr.role = 'admin'\",\"slice_rate\":0.4}"),
            new RecommendationRow(
                "m_post",
                Action.REWORK_CONTENT,
                2,
                "Seen by 900 people, tickets unchanged.",
                "Rewrite around the export error",
                "{\"flag\":\"NO_TICKET_IMPACT\",\"estimate\":0.94,\"ci_low\":0.8,\"ci_high\":1.12,\"reference\":\"the"
                    + " planned effect\",\"reference_value\":0.8}"),
            new RecommendationRow(
                "m_banner",
                Action.REDUCE_FREQUENCY,
                1,
                "Shown 9 times a week to the same people.",
                "once_per_session",
                "{\"estimate\":0.41,\"ci_low\":0.37,\"ci_high\":0.45,\"reference\":\"median of 3"
                    + " other banners\",\"reference_value\":0.6}"),
            new RecommendationRow(
                "m_post",
                Action.PAUSE,
                1,
                "Says <b>outage</b> that ended 10 days ago.",
                "Pause it",
                "{\"reference\":\"an absolute guard rail <b>\",\"estimate\":null}")),
        List.of(
            impact(
                "m_post",
                "data-export",
                LocalDate.of(2024, 4, 12),
                70,
                66,
                1.0,
                0.94,
                0.80,
                1.12,
                Verdict.NO_CHANGE,
                Comparison.EXPOSED_VS_UNEXPOSED),
            impact(
                "m_banner",
                "billing",
                LocalDate.of(2024, 4, 10),
                112,
                42,
                8.0,
                3.0,
                0.31,
                0.45,
                Verdict.FEWER_TICKETS,
                Comparison.BEFORE_AFTER),
            impact(
                "m_tour",
                "data-export",
                LocalDate.of(2024, 4, 28),
                70,
                10,
                5.0,
                5.0,
                null,
                null,
                Verdict.INSUFFICIENT_DATA,
                Comparison.BEFORE_AFTER)),
        List.of(
            new StatsRow(
                "m_banner",
                "banner",
                1200,
                1100,
                300,
                0,
                0,
                220,
                "ctr",
                0.27,
                0.25,
                0.30,
                0.20,
                BaselinePosition.ABOVE,
                0.20,
                0.18,
                0.22,
                0.10),
            new StatsRow(
                "m_post",
                "post",
                900,
                850,
                40,
                0,
                0,
                60,
                "ctr",
                0.047,
                0.035,
                0.06,
                0.12,
                BaselinePosition.BELOW,
                0.07,
                0.05,
                0.09,
                0.08),
            new StatsRow(
                "m_tour",
                "product_tour",
                80,
                60,
                0,
                0,
                25,
                0,
                "completion_rate",
                0.42,
                0.30,
                0.55,
                null,
                BaselinePosition.NO_BASELINE,
                null,
                null,
                null,
                null),
            new StatsRow(
                "m_paused",
                "banner",
                0,
                0,
                0,
                0,
                0,
                0,
                "ctr",
                null,
                null,
                null,
                0.20,
                BaselinePosition.INSUFFICIENT_DATA,
                null,
                null,
                null,
                0.10)),
        List.of(
            new GoalRow("m_banner", 1200, 300, 0.25, 0.23, 0.275, true),
            new GoalRow("m_post", 900, 0, 0.0, 0.0, 0.004, true),
            new GoalRow("m_tour", 80, 20, 0.25, 0.17, 0.36, true),
            new GoalRow("m_paused", 0, 0, null, null, null, false),
            new GoalRow("m_setup", 1000, 600, 0.60, 0.57, 0.63, true),
            new GoalRow("m_import", 500, 320, 0.64, 0.60, 0.68, true),
            new GoalRow("m_tiny", 3, 3, 1.0, 0.44, 1.0, false)),
        List.of(
            new CsatRow("m_post", 40, 3.1, 400, 4.0, -0.9, -1.3, -0.5, 0.00002, Method.WELCH_T),
            new CsatRow("m_banner", 60, 4.4, 350, 4.1, 0.3, -0.1, 0.7, 0.12, Method.WELCH_T),
            new CsatRow(
                "m_tour", 3, 5.0, 400, 4.0, null, null, null, null, Method.INSUFFICIENT_DATA)),
        List.of(
            new FlagRow(
                "m_post",
                Flag.RESOLVED_ISSUE_STILL_LIVE,
                Severity.HIGH,
                Instant.parse("2024-04-20T00:00:00Z"),
                "Incident resolved 10 days ago; tickets back to normal."),
            new FlagRow(
                "m_banner",
                Flag.OVERLAPPING_BANNERS,
                Severity.MEDIUM,
                null,
                "Shares 80% of its audience with m_paused."),
            new FlagRow(
                "m_tour", Flag.VAGUE_CTA, Severity.LOW, null, "CTA 'Click here' says nothing.")),
        List.of(
            new TableCount("messages", 4, 1),
            new TableCount("exposures", 5000, 12),
            new TableCount("conversations", 900, 0),
            new TableCount("users", 2000, 2),
            new TableCount("user_events", 0, 0),
            new TableCount("known_issues", 1, 0)),
        List.of(
            new ReasonCount(
                "exposures",
                "occurred_at: '…' has no UTC offset (add Z or an offset such as +02:00)",
                10),
            new ReasonCount("exposures", "message_id: '…' is not in the messages catalogue", 2),
            new ReasonCount("users", "role: '…' is not one of user, lead", 2),
            new ReasonCount(
                "messages", "malformed CSV line (wrong number of fields or broken quoting)", 1)),
        tickets,
        experiments(),
        topicSuggestions(),
        variants(),
        series());
  }

  /**
   * Series 61000001 "Onboarding" delivered the tour and the banner; series 61000002 "Activation"
   * the tour too, so the tour is listed under both.
   */
  static List<SeriesMember> series() {
    return List.of(
        new SeriesMember("61000001", "Onboarding", "m_tour"),
        new SeriesMember("61000001", "Onboarding", "m_banner"),
        new SeriesMember("61000002", "Activation", "m_tour"));
  }

  /**
   * m_banner is an A/B test: A (the reference, more receivers) 98 of 1,000 viewers clicked, B 121
   * of 1,000. B − A = +2.3 points, 95% CI −0.4 to +5.0, p 0.0996 (R: the Wald interval by hand and
   * prop.test(c(121, 98), c(1000, 1000), correct = FALSE), as in VariantComparisonTest).
   */
  static List<VariantRow> variants() {
    return List.of(
        new VariantRow("m_banner", "A", 1400, "ctr", 1000, 98, 0.098, true, null, null, null, null),
        new VariantRow(
            "m_banner",
            "B",
            1380,
            "ctr",
            1000,
            121,
            0.121,
            false,
            0.023,
            -0.004352208551,
            0.050352208551,
            0.0995617737858));
  }

  /**
   * The banner's holdout (21 days, 10% held out as declared): fewer billing tickets, a goal rate
   * still inconclusive, click-through treatment only. The post's: a source that held out 22% of
   * people where 30% was declared, so its metrics are not read.
   */
  static List<ExperimentImpact> experiments() {
    MessageArms banner = new MessageArms("m_banner", 9_000, 1_000, 0.1, 0.62, 21);
    MessageArms post = new MessageArms("m_post", 7_800, 2_200, 0.3, 1e-40, 14);
    return List.of(
        new ExperimentImpact(
            banner,
            "tickets:billing",
            9_000,
            1_000,
            0.0021,
            0.0030,
            -0.3,
            -0.45,
            -0.12,
            0.001,
            "rate_ratio_cuped",
            ExperimentImpactColumns.Verdict.FEWER_TICKETS),
        new ExperimentImpact(
            banner,
            "ctr",
            4_000,
            0,
            0.21,
            null,
            null,
            null,
            null,
            null,
            ExperimentImpactColumns.TREATMENT_ONLY,
            null),
        new ExperimentImpact(
            banner,
            "goal_rate",
            9_000,
            1_000,
            0.26,
            0.25,
            0.04,
            -0.15,
            0.27,
            0.6,
            "ratio_cuped",
            ExperimentImpactColumns.Verdict.INCONCLUSIVE),
        new ExperimentImpact(
            post,
            "tickets:data-export",
            7_800,
            2_200,
            0.004,
            0.004,
            null,
            null,
            null,
            null,
            null,
            ExperimentImpactColumns.Verdict.SRM));
  }

  /**
   * m_quiet names no topic: its receivers asked about billing in 30 of their 40 follow-ups, against
   * 50 of the 400 other conversations (a lift of 6.0, 95% CI 3.7 to 9.6, p 5.2e-12: R's
   * poisson.test(c(30, 50), c(40, 400))); data-export is not suggested.
   */
  static List<TopicLift> topicSuggestions() {
    return List.of(
        new TopicLift(
            "m_quiet",
            "billing",
            30,
            40,
            80,
            440,
            new RateRatio(6.0, 3.684, 9.621, 5.154e-12),
            1e-11,
            true),
        new TopicLift(
            "m_quiet",
            "data-export",
            5,
            40,
            60,
            440,
            new RateRatio(1.4, 0.5, 3.3, 0.4),
            0.4,
            false));
  }

  /** The fixture's inputs without any holdout. */
  static ReportInputs withoutExperiments() {
    return withExperimentsAndSeries(List.of(), series());
  }

  /** The fixture's inputs without any message delivered in a series. */
  static ReportInputs withoutSeries() {
    return withExperimentsAndSeries(experiments(), List.of());
  }

  private static ReportInputs withExperimentsAndSeries(
      List<ExperimentImpact> experiments, List<SeriesMember> series) {
    ReportInputs in = inputs();
    return new ReportInputs(
        in.ds(),
        in.asOf(),
        in.warehouseRoot(),
        in.messages(),
        in.recommendations(),
        in.impacts(),
        in.stats(),
        in.goals(),
        in.csat(),
        in.flags(),
        in.tableCounts(),
        in.quarantineReasons(),
        in.ticketDays(),
        experiments,
        in.topicSuggestions(),
        in.variants(),
        series);
  }

  private static ImpactRow impact(
      String message,
      String topic,
      LocalDate launch,
      long before,
      long after,
      double beforeRate,
      double afterRate,
      Double ratio,
      Double high,
      Verdict verdict,
      Comparison trusted) {
    boolean did = trusted == Comparison.EXPOSED_VS_UNEXPOSED;
    return new ImpactRow(
        message,
        topic,
        launch,
        launch.minusDays(14),
        launch.plusDays(14),
        before,
        after,
        beforeRate,
        afterRate,
        ratio,
        ratio == null ? null : ratio * 0.7,
        high,
        did ? 850 : 0,
        did ? 2.1 : null,
        did ? 2.0 : null,
        did ? 2.2 : null,
        did ? 2.15 : null,
        did ? 0.05 : null,
        did ? -0.4 : null,
        did ? 0.5 : null,
        did ? Boolean.TRUE : null,
        trusted,
        verdict,
        null);
  }

  static ReportView view() {
    return ReportModel.build(inputs());
  }
}
