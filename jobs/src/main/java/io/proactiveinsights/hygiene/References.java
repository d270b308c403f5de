package io.proactiveinsights.hygiene;

import io.proactiveinsights.hygiene.MessageFacts.Reference;
import io.proactiveinsights.hygiene.MessageFacts.Reference.Basis;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * Leave-one-out references for a rate: the median of the same rate over the other messages of the
 * message's format, or, when the format has fewer than {@code hygiene.baseline_min_messages} such
 * messages, over every other message judged on that rate. A message is never part of its own
 * reference (a format's "median" of one message would be the message itself).
 */
final class References {

  /**
   * A message whose rate may serve as a reference: already judged eligible (live long enough,
   * enough trials).
   */
  record Candidate(String messageId, String type, double rate) {}

  private References() {}

  /**
   * @param what how the wider reference is described, e.g. "messages judged on click-through"
   */
  static Reference of(
      String messageId, String type, List<Candidate> candidates, int minMessages, String what) {
    List<Candidate> others =
        candidates.stream().filter(c -> !c.messageId().equals(messageId)).toList();
    List<Candidate> sameFormat = others.stream().filter(c -> c.type().equals(type)).toList();
    if (sameFormat.size() >= minMessages) {
      return new Reference(
          median(sameFormat),
          Basis.FORMAT,
          sameFormat.size(),
          String.format(
              Locale.ROOT, "median of %d other %s", sameFormat.size(), Text.plural(type)));
    }
    if (others.size() >= minMessages) {
      return new Reference(
          median(others),
          Basis.WIDER,
          others.size(),
          String.format(
              Locale.ROOT,
              "median of %d other %s (fewer than %d other %s to compare with)",
              others.size(),
              what,
              minMessages,
              Text.plural(type)));
    }
    return Reference.NONE;
  }

  private static double median(List<Candidate> candidates) {
    return new Median().evaluate(candidates.stream().mapToDouble(Candidate::rate).toArray());
  }
}
