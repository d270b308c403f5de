package io.proactiveinsights.recommend;

import static io.proactiveinsights.hygiene.Facts.AS_OF;
import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.experiments.ExperimentImpact;
import io.proactiveinsights.hygiene.BannerOverlap;
import io.proactiveinsights.hygiene.Facts;
import io.proactiveinsights.hygiene.Flag;
import io.proactiveinsights.hygiene.HygieneContext;
import io.proactiveinsights.hygiene.HygieneFlag;
import io.proactiveinsights.hygiene.HygieneRules;
import io.proactiveinsights.hygiene.MessageFacts;
import io.proactiveinsights.hygiene.MessageFacts.Csat;
import io.proactiveinsights.hygiene.MessageFacts.Impact;
import io.proactiveinsights.hygiene.MessageFacts.Incident;
import io.proactiveinsights.hygiene.MessageFacts.OverMessaging;
import io.proactiveinsights.stats.ProportionDifference;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every action on a fixture where it must be proposed and a near miss where it must not. Flags come
 * from the real hygiene rules, so each test runs the same chain a job does: facts → flags →
 * actions.
 */
class RecommendationRulesTest {

  private static final ProactiveConfig CONFIG = ProactiveConfig.defaults();

  private static List<Recommendation> recommend(
      List<MessageFacts> facts,
      List<BannerOverlap> overlaps,
      long overMessaged,
      Map<String, NarrowSlice> slices) {
    return recommend(facts, overlaps, overMessaged, slices, List.of());
  }

  /** Facts → the real hygiene flags → actions, with the messages' experiment_impact rows. */
  static List<Recommendation> recommend(
      List<MessageFacts> facts,
      List<BannerOverlap> overlaps,
      long overMessaged,
      Map<String, NarrowSlice> slices,
      List<ExperimentImpact> experiments) {
    HygieneContext hygiene =
        new HygieneContext(
            CONFIG.hygiene(), 100, AS_OF, facts, overlaps, Facts.annoyedWeek(overMessaged));
    Map<String, Map<Flag, HygieneFlag>> flags = new HashMap<>();
    for (HygieneFlag f : HygieneRules.evaluate(hygiene)) {
      flags.computeIfAbsent(f.messageId(), k -> new EnumMap<>(Flag.class)).put(f.flag(), f);
    }
    return RecommendationRules.recommend(
        facts,
        new RecommendContext(
            CONFIG.hygiene(),
            CONFIG.recommend(),
            flags,
            slices,
            ExperimentEvidence.byMessage(experiments)));
  }

  private static List<Recommendation> recommend(MessageFacts... facts) {
    return recommend(List.of(facts), List.of(), 0, Map.of());
  }

  private static List<Action> actions(List<Recommendation> recommendations) {
    return recommendations.stream().map(Recommendation::action).toList();
  }

  @Test
  void aHealthyMessageGetsNothing() {
    assertThat(recommend(Facts.post("healthy").build())).isEmpty();
  }

  @Test
  void theBannerOfAResolvedIssueIsPausedFirstAndOnlyPaused() {
    Incident resolved =
        new Incident(
            "KI-101",
            "SSO sign-in failures",
            AS_OF.minus(Duration.ofDays(18)),
            AS_OF.minus(Duration.ofDays(10)),
            4.0,
            20.0,
            4.1,
            5.0,
            4.2,
            0.7,
            0.3);
    MessageFacts banner =
        Facts.post("sso")
            .type("banner")
            .incident(resolved)
            .editedDaysAgo(90)
            .cta("Click here")
            .build();

    List<Recommendation> out = recommend(banner);

    assertThat(out)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.action()).isEqualTo(Action.PAUSE);
              assertThat(r.priority()).isEqualTo(1);
              assertThat(r.reason()).contains("resolved 10 days ago");
            });
  }

  @Test
  void theBannerOfAnOpenIncidentIsNotPaused() {
    Incident open =
        new Incident(
            "KI-102",
            "Slow dashboards",
            AS_OF.minus(Duration.ofDays(3)),
            null,
            4.0,
            null,
            12.0,
            null,
            null,
            2.4,
            null);

    assertThat(recommend(Facts.post("dash").type("banner").liveDaysAgo(3).incident(open).build()))
        .isEmpty();
  }

  @Test
  void pausedAndDraftMessagesGetNoActions() {
    assertThat(
            recommend(
                Facts.post("paused").state("paused").editedDaysAgo(200).cta("Click here").build()))
        .isEmpty();
    assertThat(recommend(Facts.post("draft").state("draft").cta("Click here").build())).isEmpty();
  }

  @Test
  void aNarrowRuleOnABroadTopicIsBroadened() {
    MessageFacts beta =
        Facts.post("beta")
            .type("tooltip")
            .rule("attr.beta_tester = 'true'")
            .audience(98L)
            .reach(98, 90)
            .topicOpeners(400, 3)
            .build();

    List<Recommendation> out = recommend(beta);

    assertThat(actions(out)).containsExactly(Action.BROADEN_AUDIENCE);
    assertThat(out.get(0).reason())
        .contains(
            "Its rule `attr.beta_tester = 'true'` leaves out most of the people who ask about"
                + " data-export");
    assertThat(out.get(0).evidence())
        .containsKeys("estimate", "ci_low", "ci_high", "reference", "reference_value");
  }

  @Test
  void aTargetedTourThatReachesItsAudienceGetsNothing() {
    MessageFacts tour =
        Facts.post("tour")
            .type("product_tour")
            .rule("signed_up_at WITHIN 14d")
            .audience(1_137L)
            .reach(1_137, 1_058)
            .primary(1_200, 0.6)
            .build();

    assertThat(recommend(tour)).isEmpty();
  }

  @Test
  void lowReachWithAWideRuleIsAboutTimingNotTheAudience() {
    MessageFacts wide = Facts.post("wide").audience(15_000L).reach(12_000, 100).build();

    List<Recommendation> out = recommend(wide);

    assertThat(actions(out)).containsExactly(Action.CHANGE_FORMAT_OR_TIMING);
    assertThat(out.get(0).reason())
        .contains(
            "Its rule matches 15,000 people, 12,000 of whom used the product since it went live;"
                + " only 100");
  }

  @Test
  void lowReachBehindABlockingBannerIsResolvedOnTheBlocker() {
    MessageFacts blocker =
        Facts.post("blocker").type("banner").dismissible(false).liveDaysAgo(40).build();
    MessageFacts blocked =
        Facts.post("blocked").type("banner").audience(15_000L).reach(12_000, 150).build();
    List<BannerOverlap> overlaps =
        List.of(new BannerOverlap("blocked", "blocker", 150, 15_000, 140));

    List<Recommendation> out = recommend(List.of(blocker, blocked), overlaps, 0, Map.of());

    assertThat(out)
        .extracting(Recommendation::messageId, Recommendation::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("blocker", Action.RESOLVE_BANNER_CONFLICT));
    assertThat(out.get(0).suggestion()).contains("dismissible").contains("blocked");
  }

  @Test
  void aDismissedPostShouldBecomeABanner() {
    MessageFacts post =
        Facts.post("integrations").dismissals(1_300, 0.12).primary(120, 0.10).build();

    List<Recommendation> out = recommend(post);

    assertThat(actions(out)).containsExactly(Action.CHANGE_FORMAT_OR_TIMING);
    Recommendation r = out.get(0);
    assertThat(r.reason())
        .startsWith(
            "65% of 2,000 people who saw it (95% CI 63–67%) dismissed it; the median of 3 other"
                + " posts is 12%.");
    assertThat(r.suggestion()).contains("banner");
    assertThat(r.evidence())
        .containsEntry("suggested_format", "banner")
        .containsEntry("estimate", 0.65)
        .containsEntry("reference", "median of 3 other posts")
        .containsEntry("reference_value", 0.12);
  }

  @Test
  void aChatWhoseRepeatsPeopleDismissShowsLessOften() {
    MessageFacts chat =
        Facts.post("chat")
            .type("chat")
            .frequency("multiple")
            .dismissals(1_640, null)
            .showings(Facts.naggingShowings())
            .build();

    List<Recommendation> out = recommend(chat);

    assertThat(actions(out)).containsExactly(Action.REDUCE_FREQUENCY);
    assertThat(out.get(0).reason())
        .contains("85% dismissed a later showing")
        .contains("replies come from the 1st showing");
    assertThat(out.get(0).suggestion()).contains("once");
    assertThat(out.get(0).evidence()).containsKey("by_showing");
  }

  @Test
  void overMessagingReducesTheFrequency() {
    MessageFacts loud =
        Facts.post("loud")
            .frequency("multiple")
            .overMessaging(new OverMessaging(400, 900, 0.4))
            .build();

    List<Recommendation> out = recommend(List.of(loud), List.of(), 500, Map.of());

    assertThat(actions(out)).containsExactly(Action.REDUCE_FREQUENCY);
    assertThat(out.get(0).suggestion()).contains("once_per_session");
  }

  @Test
  void aVagueCtaIsImproved() {
    List<Recommendation> out =
        recommend(Facts.post("shortcuts").type("banner").cta("Click here").build());

    assertThat(actions(out)).containsExactly(Action.IMPROVE_COPY_OR_CTA);
    assertThat(out.get(0).reason()).contains("\"Click here\"");
  }

  @Test
  void lowClicksExplainedByDismissalsAreAFormatProblemNotACopyProblem() {
    MessageFacts post = Facts.post("p").primary(40, 0.10).dismissals(1_300, 0.12).build();

    assertThat(actions(recommend(post))).containsExactly(Action.CHANGE_FORMAT_OR_TIMING);
    assertThat(actions(recommend(Facts.post("q").primary(40, 0.10).build())))
        .containsExactly(Action.IMPROVE_COPY_OR_CTA);
  }

  @Test
  void noTicketImpactReworksTheContent() {
    MessageFacts post =
        Facts.post("password")
            .topics(List.of("password-reset"))
            .impact(new Impact(1, 1, 0, 0, 0.1, "password-reset: no change"))
            .build();

    List<Recommendation> out = recommend(post);

    assertThat(actions(out)).containsExactly(Action.REWORK_CONTENT);
    assertThat(out.get(0).reason())
        .isEqualTo(
            "2,000 people saw it, yet tickets on password-reset did not change after it went"
                + " live.");
  }

  @Test
  void aLowGoalRateReworksTheContent() {
    MessageFacts tour =
        Facts.post("tour")
            .type("product_tour")
            .primary(1_200, 0.6)
            .goal("export_completed", 150, 0.35)
            .build();

    List<Recommendation> out = recommend(tour);

    assertThat(actions(out)).containsExactly(Action.REWORK_CONTENT);
    assertThat(out.get(0).reason()).contains("went on to export_completed");
    assertThat(out.get(0).evidence())
        .containsEntry("flag", "LOW_GOAL_RATE")
        .containsEntry("reference_value", 0.35);
  }

  @Test
  void lowCsatOfTheConversationsItStartsIsReviewed() {
    MessageFacts chat =
        Facts.post("chat")
            .type("chat")
            .primary(200, 0.1)
            .csat(new Csat(120, 3.2, 800, 4.0, -0.8, -1.1, -0.5, 1e-6))
            .build();

    List<Recommendation> out = recommend(chat);

    assertThat(actions(out)).containsExactly(Action.REVIEW_CONTENT);
    assertThat(out.get(0).evidence())
        .containsEntry("flag", "LOW_CSAT")
        .containsEntry("ci_high", -0.5);
  }

  @Test
  void aStaleMessageIsReviewed() {
    List<Recommendation> out = recommend(Facts.post("invoices").editedDaysAgo(150).build());

    assertThat(actions(out)).containsExactly(Action.REVIEW_CONTENT);
    assertThat(out.get(0).reason()).startsWith("Not edited for 150 days");
  }

  @Test
  void anEngagingSliceBecomesANarrowerRule() {
    // 400 Premium viewers click 30%, the other 1,600 2%.
    NarrowSlice premium =
        new NarrowSlice(
            "reporting",
            "plan = 'Premium'",
            400,
            120,
            1_600,
            32,
            ProportionDifference.of(120, 400, 32, 1_600),
            1e-6);
    MessageFacts everyone = Facts.post("reporting").primary(152, 0.10).build();
    MessageFacts leads = Facts.post("leads").rule("role = 'lead'").primary(152, 0.10).build();
    NarrowSlice premiumLeads =
        new NarrowSlice(
            "leads",
            "plan = 'Premium'",
            400,
            120,
            1_600,
            32,
            ProportionDifference.of(120, 400, 32, 1_600),
            1e-6);

    List<Recommendation> out =
        recommend(
            List.of(everyone, leads),
            List.of(),
            0,
            Map.of("reporting", premium, "leads", premiumLeads));

    assertThat(out).extracting(Recommendation::action).containsOnly(Action.NARROW_AUDIENCE);
    assertThat(out)
        .filteredOn(r -> r.messageId().equals("reporting"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.suggestion())
                  .startsWith("Set the audience to `plan = 'Premium'`: 15.0× the ctr (+28 points");
              assertThat(r.reason())
                  .contains(
                      "a ctr of 30% (400 people) against 2.0% for everyone else (1,600 people)");
            });
    assertThat(out)
        .filteredOn(r -> r.messageId().equals("leads"))
        .singleElement()
        .satisfies(
            r -> assertThat(r.suggestion()).contains("`(role = 'lead') AND plan = 'Premium'`"));
  }
}
