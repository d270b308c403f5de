package io.proactiveinsights.hygiene;

import io.proactiveinsights.stats.ProportionDifference;
import java.util.List;

/**
 * How many proactive messages people received in the last 7 days, and how much of what they saw
 * they dismissed: the evidence across messages that behind {@code OVER_MESSAGING}. People are
 * grouped by their receipts that week ({@code messages}, with {@code maxPerWeek + 1} standing for
 * "more than the maximum"; 0 for people who only saw earlier messages again); per group, their
 * views and their dismissals (at most one per view).
 */
public record WeeklyLoad(int maxPerWeek, List<Group> groups) {

  public static final WeeklyLoad NONE = new WeeklyLoad(5, List.of());

  /** People who received {@code messages} messages that week, their views and dismissals. */
  public record Group(int messages, long people, long views, long dismissals) {}

  /** People who received more than {@code maxPerWeek} messages. */
  public long overMessagedPeople() {
    return groups.stream().filter(g -> g.messages() > maxPerWeek).mapToLong(Group::people).sum();
  }

  /**
   * The over-messaged people's share of views dismissed against everyone else's (difference with
   * its 95% interval), or null when either side saw nothing.
   */
  public ProportionDifference overVersusRest() {
    long overViews = 0;
    long overDismissals = 0;
    long restViews = 0;
    long restDismissals = 0;
    for (Group g : groups) {
      if (g.messages() > maxPerWeek) {
        overViews += g.views();
        overDismissals += g.dismissals();
      } else {
        restViews += g.views();
        restDismissals += g.dismissals();
      }
    }
    return overViews == 0 || restViews == 0
        ? null
        : ProportionDifference.of(overDismissals, overViews, restDismissals, restViews);
  }
}
