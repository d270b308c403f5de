package io.proactiveinsights.hygiene;

import static io.proactiveinsights.hygiene.Facts.AS_OF;
import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.config.ProactiveConfig.HygieneSettings;
import io.proactiveinsights.hygiene.MessageFacts.Decay;
import io.proactiveinsights.hygiene.MessageFacts.Impact;
import io.proactiveinsights.hygiene.MessageFacts.Incident;
import io.proactiveinsights.hygiene.MessageFacts.OverMessaging;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every hygiene flag on a fixture where it must fire and on a near miss where it must not. */
class HygieneRulesTest {

  private static final HygieneSettings DEFAULTS = ProactiveConfig.defaults().hygiene();

  private static HygieneContext context(List<MessageFacts> all) {
    return context(all, List.of(), 0, DEFAULTS);
  }

  private static HygieneContext context(
      List<MessageFacts> all, List<BannerOverlap> overlaps, long overMessaged, HygieneSettings s) {
    return new HygieneContext(s, 100, AS_OF, all, overlaps, Facts.annoyedWeek(overMessaged));
  }

  private static Optional<HygieneFlag> run(HygieneRule rule, MessageFacts m) {
    return rule.evaluate(m, context(List.of(m)));
  }

  private static Incident incident(
      String id,
      java.time.Instant resolvedAt,
      Double spikeRatio,
      Double spikeLow,
      Double recentVsBaselineLow,
      Double recentVsIncidentHigh) {
    return new Incident(
        id,
        "SSO sign-in failures",
        AS_OF.minus(Duration.ofDays(18)),
        resolvedAt,
        4.0,
        20.0,
        4.2,
        spikeRatio,
        spikeLow,
        recentVsBaselineLow,
        recentVsIncidentHigh);
  }

  @Nested
  class ResolvedIssueStillLive {
    private final HygieneRule rule = new HygieneRules.ResolvedIssueStillLive();

    @Test
    void bannerOfAResolvedIssueIsFlaggedWithHowLongAgo() {
      MessageFacts m =
          Facts.post("b")
              .type("banner")
              .incident(incident("KI-101", AS_OF.minus(Duration.ofDays(10)), 5.0, 4.2, 0.7, 0.3))
              .build();

      HygieneFlag flag = run(rule, m).orElseThrow();

      assertThat(flag.severity()).isEqualTo(Severity.HIGH);
      assertThat(flag.since()).isEqualTo(AS_OF.minus(Duration.ofDays(10)));
      assertThat(flag.detail()).contains("KI-101").contains("resolved 10 days ago");
    }

    @Test
    void openIncidentWhoseTicketsAreBackToNormalIsFlaggedToo() {
      MessageFacts m =
          Facts.post("b")
              .type("banner")
              .incident(incident("KI-7", null, 5.0, 4.2, 0.7, 0.3))
              .build();

      HygieneFlag flag = run(rule, m).orElseThrow();

      assertThat(flag.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(flag.detail())
          .contains("still open")
          .contains("4.2 a day")
          .contains("4.0 a day before");
    }

    @Test
    void openIncidentStillRaisingTicketsIsNotFlagged() {
      // Near miss: the last days are still well above the pre-incident level (lower bound 2.5 > 1).
      MessageFacts m =
          Facts.post("b")
              .type("banner")
              .incident(incident("KI-102", null, 5.0, 4.2, 2.5, 1.1))
              .build();

      assertThat(run(rule, m)).isEmpty();
    }

    @Test
    void openIncidentThatNeverRaisedTicketsIsNotFlagged() {
      // Near miss: tickets are at the baseline, but they never rose, so "back to normal" says
      // nothing.
      MessageFacts m =
          Facts.post("b")
              .type("banner")
              .incident(incident("KI-9", null, 1.05, 0.8, 0.7, 0.9))
              .build();

      assertThat(run(rule, m)).isEmpty();
    }

    @Test
    void pausedBannerOfAResolvedIssueIsNotFlagged() {
      MessageFacts m =
          Facts.post("b")
              .type("banner")
              .state("paused")
              .incident(incident("KI-101", AS_OF.minus(Duration.ofDays(10)), 5.0, 4.2, 0.7, 0.3))
              .build();

      assertThat(run(rule, m)).isEmpty();
    }
  }

  @Nested
  class Stale {
    private final HygieneRule rule = new HygieneRules.Stale();

    @Test
    void notEditedForMonthsIsFlaggedSinceTheReviewWasDue() {
      HygieneFlag flag = run(rule, Facts.post("p").editedDaysAgo(150).build()).orElseThrow();

      assertThat(flag.detail()).contains("150 days").contains("review interval is 30 days");
      assertThat(flag.since()).isEqualTo(AS_OF.minus(Duration.ofDays(120)));
      assertThat(flag.severity()).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void editedWithinTheIntervalIsNotFlagged() {
      assertThat(run(rule, Facts.post("p").editedDaysAgo(29).build())).isEmpty();
    }

    @Test
    void theDetailQuotesTheConfiguredInterval() {
      HygieneSettings s = withReviewInterval(60);
      MessageFacts m = Facts.post("p").editedDaysAgo(90).build();

      HygieneFlag flag = rule.evaluate(m, context(List.of(m), List.of(), 0, s)).orElseThrow();

      assertThat(flag.detail()).contains("review interval is 60 days");
      assertThat(
              rule.evaluate(
                  Facts.post("p").editedDaysAgo(45).build(), context(List.of(), List.of(), 0, s)))
          .isEmpty();
    }

    @Test
    void decayingEngagementIsFlagged() {
      // 20% then 10% of 1,000 viewers: a 50% relative drop, p far below 0.01.
      MessageFacts m = Facts.post("p").decay(new Decay(1000, 200, 1000, 100, 0.5, 1e-9)).build();

      assertThat(run(rule, m))
          .get()
          .extracting(HygieneFlag::detail)
          .asString()
          .contains("fell from 20%")
          .contains("10%");
    }

    @Test
    void aSmallOrUncertainDropIsNotDecay() {
      assertThat(
              run(rule, Facts.post("p").decay(new Decay(1000, 200, 1000, 180, 0.1, 0.27)).build()))
          .isEmpty();
      assertThat(run(rule, Facts.post("p").decay(new Decay(60, 20, 60, 5, 0.75, 0.001)).build()))
          .isEmpty();
    }
  }

  @Nested
  class Banners {
    private final MessageFacts maintenance =
        Facts.post("msg_maintenance").type("banner").dismissible(false).liveDaysAgo(20).build();
    private final MessageFacts shortcuts =
        Facts.post("msg_shortcuts").type("banner").liveDaysAgo(6).build();
    private final MessageFacts dismissibleFirst =
        Facts.post("msg_first").type("banner").dismissible(true).liveDaysAgo(20).build();

    @Test
    void nonDismissibleBannerBlocksTheLaterOneItSharesPeopleWith() {
      List<BannerOverlap> overlaps =
          List.of(new BannerOverlap("msg_maintenance", "msg_shortcuts", 10_000, 5_000, 4_000));
      HygieneContext ctx = context(List.of(maintenance, shortcuts), overlaps, 0, DEFAULTS);

      HygieneFlag blocking =
          new HygieneRules.BlockingBanner().evaluate(maintenance, ctx).orElseThrow();

      assertThat(blocking.severity()).isEqualTo(Severity.HIGH);
      assertThat(blocking.detail()).contains("msg_shortcuts (80% of its recipients)");
      assertThat(blocking.evidence()).containsEntry("blocked", List.of("msg_shortcuts"));
      // The blocked banner is named by the blocker; it does not also get an overlap flag.
      assertThat(new HygieneRules.OverlappingBanners().evaluate(shortcuts, ctx)).isEmpty();
      assertThat(new HygieneRules.BlockingBanner().evaluate(shortcuts, ctx)).isEmpty();
    }

    @Test
    void dismissibleBannersQueueInsteadOfBlocking() {
      List<BannerOverlap> overlaps =
          List.of(new BannerOverlap("msg_first", "msg_shortcuts", 10_000, 5_000, 4_000));
      HygieneContext ctx = context(List.of(dismissibleFirst, shortcuts), overlaps, 0, DEFAULTS);

      assertThat(new HygieneRules.BlockingBanner().evaluate(dismissibleFirst, ctx)).isEmpty();
      assertThat(new HygieneRules.OverlappingBanners().evaluate(shortcuts, ctx))
          .get()
          .extracting(HygieneFlag::detail)
          .asString()
          .contains("msg_first");
      assertThat(new HygieneRules.OverlappingBanners().evaluate(dismissibleFirst, ctx)).isEmpty();
    }

    @Test
    void aSmallOverlapIsNoConflict() {
      // 5% of the smaller audience, under banner_overlap_min_share (20%).
      List<BannerOverlap> overlaps =
          List.of(new BannerOverlap("msg_maintenance", "msg_shortcuts", 10_000, 5_000, 250));
      HygieneContext ctx = context(List.of(maintenance, shortcuts), overlaps, 0, DEFAULTS);

      assertThat(new HygieneRules.BlockingBanner().evaluate(maintenance, ctx)).isEmpty();
      assertThat(new HygieneRules.OverlappingBanners().evaluate(shortcuts, ctx)).isEmpty();
    }
  }

  @Nested
  class OverMessagingRule {
    private final HygieneRule rule = new HygieneRules.OverMessaging();

    @Test
    void aMessageBehindMuchOfTheOverMessagingIsFlagged() {
      MessageFacts m = Facts.post("p").overMessaging(new OverMessaging(400, 900, 0.3)).build();

      HygieneFlag flag =
          rule.evaluate(m, context(List.of(m), List.of(), 500, DEFAULTS)).orElseThrow();

      assertThat(flag.detail())
          .contains("500 people received more than 5")
          .contains("dismissed 35% of what they saw, against 10%")
          .contains("30%");
      assertThat(flag.evidence())
          .containsKey("by_weekly_load")
          .containsEntry("others_dismissed_share", 0.1);
    }

    @Test
    void aSmallContributorOrAFewPeopleAreNotFlagged() {
      MessageFacts small = Facts.post("p").overMessaging(new OverMessaging(40, 90, 0.05)).build();
      MessageFacts big = Facts.post("q").overMessaging(new OverMessaging(8, 20, 0.5)).build();

      assertThat(rule.evaluate(small, context(List.of(small), List.of(), 500, DEFAULTS))).isEmpty();
      assertThat(rule.evaluate(big, context(List.of(big), List.of(), 10, DEFAULTS))).isEmpty();
    }

    @Test
    void manyMessagesThatPeopleDoNotMindAreNotOverMessaging() {
      MessageFacts m = Facts.post("p").overMessaging(new OverMessaging(400, 900, 0.3)).build();
      assertThat(
              rule.evaluate(
                  m,
                  new HygieneContext(
                      DEFAULTS, 100, AS_OF, List.of(m), List.of(), Facts.calmWeek(500))))
          .isEmpty();
    }

    @Test
    void overMessagedPeopleMustBeAShareOfTheWorkspaceNotJustFifty() {
      // 300 of 20,000 users (1.5%) is a tail of a busy week, below the 2% of
      // over_messaging_min_share.
      MessageFacts m = Facts.post("p").overMessaging(new OverMessaging(250, 600, 0.3)).build();
      assertThat(rule.evaluate(m, context(List.of(m), List.of(), 300, DEFAULTS))).isEmpty();
    }
  }

  @Nested
  class VagueCta {
    private final HygieneRule rule = new HygieneRules.VagueCta();

    @Test
    void vagueTextIsFlaggedWhateverItsCaseAndPunctuation() {
      assertThat(run(rule, Facts.post("p").cta("  Click HERE! ").build())).isPresent();
      assertThat(run(rule, Facts.post("p").cta("Learn more…").build())).isPresent();
      assertThat(run(rule, Facts.post("p").state("draft").cta("Read more").build())).isPresent();
    }

    @Test
    void aCtaThatNamesTheOutcomeIsFine() {
      assertThat(run(rule, Facts.post("p").cta("Open invoices").build())).isEmpty();
      assertThat(run(rule, Facts.post("p").cta("Learn more about SSO setup").build())).isEmpty();
    }

    @Test
    void noCtaIsFlaggedOnlyWhereTheFormatNeedsOne() {
      assertThat(run(rule, Facts.post("p").type("banner").cta(null).build()))
          .get()
          .extracting(HygieneFlag::severity)
          .isEqualTo(Severity.MEDIUM);
      assertThat(run(rule, Facts.post("t").type("product_tour").cta(null).build())).isEmpty();
      assertThat(run(rule, Facts.post("c").type("chat").cta(" ").build())).isEmpty();
    }
  }

  @Nested
  class NoTicketImpact {
    private final HygieneRule rule = new HygieneRules.NoTicketImpact();

    @Test
    void noChangeOnEveryJudgedTopicIsFlagged() {
      MessageFacts m =
          Facts.post("p").impact(new Impact(1, 1, 0, 0, 0.1, "password-reset: no change")).build();

      assertThat(run(rule, m))
          .get()
          .extracting(HygieneFlag::detail)
          .asString()
          .contains("rule out it preventing as much as 25% of them (at most 10%)")
          .contains("password-reset: no change");
    }

    @Test
    void anIntervalStillWideEnoughForARealDeflectionIsNotNoImpact() {
      // No change, but the data still allow it to prevent 40% of tickets: too little data, not no
      // impact.
      assertThat(
              run(
                  rule,
                  Facts.post("p").impact(new Impact(1, 1, 0, 0, 0.4, "x: no change")).build()))
          .isEmpty();
      assertThat(
              run(
                  rule,
                  Facts.post("p").impact(new Impact(1, 1, 0, 0, null, "x: no change")).build()))
          .isEmpty();
    }

    @Test
    void aMessageThatDeflectsOrCannotBeJudgedYetIsNotFlagged() {
      assertThat(run(rule, Facts.post("p").impact(new Impact(2, 1, 1, 0, 0.1, "x")).build()))
          .isEmpty();
      assertThat(run(rule, Facts.post("p").impact(Impact.NONE).build())).isEmpty();
    }
  }

  @Test
  void everyFlagOfTheContractHasExactlyOneRule() {
    assertThat(HygieneRules.ALL)
        .extracting(HygieneRule::flag)
        .containsExactlyInAnyOrder(Flag.values());
  }

  private static HygieneSettings withReviewInterval(int days) {
    HygieneSettings d = DEFAULTS;
    return new HygieneSettings(
        days,
        d.decayWeeks(),
        d.decayMinRelativeDrop(),
        d.decayMaxPValue(),
        d.decayMinWeeklyViewers(),
        d.incidentRecentDays(),
        d.incidentBaselineDays(),
        d.incidentMinSpikeRatio(),
        d.minLiveDays(),
        d.lowReachMinAudience(),
        d.lowReachMaxReach(),
        d.narrowAudienceMaxShare(),
        d.broadenMinTopicOpeners(),
        d.broadenMaxTopicCoverage(),
        d.baselineMinMessages(),
        d.widerReferenceMaxShare(),
        d.highDismissAbsoluteRate(),
        d.fatigueMinLaterDismissRate(),
        d.lowGoalMaxShareOfBaseline(),
        d.lowCsatMinDifference(),
        d.lowCsatMaxPValue(),
        d.bannerOverlapMinShare(),
        d.overMessagingMaxPerWeek(),
        d.overMessagingMinUsers(),
        d.overMessagingMinShare(),
        d.overMessagingMinDismissLift(),
        d.overMessagingMinContribution(),
        d.vagueCta(),
        d.ctaRequiredFormats(),
        d.lowCtrMaxShareOfBaseline(),
        d.highDismissMinRatio(),
        d.highDismissMinRate(),
        d.noImpactMinExcludedDeflection());
  }
}
