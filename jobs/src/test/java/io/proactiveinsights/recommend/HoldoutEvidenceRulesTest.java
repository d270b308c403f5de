package io.proactiveinsights.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.experiments.ExperimentImpact;
import io.proactiveinsights.experiments.MessageArms;
import io.proactiveinsights.hygiene.Facts;
import io.proactiveinsights.hygiene.MessageFacts;
import io.proactiveinsights.hygiene.MessageFacts.Impact;
import io.proactiveinsights.schema.ExperimentImpactColumns.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Recommendations weigh a message's randomised holdout ({@code experiment_impact}) above the
 * observational ticket impact: on facts, through the real hygiene rules, as a job runs them.
 */
class HoldoutEvidenceRulesTest {

  private static final String POST = "password";

  /** 9,000 in treatment, 1,000 held out of a declared 10%, 28 days in: a healthy split. */
  private static final MessageArms ARMS = new MessageArms(POST, 9_000, 1_000, 0.1, 0.62, 28);

  /** A post whose observational impact says "no change", tightly enough for NO_TICKET_IMPACT. */
  private static MessageFacts observedNoChange() {
    return Facts.post(POST)
        .topics(List.of("password-reset", "login"))
        .impact(new Impact(2, 2, 0, 0, 0.1, "password-reset: no change; login: no change"))
        .build();
  }

  /** The same post without observational ticket evidence. */
  private static MessageFacts noObservation() {
    return Facts.post(POST).topics(List.of("password-reset", "login")).build();
  }

  private static ExperimentImpact row(
      String metric, Double lift, Double low, Double high, Verdict verdict) {
    return row(ARMS, metric, lift, low, high, verdict);
  }

  private static ExperimentImpact row(
      MessageArms arms, String metric, Double lift, Double low, Double high, Verdict verdict) {
    return new ExperimentImpact(
        arms,
        metric,
        arms.treatmentUsers(),
        arms.controlUsers(),
        0.02,
        lift == null ? null : 0.02 / (1 + lift),
        lift,
        low,
        high,
        lift == null ? null : 0.5,
        lift == null ? null : "rate_ratio_cuped",
        verdict);
  }

  private static List<Recommendation> recommend(MessageFacts facts, ExperimentImpact... rows) {
    return RecommendationRulesTest.recommend(List.of(facts), List.of(), 0, Map.of(), List.of(rows));
  }

  private static List<Action> actions(List<Recommendation> out) {
    return out.stream().map(Recommendation::action).toList();
  }

  @Test
  void aHoldoutThatRulesOutAnEffectIsTheStrongestReasonToRework() {
    List<Recommendation> out =
        recommend(
            noObservation(),
            row("tickets:login", 0.01, -0.04, 0.06, Verdict.NO_EFFECT),
            row("tickets:password-reset", -0.02, -0.08, 0.05, Verdict.NO_EFFECT));

    assertThat(actions(out)).containsExactly(Action.REWORK_CONTENT);
    Recommendation rework = out.get(0);
    assertThat(rework.priority()).isEqualTo(3);
    assertThat(rework.reason())
        .isEqualTo(
            "Its randomised holdout rules out an effect on tickets: over 28 days the 9,000 people"
                + " assigned to see it opened as many tickets on login, password-reset as the"
                + " 1,000 held out, password-reset -2% (95% CI -8% to +5%). 2,000 people saw"
                + " it.");
    // How sure: the topic whose interval leaves the most room for a deflection.
    assertThat(rework.evidence())
        .containsEntry("basis", "randomised_holdout")
        .containsEntry("metric", "tickets:password-reset")
        .containsEntry("ci_low", -0.08)
        .containsEntry("reference", "the held-out control group")
        .containsEntry("no_effect_margin", 0.10)
        .containsEntry("unit", "change");
    assertThat(rework.suggestion()).contains("Keep the holdout running");
  }

  @Test
  void aHoldoutThatFoundAnEffectOutranksTheObservationalNoChange() {
    // Observationally nothing moved; the randomised comparison says it deflects login tickets.
    assertThat(recommend(observedNoChange()))
        .extracting(Recommendation::action)
        .containsExactly(Action.REWORK_CONTENT);
    assertThat(
            recommend(
                observedNoChange(),
                row("tickets:login", -0.3, -0.45, -0.12, Verdict.FEWER_TICKETS),
                row("tickets:password-reset", 0.05, -0.2, 0.35, Verdict.INCONCLUSIVE)))
        .isEmpty();
  }

  @Test
  void moreTicketsInTheHoldoutIsReviewedThisWeek() {
    List<Recommendation> out =
        recommend(
            observedNoChange(),
            row("tickets:login", 0.18, 0.06, 0.31, Verdict.MORE_TICKETS),
            row("tickets:password-reset", 0.0, -0.05, 0.05, Verdict.NO_EFFECT));

    // The harm decides; the observational "no change" does not add a rework.
    assertThat(actions(out)).containsExactly(Action.REVIEW_CONTENT);
    Recommendation review = out.get(0);
    assertThat(review.priority()).isEqualTo(2);
    assertThat(review.reason())
        .isEqualTo(
            "Its randomised holdout shows it does harm: over 28 days the 9,000 people assigned to"
                + " see it had more tickets on login, +18% (95% CI +6% to +31%) than the 1,000"
                + " held out.");
    assertThat(review.evidence())
        .containsEntry("basis", "randomised_holdout")
        .containsEntry("verdict", "more_tickets")
        .containsEntry("estimate", 0.18)
        .containsEntry("harmful", Map.of("tickets:login", "more_tickets"));
  }

  @Test
  void aWorseGoalRateInTheHoldoutOutranksAStaleReview() {
    MessageFacts stale = Facts.post(POST).editedDaysAgo(150).build();
    List<Recommendation> out =
        recommend(stale, row("goal_rate", -0.25, -0.4, -0.08, Verdict.WORSE));

    assertThat(actions(out)).containsExactly(Action.REVIEW_CONTENT);
    assertThat(out.get(0).priority()).isEqualTo(2);
    assertThat(out.get(0).reason()).contains("had a lower goal rate, -25% (95% CI -40% to -8%)");
    // Better goals and CSAT are no harm.
    assertThat(recommend(Facts.post(POST).build(), row("csat", 0.05, 0.01, 0.09, Verdict.BETTER)))
        .isEmpty();
  }

  @Test
  void anInconclusiveHoldoutLeavesTheObservationalJudgementInPlace() {
    List<Recommendation> out =
        recommend(
            observedNoChange(),
            row("tickets:login", -0.05, -0.3, 0.25, Verdict.INCONCLUSIVE),
            row("tickets:password-reset", 0.0, -0.05, 0.05, Verdict.NO_EFFECT));

    assertThat(actions(out)).containsExactly(Action.REWORK_CONTENT);
    assertThat(out.get(0).reason()).startsWith("2,000 people saw it, yet tickets on");
    assertThat(out.get(0).evidence())
        .containsEntry("basis", "observational")
        .containsEntry(
            "experiment_verdicts",
            Map.of("tickets:login", "inconclusive", "tickets:password-reset", "no_effect"));
    // Without the observational flag, a holdout that decided only some topics asks for nothing.
    assertThat(
            recommend(
                noObservation(),
                row("tickets:login", -0.05, -0.3, 0.25, Verdict.INCONCLUSIVE),
                row("tickets:password-reset", 0.0, -0.05, 0.05, Verdict.NO_EFFECT)))
        .isEmpty();
  }

  @Test
  void aBrokenSplitIsAReasonToFixTheAssignmentNeverAnEffect() {
    MessageArms broken = new MessageArms(POST, 7_800, 2_200, 0.3, 1e-40, 28);
    List<Recommendation> out =
        recommend(
            observedNoChange(),
            row(broken, "tickets:login", null, null, null, Verdict.SRM),
            row(broken, "tickets:password-reset", null, null, null, Verdict.SRM));

    assertThat(actions(out)).containsExactly(Action.FIX_HOLDOUT_SPLIT, Action.REWORK_CONTENT);
    Recommendation fix = out.get(0);
    assertThat(fix.priority()).isEqualTo(2);
    assertThat(fix.reason())
        .isEqualTo(
            "Its holdout split is broken: 2,200 of the 10,000 people assigned are in the control"
                + " group (22%) where 30% was declared (sample-ratio test p < 0.001), so its"
                + " experiment results are not read until the assignment is fixed.");
    assertThat(fix.evidence())
        .containsEntry("estimate", 0.22)
        .containsEntry("reference_value", 0.3)
        .containsEntry("unit", "share");
    // The rework rests on the observational comparison, the split's rows beside it.
    assertThat(out.get(1).evidence()).containsEntry("basis", "observational");
  }
}
