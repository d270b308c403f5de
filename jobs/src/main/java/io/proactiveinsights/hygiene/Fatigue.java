package io.proactiveinsights.hygiene;

import static io.proactiveinsights.text.Numbers.count;
import static io.proactiveinsights.text.Numbers.pct;

import io.proactiveinsights.config.ProactiveConfig.HygieneSettings;
import io.proactiveinsights.hygiene.MessageFacts.Showing;
import io.proactiveinsights.hygiene.MessageFacts.Showings;
import io.proactiveinsights.stats.Proportion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evidence that repeated showings only annoy: among the people shown a message again, most
 * dismiss a later showing (the lower end of the 95% interval above {@code
 * hygiene.fatigue_min_later_dismiss_rate}), and the later showings bring no more of the message's
 * primary action than the first. Read from the message's showing curve ({@link Showings}).
 *
 * @param laterDismiss dismissals among the people shown it a 2nd or later time
 */
public record Fatigue(
    Showings showings,
    Showing first,
    Showing later,
    Proportion laterDismiss,
    String primaryMetric) {

  /** The fatigue evidence of a message, or null when its repeats are not shown to annoy. */
  public static Fatigue of(MessageFacts m, HygieneSettings settings, long minViewers) {
    Showings s = m.showings();
    Showing first = s.first();
    Showing later = s.later();
    if (first == null || later == null || later.viewers() < minViewers) {
      return null;
    }
    Proportion laterDismiss = Proportion.of(later.dismissers(), later.viewers());
    boolean annoys = laterDismiss.low() > settings.fatigueMinLaterDismissRate();
    boolean noMoreAction = later.successRate() <= first.successRate();
    return annoys && noMoreAction
        ? new Fatigue(s, first, later, laterDismiss, m.engagement().primaryMetric())
        : null;
  }

  /**
   * The curve as a support lead reads it, e.g. "31% dismiss the 1st showing, 84% the 2nd, 88% the
   * 3rd or later; replies come from the 1st showing (2.1% against 0.1% of later ones)."
   */
  public String sentence() {
    List<String> steps = new ArrayList<>();
    for (Showing showing : showings.byShowing()) {
      steps.add(
          pct(showing.dismissRate())
              + (steps.isEmpty() ? " dismiss the " : " the ")
              + ordinal(showing.number()));
    }
    return String.format(
        Locale.ROOT,
        "Of the %s people shown it more than once, %s dismissed a later showing (95%% CI %s–%s):"
            + " %s; %s come from the 1st showing (%s of 1st showings against %s of later ones).",
        count(later.viewers()),
        pct(laterDismiss.rate()),
        pct(laterDismiss.low()),
        pct(laterDismiss.high()),
        String.join(", ", steps),
        Text.actions(primaryMetric),
        pct(first.successRate()),
        pct(later.successRate()));
  }

  /** The curve for the evidence JSON. */
  public Map<String, Object> evidence() {
    List<Map<String, Object>> curve = new ArrayList<>();
    for (Showing showing : showings.byShowing()) {
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("showing", showing.number() == 3 ? "3+" : String.valueOf(showing.number()));
      point.put("viewers", showing.viewers());
      point.put("dismiss_rate", showing.dismissRate());
      point.put("success_rate", showing.successRate());
      curve.add(point);
    }
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("by_showing", curve);
    evidence.put("later_viewers", later.viewers());
    evidence.put("later_dismiss_rate", laterDismiss.rate());
    evidence.put("later_dismiss_low", laterDismiss.low());
    evidence.put("later_dismiss_high", laterDismiss.high());
    evidence.put("first_success_rate", first.successRate());
    evidence.put("later_success_rate", later.successRate());
    evidence.put("repeat_dismissers", showings.repeatDismissers());
    return evidence;
  }

  private static String ordinal(int showing) {
    return switch (showing) {
      case 1 -> "1st";
      case 2 -> "2nd";
      default -> "3rd or later";
    };
  }
}
