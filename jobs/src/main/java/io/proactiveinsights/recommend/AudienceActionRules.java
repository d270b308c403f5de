package io.proactiveinsights.recommend;

import static io.proactiveinsights.recommend.RecommendationRules.evidence;
import static io.proactiveinsights.recommend.RecommendationRules.quote;
import static io.proactiveinsights.text.Numbers.count;
import static io.proactiveinsights.text.Numbers.pct;

import io.proactiveinsights.hygiene.EngagementRules;
import io.proactiveinsights.hygiene.Flag;
import io.proactiveinsights.hygiene.HygieneFlag;
import io.proactiveinsights.hygiene.MessageFacts;
import java.util.Locale;
import java.util.Optional;

/**
 * The actions that change who sees the message: broaden a rule that misses most of the people who
 * ask about its topics, or narrow it to the slice that engages.
 */
final class AudienceActionRules {

  private AudienceActionRules() {}

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
}
