package io.proactiveinsights.recommend;

import static io.proactiveinsights.text.Numbers.pctChange;

import io.proactiveinsights.experiments.ExperimentImpact;
import io.proactiveinsights.experiments.MessageArms;
import io.proactiveinsights.schema.ExperimentImpactColumns;
import io.proactiveinsights.schema.ExperimentImpactColumns.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a message's randomised holdout says as of a ds (its {@code experiment_impact} rows), in the
 * terms the recommendation rules weigh it against the observational {@code topic_impact}: a topic
 * whose holdout reached a verdict ({@code fewer_tickets}, {@code more_tickets}, {@code no_effect})
 * is decided by it; {@code inconclusive} and {@code insufficient_data} decide nothing; {@code srm}
 * is a broken assignment, never an effect. Plain Java over the rows.
 */
public record ExperimentEvidence(List<ExperimentImpact> rows) {

  /** A message without a holdout. */
  public static final ExperimentEvidence NONE = new ExperimentEvidence(List.of());

  public ExperimentEvidence {
    rows = rows.stream().sorted(Comparator.comparing(ExperimentImpact::metric)).toList();
  }

  /** The rows of ds by message. */
  public static Map<String, ExperimentEvidence> byMessage(List<ExperimentImpact> rows) {
    Map<String, List<ExperimentImpact>> grouped = new TreeMap<>();
    rows.forEach(r -> grouped.computeIfAbsent(r.arms().messageId(), k -> new ArrayList<>()).add(r));
    Map<String, ExperimentEvidence> byMessage = new LinkedHashMap<>();
    grouped.forEach((message, own) -> byMessage.put(message, new ExperimentEvidence(own)));
    return byMessage;
  }

  /** The {@code tickets:<topic>} rows. */
  public List<ExperimentImpact> tickets() {
    return rows.stream().filter(ExperimentEvidence::isTickets).toList();
  }

  /** The arms, when the split failed the sample-ratio-mismatch test: no row says anything else. */
  public Optional<MessageArms> mismatchedSplit() {
    return rows.stream()
        .filter(r -> r.verdict() == Verdict.SRM)
        .map(ExperimentImpact::arms)
        .findFirst();
  }

  /**
   * Rows where showing the message did harm: more tickets on a topic, a worse goal rate or CSAT;
   * the largest harm (lift furthest from 0) first.
   */
  public List<ExperimentImpact> harmful() {
    return rows.stream()
        .filter(r -> r.verdict() == Verdict.MORE_TICKETS || r.verdict() == Verdict.WORSE)
        .sorted(Comparator.comparingDouble((ExperimentImpact r) -> -Math.abs(r.lift())))
        .toList();
  }

  /** Topics on which the people shown it open fewer tickets than the held-out people. */
  public List<ExperimentImpact> deflecting() {
    return tickets().stream().filter(r -> r.verdict() == Verdict.FEWER_TICKETS).toList();
  }

  /**
   * Whether the holdout rules out any effect worth having on every one of the message's topics:
   * each ticket row's interval lies within ±{@link Verdict#NO_EFFECT_MARGIN}. The strongest case
   * for rewriting it: a randomised comparison, not a before/after or a self-selected one.
   */
  public boolean noTicketEffect() {
    List<ExperimentImpact> tickets = tickets();
    return !tickets.isEmpty() && tickets.stream().allMatch(r -> r.verdict() == Verdict.NO_EFFECT);
  }

  /**
   * Whether the holdout found an effect on some topic, either way: then it, not the observational
   * comparison, says whether the message works.
   */
  public boolean ticketEffect() {
    return tickets().stream()
        .anyMatch(r -> r.verdict() == Verdict.FEWER_TICKETS || r.verdict() == Verdict.MORE_TICKETS);
  }

  /** Metric → verdict of every row, for a recommendation's evidence ({@code none}: no verdict). */
  public Map<String, String> verdicts() {
    Map<String, String> verdicts = new LinkedHashMap<>();
    rows.forEach(r -> verdicts.put(r.metric(), r.verdict() == null ? "none" : r.verdict().wire()));
    return verdicts;
  }

  /** {@code billing} for {@code tickets:billing}; the metric itself otherwise. */
  static String topicOrMetric(ExperimentImpact r) {
    return isTickets(r)
        ? r.metric().substring(ExperimentImpactColumns.TICKETS_PREFIX.length())
        : r.metric().replace('_', ' ');
  }

  /** "-3% (95% CI -8% to +4%)": the lift and its always-valid interval as changes. */
  static String liftText(ExperimentImpact r) {
    String lift = pctChange(1 + r.lift());
    return r.ciLow() == null || r.ciHigh() == null
        ? lift
        : lift + " (95% CI " + pctChange(1 + r.ciLow()) + " to " + pctChange(1 + r.ciHigh()) + ")";
  }

  private static boolean isTickets(ExperimentImpact r) {
    return r.metric().startsWith(ExperimentImpactColumns.TICKETS_PREFIX);
  }
}
