package io.proactiveinsights.hygiene;

import static io.proactiveinsights.hygiene.Text.count;
import static io.proactiveinsights.hygiene.Text.pct;
import static io.proactiveinsights.hygiene.Text.plural;

import io.proactiveinsights.config.ProactiveConfig.HygieneSettings;
import io.proactiveinsights.hygiene.MessageFacts.Audience;
import io.proactiveinsights.hygiene.MessageFacts.Catalogue;
import io.proactiveinsights.hygiene.MessageFacts.Decay;
import io.proactiveinsights.hygiene.MessageFacts.Incident;
import io.proactiveinsights.hygiene.MessageFacts.Rate;
import io.proactiveinsights.hygiene.MessageFacts.Reference;
import io.proactiveinsights.stats.Proportion;
import io.proactiveinsights.stats.ProportionDifference;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every hygiene rule, registered in {@link #ALL}. Each rule is a small class that says which flag
 * it raises and why; each threshold comes from {@link HygieneSettings} and is quoted in the detail
 * it writes, so the sentence stays true when a threshold changes.
 */
public final class HygieneRules {

  public static final List<HygieneRule> ALL =
      List.of(new ResolvedIssueStillLive(), new Stale(), new BlockingBanner(), new OverlappingBanners(), new OverMessaging(),
          new VagueCta(), new LowReach(), new LowCtr(), new HighDismissals(), new NoTicketImpact(), new LowGoalRate(), new LowCsat());

  private HygieneRules() {}

  /** Runs every rule over every message. */
  public static List<HygieneFlag> evaluate(HygieneContext context) {
    List<HygieneFlag> flags = new ArrayList<>();
    for (MessageFacts m : context.all()) {
      for (HygieneRule rule : ALL) {
        rule.evaluate(m, context).ifPresent(flags::add);
      }
    }
    flags.sort(Comparator.comparing(HygieneFlag::messageId).thenComparing(HygieneFlag::flag));
    return flags;
  }

  private static Map<String, Object> evidence(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  private static String date(Instant instant) {
    return instant.atZone(ZoneOffset.UTC).toLocalDate().toString();
  }

  /** Rates are judged only on live messages that had the time to gather them. */
  private static boolean liveLongEnough(MessageFacts m, HygieneSettings s) {
    return m.catalogue().live() && m.engagement().liveDays() >= s.minLiveDays();
  }

  /**
   * A known-issue message still live after its incident was resolved; or, for an incident nobody
   * closed, after its topics' tickets rose (exactly tested) and have since fallen back to their
   * pre-incident level.
   */
  static final class ResolvedIssueStillLive implements HygieneRule {
    @Override
    public Flag flag() {
      return Flag.RESOLVED_ISSUE_STILL_LIVE;
    }

    @Override
    public Optional<HygieneFlag> evaluate(MessageFacts m, HygieneContext ctx) {
      Incident i = m.incident();
      if (!m.catalogue().live() || i == null || i.openedAt() == null) {
        return Optional.empty();
      }
      String issue = i.issueId() + (i.title() == null ? "" : " (\"" + i.title() + "\")");
      if (i.resolvedBy(ctx.asOf())) {
        long ago = Duration.between(i.resolvedAt(), ctx.asOf()).toDays();
        return Optional.of(new HygieneFlag(m.messageId(), flag(), Severity.HIGH, i.resolvedAt(),
            String.format(Locale.ROOT, "Known issue %s was resolved %s ago (%s) and this message still tells people about it.",
                issue, Text.days(ago), date(i.resolvedAt())),
            evidence("known_issue_id", i.issueId(), "resolved_at", i.resolvedAt().toString(), "days_since_resolved", ago)));
      }
      HygieneSettings s = ctx.settings();
      boolean spiked = i.spikeRatioLow() != null && i.spikeRatioLow() > 1 && i.spikeRatio() >= s.incidentMinSpikeRatio();
      boolean backToNormal = i.recentVsBaselineLow() != null && i.recentVsBaselineLow() <= 1
          && i.recentVsIncidentHigh() != null && i.recentVsIncidentHigh() < 1;
      if (spiked && backToNormal) {
        return Optional.of(new HygieneFlag(m.messageId(), flag(), Severity.MEDIUM, null,
            String.format(Locale.ROOT,
                "Known issue %s is still open, but tickets on its topics are back to their usual level: %.1f a day over the last %s"
                    + " against %.1f a day before it opened (%.1f a day during it).",
                issue, i.recentPerDay(), Text.days(s.incidentRecentDays()), i.baselinePerDay(), i.incidentPerDay()),
            evidence("known_issue_id", i.issueId(), "recent_per_day", i.recentPerDay(), "baseline_per_day", i.baselinePerDay(),
                "incident_per_day", i.incidentPerDay(), "spike_ratio", i.spikeRatio())));
      }
      return Optional.empty();
    }
  }

  /** Live and not edited for longer than the review interval, or its primary rate decays week over week. */
  static final class Stale implements HygieneRule {
    @Override
    public Flag flag() {
      return Flag.STALE;
    }

    @Override
    public Optional<HygieneFlag> evaluate(MessageFacts m, HygieneContext ctx) {
      Catalogue c = m.catalogue();
      HygieneSettings s = ctx.settings();
      if (!c.live()) {
        return Optional.empty();
      }
      List<String> why = new ArrayList<>();
      Map<String, Object> evidence = new LinkedHashMap<>();
      Instant since = null;
      Severity severity = Severity.LOW;
      if (c.updatedAt() != null) {
        long idle = Duration.between(c.updatedAt(), ctx.asOf()).toDays();
        if (idle > s.reviewIntervalDays()) {
          why.add(String.format(Locale.ROOT, "Not edited for %d days (last edit %s; the review interval is %d days).",
              idle, date(c.updatedAt()), s.reviewIntervalDays()));
          since = c.updatedAt().plus(Duration.ofDays(s.reviewIntervalDays()));
          evidence.put("days_since_edit", idle);
          evidence.put("review_interval_days", s.reviewIntervalDays());
          severity = idle > 3L * s.reviewIntervalDays() ? Severity.MEDIUM : Severity.LOW;
        }
      }
      Decay d = m.decay();
      if (d != null && d.relativeDrop() != null && d.pValue() != null
          && d.firstViewers() >= s.decayMinWeeklyViewers() && d.lastViewers() >= s.decayMinWeeklyViewers()
          && d.relativeDrop() >= s.decayMinRelativeDrop() && d.pValue() <= s.decayMaxPValue()) {
        why.add(String.format(Locale.ROOT, "Its %s fell from %s to %s of viewers between the first and the last of the past %d weeks"
                + " (%s and %s viewers; p = %.2g).",
            m.engagement().primaryMetric().replace('_', ' '), pct(d.firstRate()), pct(d.lastRate()), s.decayWeeks(),
            count(d.firstViewers()), count(d.lastViewers()), d.pValue()));
        evidence.put("first_week_rate", d.firstRate());
        evidence.put("last_week_rate", d.lastRate());
        evidence.put("decay_p_value", d.pValue());
        severity = Severity.MEDIUM;
      }
      if (why.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new HygieneFlag(m.messageId(), flag(), severity, since, String.join(" ", why), evidence));
    }
  }

  /** Live banners, in the order they went live (then by id): the order they show in. */
  private static List<BannerOverlap> conflicts(MessageFacts m, HygieneContext ctx) {
    if (!"banner".equals(m.catalogue().type()) || !m.catalogue().live()) {
      return List.of();
    }
    return ctx.overlaps().stream()
        .filter(o -> o.involves(m.messageId()) && o.shareOfSmaller() >= ctx.settings().bannerOverlapMinShare())
        .toList();
  }

  /** Whether {@code a} shows before {@code b}: banners show one at a time, in the order they were set live. */
  static boolean showsBefore(MessageFacts a, MessageFacts b) {
    Instant la = a.catalogue().liveSince() == null ? Instant.MAX : a.catalogue().liveSince();
    Instant lb = b.catalogue().liveSince() == null ? Instant.MAX : b.catalogue().liveSince();
    int byTime = la.compareTo(lb);
    return byTime != 0 ? byTime < 0 : a.messageId().compareTo(b.messageId()) < 0;
  }

  /** A non-dismissible live banner whose recipients overlap later banners': those never show to the shared people. */
  static final class BlockingBanner implements HygieneRule {
    @Override
    public Flag flag() {
      return Flag.BLOCKING_BANNER;
    }

    @Override
    public Optional<HygieneFlag> evaluate(MessageFacts m, HygieneContext ctx) {
      if (!Boolean.FALSE.equals(m.catalogue().dismissible())) {
        return Optional.empty();
      }
      List<String> blocked = new ArrayList<>();
      List<String> parts = new ArrayList<>();
      Instant since = null;
      for (BannerOverlap o : conflicts(m, ctx)) {
        MessageFacts other = ctx.message(o.other(m.messageId())).orElse(null);
        if (other == null || !other.catalogue().live() || !showsBefore(m, other)) {
          continue;
        }
        blocked.add(other.messageId());
        parts.add(String.format(Locale.ROOT, "%s (%s of its recipients)", other.messageId(),
            pct((double) o.shared() / Math.max(1, other.messageId().equals(o.bannerA()) ? o.recipientsA() : o.recipientsB()))));
        Instant otherLive = other.catalogue().liveSince();
        if (otherLive != null && (since == null || otherLive.isBefore(since))) {
          since = otherLive;
        }
      }
      if (blocked.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new HygieneFlag(m.messageId(), flag(), Severity.HIGH, since,
          "Cannot be dismissed and shows first, so these later banners never show to the people they share with it: "
              + String.join(", ", parts) + ".",
          evidence("blocked", blocked)));
    }
  }

  /** A live banner that queues behind an earlier, dismissible banner with the same people. */
  static final class OverlappingBanners implements HygieneRule {
    @Override
    public Flag flag() {
      return Flag.OVERLAPPING_BANNERS;
    }

    @Override
    public Optional<HygieneFlag> evaluate(MessageFacts m, HygieneContext ctx) {
      List<String> ahead = new ArrayList<>();
      List<String> parts = new ArrayList<>();
      for (BannerOverlap o : conflicts(m, ctx)) {
        MessageFacts other = ctx.message(o.other(m.messageId())).orElse(null);
        // Behind a non-dismissible banner it is blocked, not queued: BLOCKING_BANNER names it there.
        if (other == null || !showsBefore(other, m) || Boolean.FALSE.equals(other.catalogue().dismissible())) {
          continue;
        }
        ahead.add(other.messageId());
        parts.add(String.format(Locale.ROOT, "%s (%s shared recipients, %s of the smaller audience)", other.messageId(),
            count(o.shared()), pct(o.shareOfSmaller())));
      }
      if (ahead.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new HygieneFlag(m.messageId(), flag(), Severity.LOW, m.catalogue().liveSince(),
          "Only one banner shows at a time: for the people it shares with earlier banners it waits until they are dismissed: "
              + String.join(", ", parts) + ".",
          evidence("shows_after", ahead)));
    }
  }

  /** A message that makes up a large share of the receipts of people who get too many messages a week. */
  static final class OverMessaging implements HygieneRule {
    @Override
    public Flag flag() {
      return Flag.OVER_MESSAGING;
    }

    @Override
    public Optional<HygieneFlag> evaluate(MessageFacts m, HygieneContext ctx) {
      HygieneSettings s = ctx.settings();
      MessageFacts.OverMessaging o = m.overMessaging();
      long minPeople = Math.max(s.overMessagingMinUsers(), (long) Math.ceil(s.overMessagingMinShare() * m.audience().usersTotal()));
      if (!m.catalogue().live() || ctx.overMessagedPeople() < minPeople || o.contribution() == null
          || o.contribution() < s.overMessagingMinContribution()) {
        return Optional.empty();
      }
      // Many messages a week are only over-messaging when they annoy: the over-messaged dismiss more of what they see.
      ProportionDifference d = ctx.weeklyLoad().overVersusRest();
      if (d == null || d.low() <= 0 || d.rate1() < s.overMessagingMinDismissLift() * d.rate2()) {
        return Optional.empty();
      }
      Map<String, Object> evidence = evidence("metric", "dismissed_share_of_views_difference", "estimate", d.difference(), "ci_low", d.low(),
          "ci_high", d.high(), "reference", "people who received fewer messages that week (no difference)", "reference_value", 0.0,
          "over_messaged_dismissed_share", d.rate1(), "others_dismissed_share", d.rate2(),
          "over_messaged_people", ctx.overMessagedPeople(), "over_messaged_recipients", o.overMessagedRecipients(),
          "share_of_their_receipts", o.contribution(), "max_per_week", s.overMessagingMaxPerWeek(), "by_weekly_load",
          ctx.weeklyLoad().groups().stream().map(g -> evidence("messages", g.messages() > s.overMessagingMaxPerWeek()
              ? "more than " + s.overMessagingMaxPerWeek() : String.valueOf(g.messages()), "people", g.people(), "dismissed_share_of_views",
              g.views() == 0 ? null : (double) g.dismissals() / g.views())).toList());
      return Optional.of(new HygieneFlag(m.messageId(), flag(), Severity.MEDIUM, null,
          String.format(Locale.ROOT, "%s people received more than %d proactive messages in the last 7 days and dismissed %s of what they"
                  + " saw, against %s for people who got fewer (%+.0f points, 95%% CI %+.0f to %+.0f); this message reached %s of them and"
                  + " makes up %s of what they received.",
              count(ctx.overMessagedPeople()), s.overMessagingMaxPerWeek(), pct(d.rate1()), pct(d.rate2()), 100 * d.difference(),
              100 * d.low(), 100 * d.high(), count(o.overMessagedRecipients()), pct(o.contribution())),
          evidence));
    }
  }

  /** CTA text from the vague list, or none on a format that exists to be clicked. Drafts too: fix it before it goes live. */
  static final class VagueCta implements HygieneRule {
    @Override
    public Flag flag() {
      return Flag.VAGUE_CTA;
    }

    @Override
    public Optional<HygieneFlag> evaluate(MessageFacts m, HygieneContext ctx) {
      Catalogue c = m.catalogue();
      if ("paused".equals(c.state())) {
        return Optional.empty();
      }
      String cta = c.ctaText() == null ? "" : c.ctaText().trim();
      if (cta.isEmpty()) {
        if (ctx.settings().ctaRequiredFormats().contains(c.type())) {
          return Optional.of(new HygieneFlag(m.messageId(), flag(), Severity.MEDIUM, null,
              "Has no call-to-action text, but " + plural(c.type()) + " exist to get a click: there is nothing to click.",
              evidence("cta_text", null)));
        }
        return Optional.empty();
      }
      String normalized = cta.toLowerCase(Locale.ROOT).replaceAll("[\\p{P}\\p{S}\\s]+$", "").trim();
      if (ctx.settings().vagueCta().contains(normalized)) {
        return Optional.of(new HygieneFlag(m.messageId(), flag(), Severity.LOW, null,
            "Its call to action \"" + cta + "\" does not say what happens on click.", evidence("cta_text", cta)));
      }
      return Optional.empty();
    }
  }

  /**
   * The figures behind a judged rate, in the keys every action's evidence carries: the estimate and
   * its 95% interval, and what it was compared with.
   */
  static Map<String, Object> rateEvidence(Rate r, Double referenceValue, String reference) {
    return evidence("metric", r.metric(), "estimate", r.value(), "ci_low", r.low(), "ci_high", r.high(), "n", r.trials(),
        "reference", reference, "reference_value", referenceValue);
  }

  /** How a rate is written in a reason: "8.0% of 2,000 viewers (95% CI 6.9–9.3%)". */
  static String rateText(Rate r, String of) {
    return String.format(Locale.ROOT, "%s of %s %s (%s)", pct(r.value()), count(r.trials()), of, Text.interval(r.low(), r.high()));
  }

  /** The share of a reference below which a rate is low: the format's own share, or the stricter one for a wider reference. */
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
          Map<String, Object> evidence = evidence("cause", CAUSE_RULE_TOO_NARROW, "metric", "topic_openers_matching", "estimate",
              coverage.rate(), "ci_low", coverage.low(), "ci_high", coverage.high(), "n", a.topicOpeners(), "reference",
              "absolute threshold hygiene.broaden_max_topic_coverage", "reference_value", s.broadenMaxTopicCoverage(), "audience_users",
              a.matching(), "users", a.usersTotal(), "topics", m.catalogue().topics());
          return Optional.of(new HygieneFlag(m.messageId(), flag(), Severity.MEDIUM, null,
              String.format(Locale.ROOT, "Its rule matches %s of %s people (%s), but %s people opened conversations on %s in the"
                      + " lookback and the rule matches only %s of them (%s).",
                  count(a.matching()), count(a.usersTotal()), pct(a.matching() / (double) Math.max(1, a.usersTotal())),
                  count(a.topicOpeners()), String.join(", ", m.catalogue().topics()), count(a.topicOpenersMatching()),
                  Text.interval(coverage.low(), coverage.high())),
              evidence));
        }
      }
      // Runtime conditions (page., session.) are decided by the delivery service: the batch cannot
      // tell who met them, so a low share of the matching people says nothing.
      if (a.runtimeConditions() || a.reachHigh() == null || a.active() < s.lowReachMinAudience() || a.reachHigh() >= s.lowReachMaxReach()) {
        return Optional.empty();
      }
      Map<String, Object> evidence = evidence("cause", CAUSE_NOT_SHOWN, "metric", "reach", "estimate", a.reach(), "ci_low",
          a.reachLow(), "ci_high", a.reachHigh(), "n", a.active(), "reference", "absolute threshold hygiene.low_reach_max_reach",
          "reference_value", s.lowReachMaxReach(), "audience_users", a.matching(), "audience_active", a.active(), "reached", a.reached());
      return Optional.of(new HygieneFlag(m.messageId(), flag(), Severity.MEDIUM, null,
          String.format(Locale.ROOT, "Its rule matches %s people, %s of whom used the product since it went live; only %s of them"
                  + " received it (%s, %s), where a message shown to its audience reaches well over %s.",
              count(a.matching()), count(a.active()), count(a.reached()), pct(a.reach()), Text.interval(a.reachLow(), a.reachHigh()),
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
      if (!liveLongEnough(m, s) || !"ctr".equals(ctr.metric()) || ctr.trials() < ctx.minViewers() || ctr.high() == null || !ref.exists()) {
        return Optional.empty();
      }
      double threshold = lowShare(ref, s.lowCtrMaxShareOfBaseline(), s) * ref.value();
      if (ctr.high() >= threshold) {
        return Optional.empty();
      }
      return Optional.of(new HygieneFlag(m.messageId(), flag(), Severity.MEDIUM, null,
          String.format(Locale.ROOT, "%s clicked; the %s is %s, and even the top of the interval is below %s of it.",
              rateText(ctr, "people who saw it"), ref.description(), pct(ref.value()), pct(threshold / ref.value())),
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
      // Against other formats only the guard rail counts: some formats are rarely dismissed at all (a tour,
      // a chat), so "twice the median of every format" would flag an ordinary banner.
      boolean relative = ref.basis() == Reference.Basis.FORMAT && d.low() > s.highDismissMinRatio() * ref.value()
          && d.low() > s.highDismissMinRate();
      if (!guardRail && !relative && fatigue == null) {
        return Optional.empty();
      }
      // The evidence names what the decision rests on: the reference when the rate is high against it, else the guard rail.
      String reference = relative ? ref.description() : "absolute threshold hygiene.high_dismiss_absolute_rate";
      Double referenceValue = relative ? ref.value() : s.highDismissAbsoluteRate();
      Map<String, Object> evidence = rateEvidence(d, referenceValue, reference);
      String comparison = ref.exists()
          ? String.format(Locale.ROOT, "the %s is %s", ref.description(), pct(ref.value()))
          : "no other message to compare with";
      String detail = String.format(Locale.ROOT, "%s dismissed it; %s.", rateText(d, "people who saw it"), comparison);
      if (fatigue != null) {
        evidence.putAll(fatigue.evidence());
        detail = detail + " " + fatigue.sentence();
      }
      return Optional.of(new HygieneFlag(m.messageId(), flag(), Severity.MEDIUM, null, detail, evidence));
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
      if (!liveLongEnough(m, s) || goal == null || goal.trials() < ctx.minViewers() || goal.high() == null || !goal.reference().exists()) {
        return Optional.empty();
      }
      Reference ref = goal.reference();
      double threshold = lowShare(ref, s.lowGoalMaxShareOfBaseline(), s) * ref.value();
      if (goal.high() >= threshold) {
        return Optional.empty();
      }
      return Optional.of(new HygieneFlag(m.messageId(), flag(), Severity.MEDIUM, null,
          String.format(Locale.ROOT, "%s went on to %s; the %s is %s.", rateText(goal, "people who received it"),
              m.catalogue().goalEvent(), ref.description(), pct(ref.value())),
          rateEvidence(goal, ref.value(), ref.description())));
    }
  }

  /** Conversations started from the message are rated clearly below the other conversations on its topics. */
  static final class LowCsat implements HygieneRule {
    @Override
    public Flag flag() {
      return Flag.LOW_CSAT;
    }

    @Override
    public Optional<HygieneFlag> evaluate(MessageFacts m, HygieneContext ctx) {
      HygieneSettings s = ctx.settings();
      MessageFacts.Csat c = m.csat();
      if (!m.catalogue().live() || c == null || c.difference() == null || c.high() == null || c.pValue() == null
          || c.difference() > -s.lowCsatMinDifference() || c.high() >= 0 || c.pValue() >= s.lowCsatMaxPValue()) {
        return Optional.empty();
      }
      return Optional.of(new HygieneFlag(m.messageId(), flag(), Severity.MEDIUM, null,
          String.format(Locale.ROOT, "The %s rated conversations it started average %.2f against %.2f for the other %s rated"
                  + " conversations on %s (%+.2f, 95%% CI %+.2f to %+.2f; p = %.2g).",
              count(c.fromMessage()), c.fromMessageMean(), c.othersMean(), count(c.others()), String.join(", ", m.catalogue().topics()),
              c.difference(), c.low(), c.high(), c.pValue()),
          evidence("metric", "csat_difference", "estimate", c.difference(), "ci_low", c.low(), "ci_high", c.high(), "n", c.fromMessage(),
              "p_value", c.pValue(), "reference", "other rated conversations on its topics", "reference_value", c.othersMean(),
              "from_message_mean", c.fromMessageMean())));
    }
  }

  /**
   * Judged on every topic it is meant to deflect, none moved, and the intervals are narrow enough
   * to rule out a deflection worth having among its viewers: a wide interval is too little data,
   * and a message whose viewers open a sliver of the topic's tickets is too few viewers to tell
   * (impact's too_few_viewers), not "no impact".
   */
  static final class NoTicketImpact implements HygieneRule {
    @Override
    public Flag flag() {
      return Flag.NO_TICKET_IMPACT;
    }

    @Override
    public Optional<HygieneFlag> evaluate(MessageFacts m, HygieneContext ctx) {
      MessageFacts.Impact i = m.impact();
      double threshold = ctx.settings().noImpactMinExcludedDeflection();
      // A topic whose viewers are too few to show a deflection leaves "no impact" unproven.
      if (!m.catalogue().live() || i.topicsJudged() == 0 || i.topicsNoChange() < i.topicsJudged() || i.topicsTooFewViewers() > 0
          || i.largestCompatibleReduction() == null || i.largestCompatibleReduction() >= threshold) {
        return Optional.empty();
      }
      return Optional.of(new HygieneFlag(m.messageId(), flag(), Severity.LOW, m.catalogue().liveSince(),
          String.format(Locale.ROOT, "Tickets on the topics it is meant to deflect did not change after it went live, and the data rule out"
              + " it preventing as much as %s of them (at most %s): %s.", pct(threshold), pct(i.largestCompatibleReduction()), i.summary()),
          evidence("topics_judged", i.topicsJudged(), "topics_no_change", i.topicsNoChange(),
              "largest_compatible_reduction", i.largestCompatibleReduction(), "min_excluded_deflection", threshold)));
    }
  }
}
