package io.proactiveinsights.hygiene;

import io.proactiveinsights.impact.TopicImpact;
import io.proactiveinsights.impact.TopicImpact.Comparison;
import io.proactiveinsights.impact.TopicImpact.Verdict;
import java.util.Locale;

/**
 * One plain phrase for a {@code topic_impact} row, from the comparison its verdict trusts and with
 * the always-valid interval the verdict was read from.
 */
public final class ImpactText {

  private ImpactText() {}

  public static String describe(TopicImpact r) {
    String topic = r.message().topic();
    Verdict verdict = r.verdict();
    String change =
        switch (verdict) {
          case FEWER_TICKETS -> "fewer tickets";
          case MORE_TICKETS -> "more tickets";
          case NO_CHANGE -> "no change";
          case TOO_FEW_VIEWERS -> "too few viewers to tell";
          case INSUFFICIENT_DATA -> verdict.wire();
        };
    if (verdict == Verdict.TOO_FEW_VIEWERS && r.viewerTicketShare() != null) {
      return String.format(
          Locale.ROOT,
          "%s: %s (its %d viewers opened %.1f%% of the topic's %d tickets before launch)",
          topic,
          change,
          r.exposedUsers(),
          100 * r.viewerTicketShare(),
          r.beforeTickets());
    }
    if (verdict == Verdict.TOO_FEW_VIEWERS) {
      return String.format(Locale.ROOT, "%s: %s (%d viewers)", topic, change, r.exposedUsers());
    }
    if (r.trustedComparison() == Comparison.EXPOSED_VS_UNEXPOSED
        && r.viewers().difference() != null) {
      return String.format(
          Locale.ROOT,
          "%s: %s (viewers vs non-viewers %+.1f tickets per 1,000 people a week, 95%% CI %+.1f to"
              + " %+.1f)",
          topic,
          change,
          r.viewers().difference(),
          r.viewers().alwaysValid().low(),
          r.viewers().alwaysValid().high());
    }
    if (r.weekday().ratio() != null && r.beforeRate() != null && r.afterRate() != null) {
      return String.format(
          Locale.ROOT,
          "%s: %s (%.1f → %.1f tickets a day, ratio %.2f, 95%% CI %.2f–%.2f)",
          topic,
          change,
          r.beforeRate(),
          r.afterRate(),
          r.weekday().ratio(),
          r.weekday().alwaysValid().low(),
          r.weekday().alwaysValid().high());
    }
    return topic + ": " + change;
  }
}
