package io.proactiveinsights.recommend;

import io.proactiveinsights.hygiene.HygieneFlag;
import io.proactiveinsights.hygiene.MessageFacts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
          new FlagActionRules.Pause(),
          new TicketActionRules.FixHoldoutSplit(),
          new TicketActionRules.HarmInHoldout(),
          new FlagActionRules.ResolveBannerConflict(),
          new FlagActionRules.ChangeFormatOrTiming(),
          new FlagActionRules.ReduceFrequency(),
          new AudienceActionRules.BroadenAudience(),
          new AudienceActionRules.NarrowAudience(),
          new FlagActionRules.ImproveCopyOrCta(),
          new TicketActionRules.ReworkContent(),
          new FlagActionRules.ReviewContent(),
          new FlagActionRules.ReworkForGoal(),
          new FlagActionRules.ReviewForCsat());

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

  static Map<String, Object> evidence(HygieneFlag flag, Object... more) {
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

  static String quote(String rule) {
    return "`" + rule + "`";
  }
}
