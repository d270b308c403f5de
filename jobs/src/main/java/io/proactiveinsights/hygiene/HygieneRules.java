package io.proactiveinsights.hygiene;

import static io.proactiveinsights.hygiene.Text.plural;
import static io.proactiveinsights.text.Numbers.count;
import static io.proactiveinsights.text.Numbers.pct;

import io.proactiveinsights.config.ProactiveConfig.HygieneSettings;
import io.proactiveinsights.hygiene.MessageFacts.Catalogue;
import io.proactiveinsights.hygiene.MessageFacts.Decay;
import io.proactiveinsights.hygiene.MessageFacts.Incident;
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
      List.of(
          new ResolvedIssueStillLive(),
          new Stale(),
          new BlockingBanner(),
          new OverlappingBanners(),
          new OverMessaging(),
          new VagueCta(),
          new EngagementRules.LowReach(),
          new EngagementRules.LowCtr(),
          new EngagementRules.HighDismissals(),
          new NoTicketImpact(),
          new EngagementRules.LowGoalRate(),
          new EngagementRules.LowCsat());

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

  static Map<String, Object> evidence(Object... keyValues) {
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
  static boolean liveLongEnough(MessageFacts m, HygieneSettings s) {
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
        return Optional.of(
            new HygieneFlag(
                m.messageId(),
                flag(),
                Severity.HIGH,
                i.resolvedAt(),
                String.format(
                    Locale.ROOT,
                    "Known issue %s was resolved %s ago (%s) and this message still tells people"
                        + " about it.",
                    issue,
                    Text.days(ago),
                    date(i.resolvedAt())),
                evidence(
                    "known_issue_id",
                    i.issueId(),
                    "resolved_at",
                    i.resolvedAt().toString(),
                    "days_since_resolved",
                    ago)));
      }
      HygieneSettings s = ctx.settings();
      boolean spiked =
          i.spikeRatioLow() != null
              && i.spikeRatioLow() > 1
              && i.spikeRatio() >= s.incidentMinSpikeRatio();
      boolean backToNormal =
          i.recentVsBaselineLow() != null
              && i.recentVsBaselineLow() <= 1
              && i.recentVsIncidentHigh() != null
              && i.recentVsIncidentHigh() < 1;
      if (spiked && backToNormal) {
        return Optional.of(
            new HygieneFlag(
                m.messageId(),
                flag(),
                Severity.MEDIUM,
                null,
                String.format(
                    Locale.ROOT,
                    "Known issue %s is still open, but tickets on its topics are back to their"
                        + " usual level: %.1f a day over the last %s against %.1f a day before it"
                        + " opened (%.1f a day during it).",
                    issue,
                    i.recentPerDay(),
                    Text.days(s.incidentRecentDays()),
                    i.baselinePerDay(),
                    i.incidentPerDay()),
                evidence(
                    "known_issue_id",
                    i.issueId(),
                    "recent_per_day",
                    i.recentPerDay(),
                    "baseline_per_day",
                    i.baselinePerDay(),
                    "incident_per_day",
                    i.incidentPerDay(),
                    "spike_ratio",
                    i.spikeRatio())));
      }
      return Optional.empty();
    }
  }

  /**
   * Live and not edited for longer than the review interval, or its primary rate decays week over
   * week.
   */
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
          why.add(
              String.format(
                  Locale.ROOT,
                  "Not edited for %d days (last edit %s; the review interval is %d days).",
                  idle,
                  date(c.updatedAt()),
                  s.reviewIntervalDays()));
          since = c.updatedAt().plus(Duration.ofDays(s.reviewIntervalDays()));
          evidence.put("days_since_edit", idle);
          evidence.put("review_interval_days", s.reviewIntervalDays());
          severity = idle > 3L * s.reviewIntervalDays() ? Severity.MEDIUM : Severity.LOW;
        }
      }
      Decay d = m.decay();
      if (d != null
          && d.relativeDrop() != null
          && d.pValue() != null
          && d.firstViewers() >= s.decayMinWeeklyViewers()
          && d.lastViewers() >= s.decayMinWeeklyViewers()
          && d.relativeDrop() >= s.decayMinRelativeDrop()
          && d.pValue() <= s.decayMaxPValue()) {
        why.add(
            String.format(
                Locale.ROOT,
                "Its %s fell from %s to %s of viewers between the first and the last of the past %d"
                    + " weeks (%s and %s viewers; p = %.2g).",
                m.engagement().primaryMetric().replace('_', ' '),
                pct(d.firstRate()),
                pct(d.lastRate()),
                s.decayWeeks(),
                count(d.firstViewers()),
                count(d.lastViewers()),
                d.pValue()));
        evidence.put("first_week_rate", d.firstRate());
        evidence.put("last_week_rate", d.lastRate());
        evidence.put("decay_p_value", d.pValue());
        severity = Severity.MEDIUM;
      }
      if (why.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new HygieneFlag(m.messageId(), flag(), severity, since, String.join(" ", why), evidence));
    }
  }

  /** Live banners, in the order they went live (then by id): the order they show in. */
  private static List<BannerOverlap> conflicts(MessageFacts m, HygieneContext ctx) {
    if (!"banner".equals(m.catalogue().type()) || !m.catalogue().live()) {
      return List.of();
    }
    return ctx.overlaps().stream()
        .filter(
            o ->
                o.involves(m.messageId())
                    && o.shareOfSmaller() >= ctx.settings().bannerOverlapMinShare())
        .toList();
  }

  /**
   * Whether {@code a} shows before {@code b}: banners show one at a time, in the order they were
   * set live.
   */
  static boolean showsBefore(MessageFacts a, MessageFacts b) {
    Instant la = a.catalogue().liveSince() == null ? Instant.MAX : a.catalogue().liveSince();
    Instant lb = b.catalogue().liveSince() == null ? Instant.MAX : b.catalogue().liveSince();
    int byTime = la.compareTo(lb);
    return byTime != 0 ? byTime < 0 : a.messageId().compareTo(b.messageId()) < 0;
  }

  /**
   * A non-dismissible live banner whose recipients overlap later banners': those never show to the
   * shared people.
   */
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
        parts.add(
            String.format(
                Locale.ROOT,
                "%s (%s of its recipients)",
                other.messageId(),
                pct(
                    (double) o.shared()
                        / Math.max(
                            1,
                            other.messageId().equals(o.bannerA())
                                ? o.recipientsA()
                                : o.recipientsB()))));
        Instant otherLive = other.catalogue().liveSince();
        if (otherLive != null && (since == null || otherLive.isBefore(since))) {
          since = otherLive;
        }
      }
      if (blocked.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new HygieneFlag(
              m.messageId(),
              flag(),
              Severity.HIGH,
              since,
              "Cannot be dismissed and shows first, so these later banners never show to the people"
                  + " they share with it: "
                  + String.join(", ", parts)
                  + ".",
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
        // Behind a non-dismissible banner it is blocked, not queued: BLOCKING_BANNER names it
        // there.
        if (other == null
            || !showsBefore(other, m)
            || Boolean.FALSE.equals(other.catalogue().dismissible())) {
          continue;
        }
        ahead.add(other.messageId());
        parts.add(
            String.format(
                Locale.ROOT,
                "%s (%s shared recipients, %s of the smaller audience)",
                other.messageId(),
                count(o.shared()),
                pct(o.shareOfSmaller())));
      }
      if (ahead.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new HygieneFlag(
              m.messageId(),
              flag(),
              Severity.LOW,
              m.catalogue().liveSince(),
              "Only one banner shows at a time: for the people it shares with earlier banners it"
                  + " waits until they are dismissed: "
                  + String.join(", ", parts)
                  + ".",
              evidence("shows_after", ahead)));
    }
  }

  /**
   * A message that makes up a large share of the receipts of people who get too many messages a
   * week.
   */
  static final class OverMessaging implements HygieneRule {
    @Override
    public Flag flag() {
      return Flag.OVER_MESSAGING;
    }

    @Override
    public Optional<HygieneFlag> evaluate(MessageFacts m, HygieneContext ctx) {
      HygieneSettings s = ctx.settings();
      MessageFacts.OverMessaging o = m.overMessaging();
      long minPeople =
          Math.max(
              s.overMessagingMinUsers(),
              (long) Math.ceil(s.overMessagingMinShare() * m.audience().usersTotal()));
      if (!m.catalogue().live()
          || ctx.overMessagedPeople() < minPeople
          || o.contribution() == null
          || o.contribution() < s.overMessagingMinContribution()) {
        return Optional.empty();
      }
      // Many messages a week are only over-messaging when they annoy: the over-messaged dismiss
      // more of what they see.
      ProportionDifference d = ctx.weeklyLoad().overVersusRest();
      if (d == null || d.low() <= 0 || d.rate1() < s.overMessagingMinDismissLift() * d.rate2()) {
        return Optional.empty();
      }
      Map<String, Object> evidence =
          evidence(
              "metric",
              "dismissed_share_of_views_difference",
              "estimate",
              d.difference(),
              "ci_low",
              d.low(),
              "ci_high",
              d.high(),
              "reference",
              "people who received fewer messages that week (no difference)",
              "reference_value",
              0.0,
              "over_messaged_dismissed_share",
              d.rate1(),
              "others_dismissed_share",
              d.rate2(),
              "over_messaged_people",
              ctx.overMessagedPeople(),
              "over_messaged_recipients",
              o.overMessagedRecipients(),
              "share_of_their_receipts",
              o.contribution(),
              "max_per_week",
              s.overMessagingMaxPerWeek(),
              "by_weekly_load",
              ctx.weeklyLoad().groups().stream()
                  .map(
                      g ->
                          evidence(
                              "messages",
                              g.messages() > s.overMessagingMaxPerWeek()
                                  ? "more than " + s.overMessagingMaxPerWeek()
                                  : String.valueOf(g.messages()),
                              "people",
                              g.people(),
                              "dismissed_share_of_views",
                              g.views() == 0 ? null : (double) g.dismissals() / g.views()))
                  .toList());
      return Optional.of(
          new HygieneFlag(
              m.messageId(),
              flag(),
              Severity.MEDIUM,
              null,
              String.format(
                  Locale.ROOT,
                  "%s people received more than %d proactive messages in the last 7 days and"
                      + " dismissed %s of what they saw, against %s for people who got fewer (%+.0f"
                      + " points, 95%% CI %+.0f to %+.0f); this message reached %s of them and"
                      + " makes up %s of what they received.",
                  count(ctx.overMessagedPeople()),
                  s.overMessagingMaxPerWeek(),
                  pct(d.rate1()),
                  pct(d.rate2()),
                  100 * d.difference(),
                  100 * d.low(),
                  100 * d.high(),
                  count(o.overMessagedRecipients()),
                  pct(o.contribution())),
              evidence));
    }
  }

  /**
   * CTA text from the vague list, or none on a format that exists to be clicked. Drafts too: fix it
   * before it goes live.
   */
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
          return Optional.of(
              new HygieneFlag(
                  m.messageId(),
                  flag(),
                  Severity.MEDIUM,
                  null,
                  "Has no call-to-action text, but "
                      + plural(c.type())
                      + " exist to get a click: there is nothing to click.",
                  evidence("cta_text", null)));
        }
        return Optional.empty();
      }
      String normalized = cta.toLowerCase(Locale.ROOT).replaceAll("[\\p{P}\\p{S}\\s]+$", "").trim();
      if (ctx.settings().vagueCta().contains(normalized)) {
        return Optional.of(
            new HygieneFlag(
                m.messageId(),
                flag(),
                Severity.LOW,
                null,
                "Its call to action \"" + cta + "\" does not say what happens on click.",
                evidence("cta_text", cta)));
      }
      return Optional.empty();
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
      if (!m.catalogue().live()
          || i.topicsJudged() == 0
          || i.topicsNoChange() < i.topicsJudged()
          || i.topicsTooFewViewers() > 0
          || i.largestCompatibleReduction() == null
          || i.largestCompatibleReduction() >= threshold) {
        return Optional.empty();
      }
      return Optional.of(
          new HygieneFlag(
              m.messageId(),
              flag(),
              Severity.LOW,
              m.catalogue().liveSince(),
              String.format(
                  Locale.ROOT,
                  "Tickets on the topics it is meant to deflect did not change after it went live,"
                      + " and the data rule out it preventing as much as %s of them (at most %s):"
                      + " %s.",
                  pct(threshold),
                  pct(i.largestCompatibleReduction()),
                  i.summary()),
              evidence(
                  "topics_judged",
                  i.topicsJudged(),
                  "topics_no_change",
                  i.topicsNoChange(),
                  "largest_compatible_reduction",
                  i.largestCompatibleReduction(),
                  "min_excluded_deflection",
                  threshold)));
    }
  }
}
