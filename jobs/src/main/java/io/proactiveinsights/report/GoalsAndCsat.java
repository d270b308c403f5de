package io.proactiveinsights.report;

import io.proactiveinsights.hygiene.Text;
import io.proactiveinsights.report.ReportInputs.CsatRow;
import io.proactiveinsights.report.ReportInputs.GoalRow;
import io.proactiveinsights.report.ReportInputs.MessageInfo;
import io.proactiveinsights.report.ReportView.CsatItem;
import io.proactiveinsights.report.ReportView.GoalItem;
import io.proactiveinsights.text.Numbers;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * The report's goal and CSAT findings, from {@code message_stats} and {@code csat_impact} as read:
 * each live message with a goal against the other live messages of its format that have one, each
 * message's CSAT against the rest on its topics, and the digest's sentence for each. Pure: no
 * Spark, no I/O.
 *
 * <p>A goal peer is another live message of the same format with a {@code goal_event}, a goal rate
 * and enough viewers for the metrics job to judge it ({@code baseline_position} not {@code
 * insufficient_data}), so a message received by three people does not set the median. The message
 * itself is never its own peer. "Below" and "above" mean that the whole 95% interval lies on that
 * side of the peers' median; a CSAT difference is "lower" or "higher" when its 95% interval leaves
 * out zero.
 */
final class GoalsAndCsat {

  private GoalsAndCsat() {}

  // ---- Goals

  /** Where a message's goal rate stands against its peers, in the order the report lists them. */
  enum GoalPosition {
    BELOW("below its format", "bad"),
    ABOVE("above its format", "good"),
    WITHIN("in line with its format", "neutral"),
    NO_PEER("no peer with a goal", "neutral"),
    NOT_RECEIVED("not received yet", "neutral");

    final String label;
    final String tone;

    GoalPosition(String label, String tone) {
      this.label = label;
      this.tone = tone;
    }

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static List<GoalItem> goals(List<GoalRow> rows, Map<String, MessageInfo> messages) {
    Map<String, GoalRow> byMessage =
        rows.stream()
            .collect(Collectors.toMap(GoalRow::messageId, Function.identity(), (a, b) -> a));
    List<MessageInfo> withGoal =
        messages.values().stream()
            .filter(
                m -> "live".equals(m.state()) && m.goalEvent() != null && !m.goalEvent().isBlank())
            .toList();
    return withGoal.stream()
        .map(
            m -> {
              GoalRow row =
                  byMessage.getOrDefault(
                      m.messageId(), new GoalRow(m.messageId(), 0, 0, null, null, null, false));
              double[] peers =
                  withGoal.stream()
                      .filter(
                          p -> !p.messageId().equals(m.messageId()) && p.type().equals(m.type()))
                      .map(p -> byMessage.get(p.messageId()))
                      .filter(p -> p != null && p.judged() && p.goalRate() != null)
                      .mapToDouble(GoalRow::goalRate)
                      .toArray();
              return goal(m, row, peers);
            })
        .sorted(
            Comparator.comparing(
                    (GoalItem g) -> GoalPosition.valueOf(g.position().toUpperCase(Locale.ROOT)))
                .thenComparingDouble(GoalsAndCsat::gap)
                .thenComparing(GoalItem::type)
                .thenComparing(GoalItem::messageId))
        .toList();
  }

  private static GoalItem goal(MessageInfo m, GoalRow row, double[] peers) {
    Double median = median(peers);
    String format = m.type().replace('_', ' ');
    GoalPosition position;
    String comparison;
    if (row.goalRate() == null) {
      position = GoalPosition.NOT_RECEIVED;
      comparison = "nobody received it in the metrics window";
    } else if (median == null) {
      position = GoalPosition.NO_PEER;
      comparison = "with no other live " + format + " with a goal to compare with";
    } else {
      position =
          row.goalHigh() != null && row.goalHigh() < median
              ? GoalPosition.BELOW
              : row.goalLow() != null && row.goalLow() > median
                  ? GoalPosition.ABOVE
                  : GoalPosition.WITHIN;
      String side =
          switch (position) {
            case BELOW -> "below";
            case ABOVE -> "above";
            default -> "in line with";
          };
      comparison =
          peers.length == 1
              ? String.format(
                  Locale.ROOT,
                  "%s the %s of the other %s with a goal",
                  side,
                  Numbers.pct(median),
                  format)
              : String.format(
                  Locale.ROOT,
                  "%s the %s median of %d other %s with a goal",
                  side,
                  Numbers.pct(median),
                  peers.length,
                  Text.plural(m.type()));
    }
    return new GoalItem(
        m.messageId(),
        name(m),
        m.type(),
        m.goalEvent(),
        row.receivers(),
        row.goalUsers(),
        Numbers.pctCell(row.goalRate()),
        row.goalLow() == null || row.goalHigh() == null
            ? ""
            : "[" + Numbers.pctCell(row.goalLow()) + ", " + Numbers.pctCell(row.goalHigh()) + "]",
        Numbers.pctCell(median),
        peers.length,
        position.wire(),
        position.label,
        position.tone,
        comparison,
        row.goalRate(),
        row.goalLow(),
        row.goalHigh(),
        median);
  }

  /**
   * How far the interval's top lies below the peers' median (negative when below); 0 where there is
   * nothing to compare.
   */
  private static double gap(GoalItem g) {
    return g.highValue() == null || g.peerMedianValue() == null
        ? 0
        : g.highValue() - g.peerMedianValue();
  }

  /** The median (R's default, type 7), null for no values. */
  private static Double median(double[] values) {
    if (values.length == 0) {
      return null;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return new Percentile().withEstimationType(EstimationType.R_7).evaluate(sorted, 50);
  }

  /**
   * "2 live messages have a goal; Export tour reaches its goal for 41% (95% CI 37–45%) of
   * receivers, below the 60% median of 3 other product tours with a goal." The message named is the
   * one furthest below its format, else the one most people received.
   */
  static String goalsDigest(List<GoalItem> goals) {
    if (goals.isEmpty()) {
      return "no live message has a goal set.";
    }
    String head =
        goals.size() == 1
            ? "1 live message has a goal"
            : goals.size() + " live messages have a goal";
    // goals() puts the ones below first, furthest below first.
    List<GoalItem> below =
        goals.stream().filter(g -> GoalPosition.BELOW.wire().equals(g.position())).toList();
    if (!below.isEmpty()) {
      String more = below.size() == 1 ? "" : "; " + (below.size() - 1) + " more below their format";
      return head + "; " + reaches(below.get(0)) + more + ".";
    }
    List<GoalItem> received =
        goals.stream().filter(g -> !GoalPosition.NOT_RECEIVED.wire().equals(g.position())).toList();
    if (received.isEmpty()) {
      return head
          + ", but nobody received "
          + (goals.size() == 1 ? "it" : "them")
          + " in the metrics window.";
    }
    GoalItem most =
        received.stream()
            .max(
                Comparator.comparingLong(GoalItem::receivers)
                    .thenComparing(GoalItem::messageId, Comparator.reverseOrder()))
            .orElseThrow();
    boolean compared =
        received.stream().anyMatch(g -> !GoalPosition.NO_PEER.wire().equals(g.position()));
    return head + (compared ? ", none below its format; " : "; ") + reaches(most) + ".";
  }

  private static String reaches(GoalItem g) {
    String interval =
        g.lowValue() == null || g.highValue() == null
            ? ""
            : " (95% CI " + Numbers.pctRange(g.lowValue(), g.highValue()) + ")";
    return String.format(
        Locale.ROOT,
        "%s reaches its goal for %s%s of receivers, %s",
        g.messageName(),
        Numbers.pct(g.rateValue()),
        interval,
        g.comparison());
  }

  // ---- CSAT

  /**
   * How a message's CSAT compares with the rest on its topics, in the order the report lists them.
   */
  enum CsatVerdict {
    LOWER("lower than its topics", "bad"),
    HIGHER("higher than its topics", "good"),
    NO_DIFFERENCE("no clear difference", "neutral"),
    NOT_ENOUGH_RATINGS("not enough ratings", "neutral");

    final String label;
    final String tone;

    CsatVerdict(String label, String tone) {
      this.label = label;
      this.tone = tone;
    }

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static List<CsatItem> csat(List<CsatRow> rows, Map<String, MessageInfo> messages) {
    return rows.stream()
        .map(r -> csat(r, messages.get(r.messageId())))
        .sorted(
            Comparator.comparing(
                    (CsatItem c) -> CsatVerdict.valueOf(c.verdict().toUpperCase(Locale.ROOT)))
                .thenComparing(CsatItem::messageId))
        .toList();
  }

  private static CsatItem csat(CsatRow r, MessageInfo m) {
    CsatVerdict verdict = verdict(r);
    return new CsatItem(
        r.messageId(),
        m == null ? r.messageId() : name(m),
        m == null ? "" : m.type(),
        m == null ? "" : String.join(", ", m.topics()),
        Numbers.num(r.fromMean()),
        r.fromN(),
        Numbers.num(r.othersMean()),
        r.othersN(),
        Numbers.signed(r.difference()),
        r.ciLow() == null || r.ciHigh() == null
            ? ""
            : "[" + Numbers.signed(r.ciLow()) + ", " + Numbers.signed(r.ciHigh()) + "]",
        pValue(r.pValue()),
        verdict.wire(),
        verdict.label,
        verdict.tone);
  }

  private static CsatVerdict verdict(CsatRow r) {
    if (r.difference() == null || r.ciLow() == null || r.ciHigh() == null) {
      return CsatVerdict.NOT_ENOUGH_RATINGS;
    }
    if (r.ciHigh() < 0) {
      return CsatVerdict.LOWER;
    }
    return r.ciLow() > 0 ? CsatVerdict.HIGHER : CsatVerdict.NO_DIFFERENCE;
  }

  /**
   * "conversations started from SSO chat rate 4.3 against 3.9 on sso (+0.4, 95% CI +0.1 to +0.7)."
   * The message named is the one rated clearly lowest against its topics, else clearly highest,
   * else the one with the most ratings.
   */
  static String csatDigest(List<CsatRow> rows, Map<String, MessageInfo> messages) {
    if (rows.isEmpty()) {
      return "no conversation started from a message was rated in the metrics window.";
    }
    List<CsatRow> compared =
        rows.stream().filter(r -> verdict(r) != CsatVerdict.NOT_ENOUGH_RATINGS).toList();
    if (compared.isEmpty()) {
      return rows.size() == 1
          ? "conversations started from 1 message were rated, too few times yet to compare with the"
              + " rest on its topics."
          : "conversations started from "
              + rows.size()
              + " messages were rated, too few times yet to compare with the rest on their topics.";
    }
    List<CsatRow> lower =
        compared.stream()
            .filter(r -> verdict(r) == CsatVerdict.LOWER)
            .sorted(
                Comparator.comparingDouble(CsatRow::difference).thenComparing(CsatRow::messageId))
            .toList();
    if (!lower.isEmpty()) {
      String more =
          lower.size() == 1
              ? ""
              : "; " + (lower.size() - 1) + " more rate clearly lower than their topics";
      return rates(lower.get(0), messages) + more + ".";
    }
    List<CsatRow> higher =
        compared.stream()
            .filter(r -> verdict(r) == CsatVerdict.HIGHER)
            .sorted(
                Comparator.comparingDouble((CsatRow r) -> -r.difference())
                    .thenComparing(CsatRow::messageId))
            .toList();
    if (!higher.isEmpty()) {
      return rates(higher.get(0), messages) + ".";
    }
    CsatRow most =
        compared.stream()
            .max(
                Comparator.comparingLong(CsatRow::fromN)
                    .thenComparing(CsatRow::messageId, Comparator.reverseOrder()))
            .orElseThrow();
    return "no message's conversations rate clearly apart from the rest on their topics; "
        + rates(most, messages)
        + ".";
  }

  private static String rates(CsatRow r, Map<String, MessageInfo> messages) {
    MessageInfo m = messages.get(r.messageId());
    return String.format(
        Locale.ROOT,
        "conversations started from %s rate %s against %s on %s (%s, 95%% CI %s to %s)",
        m == null ? r.messageId() : name(m),
        Numbers.num(r.fromMean()),
        Numbers.num(r.othersMean()),
        topics(m),
        Numbers.signed(r.difference()),
        Numbers.signed(r.ciLow()),
        Numbers.signed(r.ciHigh()));
  }

  /**
   * "sso", "sso and login", "billing, sso and login"; "its topics" when the catalogue names none.
   */
  private static String topics(MessageInfo m) {
    List<String> topics = m == null ? List.of() : m.topics();
    if (topics.isEmpty()) {
      return "its topics";
    }
    if (topics.size() == 1) {
      return topics.get(0);
    }
    return String.join(", ", topics.subList(0, topics.size() - 1))
        + " and "
        + topics.get(topics.size() - 1);
  }

  private static String name(MessageInfo m) {
    return m.name() == null ? m.messageId() : m.name();
  }

  static String pValue(Double p) {
    if (p == null) {
      return "–";
    }
    return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
  }
}
