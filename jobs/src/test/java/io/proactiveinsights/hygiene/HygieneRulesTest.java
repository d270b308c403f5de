package io.proactiveinsights.hygiene;

import static io.proactiveinsights.hygiene.Facts.AS_OF;
import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.config.ProactiveConfig.HygieneSettings;
import io.proactiveinsights.hygiene.MessageFacts.Csat;
import io.proactiveinsights.hygiene.MessageFacts.Decay;
import io.proactiveinsights.hygiene.MessageFacts.Impact;
import io.proactiveinsights.hygiene.MessageFacts.Incident;
import io.proactiveinsights.hygiene.MessageFacts.OverMessaging;
import io.proactiveinsights.hygiene.MessageFacts.Showing;
import io.proactiveinsights.hygiene.MessageFacts.Showings;
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

  private static HygieneContext context(List<MessageFacts> all, List<BannerOverlap> overlaps, long overMessaged, HygieneSettings s) {
    return new HygieneContext(s, 100, AS_OF, all, overlaps, Facts.annoyedWeek(overMessaged));
  }

  private static Optional<HygieneFlag> run(HygieneRule rule, MessageFacts m) {
    return rule.evaluate(m, context(List.of(m)));
  }

  private static Incident incident(String id, java.time.Instant resolvedAt, Double spikeRatio, Double spikeLow, Double recentVsBaselineLow,
      Double recentVsIncidentHigh) {
    return new Incident(id, "SSO sign-in failures", AS_OF.minus(Duration.ofDays(18)), resolvedAt, 4.0, 20.0, 4.2, spikeRatio, spikeLow,
        recentVsBaselineLow, recentVsIncidentHigh);
  }

  @Nested
  class ResolvedIssueStillLive {
    private final HygieneRule rule = new HygieneRules.ResolvedIssueStillLive();

    @Test
    void bannerOfAResolvedIssueIsFlaggedWithHowLongAgo() {
      MessageFacts m = Facts.post("b").type("banner")
          .incident(incident("KI-101", AS_OF.minus(Duration.ofDays(10)), 5.0, 4.2, 0.7, 0.3)).build();

      HygieneFlag flag = run(rule, m).orElseThrow();

      assertThat(flag.severity()).isEqualTo(Severity.HIGH);
      assertThat(flag.since()).isEqualTo(AS_OF.minus(Duration.ofDays(10)));
      assertThat(flag.detail()).contains("KI-101").contains("resolved 10 days ago");
    }

    @Test
    void openIncidentWhoseTicketsAreBackToNormalIsFlaggedToo() {
      MessageFacts m = Facts.post("b").type("banner").incident(incident("KI-7", null, 5.0, 4.2, 0.7, 0.3)).build();

      HygieneFlag flag = run(rule, m).orElseThrow();

      assertThat(flag.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(flag.detail()).contains("still open").contains("4.2 a day").contains("4.0 a day before");
    }

    @Test
    void openIncidentStillRaisingTicketsIsNotFlagged() {
      // Near miss: the last days are still well above the pre-incident level (lower bound 2.5 > 1).
      MessageFacts m = Facts.post("b").type("banner").incident(incident("KI-102", null, 5.0, 4.2, 2.5, 1.1)).build();

      assertThat(run(rule, m)).isEmpty();
    }

    @Test
    void openIncidentThatNeverRaisedTicketsIsNotFlagged() {
      // Near miss: tickets are at the baseline, but they never rose, so "back to normal" says nothing.
      MessageFacts m = Facts.post("b").type("banner").incident(incident("KI-9", null, 1.05, 0.8, 0.7, 0.9)).build();

      assertThat(run(rule, m)).isEmpty();
    }

    @Test
    void pausedBannerOfAResolvedIssueIsNotFlagged() {
      MessageFacts m = Facts.post("b").type("banner").state("paused")
          .incident(incident("KI-101", AS_OF.minus(Duration.ofDays(10)), 5.0, 4.2, 0.7, 0.3)).build();

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
      assertThat(rule.evaluate(Facts.post("p").editedDaysAgo(45).build(), context(List.of(), List.of(), 0, s))).isEmpty();
    }

    @Test
    void decayingEngagementIsFlagged() {
      // 20% then 10% of 1,000 viewers: a 50% relative drop, p far below 0.01.
      MessageFacts m = Facts.post("p").decay(new Decay(1000, 200, 1000, 100, 0.5, 1e-9)).build();

      assertThat(run(rule, m)).get().extracting(HygieneFlag::detail).asString().contains("fell from 20%").contains("10%");
    }

    @Test
    void aSmallOrUncertainDropIsNotDecay() {
      assertThat(run(rule, Facts.post("p").decay(new Decay(1000, 200, 1000, 180, 0.1, 0.27)).build())).isEmpty();
      assertThat(run(rule, Facts.post("p").decay(new Decay(60, 20, 60, 5, 0.75, 0.001)).build())).isEmpty();
    }
  }

  @Nested
  class Banners {
    private final MessageFacts maintenance = Facts.post("msg_maintenance").type("banner").dismissible(false).liveDaysAgo(20).build();
    private final MessageFacts shortcuts = Facts.post("msg_shortcuts").type("banner").liveDaysAgo(6).build();
    private final MessageFacts dismissibleFirst = Facts.post("msg_first").type("banner").dismissible(true).liveDaysAgo(20).build();

    @Test
    void nonDismissibleBannerBlocksTheLaterOneItSharesPeopleWith() {
      List<BannerOverlap> overlaps = List.of(new BannerOverlap("msg_maintenance", "msg_shortcuts", 10_000, 5_000, 4_000));
      HygieneContext ctx = context(List.of(maintenance, shortcuts), overlaps, 0, DEFAULTS);

      HygieneFlag blocking = new HygieneRules.BlockingBanner().evaluate(maintenance, ctx).orElseThrow();

      assertThat(blocking.severity()).isEqualTo(Severity.HIGH);
      assertThat(blocking.detail()).contains("msg_shortcuts (80% of its recipients)");
      assertThat(blocking.evidence()).containsEntry("blocked", List.of("msg_shortcuts"));
      // The blocked banner is named by the blocker; it does not also get an overlap flag.
      assertThat(new HygieneRules.OverlappingBanners().evaluate(shortcuts, ctx)).isEmpty();
      assertThat(new HygieneRules.BlockingBanner().evaluate(shortcuts, ctx)).isEmpty();
    }

    @Test
    void dismissibleBannersQueueInsteadOfBlocking() {
      List<BannerOverlap> overlaps = List.of(new BannerOverlap("msg_first", "msg_shortcuts", 10_000, 5_000, 4_000));
      HygieneContext ctx = context(List.of(dismissibleFirst, shortcuts), overlaps, 0, DEFAULTS);

      assertThat(new HygieneRules.BlockingBanner().evaluate(dismissibleFirst, ctx)).isEmpty();
      assertThat(new HygieneRules.OverlappingBanners().evaluate(shortcuts, ctx)).get()
          .extracting(HygieneFlag::detail).asString().contains("msg_first");
      assertThat(new HygieneRules.OverlappingBanners().evaluate(dismissibleFirst, ctx)).isEmpty();
    }

    @Test
    void aSmallOverlapIsNoConflict() {
      // 5% of the smaller audience, under banner_overlap_min_share (20%).
      List<BannerOverlap> overlaps = List.of(new BannerOverlap("msg_maintenance", "msg_shortcuts", 10_000, 5_000, 250));
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

      HygieneFlag flag = rule.evaluate(m, context(List.of(m), List.of(), 500, DEFAULTS)).orElseThrow();

      assertThat(flag.detail()).contains("500 people received more than 5").contains("dismissed 35% of what they saw, against 10%")
          .contains("30%");
      assertThat(flag.evidence()).containsKey("by_weekly_load").containsEntry("others_dismissed_share", 0.1);
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
      assertThat(rule.evaluate(m, new HygieneContext(DEFAULTS, 100, AS_OF, List.of(m), List.of(), Facts.calmWeek(500)))).isEmpty();
    }

    @Test
    void overMessagedPeopleMustBeAShareOfTheWorkspaceNotJustFifty() {
      // 300 of 20,000 users (1.5%) is a tail of a busy week, below the 2% of over_messaging_min_share.
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
      assertThat(run(rule, Facts.post("p").type("banner").cta(null).build())).get()
          .extracting(HygieneFlag::severity).isEqualTo(Severity.MEDIUM);
      assertThat(run(rule, Facts.post("t").type("product_tour").cta(null).build())).isEmpty();
      assertThat(run(rule, Facts.post("c").type("chat").cta(" ").build())).isEmpty();
    }
  }

  @Nested
  class LowReach {
    private final HygieneRule rule = new EngagementRules.LowReach();

    @Test
    void aBigAudienceFewOfWhomReceiveItIsFlaggedWithItsInterval() {
      MessageFacts m = Facts.post("t").audience(15_000L).reach(12_000, 900).build();

      HygieneFlag flag = run(rule, m).orElseThrow();

      // Wilson interval of 900/12,000 by hand: centre (0.075 + 1.96²/24,000) / (1 + 1.96²/12,000) = 0.075136, half-width
      // 1.96 · sqrt(0.075 · 0.925 / 12,000 + 1.96² / (4 · 12,000²)) / 1.00032 = 0.004714: 0.07042 to 0.07985.
      assertThat(flag.detail()).contains("Its rule matches 15,000 people, 12,000 of whom used the product since it went live")
          .contains("only 900 of them received it (7.5%, 95% CI 7.0–8.0%)");
      assertThat(flag.evidence()).containsEntry("cause", "not_shown").containsEntry("reference_value", 0.25);
      assertThat((Double) flag.evidence().get("ci_low")).isCloseTo(0.07042, org.assertj.core.data.Offset.offset(1e-5));
      assertThat((Double) flag.evidence().get("ci_high")).isCloseTo(0.07985, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void aTargetedTourThatReachesMostOfItsAudienceIsNotLowReach() {
      // The issue's case: a tour for people who signed up in the last 14 days reached 1,058 of the 1,137 its rule matches.
      MessageFacts tour = Facts.post("tour").type("product_tour").rule("signed_up_at WITHIN 14d").audience(1_137L).reach(1_137, 1_058).build();
      assertThat(run(rule, tour)).isEmpty();
    }

    @Test
    void aSmallAudienceIsNotABigAudienceBeingMissed() {
      assertThat(run(rule, Facts.post("t").audience(150L).reach(150, 10).build())).isEmpty();
    }

    @Test
    void runtimeConditionsMakeReachUnknowable() {
      assertThat(run(rule, Facts.post("t").audience(15_000L).reach(12_000, 900).runtimeConditions(true).build())).isEmpty();
    }

    @Test
    void aMessageLiveForOneDayIsNotLowReach() {
      assertThat(run(rule, Facts.post("t").liveHoursAgo(30).audience(15_000L).reach(12_000, 900).build())).isEmpty();
    }

    @Test
    void aNarrowRuleThatLeavesOutMostPeopleAskingAboutItsTopicsIsFlagged() {
      MessageFacts beta = Facts.post("beta").type("tooltip").rule("attr.beta_tester = 'true'").audience(98L).reach(98, 90)
          .topicOpeners(400, 3).build();

      HygieneFlag flag = run(rule, beta).orElseThrow();

      assertThat(flag.evidence()).containsEntry("cause", "rule_too_narrow");
      assertThat(flag.detail()).contains("Its rule matches 98 of 20,000 people (0.5%)").contains("400 people opened conversations on data-export")
          .contains("matches only 3 of them");
    }

    @Test
    void aNarrowRuleWhoseTopicsComeFromItsOwnAudienceIsDeliberateTargeting() {
      // Leads ask about integrations; a message for leads about integrations is targeted, not too narrow.
      MessageFacts leads = Facts.post("leads").rule("role = 'lead'").audience(300L).reach(300, 280).topicOpeners(60, 50).build();
      assertThat(run(rule, leads)).isEmpty();
    }

    @Test
    void aNarrowRuleWithoutTopicsIsNeverTooNarrow() {
      MessageFacts beta = Facts.post("beta").rule("attr.beta_tester = 'true'").topics(List.of()).audience(98L).reach(98, 90).build();
      assertThat(run(rule, beta)).isEmpty();
    }
  }

  @Nested
  class LowCtr {
    private final HygieneRule rule = new EngagementRules.LowCtr();

    @Test
    void clicksFarBelowTheFormatAreFlaggedWithTheReferenceNamed() {
      HygieneFlag flag = run(rule, Facts.post("p").primary(40, 0.10).build()).orElseThrow();
      assertThat(flag.detail()).contains("2.0% of 2,000 people who saw it (95% CI").contains("the median of 3 other posts is 10%");
      assertThat(flag.evidence()).containsEntry("estimate", 0.02).containsEntry("reference_value", 0.10)
          .containsEntry("reference", "median of 3 other posts").containsKeys("ci_low", "ci_high");
    }

    @Test
    void againstAWiderReferenceOnlyFarBelowCounts() {
      // 5% against a 10% median of other click formats: low against its own format (below 60%), not against every format (25%).
      assertThat(run(rule, Facts.post("p").primary(100, 0.10).referenceMessages(1).build())).isEmpty();
      assertThat(run(rule, Facts.post("p").primary(30, 0.10).referenceMessages(1).build())).get()
          .extracting(HygieneFlag::detail).asString().contains("median of 5 other messages judged on click-through");
    }

    @Test
    void aTourWithNoClicksIsNotLowCtr() {
      // Judged on completion: zero "successes" here are completions, and tours are never judged on clicks.
      assertThat(run(rule, Facts.post("t").type("product_tour").primary(0, 0.4).build())).isEmpty();
    }

    @Test
    void slightlyBelowTheMedianIsNotLowCtr() {
      assertThat(run(rule, Facts.post("p").primary(170, 0.10).build())).isEmpty();
    }

    @Test
    void noReferenceNoVerdict() {
      assertThat(run(rule, Facts.post("p").primary(10, null).build())).isEmpty();
    }
  }

  @Nested
  class HighDismissals {
    private final HygieneRule rule = new EngagementRules.HighDismissals();

    @Test
    void dismissedByMostViewersIsFlagged() {
      HygieneFlag flag = run(rule, Facts.post("p").dismissals(1_300, 0.12).build()).orElseThrow();
      assertThat(flag.detail()).contains("65% of 2,000 people who saw it (95% CI").contains("the median of 3 other posts is 12%");
      assertThat(flag.evidence()).containsEntry("estimate", 0.65).containsKeys("ci_low", "ci_high", "reference", "reference_value");
    }

    @Test
    void dismissedByMostViewersIsHighEvenWithNoOtherMessageToCompare() {
      // The issue's nagging chat: the only other chat gives no format baseline; the guard rail still holds.
      HygieneFlag flag = run(rule, Facts.post("c").type("chat").dismissals(1_640, null).build()).orElseThrow();
      assertThat(flag.detail()).contains("82% of 2,000 people").contains("no other message to compare with");
      assertThat(flag.evidence()).containsEntry("reference", "absolute threshold hygiene.high_dismiss_absolute_rate");
    }

    @Test
    void repeatsThatMostPeopleDismissAreFlaggedWithTheCurve() {
      MessageFacts chat = Facts.post("c").type("chat").frequency("multiple").dismissals(700, 0.3).showings(Facts.naggingShowings()).build();

      HygieneFlag flag = run(rule, chat).orElseThrow();

      assertThat(flag.detail()).contains("Of the 1,800 people shown it more than once, 85% dismissed a later showing")
          .contains("30% dismiss the 1st, 80% the 2nd, 90% the 3rd or later").contains("replies come from the 1st showing (2.0%");
      assertThat(flag.evidence()).containsKey("by_showing").containsEntry("repeat_dismissers", 1_200L);
    }

    @Test
    void repeatsThatFewDismissAreNotFatigue() {
      Showings calm = new Showings(List.of(new Showing(1, 2_000, 200, 40), new Showing(2, 1_800, 180, 20)),
          new Showing(0, 1_800, 200, 20), 30);
      assertThat(run(rule, Facts.post("c").type("chat").frequency("multiple").dismissals(300, 0.3).showings(calm).build())).isEmpty();
    }

    @Test
    void againstOtherFormatsOnlyTheGuardRailCounts() {
      // 29% of a banner's viewers dismiss it; tours and chats, rarely dismissed, make the wider median 0%.
      assertThat(run(rule, Facts.post("b").type("banner").dismissals(580, 0.0).referenceMessages(1).build())).isEmpty();
    }

    @Test
    void twiceATinyMedianIsStillNotHigh() {
      assertThat(run(rule, Facts.post("p").dismissals(300, 0.05).build())).isEmpty();
    }

    @Test
    void tooFewViewersToJudge() {
      assertThat(run(rule, Facts.post("p").viewers(50).primary(5, 0.1).dismissals(40, 0.12).build())).isEmpty();
    }
  }

  @Nested
  class LowGoalRate {
    private final HygieneRule rule = new EngagementRules.LowGoalRate();

    @Test
    void aGoalRateFarBelowItsReferenceIsFlagged() {
      MessageFacts tour = Facts.post("t").type("product_tour").receivers(2_500).goal("export_completed", 150, 0.35).build();

      HygieneFlag flag = run(rule, tour).orElseThrow();

      assertThat(flag.detail()).contains("6.0% of 2,500 people who received it").contains("went on to export_completed")
          .contains("median of 3 other product tours is 35%");
      assertThat(flag.evidence()).containsEntry("reference_value", 0.35);
    }

    @Test
    void aGoalRateNearItsReferenceIsNot() {
      assertThat(run(rule, Facts.post("t").receivers(2_500).goal("export_completed", 700, 0.35).build())).isEmpty();
    }

    @Test
    void noGoalEventNoFlag() {
      assertThat(run(rule, Facts.post("t").build())).isEmpty();
    }
  }

  @Nested
  class LowCsat {
    private final HygieneRule rule = new EngagementRules.LowCsat();

    @Test
    void conversationsRatedClearlyBelowTheTopicAreFlagged() {
      MessageFacts chat = Facts.post("c").type("chat").csat(new Csat(120, 3.2, 800, 4.0, -0.8, -1.1, -0.5, 1e-6)).build();

      HygieneFlag flag = run(rule, chat).orElseThrow();

      assertThat(flag.detail()).contains("The 120 rated conversations it started average 3.20 against 4.00").contains("-0.80");
      assertThat(flag.evidence()).containsEntry("estimate", -0.8).containsEntry("ci_high", -0.5).containsEntry("reference_value", 4.0);
    }

    @Test
    void aSmallOrUncertainDifferenceIsNot() {
      assertThat(run(rule, Facts.post("c").csat(new Csat(120, 3.8, 800, 4.0, -0.2, -0.4, -0.01, 0.04)).build())).isEmpty();
      assertThat(run(rule, Facts.post("c").csat(new Csat(20, 3.4, 800, 4.0, -0.6, -1.3, 0.1, 0.09)).build())).isEmpty();
      assertThat(run(rule, Facts.post("c").csat(new Csat(5, null, 800, 4.0, null, null, null, null)).build())).isEmpty();
    }
  }

  @Nested
  class NoTicketImpact {
    private final HygieneRule rule = new HygieneRules.NoTicketImpact();

    @Test
    void noChangeOnEveryJudgedTopicIsFlagged() {
      MessageFacts m = Facts.post("p").impact(new Impact(1, 1, 0, 0, 0.1, "password-reset: no change")).build();

      assertThat(run(rule, m)).get().extracting(HygieneFlag::detail).asString()
          .contains("rule out it preventing as much as 25% of them (at most 10%)").contains("password-reset: no change");
    }

    @Test
    void anIntervalStillWideEnoughForARealDeflectionIsNotNoImpact() {
      // No change, but the data still allow it to prevent 40% of tickets: too little data, not no impact.
      assertThat(run(rule, Facts.post("p").impact(new Impact(1, 1, 0, 0, 0.4, "x: no change")).build())).isEmpty();
      assertThat(run(rule, Facts.post("p").impact(new Impact(1, 1, 0, 0, null, "x: no change")).build())).isEmpty();
    }

    @Test
    void aMessageThatDeflectsOrCannotBeJudgedYetIsNotFlagged() {
      assertThat(run(rule, Facts.post("p").impact(new Impact(2, 1, 1, 0, 0.1, "x")).build())).isEmpty();
      assertThat(run(rule, Facts.post("p").impact(Impact.NONE).build())).isEmpty();
    }
  }

  @Test
  void everyFlagOfTheContractHasExactlyOneRule() {
    assertThat(HygieneRules.ALL).extracting(HygieneRule::flag).containsExactlyInAnyOrder(Flag.values());
  }

  private static HygieneSettings withReviewInterval(int days) {
    HygieneSettings d = DEFAULTS;
    return new HygieneSettings(days, d.decayWeeks(), d.decayMinRelativeDrop(), d.decayMaxPValue(), d.decayMinWeeklyViewers(),
        d.incidentRecentDays(), d.incidentBaselineDays(), d.incidentMinSpikeRatio(), d.minLiveDays(), d.lowReachMinAudience(),
        d.lowReachMaxReach(), d.narrowAudienceMaxShare(), d.broadenMinTopicOpeners(), d.broadenMaxTopicCoverage(), d.baselineMinMessages(),
        d.widerReferenceMaxShare(), d.highDismissAbsoluteRate(), d.fatigueMinLaterDismissRate(), d.lowGoalMaxShareOfBaseline(),
        d.lowCsatMinDifference(), d.lowCsatMaxPValue(), d.bannerOverlapMinShare(), d.overMessagingMaxPerWeek(), d.overMessagingMinUsers(), d.overMessagingMinShare(), d.overMessagingMinDismissLift(),
        d.overMessagingMinContribution(), d.vagueCta(), d.ctaRequiredFormats(), d.lowCtrMaxShareOfBaseline(), d.highDismissMinRatio(),
        d.highDismissMinRate(), d.noImpactMinExcludedDeflection());
  }
}
