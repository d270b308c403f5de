package io.proactiveinsights.hygiene;

import java.util.Locale;
import org.apache.spark.sql.Row;

/** One plain phrase for a {@code topic_impact} row, from the comparison its verdict trusts. */
public final class ImpactText {

  private ImpactText() {}

  public static String describe(Row r) {
    String topic = r.getAs("topic");
    String verdict = r.getAs("verdict");
    String change = switch (verdict) {
      case "fewer_tickets" -> "fewer tickets";
      case "more_tickets" -> "more tickets";
      case "no_change" -> "no change";
      case "too_few_viewers" -> "too few viewers to tell";
      default -> verdict;
    };
    if ("too_few_viewers".equals(verdict) && r.getAs("viewer_ticket_share") != null) {
      return String.format(Locale.ROOT, "%s: %s (its %d viewers opened %.1f%% of the topic's %d tickets before launch)",
          topic, change, r.<Long>getAs("exposed_users"), 100 * r.<Double>getAs("viewer_ticket_share"), r.<Long>getAs("before_tickets"));
    }
    if ("too_few_viewers".equals(verdict)) {
      return String.format(Locale.ROOT, "%s: %s (%d viewers)", topic, change, r.<Long>getAs("exposed_users"));
    }
    if ("exposed_vs_unexposed".equals(r.getAs("trusted_comparison")) && r.getAs("did_per_1000_user_weeks") != null) {
      return String.format(Locale.ROOT, "%s: %s (viewers vs non-viewers %+.1f tickets per 1,000 people a week, 95%% CI %+.1f to %+.1f)",
          topic, change, r.<Double>getAs("did_per_1000_user_weeks"), r.<Double>getAs("did_ci_low"), r.<Double>getAs("did_ci_high"));
    }
    if (r.getAs("weekday_rate_ratio") != null && r.getAs("before_rate") != null && r.getAs("after_rate") != null) {
      return String.format(Locale.ROOT, "%s: %s (%.1f → %.1f tickets a day, ratio %.2f, 95%% CI %.2f–%.2f)",
          topic, change, r.<Double>getAs("before_rate"), r.<Double>getAs("after_rate"), r.<Double>getAs("weekday_rate_ratio"),
          r.<Double>getAs("weekday_ci_low"), r.<Double>getAs("weekday_ci_high"));
    }
    return topic + ": " + change;
  }
}
