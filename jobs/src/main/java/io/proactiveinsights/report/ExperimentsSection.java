package io.proactiveinsights.report;

import static io.proactiveinsights.text.Numbers.num;
import static io.proactiveinsights.text.Numbers.pct;
import static io.proactiveinsights.text.Numbers.pctCell;
import static io.proactiveinsights.text.Numbers.pctChange;

import io.proactiveinsights.experiments.ExperimentImpact;
import io.proactiveinsights.experiments.MessageArms;
import io.proactiveinsights.report.ReportInputs.MessageInfo;
import io.proactiveinsights.report.ReportView.ExperimentItem;
import io.proactiveinsights.report.ReportView.ExperimentMetric;
import io.proactiveinsights.schema.ExperimentImpactColumns;
import io.proactiveinsights.schema.ExperimentImpactColumns.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's Experiments section from the {@code experiment_impact} rows of ds: per holdout
 * message, its arms, the days it has run and its split check, then each metric's treatment and
 * control values, lift with its always-valid interval and verdict (tickets first, then goal rate,
 * CSAT and the treatment-only primary metric). Pure: no Spark, no I/O.
 */
final class ExperimentsSection {

  private ExperimentsSection() {}

  static List<ExperimentItem> items(
      List<ExperimentImpact> rows, Map<String, MessageInfo> messages) {
    Map<String, List<ExperimentImpact>> byMessage = new TreeMap<>();
    rows.forEach(
        r -> byMessage.computeIfAbsent(r.arms().messageId(), k -> new ArrayList<>()).add(r));
    List<ExperimentItem> items = new ArrayList<>();
    byMessage.forEach(
        (messageId, own) -> {
          MessageArms arms = own.get(0).arms();
          boolean broken = own.stream().anyMatch(r -> r.verdict() == Verdict.SRM);
          MessageInfo info = messages.get(messageId);
          items.add(
              new ExperimentItem(
                  messageId,
                  info == null || info.name() == null ? messageId : info.name(),
                  arms.daysRun(),
                  arms.treatmentUsers(),
                  arms.controlUsers(),
                  split(arms, broken),
                  arms.srmPValue() == null ? "neutral" : broken ? "bad" : "good",
                  own.stream()
                      .sorted(
                          Comparator.comparingInt((ExperimentImpact r) -> metricOrder(r.metric()))
                              .thenComparing(ExperimentImpact::metric))
                      .map(ExperimentsSection::metric)
                      .toList()));
        });
    return items;
  }

  /** "10.0% held out, 10% declared (sample-ratio test p = 0.62)", or why it is broken. */
  static String split(MessageArms arms, boolean broken) {
    long assigned = arms.treatmentUsers() + arms.controlUsers();
    String held = assigned == 0 ? "–" : pctCell((double) arms.controlUsers() / assigned);
    if (arms.srmPValue() == null) {
      return held + " held out; no declared share to check the split against";
    }
    String test =
        arms.srmPValue() < 0.001
            ? "p < 0.001"
            : String.format(Locale.ROOT, "p = %.3f", arms.srmPValue());
    String text =
        held
            + " held out, "
            + pct(arms.expectedControlShare())
            + " declared (sample-ratio test "
            + test
            + ")";
    return broken ? text + ": the split is broken, fix the assignment; no metric is read" : text;
  }

  private static ExperimentMetric metric(ExperimentImpact r) {
    Verdict v = r.verdict();
    return new ExperimentMetric(
        r.metric(),
        metricLabel(r.metric()),
        value(r.metric(), r.treatmentValue()),
        r.controlValue() == null ? "–" : value(r.metric(), r.controlValue()),
        r.lift() == null ? "–" : pctChange(1 + r.lift()),
        r.ciLow() == null || r.ciHigh() == null
            ? ""
            : "[" + pctChange(1 + r.ciLow()) + ", " + pctChange(1 + r.ciHigh()) + "]",
        v == null ? "none" : v.wire(),
        verdictLabel(v),
        tone(v),
        r.lift(),
        r.ciLow(),
        r.ciHigh());
  }

  private static int metricOrder(String metric) {
    if (metric.startsWith(ExperimentImpactColumns.TICKETS_PREFIX)) {
      return 0;
    }
    return switch (metric) {
      case ExperimentImpactColumns.GOAL_RATE -> 1;
      case ExperimentImpactColumns.CSAT -> 2;
      default -> 3;
    };
  }

  static String metricLabel(String metric) {
    if (metric.startsWith(ExperimentImpactColumns.TICKETS_PREFIX)) {
      return "tickets on " + metric.substring(ExperimentImpactColumns.TICKETS_PREFIX.length());
    }
    return switch (metric) {
      case ExperimentImpactColumns.GOAL_RATE -> "goal rate";
      case ExperimentImpactColumns.CSAT -> "CSAT";
      default -> ReportModel.metricLabel(metric) + " (treatment only)";
    };
  }

  /** Tickets per 1,000 person-days, a mean rating, or a share. */
  private static String value(String metric, double value) {
    if (metric.startsWith(ExperimentImpactColumns.TICKETS_PREFIX)) {
      return String.format(Locale.ROOT, "%.2f per 1,000 person-days", 1000 * value);
    }
    return ExperimentImpactColumns.CSAT.equals(metric) ? num(value) : pctCell(value);
  }

  static String verdictLabel(Verdict v) {
    if (v == null) {
      return "treatment only";
    }
    return switch (v) {
      case FEWER_TICKETS -> "fewer tickets";
      case MORE_TICKETS -> "more tickets";
      case BETTER -> "better";
      case WORSE -> "worse";
      case NO_EFFECT -> "no effect";
      case INCONCLUSIVE -> "inconclusive: wait";
      case SRM -> "split broken";
      case INSUFFICIENT_DATA -> "too few people yet";
    };
  }

  static String tone(Verdict v) {
    if (v == null) {
      return "neutral";
    }
    return switch (v) {
      case FEWER_TICKETS, BETTER -> "good";
      case MORE_TICKETS, WORSE, SRM -> "bad";
      case NO_EFFECT -> "warn";
      case INCONCLUSIVE, INSUFFICIENT_DATA -> "neutral";
    };
  }
}
