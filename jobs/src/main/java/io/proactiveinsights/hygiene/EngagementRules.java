package io.proactiveinsights.hygiene;

import static io.proactiveinsights.hygiene.HygieneRules.evidence;
import static io.proactiveinsights.hygiene.HygieneRules.liveLongEnough;
import static io.proactiveinsights.text.Numbers.count;
import static io.proactiveinsights.text.Numbers.pct;

import io.proactiveinsights.config.ProactiveConfig.HygieneSettings;
import io.proactiveinsights.hygiene.MessageFacts.Audience;
import io.proactiveinsights.hygiene.MessageFacts.Rate;
import io.proactiveinsights.hygiene.MessageFacts.Reference;
import io.proactiveinsights.stats.Proportion;
import io.proactiveinsights.text.Numbers;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The hygiene rules that judge a message's numbers against a reference: reach against its audience,
 * click-through, dismissals (with the showing curve), goal rate and CSAT. Each quotes its estimate,
 * the 95% interval and what it was compared with, in the detail and in the evidence keys every
 * action carries ({@code estimate}, {@code ci_low}, {@code ci_high}, {@code reference}, {@code
 * reference_value}). Registered in {@link HygieneRules#ALL}.
 */
public final class EngagementRules {

  private EngagementRules() {}

  /**
   * The figures behind a judged rate, in the keys every action's evidence carries: the estimate and
   * its 95% interval, and what it was compared with.
   */
  static Map<String, Object> rateEvidence(Rate r, Double referenceValue, String reference) {
    return evidence(
        "metric",
        r.metric(),
        "estimate",
        r.value(),
        "ci_low",
        r.low(),
        "ci_high",
        r.high(),
        "n",
        r.trials(),
        "reference",
        reference,
        "reference_value",
        referenceValue);
  }

  /** How a rate is written in a reason: "8.0% of 2,000 viewers (95% CI 6.9–9.3%)". */
  static String rateText(Rate r, String of) {
    return String.format(
        Locale.ROOT,
        "%s of %s %s (%s)",
        pct(r.value()),
        count(r.trials()),
        of,
        Numbers.interval(r.low(), r.high()));
  }

  /**
   * The share of a reference below which a rate is low: the format's own share, or the stricter one
   * for a wider reference.
   */
  private static double lowShare(Reference ref, double formatShare, HygieneSettings s) {
    return ref.basis() == Reference.Basis.FORMAT ? formatShare : s.widerReferenceMaxShare();
  }

  /**
   * A big audience that is not being reached; or a narrow rule on a message meant to deflect topics
   * whose tickets come mostly from people the rule leaves out. Reach is measured against the
   * audience (people the rule matches who used the product since launch), never against all users.
   */
  public static final class LowReach implements HygieneRule {
    public static final String CAUSE_NOT_SHOWN = "not_shown";
    public static final String CAUSE_RULE_TOO_NARROW = "rule_too_narrow";

    @Override
    public Flag flag() {
      return Flag.LOW_REACH;
    }

    @Override
    public Optional<HygieneFlag> evaluate(MessageFacts m, HygieneContext ctx) {
      HygieneSettings s = ctx.settings();
      Audience a = m.audience();
      if (!liveLongEnough(m, s) || a.matching() == null) {
        return Optional.empty();
      }
      boolean narrow = a.matching() < s.narrowAudienceMaxShare() * a.usersTotal();
      if (narrow && a.topicOpeners() >= s.broadenMinTopicOpeners()) {
        Proportion coverage = Proportion.of(a.topicOpenersMatching(), a.topicOpeners());
        if (coverage.high() < s.broadenMaxTopicCoverage()) {
          Map<String, Object> evidence =
              evidence(
                  "cause",
                  CAUSE_RULE_TOO_NARROW,
                  "metric",
                  "topic_openers_matching",
                  "estimate",
                  coverage.rate(),
                  "ci_low",
                  coverage.low(),
                  "ci_high",
                  coverage.high(),
                  "n",
                  a.topicOpeners(),
                  "reference",
                  "absolute threshold hygiene.broaden_max_topic_coverage",
                  "reference_value",
                  s.broadenMaxTopicCoverage(),
                  "audience_users",
                  a.matching(),
                  "users",
                  a.usersTotal(),
                  "topics",
                  m.catalogue().topics());
          return Optional.of(
              new HygieneFlag(
                  m.messageId(),
                  flag(),
                  Severity.MEDIUM,
                  null,
                  String.format(
                      Locale.ROOT,
                      "Its rule matches %s of %s people (%s), but %s people opened conversations on"
                          + " %s in the lookback and the rule matches only %s of them (%s).",
                      count(a.matching()),
                      count(a.usersTotal()),
                      pct(a.matching() / (double) Math.max(1, a.usersTotal())),
                      count(a.topicOpeners()),
                      String.join(", ", m.catalogue().topics()),
                      count(a.topicOpenersMatching()),
                      Numbers.interval(coverage.low(), coverage.high())),
                  evidence));
        }
      }
      // Runtime conditions (page., session.) are decided by the delivery service: the batch cannot
      // tell who met them, so a low share of the matching people says nothing.
      if (a.runtimeConditions()
          || a.reachHigh() == null
          || a.active() < s.lowReachMinAudience()
          || a.reachHigh() >= s.lowReachMaxReach()) {
        return Optional.empty();
      }
      Map<String, Object> evidence =
          evidence(
              "cause",
              CAUSE_NOT_SHOWN,
              "metric",
              "reach",
              "estimate",
              a.reach(),
              "ci_low",
              a.reachLow(),
              "ci_high",
              a.reachHigh(),
              "n",
              a.active(),
              "reference",
              "absolute threshold hygiene.low_reach_max_reach",
              "reference_value",
              s.lowReachMaxReach(),
              "audience_users",
              a.matching(),
              "audience_active",
              a.active(),
              "reached",
              a.reached());
      return Optional.of(
          new HygieneFlag(
              m.messageId(),
              flag(),
              Severity.MEDIUM,
              null,
              String.format(
                  Locale.ROOT,
                  "Its rule matches %s people, %s of whom used the product since it went live; only"
                      + " %s of them received it (%s, %s), where a message shown to its audience"
                      + " reaches well over %s.",
                  count(a.matching()),
                  count(a.active()),
                  count(a.reached()),
                  pct(a.reach()),
                  Numbers.interval(a.reachLow(), a.reachHigh()),
                  pct(s.lowReachMaxReach())),
              evidence));
    }
  }

  /** Click-through well below its reference; only for formats judged on clicks. */
  static final class LowCtr implements HygieneRule {
    @Override
    public Flag flag() {
      return Flag.LOW_CTR;
    }

    @Override
    public Optional<HygieneFlag> evaluate(MessageFacts m, HygieneContext ctx) {
      HygieneSettings s = ctx.settings();
      Rate ctr = m.engagement().primary();
      Reference ref = ctr.reference();
      if (!liveLongEnough(m, s)
          || !"ctr".equals(ctr.metric())
          || ctr.trials() < ctx.minViewers()
          || ctr.high() == null
          || !ref.exists()) {
        return Optional.empty();
      }
      double threshold = lowShare(ref, s.lowCtrMaxShareOfBaseline(), s) * ref.value();
      if (ctr.high() >= threshold) {
        return Optional.empty();
      }
      return Optional.of(
          new HygieneFlag(
              m.messageId(),
              flag(),
              Severity.MEDIUM,
              null,
              String.format(
                  Locale.ROOT,
                  "%s clicked; the %s is %s, and even the top of the interval is below %s of it.",
                  rateText(ctr, "people who saw it"),
                  ref.description(),
                  pct(ref.value()),
                  pct(threshold / ref.value())),
              rateEvidence(ctr, ref.value(), ref.description())));
    }
  }

  /**
   * Dismissed by most viewers (a guard rail for any format), or far more often than its reference;
   * the showing curve goes into the evidence so the action can tell repeats from first showings.
   */
  static final class HighDismissals implements HygieneRule {
    @Override
    public Flag flag() {
      return Flag.HIGH_DISMISSALS;
    }

    @Override
    public Optional<HygieneFlag> evaluate(MessageFacts m, HygieneContext ctx) {
      HygieneSettings s = ctx.settings();
      Rate d = m.engagement().dismiss();
      if (!liveLongEnough(m, s) || d.trials() < ctx.minViewers() || d.low() == null) {
        return Optional.empty();
      }
      Reference ref = d.reference();
      Fatigue fatigue = Fatigue.of(m, s, ctx.minViewers());
      boolean guardRail = d.low() > s.highDismissAbsoluteRate();
      // Against other formats only the guard rail counts: some formats are rarely dismissed at all
      // (a tour,
      // a chat), so "twice the median of every format" would flag an ordinary banner.
      boolean relative =
          ref.basis() == Reference.Basis.FORMAT
              && d.low() > s.highDismissMinRatio() * ref.value()
              && d.low() > s.highDismissMinRate();
      if (!guardRail && !relative && fatigue == null) {
        return Optional.empty();
      }
      // The evidence names what the decision rests on: the reference when the rate is high against
      // it, else the guard rail.
      String reference =
          relative ? ref.description() : "absolute threshold hygiene.high_dismiss_absolute_rate";
      Double referenceValue = relative ? ref.value() : s.highDismissAbsoluteRate();
      Map<String, Object> evidence = rateEvidence(d, referenceValue, reference);
      String comparison =
          ref.exists()
              ? String.format(Locale.ROOT, "the %s is %s", ref.description(), pct(ref.value()))
              : "no other message to compare with";
      String who =
          MessageFactsBuilder.DISMISS_FIRST_SHOWING.equals(d.metric())
              ? "people on the first showing"
              : "people who saw it";
      String detail =
          String.format(Locale.ROOT, "%s dismissed it; %s.", rateText(d, who), comparison);
      if (fatigue != null) {
        evidence.putAll(fatigue.evidence());
        detail = detail + " " + fatigue.sentence();
      }
      return Optional.of(
          new HygieneFlag(m.messageId(), flag(), Severity.MEDIUM, null, detail, evidence));
    }
  }

  /** A goal rate well below its reference, for a message that names a goal_event. */
  static final class LowGoalRate implements HygieneRule {
    @Override
    public Flag flag() {
      return Flag.LOW_GOAL_RATE;
    }

    @Override
    public Optional<HygieneFlag> evaluate(MessageFacts m, HygieneContext ctx) {
      HygieneSettings s = ctx.settings();
      Rate goal = m.engagement().goal();
      if (!liveLongEnough(m, s)
          || goal == null
          || goal.trials() < ctx.minViewers()
          || goal.high() == null
          || !goal.reference().exists()) {
        return Optional.empty();
      }
      Reference ref = goal.reference();
      double threshold = lowShare(ref, s.lowGoalMaxShareOfBaseline(), s) * ref.value();
      if (goal.high() >= threshold) {
        return Optional.empty();
      }
      return Optional.of(
          new HygieneFlag(
              m.messageId(),
              flag(),
              Severity.MEDIUM,
              null,
              String.format(
                  Locale.ROOT,
                  "%s went on to %s; the %s is %s.",
                  rateText(goal, "people who received it"),
                  m.catalogue().goalEvent(),
                  ref.description(),
                  pct(ref.value())),
              rateEvidence(goal, ref.value(), ref.description())));
    }
  }

  /**
   * Conversations started from the message are rated clearly below the other conversations on its
   * topics.
   */
  static final class LowCsat implements HygieneRule {
    @Override
    public Flag flag() {
      return Flag.LOW_CSAT;
    }

    @Override
    public Optional<HygieneFlag> evaluate(MessageFacts m, HygieneContext ctx) {
      HygieneSettings s = ctx.settings();
      MessageFacts.Csat c = m.csat();
      if (!m.catalogue().live()
          || c == null
          || c.difference() == null
          || c.high() == null
          || c.pValue() == null
          || c.difference() > -s.lowCsatMinDifference()
          || c.high() >= 0
          || c.pValue() >= s.lowCsatMaxPValue()) {
        return Optional.empty();
      }
      return Optional.of(
          new HygieneFlag(
              m.messageId(),
              flag(),
              Severity.MEDIUM,
              null,
              String.format(
                  Locale.ROOT,
                  "The %s rated conversations it started average %.2f against %.2f for the other %s"
                      + " rated conversations on %s (%+.2f, 95%% CI %+.2f to %+.2f; p = %.2g).",
                  count(c.fromMessage()),
                  c.fromMessageMean(),
                  c.othersMean(),
                  count(c.others()),
                  String.join(", ", m.catalogue().topics()),
                  c.difference(),
                  c.low(),
                  c.high(),
                  c.pValue()),
              evidence(
                  "metric",
                  "csat_difference",
                  "estimate",
                  c.difference(),
                  "ci_low",
                  c.low(),
                  "ci_high",
                  c.high(),
                  "n",
                  c.fromMessage(),
                  "p_value",
                  c.pValue(),
                  "reference",
                  "other rated conversations on its topics",
                  "reference_value",
                  c.othersMean(),
                  "from_message_mean",
                  c.fromMessageMean())));
    }
  }
}
