package io.proactiveinsights.recommend;

import static io.proactiveinsights.recommend.RecommendationRules.evidence;

import io.proactiveinsights.hygiene.EngagementRules;
import io.proactiveinsights.hygiene.Flag;
import io.proactiveinsights.hygiene.HygieneFlag;
import io.proactiveinsights.hygiene.MessageFacts;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The actions that answer a hygiene flag on the message's own engagement or content: a resolved
 * known issue, a blocking banner, low reach or dismissals, over-messaging, weak copy, a low goal
 * rate or CSAT, stale content.
 */
final class FlagActionRules {

  private FlagActionRules() {}

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
