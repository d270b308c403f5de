package io.proactiveinsights.recommend;

import static io.proactiveinsights.recommend.RecommendationRules.evidence;
import static io.proactiveinsights.text.Numbers.count;
import static io.proactiveinsights.text.Numbers.pct;

import io.proactiveinsights.experiments.ExperimentImpact;
import io.proactiveinsights.experiments.MessageArms;
import io.proactiveinsights.hygiene.Flag;
import io.proactiveinsights.hygiene.MessageFacts;
import io.proactiveinsights.schema.ExperimentImpactColumns;
import io.proactiveinsights.schema.ExperimentImpactColumns.Verdict;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The actions that rest on ticket evidence, best first: the message's randomised holdout ({@link
 * ExperimentEvidence}) before the observational {@code topic_impact} behind {@code
 * NO_TICKET_IMPACT}; a broken split is only ever a reason to fix the assignment.
 */
final class TicketActionRules {

  private TicketActionRules() {}

  /**
   * Tickets on its topics do not move: the content does not answer the question. The strongest
   * reason is a holdout that rules out any effect worth having on every topic; otherwise the
   * observational NO_TICKET_IMPACT flag, unless the holdout found an effect on a topic (then it,
   * not the before/after, says whether the message works).
   */
  static final class ReworkContent implements RecommendationRule {
    @Override
    public Action action() {
      return Action.REWORK_CONTENT;
    }

    @Override
    public Optional<Recommendation> evaluate(MessageFacts m, RecommendContext ctx) {
      ExperimentEvidence experiment = ctx.experiment(m.messageId());
      if (experiment.noTicketEffect()) {
        return Optional.of(fromHoldout(m, experiment));
      }
      if (experiment.ticketEffect()) {
        return Optional.empty();
      }
      return ctx.flag(m.messageId(), Flag.NO_TICKET_IMPACT)
          .map(
              f -> {
                Map<String, Object> evidence =
                    evidence(f, "impact", m.impact().summary(), BASIS, OBSERVATIONAL);
                if (!experiment.rows().isEmpty()) {
                  // Running, but not decided: what it says so far, beside the judgement it leaves.
                  evidence.put(EXPERIMENT_VERDICTS, experiment.verdicts());
                }
                return new Recommendation(
                    m.messageId(),
                    action(),
                    3,
                    String.format(
                        Locale.ROOT,
                        "%s people saw it, yet tickets on %s did not change after it went live.",
                        count(m.engagement().viewers()),
                        String.join(", ", m.catalogue().topics())),
                    evidence,
                    rewriteSuggestion(m));
              });
    }

    private Recommendation fromHoldout(MessageFacts m, ExperimentEvidence experiment) {
      // The topic whose interval leaves the most room for a deflection: how sure "none" is.
      ExperimentImpact widest =
          experiment.tickets().stream()
              .min(Comparator.comparingDouble(ExperimentImpact::ciLow))
              .orElseThrow();
      MessageArms arms = widest.arms();
      return new Recommendation(
          m.messageId(),
          action(),
          3,
          String.format(
              Locale.ROOT,
              "Its randomised holdout rules out an effect on tickets: over %d days the %s people"
                  + " assigned to see it opened as many tickets on %s as the %s held out, %s%s."
                  + " %s people saw it.",
              arms.daysRun(),
              count(arms.treatmentUsers()),
              String.join(
                  ", ",
                  experiment.tickets().stream().map(ExperimentEvidence::topicOrMetric).toList()),
              count(arms.controlUsers()),
              experiment.tickets().size() == 1
                  ? ""
                  : ExperimentEvidence.topicOrMetric(widest) + " ",
              ExperimentEvidence.liftText(widest),
              count(m.engagement().viewers())),
          holdoutEvidence(
              widest,
              "no_effect_margin",
              Verdict.NO_EFFECT_MARGIN,
              EXPERIMENT_VERDICTS,
              experiment.verdicts()),
          rewriteSuggestion(m)
              + " Keep the holdout running: the next weeks show whether the new version moves"
              + " tickets.");
    }

    private static String rewriteSuggestion(MessageFacts m) {
      return "Read a sample of recent "
          + String.join("/", m.catalogue().topics())
          + " conversations and rewrite it to answer the question people actually"
          + " ask there (the steps, the link, the fix).";
    }
  }

  /**
   * Its randomised holdout shows harm: the people assigned to see it open more tickets on a topic,
   * or reach its goal less often, or rate support lower, than the people held out. A cause, not a
   * correlation, so this week; reviewed rather than paused, because what hurts is usually one step,
   * link or promise in it, and the holdout keeps measuring the fixed version (pausing ends both).
   */
  static final class HarmInHoldout implements RecommendationRule {
    @Override
    public Action action() {
      return Action.REVIEW_CONTENT;
    }

    @Override
    public Optional<Recommendation> evaluate(MessageFacts m, RecommendContext ctx) {
      List<ExperimentImpact> harm = ctx.experiment(m.messageId()).harmful();
      if (harm.isEmpty()) {
        return Optional.empty();
      }
      ExperimentImpact worst = harm.get(0);
      MessageArms arms = worst.arms();
      Map<String, String> harmful = new LinkedHashMap<>();
      harm.forEach(r -> harmful.put(r.metric(), r.verdict().wire()));
      return Optional.of(
          new Recommendation(
              m.messageId(),
              action(),
              2,
              String.format(
                  Locale.ROOT,
                  "Its randomised holdout shows it does harm: over %d days the %s people assigned"
                      + " to see it had %s than the %s held out.",
                  arms.daysRun(),
                  count(arms.treatmentUsers()),
                  String.join(
                      "; ",
                      harm.stream()
                          .map(r -> harmText(r) + ", " + ExperimentEvidence.liftText(r))
                          .toList()),
                  count(arms.controlUsers())),
              holdoutEvidence(worst, "harmful", harmful),
              "Find what in it leads to "
                  + harmText(worst)
                  + " (a wrong step, a broken link, a promise support cannot keep) and fix it this"
                  + " week, or pause it until you can; keep the holdout running so that it"
                  + " measures the new version."));
    }

    private static String harmText(ExperimentImpact r) {
      return switch (r.metric()) {
        case ExperimentImpactColumns.GOAL_RATE -> "a lower goal rate";
        case ExperimentImpactColumns.CSAT -> "lower CSAT";
        default -> "more tickets on " + ExperimentEvidence.topicOrMetric(r);
      };
    }
  }

  /**
   * The holdout's arms do not match the share it declared (sample-ratio mismatch): the assignment
   * is broken, so none of its results is read as an effect until it is fixed.
   */
  static final class FixHoldoutSplit implements RecommendationRule {
    @Override
    public Action action() {
      return Action.FIX_HOLDOUT_SPLIT;
    }

    @Override
    public Optional<Recommendation> evaluate(MessageFacts m, RecommendContext ctx) {
      return ctx.experiment(m.messageId())
          .mismatchedSplit()
          .map(
              arms -> {
                long assigned = arms.treatmentUsers() + arms.controlUsers();
                double controlShare = (double) arms.controlUsers() / assigned;
                return new Recommendation(
                    m.messageId(),
                    action(),
                    2,
                    String.format(
                        Locale.ROOT,
                        "Its holdout split is broken: %s of the %s people assigned are in the"
                            + " control group (%s) where %s was declared (sample-ratio test %s),"
                            + " so its experiment results are not read until the assignment is"
                            + " fixed.",
                        count(arms.controlUsers()),
                        count(assigned),
                        pct(controlShare),
                        pct(arms.expectedControlShare()),
                        pValue(arms.srmPValue())),
                    evidence(
                        null,
                        BASIS,
                        HOLDOUT,
                        "treatment_users",
                        arms.treatmentUsers(),
                        "control_users",
                        arms.controlUsers(),
                        "srm_p_value",
                        arms.srmPValue(),
                        "estimate",
                        controlShare,
                        "reference",
                        "declared holdout share",
                        "reference_value",
                        arms.expectedControlShare(),
                        "unit",
                        "share"),
                    "Check how its control group is made: a source that runs its own control"
                        + " groups (the assignments input) must hold out the declared share and"
                        + " send a row for every person it holds out; a share edited by hand"
                        + " needs the same share in the catalogue. Then rerun experiments.");
              });
    }

    private static String pValue(Double p) {
      return p == null
          ? "not run"
          : p < 0.001 ? "p < 0.001" : String.format(Locale.ROOT, "p = %.3f", p);
    }
  }

  /** Evidence key: what the judgement rests on, {@link #HOLDOUT} or {@link #OBSERVATIONAL}. */
  static final String BASIS = "basis";

  static final String HOLDOUT = "randomised_holdout";
  static final String OBSERVATIONAL = "observational";

  /** Evidence key: metric → verdict of each of the message's experiment_impact rows. */
  static final String EXPERIMENT_VERDICTS = "experiment_verdicts";

  /**
   * The evidence of a judgement a holdout row decided: its lift and always-valid interval (a
   * change, so read as a percentage), the arms, and {@code more} key-value pairs.
   */
  private static Map<String, Object> holdoutEvidence(ExperimentImpact r, Object... more) {
    Map<String, Object> map =
        evidence(
            null,
            BASIS,
            HOLDOUT,
            "metric",
            r.metric(),
            "verdict",
            r.verdict().wire(),
            "estimate",
            r.lift(),
            "ci_low",
            r.ciLow(),
            "ci_high",
            r.ciHigh(),
            "reference",
            "the held-out control group",
            "unit",
            "change",
            "treatment_users",
            r.arms().treatmentUsers(),
            "control_users",
            r.arms().controlUsers(),
            "days_run",
            r.arms().daysRun(),
            "method",
            r.method());
    map.putAll(evidence(null, more));
    return map;
  }
}
