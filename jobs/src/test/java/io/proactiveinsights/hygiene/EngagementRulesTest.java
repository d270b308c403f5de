package io.proactiveinsights.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.config.ProactiveConfig.HygieneSettings;
import io.proactiveinsights.hygiene.MessageFacts.Csat;
import io.proactiveinsights.hygiene.MessageFacts.Showing;
import io.proactiveinsights.hygiene.MessageFacts.Showings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every rule of {@link EngagementRules} on a fixture where it must fire and on near misses where it
 * must not.
 */
class EngagementRulesTest {

  private static final HygieneSettings DEFAULTS = ProactiveConfig.defaults().hygiene();

  private static Optional<HygieneFlag> run(HygieneRule rule, MessageFacts m) {
    return rule.evaluate(
        m,
        new HygieneContext(
            DEFAULTS, 100, Facts.AS_OF, List.of(m), List.of(), Facts.annoyedWeek(0)));
  }

  @Nested
  class LowReach {
    private final HygieneRule rule = new EngagementRules.LowReach();

    @Test
    void aBigAudienceFewOfWhomReceiveItIsFlaggedWithItsInterval() {
      MessageFacts m = Facts.post("t").audience(15_000L).reach(12_000, 900).build();

      HygieneFlag flag = run(rule, m).orElseThrow();

      // Wilson interval of 900/12,000 by hand: centre (0.075 + 1.96²/24,000) / (1 + 1.96²/12,000) =
      // 0.075136, half-width
      // 1.96 · sqrt(0.075 · 0.925 / 12,000 + 1.96² / (4 · 12,000²)) / 1.00032 = 0.004714: 0.07042
      // to 0.07985.
      assertThat(flag.detail())
          .contains(
              "Its rule matches 15,000 people, 12,000 of whom used the product since it went live")
          .contains("only 900 of them received it (7.5%, 95% CI 7.0–8.0%)");
      assertThat(flag.evidence())
          .containsEntry("cause", "not_shown")
          .containsEntry("reference_value", 0.25);
      assertThat((Double) flag.evidence().get("ci_low"))
          .isCloseTo(0.07042, org.assertj.core.data.Offset.offset(1e-5));
      assertThat((Double) flag.evidence().get("ci_high"))
          .isCloseTo(0.07985, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void aTargetedTourThatReachesMostOfItsAudienceIsNotLowReach() {
      // The case: a tour for people who signed up in the last 14 days reached 1,058 of the
      // 1,137 its rule matches.
      MessageFacts tour =
          Facts.post("tour")
              .type("product_tour")
              .rule("signed_up_at WITHIN 14d")
              .audience(1_137L)
              .reach(1_137, 1_058)
              .build();
      assertThat(run(rule, tour)).isEmpty();
    }

    @Test
    void aSmallAudienceIsNotABigAudienceBeingMissed() {
      assertThat(run(rule, Facts.post("t").audience(150L).reach(150, 10).build())).isEmpty();
    }

    @Test
    void runtimeConditionsMakeReachUnknowable() {
      assertThat(
              run(
                  rule,
                  Facts.post("t")
                      .audience(15_000L)
                      .reach(12_000, 900)
                      .runtimeConditions(true)
                      .build()))
          .isEmpty();
    }

    @Test
    void aMessageLiveForOneDayIsNotLowReach() {
      assertThat(
              run(
                  rule,
                  Facts.post("t").liveHoursAgo(30).audience(15_000L).reach(12_000, 900).build()))
          .isEmpty();
    }

    @Test
    void aNarrowRuleThatLeavesOutMostPeopleAskingAboutItsTopicsIsFlagged() {
      MessageFacts beta =
          Facts.post("beta")
              .type("tooltip")
              .rule("attr.beta_tester = 'true'")
              .audience(98L)
              .reach(98, 90)
              .topicOpeners(400, 3)
              .build();

      HygieneFlag flag = run(rule, beta).orElseThrow();

      assertThat(flag.evidence()).containsEntry("cause", "rule_too_narrow");
      assertThat(flag.detail())
          .contains("Its rule matches 98 of 20,000 people (0.5%)")
          .contains("400 people opened conversations on data-export")
          .contains("matches only 3 of them");
    }

    @Test
    void aNarrowRuleWhoseTopicsComeFromItsOwnAudienceIsDeliberateTargeting() {
      // Leads ask about integrations; a message for leads about integrations is targeted, not too
      // narrow.
      MessageFacts leads =
          Facts.post("leads")
              .rule("role = 'lead'")
              .audience(300L)
              .reach(300, 280)
              .topicOpeners(60, 50)
              .build();
      assertThat(run(rule, leads)).isEmpty();
    }

    @Test
    void aNarrowRuleWithoutTopicsIsNeverTooNarrow() {
      MessageFacts beta =
          Facts.post("beta")
              .rule("attr.beta_tester = 'true'")
              .topics(List.of())
              .audience(98L)
              .reach(98, 90)
              .build();
      assertThat(run(rule, beta)).isEmpty();
    }
  }

  @Nested
  class LowCtr {
    private final HygieneRule rule = new EngagementRules.LowCtr();

    @Test
    void clicksFarBelowTheFormatAreFlaggedWithTheReferenceNamed() {
      HygieneFlag flag = run(rule, Facts.post("p").primary(40, 0.10).build()).orElseThrow();
      assertThat(flag.detail())
          .contains("2.0% of 2,000 people who saw it (95% CI")
          .contains("the median of 3 other posts is 10%");
      assertThat(flag.evidence())
          .containsEntry("estimate", 0.02)
          .containsEntry("reference_value", 0.10)
          .containsEntry("reference", "median of 3 other posts")
          .containsKeys("ci_low", "ci_high");
    }

    @Test
    void againstAWiderReferenceOnlyFarBelowCounts() {
      // 5% against a 10% median of other click formats: low against its own format (below 60%), not
      // against every format (25%).
      assertThat(run(rule, Facts.post("p").primary(100, 0.10).referenceMessages(1).build()))
          .isEmpty();
      assertThat(run(rule, Facts.post("p").primary(30, 0.10).referenceMessages(1).build()))
          .get()
          .extracting(HygieneFlag::detail)
          .asString()
          .contains("median of 5 other messages judged on click-through");
    }

    @Test
    void aTourWithNoClicksIsNotLowCtr() {
      // Judged on completion: zero "successes" here are completions, and tours are never judged on
      // clicks.
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
      assertThat(flag.detail())
          .contains("65% of 2,000 people who saw it (95% CI")
          .contains("the median of 3 other posts is 12%");
      assertThat(flag.evidence())
          .containsEntry("estimate", 0.65)
          .containsKeys("ci_low", "ci_high", "reference", "reference_value");
    }

    @Test
    void dismissedByMostViewersIsHighEvenWithNoOtherMessageToCompare() {
      // The nagging chat: the only other chat gives no format baseline; the guard rail
      // still holds.
      HygieneFlag flag =
          run(rule, Facts.post("c").type("chat").dismissals(1_640, null).build()).orElseThrow();
      assertThat(flag.detail())
          .contains("82% of 2,000 people")
          .contains("no other message to compare with");
      assertThat(flag.evidence())
          .containsEntry("reference", "absolute threshold hygiene.high_dismiss_absolute_rate");
    }

    @Test
    void repeatsThatMostPeopleDismissAreFlaggedWithTheCurve() {
      MessageFacts chat =
          Facts.post("c")
              .type("chat")
              .frequency("multiple")
              .dismissals(700, 0.3)
              .showings(Facts.naggingShowings())
              .build();

      HygieneFlag flag = run(rule, chat).orElseThrow();

      assertThat(flag.detail())
          .contains("Of the 1,800 people shown it more than once, 85% dismissed a later showing")
          .contains("30% dismiss the 1st, 80% the 2nd, 90% the 3rd or later")
          .contains("replies come from the 1st showing (2.0%");
      assertThat(flag.evidence())
          .containsKey("by_showing")
          .containsEntry("repeat_dismissers", 1_200L);
    }

    @Test
    void repeatsThatFewDismissAreNotFatigue() {
      Showings calm =
          new Showings(
              List.of(new Showing(1, 2_000, 200, 40), new Showing(2, 1_800, 180, 20)),
              new Showing(0, 1_800, 200, 20),
              30);
      assertThat(
              run(
                  rule,
                  Facts.post("c")
                      .type("chat")
                      .frequency("multiple")
                      .dismissals(300, 0.3)
                      .showings(calm)
                      .build()))
          .isEmpty();
    }

    @Test
    void againstOtherFormatsOnlyTheGuardRailCounts() {
      // 29% of a banner's viewers dismiss it; tours and chats, rarely dismissed, make the wider
      // median 0%.
      assertThat(
              run(
                  rule,
                  Facts.post("b").type("banner").dismissals(580, 0.0).referenceMessages(1).build()))
          .isEmpty();
    }

    @Test
    void twiceATinyMedianIsStillNotHigh() {
      assertThat(run(rule, Facts.post("p").dismissals(300, 0.05).build())).isEmpty();
    }

    @Test
    void tooFewViewersToJudge() {
      assertThat(
              run(rule, Facts.post("p").viewers(50).primary(5, 0.1).dismissals(40, 0.12).build()))
          .isEmpty();
    }
  }

  @Nested
  class LowGoalRate {
    private final HygieneRule rule = new EngagementRules.LowGoalRate();

    @Test
    void aGoalRateFarBelowItsReferenceIsFlagged() {
      MessageFacts tour =
          Facts.post("t")
              .type("product_tour")
              .receivers(2_500)
              .goal("export_completed", 150, 0.35)
              .build();

      HygieneFlag flag = run(rule, tour).orElseThrow();

      assertThat(flag.detail())
          .contains("6.0% of 2,500 people who received it")
          .contains("went on to export_completed")
          .contains("median of 3 other product tours is 35%");
      assertThat(flag.evidence()).containsEntry("reference_value", 0.35);
    }

    @Test
    void aGoalRateNearItsReferenceIsNot() {
      assertThat(
              run(
                  rule,
                  Facts.post("t").receivers(2_500).goal("export_completed", 700, 0.35).build()))
          .isEmpty();
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
      MessageFacts chat =
          Facts.post("c")
              .type("chat")
              .csat(new Csat(120, 3.2, 800, 4.0, -0.8, -1.1, -0.5, 1e-6))
              .build();

      HygieneFlag flag = run(rule, chat).orElseThrow();

      assertThat(flag.detail())
          .contains("The 120 rated conversations it started average 3.20 against 4.00")
          .contains("-0.80");
      assertThat(flag.evidence())
          .containsEntry("estimate", -0.8)
          .containsEntry("ci_high", -0.5)
          .containsEntry("reference_value", 4.0);
    }

    @Test
    void aSmallOrUncertainDifferenceIsNot() {
      assertThat(
              run(
                  rule,
                  Facts.post("c")
                      .csat(new Csat(120, 3.8, 800, 4.0, -0.2, -0.4, -0.01, 0.04))
                      .build()))
          .isEmpty();
      assertThat(
              run(
                  rule,
                  Facts.post("c").csat(new Csat(20, 3.4, 800, 4.0, -0.6, -1.3, 0.1, 0.09)).build()))
          .isEmpty();
      assertThat(
              run(
                  rule,
                  Facts.post("c")
                      .csat(new Csat(5, null, 800, 4.0, null, null, null, null))
                      .build()))
          .isEmpty();
    }
  }
}
