package io.proactiveinsights.report;

import static io.proactiveinsights.text.Numbers.count;
import static io.proactiveinsights.text.Numbers.pctCell;
import static io.proactiveinsights.text.Numbers.signed;

import io.proactiveinsights.report.ReportInputs.MessageInfo;
import io.proactiveinsights.report.ReportInputs.VariantRow;
import io.proactiveinsights.report.ReportView.VariantLine;
import io.proactiveinsights.report.ReportView.VariantTest;
import io.proactiveinsights.schema.MessageStatsColumns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's A/B variants from the {@code variant_stats} rows of ds: per message with variants,
 * each variant's primary rate and its difference from the reference variant in percentage points
 * with the 95% interval, as a sentence ("Variant B: 12.1% of viewers clicked vs 9.8% for A, +2.3
 * points (95% CI +0.4 to +4.2)"). The test is fixed-horizon: the section says to read it once, at
 * the end. Pure: no Spark, no I/O.
 */
final class VariantsSection {

  private VariantsSection() {}

  static List<VariantTest> tests(List<VariantRow> rows, Map<String, MessageInfo> messages) {
    Map<String, List<VariantRow>> byMessage = new TreeMap<>();
    rows.forEach(r -> byMessage.computeIfAbsent(r.messageId(), k -> new ArrayList<>()).add(r));
    List<VariantTest> tests = new ArrayList<>();
    byMessage.forEach(
        (messageId, own) -> {
          List<VariantRow> ordered =
              own.stream()
                  .sorted(
                      Comparator.comparing((VariantRow r) -> !r.reference())
                          .thenComparing(VariantRow::variantId))
                  .toList();
          VariantRow reference = ordered.get(0);
          MessageInfo info = messages.get(messageId);
          tests.add(
              new VariantTest(
                  messageId,
                  info == null || info.name() == null ? messageId : info.name(),
                  ReportModel.metricLabel(reference.primaryMetric()),
                  ordered.stream().map(r -> line(r, reference)).toList()));
        });
    return tests;
  }

  private static VariantLine line(VariantRow r, VariantRow reference) {
    String rate =
        r.primaryRate() == null
            ? "–"
            : pctCell(r.primaryRate())
                + " ("
                + count(r.primaryPeople())
                + " of "
                + count(r.primaryBase())
                + ")";
    if (r.reference()) {
      return new VariantLine(
          r.variantId(),
          true,
          r.receivers(),
          rate,
          "–",
          "",
          "Variant " + r.variantId() + " (the reference: most receivers): " + did(r) + ".",
          "neutral");
    }
    boolean compared = r.difference() != null && r.low() != null && r.high() != null;
    String difference = compared ? points(r.difference()) + " points" : "–";
    String interval = compared ? points(r.low()) + " to " + points(r.high()) : "";
    String sentence =
        compared
            ? "Variant "
                + r.variantId()
                + ": "
                + did(r)
                + " vs "
                + pctCell(reference.primaryRate())
                + " for "
                + reference.variantId()
                + ", "
                + difference
                + " (95% CI "
                + interval
                + "): "
                + judgement(r)
                + "."
            : "Variant "
                + r.variantId()
                + ": "
                + did(r)
                + "; nobody viewed one of the two yet, so they cannot be compared.";
    return new VariantLine(
        r.variantId(), false, r.receivers(), rate, difference, interval, sentence, tone(r));
  }

  /** "12.1% of viewers clicked", from the primary metric's action. */
  private static String did(VariantRow r) {
    if (r.primaryRate() == null) {
      return "nobody viewed it yet";
    }
    String action =
        switch (r.primaryMetric()) {
          case MessageStatsColumns.CTR -> "clicked";
          case MessageStatsColumns.REPLY_RATE -> "replied";
          case MessageStatsColumns.COMPLETION_RATE -> "completed it";
          default -> ReportModel.metricLabel(r.primaryMetric());
        };
    return pctCell(r.primaryRate()) + " of viewers " + action;
  }

  /** Whether the interval rules out "no difference", read once at the end of the test. */
  private static String judgement(VariantRow r) {
    if (r.low() > 0) {
      return "better than the reference";
    }
    if (r.high() < 0) {
      return "worse than the reference";
    }
    return "no clear difference";
  }

  private static String tone(VariantRow r) {
    if (r.low() == null || r.high() == null) {
      return "neutral";
    }
    return r.low() > 0 ? "good" : r.high() < 0 ? "bad" : "neutral";
  }

  /** A difference of shares in percentage points, signed, one decimal: 0.023 → "+2.3". */
  private static String points(double share) {
    return signed(100 * share);
  }
}
