package io.proactiveinsights.recommend;

import io.proactiveinsights.config.ProactiveConfig.HygieneSettings;
import io.proactiveinsights.config.ProactiveConfig.RecommendSettings;
import io.proactiveinsights.hygiene.Flag;
import io.proactiveinsights.hygiene.HygieneFlag;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a recommendation rule may look at besides the message's facts: the thresholds, every
 * message's flags, the audience slices the narrowing search found, and what each message's holdout
 * says ({@code experiment_impact}).
 */
public record RecommendContext(
    HygieneSettings hygiene,
    RecommendSettings settings,
    Map<String, Map<Flag, HygieneFlag>> flags,
    Map<String, NarrowSlice> slices,
    Map<String, ExperimentEvidence> experiments) {

  /** The message's holdout evidence; {@link ExperimentEvidence#NONE} without a holdout. */
  public ExperimentEvidence experiment(String messageId) {
    return experiments.getOrDefault(messageId, ExperimentEvidence.NONE);
  }

  public Map<Flag, HygieneFlag> flagsOf(String messageId) {
    return flags.getOrDefault(messageId, Map.of());
  }

  public Optional<HygieneFlag> flag(String messageId, Flag flag) {
    return Optional.ofNullable(flagsOf(messageId).get(flag));
  }

  /**
   * The live non-dismissible banners whose BLOCKING_BANNER flag names {@code messageId} as blocked.
   */
  public List<String> blockers(String messageId) {
    return flags.entrySet().stream()
        .filter(e -> e.getValue().containsKey(Flag.BLOCKING_BANNER))
        .filter(
            e ->
                e.getValue().get(Flag.BLOCKING_BANNER).evidence().get("blocked")
                        instanceof List<?> blocked
                    && blocked.contains(messageId))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }
}
