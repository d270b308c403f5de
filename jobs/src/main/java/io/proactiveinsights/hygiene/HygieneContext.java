package io.proactiveinsights.hygiene;

import io.proactiveinsights.config.ProactiveConfig.HygieneSettings;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a hygiene rule may look at besides the message itself: the thresholds, the as-of time, the
 * other messages (banners judge each other), the banner overlaps and the week's load (who got how
 * many messages, and how much of it they dismissed).
 *
 * @param minViewers viewers a rate needs before it is judged (metrics.baseline_min_viewers)
 */
public record HygieneContext(
    HygieneSettings settings,
    long minViewers,
    Instant asOf,
    List<MessageFacts> all,
    List<BannerOverlap> overlaps,
    WeeklyLoad weeklyLoad) {

  /**
   * People who received more than hygiene.over_messaging_max_per_week messages in the last 7 days.
   */
  public long overMessagedPeople() {
    return weeklyLoad.overMessagedPeople();
  }

  public Optional<MessageFacts> message(String messageId) {
    return all.stream().filter(f -> f.messageId().equals(messageId)).findFirst();
  }
}
