package io.proactiveinsights.recommend;

import static io.proactiveinsights.text.Numbers.count;
import static io.proactiveinsights.text.Numbers.pct;

import io.proactiveinsights.experiments.ExperimentImpact;
import io.proactiveinsights.experiments.MessageArms;
import io.proactiveinsights.hygiene.EngagementRules;
import io.proactiveinsights.hygiene.Flag;
import io.proactiveinsights.hygiene.HygieneFlag;
import io.proactiveinsights.hygiene.MessageFacts;
import io.proactiveinsights.schema.ExperimentImpactColumns;
import io.proactiveinsights.schema.ExperimentImpactColumns.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every recommendation rule, registered in {@link #ALL}, and the precedence between them. Only live
 * messages get actions; a healthy message gets none; a message to pause gets only {@link
 * Action#PAUSE} (anything else would be work on a message that should be gone); a message to narrow
 * or broaden gets no {@link Action#REWORK_CONTENT} (fix who sees it before judging what it says).
 *
 * <p>Ticket evidence is weighed best first: a message's randomised holdout ({@link
 * ExperimentEvidence}) outranks the observational {@code topic_impact} behind {@code
 * NO_TICKET_IMPACT}; an inconclusive holdout leaves the observational judgement in place, and a
 * broken split is only ever a reason to fix the assignment.
 */
public final class RecommendationRules {

  public static final List<RecommendationRule> ALL =
      List.of(
          new Pause(),
          new FixHoldoutSplit(),
          new HarmInHoldout(),
          new ResolveBannerConflict(),
          new ChangeFormatOrTiming(),
          new ReduceFrequency(),
          new BroadenAudience(),
          new NarrowAudience(),
          new ImproveCopyOrCta(),
          new ReworkContent(),
          new ReviewContent(),
          new ReworkForGoal(),
          new ReviewForCsat());

  private RecommendationRules() {}

  /** The actions for every live message, by message then priority. */
  public static List<Recommendation> recommend(List<MessageFacts> facts, RecommendContext context) {
    List<Recommendation> out = new ArrayList<>();
    for (MessageFacts m : facts) {
      if (!m.catalogue().live()) {
        continue;
      }
      Map<Action, Recommendation> byAction = new EnumMap<>(Action.class);
      for (RecommendationRule rule : ALL) {
        rule.evaluate(m, context)
            .ifPresent(
                r -> byAction.merge(r.action(), r, (a, b) -> a.priority() <= b.priority() ? a : b));
      }
      if (byAction.containsKey(Action.PAUSE)) {
        out.add(byAction.get(Action.PAUSE));
      } else {
        // Fix who sees it before judging what it says: most of the audience ignores it (target the
        // slice that engages), or most people who ask are outside it (broaden); the ticket question
        // is asked again of the re-targeted message.
        if (byAction.containsKey(Action.NARROW_AUDIENCE)
            || byAction.containsKey(Action.BROADEN_AUDIENCE)) {
          byAction.remove(Action.REWORK_CONTENT);
        }
        out.addAll(byAction.values());
      }
    }
    out.sort(
        Comparator.comparingInt(Recommendation::priority)
            .thenComparing(Recommendation::messageId)
            .thenComparing(Recommendation::action));
    return out;
  }

  private static Map<String, Object> evidence(HygieneFlag flag, Object... more) {
    Map<String, Object> map = new LinkedHashMap<>();
    if (flag != null) {
      map.put("flag", flag.flag().name());
      map.putAll(flag.evidence());
    }
    for (int i = 0; i < more.length; i += 2) {
      map.put((String) more[i], more[i + 1]);
    }
    return map;
  }

  private static String quote(String rule) {
    return "`" + rule + "`";
  }

  /**
   * A known issue's message after the issue is over: people read about a problem they no longer
   * have.
   */
  static final class Pause implements RecommendationRule {
    @Override
    public Action action() {
      return Action.PAUSE;
    }

    @Override
    public Optional<Recommendation> evaluate(MessageFacts m, RecommendContext ctx) {
      return ctx.flag(m.messageId(), Flag.RESOLVED_ISSUE_STILL_LIVE)
          .map(
              f -> {
                boolean closed = m.incident() != null && m.incident().resolvedAt() != null;
                String suggestion =
                    closed
                        ? "Pause it today; if people need to know the fix, replace it with a short"
                            + " 'resolved' post for a day or two."
                        : "Ask the incident owner whether "
                            + m.incident().issueId()
                            + " can be closed; if so, pause the banner.";
                return new Recommendation(
                    m.messageId(), action(), 1, f.detail(), evidence(f), suggestion);
              });
    }
  }

  /** A non-dismissible banner that keeps later banners from the people they share. */
  static final class ResolveBannerConflict implements RecommendationRule {
    @Override
    public Action action() {
      return Action.RESOLVE_BANNER_CONFLICT;
    }

    @Override
    public Optional<Recommendation> evaluate(MessageFacts m, RecommendContext ctx) {
      return ctx.flag(m.messageId(), Flag.BLOCKING_BANNER)
          .map(
              f -> {
                List<?> blocked = (List<?>) f.evidence().get("blocked");
                String names = String.join(", ", blocked.stream().map(Object::toString).toList());
                return new Recommendation(
                    m.messageId(),
                    action(),
                    2,
                    "It cannot be dismissed and went live before them, so "
                        + names
                        + " never show to the people they share with it.",
                    evidence(f),
                    "Make it dismissible, or limit it to the people and days it is for (e.g. a"
                        + " narrower rule or an end date), so that "
                        + names
                        + " can show.");
              });
    }
  }

  /**
   * Dismissed far more than its reference on its first showing: the format interrupts. Or a big
   * audience matches it but few of them receive it, and no banner blocks it: the timing or the
   * trigger keeps it unseen. Dismissals that come from repeats are {@link ReduceFrequency}'s.
   */
  static final class ChangeFormatOrTiming implements RecommendationRule {
    @Override
    public Action action() {
      return Action.CHANGE_FORMAT_OR_TIMING;
    }

    @Override
    public Optional<Recommendation> evaluate(MessageFacts m, RecommendContext ctx) {
      Optional<HygieneFlag> dismissals = ctx.flag(m.messageId(), Flag.HIGH_DISMISSALS);
      if (dismissals.isPresent() && !ReduceFrequency.fatigued(dismissals.get())) {
        String type = m.catalogue().type();
        List<String> alternatives =
            ctx.settings().formatAlternatives().getOrDefault(type, List.of());
        String format = alternatives.isEmpty() ? null : alternatives.get(0);
        String suggestion =
            format == null
                ? "Show it at a calmer moment (after the task it helps with, not on page load)."
                : String.format(
                    Locale.ROOT,
                    "Turn it into a %s: a %s sits beside the work instead of interrupting it, which"
                        + " is what people dismiss.",
                    format.replace('_', ' '),
                    format.replace('_', ' '));
        return Optional.of(
            new Recommendation(
                m.messageId(),
                action(),
                2,
                dismissals.get().detail(),
                evidence(dismissals.get(), "suggested_format", format),
                suggestion));
      }
      Optional<HygieneFlag> reach = ctx.flag(m.messageId(), Flag.LOW_REACH);
      if (reach.isPresent()
          && EngagementRules.LowReach.CAUSE_NOT_SHOWN.equals(reach.get().evidence().get("cause"))
          && ctx.blockers(m.messageId()).isEmpty()) {
        return Optional.of(
            new Recommendation(
                m.messageId(),
                action(),
                3,
                reach.get().detail(),
                evidence(reach.get()),
                "once".equals(m.catalogue().frequency())
                    ? "Check when it triggers: show it on the pages these people use (or"
                        + " once_per_session instead of once) so that it gets seen."
                    : "Check when it triggers: show it on the pages these people use, earlier in"
                        + " their session, so that it gets seen."));
      }
      return Optional.empty();
    }
  }

  /**
   * Fewer repeats: the showing curve says later showings only annoy, or the message is behind much
   * of the over-messaging.
   */
  static final class ReduceFrequency implements RecommendationRule {
    @Override
    public Action action() {
      return Action.REDUCE_FREQUENCY;
    }

    /** Whether a HIGH_DISMISSALS flag carries the showing curve of repeats that only annoy. */
    static boolean fatigued(HygieneFlag dismissals) {
      return dismissals.evidence().containsKey("by_showing");
    }

    @Override
    public Optional<Recommendation> evaluate(MessageFacts m, RecommendContext ctx) {
      String frequency = m.catalogue().frequency() == null ? "" : m.catalogue().frequency();
      Optional<HygieneFlag> dismissals =
          ctx.flag(m.messageId(), Flag.HIGH_DISMISSALS).filter(ReduceFrequency::fatigued);
      if (dismissals.isPresent()) {
        String suggestion =
            switch (frequency) {
              case "multiple" ->
                  "Show it once (once) or at most once per session (once_per_session): the people"
                      + " who act on it do so the first time.";
              case "once_per_session" ->
                  "Show it once (once): the people who act on it do so the first time.";
              default ->
                  "Stop re-showing it to people who dismissed it: the people who act on it do so"
                      + " the first time.";
            };
        return Optional.of(
            new Recommendation(
                m.messageId(),
                action(),
                2,
                dismissals.get().detail(),
                evidence(dismissals.get()),
                suggestion));
      }
      return ctx.flag(m.messageId(), Flag.OVER_MESSAGING)
          .map(
              f -> {
                String suggestion =
                    switch (frequency) {
                      case "multiple" ->
                          "Show it once per session (once_per_session) instead of every time.";
                      case "once_per_session" -> "Show it once (once) instead of once per session.";
                      default ->
                          "Keep it to people who have not seen another message this week: narrow"
                              + " its rule or give it an end date.";
                    };
                return new Recommendation(
                    m.messageId(), action(), 2, f.detail(), evidence(f), suggestion);
              });
    }
  }

  /** The rule matches few of the people who ask about the message's topics. */
  static final class BroadenAudience implements RecommendationRule {
    @Override
    public Action action() {
      return Action.BROADEN_AUDIENCE;
    }

    @Override
    public Optional<Recommendation> evaluate(MessageFacts m, RecommendContext ctx) {
      Optional<HygieneFlag> reach =
          ctx.flag(m.messageId(), Flag.LOW_REACH)
              .filter(
                  f ->
                      EngagementRules.LowReach.CAUSE_RULE_TOO_NARROW.equals(
                          f.evidence().get("cause")));
      if (reach.isEmpty()) {
        return Optional.empty();
      }
      String topics = String.join(", ", m.catalogue().topics());
      return Optional.of(
          new Recommendation(
              m.messageId(),
              action(),
              3,
              String.format(
                  Locale.ROOT,
                  "Its rule %s leaves out most of the people who ask about %s. %s",
                  quote(m.catalogue().audienceRule()),
                  topics,
                  reach.get().detail()),
              evidence(reach.get(), "audience_rule", m.catalogue().audienceRule()),
              "Loosen "
                  + quote(m.catalogue().audienceRule())
                  + " to reach the people who ask about "
                  + topics
                  + " (e.g. drop the condition that excludes most of them), or take "
                  + topics
                  + " off its topics if it is not meant for them."));
    }
  }

  /** Most of the audience ignores it, but one slice engages: target that slice. */
  static final class NarrowAudience implements RecommendationRule {
    @Override
    public Action action() {
      return Action.NARROW_AUDIENCE;
    }

    @Override
    public Optional<Recommendation> evaluate(MessageFacts m, RecommendContext ctx) {
      NarrowSlice s = ctx.slices().get(m.messageId());
      if (s == null) {
        return Optional.empty();
      }
      String current = m.catalogue().audienceRule();
      String rule =
          current == null || current.isBlank() || "everyone".equalsIgnoreCase(current.trim())
              ? s.rule()
              : "(" + current.trim() + ") AND " + s.rule();
      String metric =
          m.engagement().primaryMetric() == null
              ? "rate"
              : m.engagement().primaryMetric().replace('_', ' ');
      var d = s.comparison();
      return Optional.of(
          new Recommendation(
              m.messageId(),
              action(),
              3,
              String.format(
                  Locale.ROOT,
                  "Viewers matching %s have a %s of %s (%s people) against %s for everyone else (%s"
                      + " people); the %s is %s.",
                  quote(s.rule()),
                  metric,
                  pct(d.rate1()),
                  count(s.sliceViewers()),
                  pct(d.rate2()),
                  count(s.restViewers()),
                  m.engagement().primary().reference().description(),
                  pct(m.engagement().primary().reference().value())),
              evidence(
                  null,
                  "slice",
                  s.rule(),
                  "slice_rate",
                  d.rate1(),
                  "rest_rate",
                  d.rate2(),
                  "difference",
                  d.difference(),
                  "difference_low",
                  d.low(),
                  "difference_high",
                  d.high(),
                  "lift",
                  d.ratio(),
                  "q_value",
                  s.qValue(),
                  "metric",
                  "slice_minus_rest",
                  "estimate",
                  d.difference(),
                  "ci_low",
                  d.low(),
                  "ci_high",
                  d.high(),
                  "reference",
                  "everyone else in the audience",
                  "reference_value",
                  d.rate2()),
              String.format(
                  Locale.ROOT,
                  "Set the audience to %s: %s %s (%+.0f points, 95%% CI %+.0f to %+.0f).",
                  quote(rule),
                  d.ratio() == null
                      ? "engages where the rest does not"
                      : String.format(Locale.ROOT, "%.1f× the", d.ratio()),
                  metric,
                  d.difference() * 100,
                  d.low() * 100,
                  d.high() * 100)));
    }
  }

  /**
   * A CTA that says nothing, or clicks well below the format's when dismissals do not explain it.
   */
  static final class ImproveCopyOrCta implements RecommendationRule {
    @Override
    public Action action() {
      return Action.IMPROVE_COPY_OR_CTA;
    }

    @Override
    public Optional<Recommendation> evaluate(MessageFacts m, RecommendContext ctx) {
      Optional<HygieneFlag> vague = ctx.flag(m.messageId(), Flag.VAGUE_CTA);
      if (vague.isPresent()) {
        String cta = m.catalogue().ctaText();
        String name = m.catalogue().name() == null ? "the feature" : m.catalogue().name();
        return Optional.of(
            new Recommendation(
                m.messageId(),
                action(),
                3,
                cta == null || cta.isBlank()
                    ? vague.get().detail()
                    : "Its button says \""
                        + cta.trim()
                        + "\", which does not tell people what they get by clicking.",
                evidence(vague.get()),
                "Name the outcome in the button, in two to four words (for \""
                    + name
                    + "\", e.g. \"Show me "
                    + name.toLowerCase(Locale.ROOT)
                    + "\" rather than \""
                    + (cta == null ? "(nothing)" : cta.trim())
                    + "\")."));
      }
      Optional<HygieneFlag> lowCtr = ctx.flag(m.messageId(), Flag.LOW_CTR);
      if (lowCtr.isPresent() && !ctx.flagsOf(m.messageId()).containsKey(Flag.HIGH_DISMISSALS)) {
        return Optional.of(
            new Recommendation(
                m.messageId(),
                action(),
                3,
                lowCtr.get().detail(),
                evidence(lowCtr.get()),
                "Lead with the benefit in the first line and make the button say what happens next;"
                    + " test the new copy against the old."));
      }
      return Optional.empty();
    }
  }

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

  /**
   * People receive it but few go on to its goal: the content does not lead to the step it is for.
   */
  static final class ReworkForGoal implements RecommendationRule {
    @Override
    public Action action() {
      return Action.REWORK_CONTENT;
    }

    @Override
    public Optional<Recommendation> evaluate(MessageFacts m, RecommendContext ctx) {
      return ctx.flag(m.messageId(), Flag.LOW_GOAL_RATE)
          .map(
              f ->
                  new Recommendation(
                      m.messageId(),
                      action(),
                      3,
                      f.detail(),
                      evidence(f),
                      "Make "
                          + m.catalogue().goalEvent()
                          + " the one next step it asks for: say what it gets people, link straight"
                          + " to it, and cut anything that competes with it; then compare the goal"
                          + " rate over the next weeks."));
    }
  }

  /**
   * Conversations it starts are rated low: it may promise what support cannot give, or send people
   * to the wrong place.
   */
  static final class ReviewForCsat implements RecommendationRule {
    @Override
    public Action action() {
      return Action.REVIEW_CONTENT;
    }

    @Override
    public Optional<Recommendation> evaluate(MessageFacts m, RecommendContext ctx) {
      return ctx.flag(m.messageId(), Flag.LOW_CSAT)
          .map(
              f ->
                  new Recommendation(
                      m.messageId(),
                      action(),
                      2,
                      f.detail(),
                      evidence(f),
                      "Read a sample of the low-rated conversations it started: check that it"
                          + " promises only what support can do and routes people to the team that"
                          + " can answer them."));
    }
  }

  /** Not edited for longer than the review interval, or its engagement decays. */
  static final class ReviewContent implements RecommendationRule {
    @Override
    public Action action() {
      return Action.REVIEW_CONTENT;
    }

    @Override
    public Optional<Recommendation> evaluate(MessageFacts m, RecommendContext ctx) {
      return ctx.flag(m.messageId(), Flag.STALE)
          .map(
              f ->
                  new Recommendation(
                      m.messageId(),
                      action(),
                      3,
                      f.detail().split("(?<=\\.) ")[0],
                      evidence(f),
                      "Check the copy, screenshots and links against the product today; edit what"
                          + " changed, or pause it if it is no longer needed."));
    }
  }
}
