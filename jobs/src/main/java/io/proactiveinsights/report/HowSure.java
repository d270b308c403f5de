package io.proactiveinsights.report;

import static io.proactiveinsights.text.Numbers.plain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.proactiveinsights.schema.EvidenceJson;
import io.proactiveinsights.text.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How sure a recommendation is, in words: the estimate behind the decision with its 95% interval
 * and the reference it was compared with, read from the recommendation's evidence JSON — {@code
 * estimate}, {@code ci_low}, {@code ci_high}, {@code reference_value} (numbers) and {@code
 * reference} (a short text such as "median of 3 other banners"). Each key may be missing (evidence
 * written before the rules gave them): the sentence says what is there, and nothing when none is.
 *
 * <p>Shares (every number of the sentence between 0 and 1, or {@code "unit": "share"}) read as
 * percentages, "41% (95% CI 37–45%) vs 60%, median of 3 other product tours"; relative changes
 * ({@code "unit": "change"}, a holdout's lift) as signed percentages, "-2% (95% CI -8% to +5%) vs
 * the held-out control group"; anything else (a mean rating, a difference, a rate ratio, days; or
 * {@code "unit"} set to something else) as a plain number.
 */
final class HowSure {

  private HowSure() {}

  /**
   * The sentence for a recommendation's evidence; empty when it names no estimate and no reference.
   */
  static String describe(String evidenceJson, String messageId, String action) {
    if (evidenceJson == null || evidenceJson.isBlank()) {
      return "";
    }
    JsonNode evidence;
    try {
      evidence = EvidenceJson.readTree(evidenceJson);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "Cannot read the evidence of recommendation "
              + action
              + " for "
              + messageId
              + ": it is not JSON ("
              + e.getOriginalMessage()
              + "); rerun `proactive recommendations` for this ds",
          e);
    }
    if (!evidence.isObject()) {
      return "";
    }
    Double estimate = number(evidence, "estimate");
    Double low = number(evidence, "ci_low");
    Double high = number(evidence, "ci_high");
    Double referenceValue = number(evidence, "reference_value");
    String reference =
        evidence.path("reference").isTextual() ? evidence.get("reference").asText().strip() : "";
    String unit = evidence.path("unit").asText(null);
    if (CHANGE.equalsIgnoreCase(unit)) {
      return change(estimate, low, high, referenceValue, reference);
    }
    boolean share = share(unit, estimate, low, high, referenceValue);

    StringBuilder text = new StringBuilder();
    if (estimate != null) {
      text.append(format(estimate, share));
      if (low != null && high != null) {
        text.append(" (95% CI ").append(range(low, high, share)).append(')');
      }
    } else if (low != null && high != null) {
      text.append("95% CI ").append(range(low, high, share));
    }
    String against =
        referenceValue == null
            ? reference
            : reference.isEmpty()
                ? format(referenceValue, share)
                : format(referenceValue, share) + ", " + reference;
    if (!against.isEmpty()) {
      text.append(text.isEmpty() ? "compared with " : " vs ").append(against);
    }
    return text.isEmpty() ? "" : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  /** The {@code unit} of a relative change: 0.18 reads "+18%". */
  static final String CHANGE = "change";

  /**
   * A relative change with its interval, "-2% (95% CI -8% to +5%) vs the held-out control group";
   * its reference value, when given, is a change too.
   */
  private static String change(
      Double estimate, Double low, Double high, Double referenceValue, String reference) {
    List<String> parts = new ArrayList<>();
    if (estimate != null) {
      parts.add(signedPct(estimate));
    }
    if (low != null && high != null) {
      String interval = "95% CI " + signedPct(low) + " to " + signedPct(high);
      parts.add(parts.isEmpty() ? interval : "(" + interval + ")");
    }
    String against =
        String.join(
            ", ",
            Stream.of(referenceValue == null ? "" : signedPct(referenceValue), reference)
                .filter(t -> !t.isEmpty())
                .toList());
    if (!against.isEmpty()) {
      parts.add(parts.isEmpty() ? "compared with " + against : "vs " + against);
    }
    String text = String.join(" ", parts);
    return text.isEmpty() ? "" : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static String signedPct(double change) {
    return Numbers.pctChange(1 + change);
  }

  private static Double number(JsonNode evidence, String key) {
    JsonNode node = evidence.get(key);
    return node != null && node.isNumber() && Double.isFinite(node.asDouble())
        ? node.asDouble()
        : null;
  }

  /**
   * A share unless the evidence says another unit, or some number of the sentence is outside [0,
   * 1].
   */
  static boolean share(String unit, Double... values) {
    if (unit != null) {
      return unit.equalsIgnoreCase("share");
    }
    List<Double> present = new ArrayList<>();
    for (Double v : values) {
      if (v != null) {
        present.add(v);
      }
    }
    return !present.isEmpty() && present.stream().allMatch(v -> v >= 0 && v <= 1);
  }

  static String format(double value, boolean share) {
    return share ? Numbers.pct(value) : plain(value);
  }

  /**
   * "37–45%" for shares, "0.8–1.1" for positive numbers, "-0.6 to -0.2" when a bound is negative (a
   * dash would read as a minus).
   */
  static String range(double low, double high, boolean share) {
    if (share) {
      return Numbers.pctRange(low, high);
    }
    return low < 0 || high < 0 ? plain(low) + " to " + plain(high) : plain(low) + "–" + plain(high);
  }
}
