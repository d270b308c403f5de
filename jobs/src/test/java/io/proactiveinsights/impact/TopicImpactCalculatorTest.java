package io.proactiveinsights.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.proactiveinsights.config.ProactiveConfig.ImpactSettings;
import io.proactiveinsights.impact.TopicImpactCalculator.Cohort;
import io.proactiveinsights.impact.TopicImpactCalculator.ExposedGroup;
import io.proactiveinsights.impact.TopicImpactCalculator.MessageTopic;
import io.proactiveinsights.impact.TopicImpactCalculator.UnexposedGroup;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * Hand-built ticket histories as of 2024-05-01T00:00Z with 120 days of history and 14-day windows.
 */
class TopicImpactCalculatorTest {

  private static final Instant AS_OF = Instant.parse("2024-05-01T00:00:00Z");
  private static final Instant HISTORY_START = Instant.parse("2024-01-02T00:00:00Z");
  private static final ImpactSettings SETTINGS = new ImpactSettings(14, 7, 10, 50, 0.05, 10, 0.5);

  private final TopicImpactCalculator calculator =
      new TopicImpactCalculator(SETTINGS, 0.25, 0.05, HISTORY_START, AS_OF);

  @Test
  void halvedTicketsKeepTheExactIntervalButTheVerdictReadsTheAlwaysValidOne() {
    // Launch 2024-04-10: before = [03-27, 04-10), after = [04-10, 04-24); 4 tickets a day before, 2
    // after.
    Map<LocalDate, Long> days = history(d -> d.isBefore(LocalDate.parse("2024-04-10")) ? 4 : 2);
    TopicImpact row =
        one(
            new MessageTopic("m1", "billing", "post", null, Instant.parse("2024-04-10T09:30:00Z")),
            days,
            null,
            null);

    assertThat(row.beforeStart()).isEqualTo(LocalDate.parse("2024-03-27"));
    assertThat(row.afterEnd()).isEqualTo(LocalDate.parse("2024-04-24"));
    assertThat(List.of(row.beforeDays(), row.afterDays(), row.beforeTickets(), row.afterTickets()))
        .containsExactly(14L, 14L, 56L, 28L);
    assertThat(row.beforeRate()).isEqualTo(4.0);
    assertThat(row.afterRate()).isEqualTo(2.0);
    // R: poisson.test(c(28, 56), c(14, 14)) → 0.5, [0.305798926545, 0.800562409120], p =
    // 0.00298532318445
    assertThat(row.beforeAfter().ratio()).isCloseTo(0.5, within(1e-12));
    assertThat(row.beforeAfter().low()).isCloseTo(0.305798926545, within(1e-7));
    assertThat(row.beforeAfter().high()).isCloseTo(0.800562409120, within(1e-7));
    assertThat(row.beforeAfter().pValue()).isCloseTo(0.00298532318445, within(1e-9));
    assertThat(row.method().wire()).isEqualTo("exact_poisson_rate_ratio");
    assertThat(row.trustedComparison().wire()).isEqualTo("before_after");
    // Read daily from day 7 on, 28 against 56 tickets is not enough: the always-valid interval
    // (log scale, 3.04 standard errors at 28 days of 28) still holds 1. With nobody having viewed
    // it, the message gets no verdict either way.
    assertThat(row.weekday().high()).isLessThan(1.0);
    assertThat(row.weekday().alwaysValid().low()).isLessThan(row.weekday().low());
    assertThat(row.weekday().alwaysValid().high()).isGreaterThan(1.0);
    assertThat(row.weekday().alwaysValid().pValue()).isGreaterThan(0.05);
    assertThat(row.weekday().qValue()).isEqualTo(row.weekday().alwaysValid().pValue());
    assertThat(row.verdict().wire()).isEqualTo("too_few_viewers");
  }

  @Test
  void aQuarterOfTheTicketsAfterLaunchIsFewerTicketsEvenReadDaily() {
    Map<LocalDate, Long> days = history(d -> d.isBefore(LocalDate.parse("2024-04-10")) ? 8 : 2);
    TopicImpact row =
        one(
            new MessageTopic("m1", "billing", "post", null, Instant.parse("2024-04-10T09:30:00Z")),
            days,
            null,
            null);

    assertThat(row.weekday().alwaysValid().high()).isLessThan(1.0);
    assertThat(row.verdict().wire()).isEqualTo("fewer_tickets");
  }

  @Test
  void aPartialWeekFullOfMondaysIsNotASpikeOnceWeekdaysAreWeighted() {
    // Mondays bring 10 tickets, other days 2, all along. Launch on Monday 2024-04-22; as of 05-01
    // the after-period is 9 days [04-22, 05-01) with two Mondays: 2·10 + 7·2 = 34 in 9 days
    // (3.78/day)
    // against 2·10 + 12·2 = 44 in 14 days (3.14/day) before: plain ratio 1.20 looks like a rise.
    Map<LocalDate, Long> days = history(d -> d.getDayOfWeek() == DayOfWeek.MONDAY ? 10 : 2);
    TopicImpact row =
        one(
            new MessageTopic("m1", "billing", "post", null, Instant.parse("2024-04-22T08:00:00Z")),
            days,
            null,
            null);

    assertThat(List.of(row.beforeTickets(), row.afterTickets(), row.afterDays()))
        .containsExactly(44L, 34L, 9L);
    assertThat(row.beforeAfter().ratio()).isCloseTo((34.0 / 9) / (44.0 / 14), within(1e-12));
    // Weights: Monday 10/(22/7), others 2/(22/7); weighted days after = 2·3.1818 + 7·0.6364 =
    // 10.818,
    // before = 2·3.1818 + 12·0.6364 = 14.0: both rates 3.1428/weighted day, ratio 34/10.818 ÷
    // 44/14.
    double monday = 10 / (22.0 / 7);
    double other = 2 / (22.0 / 7);
    assertThat(row.weekday().ratio())
        .isCloseTo(
            (34 / (2 * monday + 7 * other)) / (44 / (2 * monday + 12 * other)), within(1e-9));
    assertThat(row.weekday().ratio()).isCloseTo(1.0, within(0.02));
    assertThat(row.verdict().wire())
        .as("no rise; and with nobody having viewed it, nothing to say about the message")
        .isEqualTo("too_few_viewers");
  }

  @Test
  void tooFewDaysSinceLaunchSaysInsufficientDataInsteadOfGuessing() {
    Map<LocalDate, Long> days = history(d -> 5);
    TopicImpact row =
        one(
            new MessageTopic("m1", "billing", "post", null, Instant.parse("2024-04-28T08:00:00Z")),
            days,
            null,
            null);

    assertThat(row.method().wire()).isEqualTo("insufficient_data");
    assertThat(row.verdict().wire()).isEqualTo("insufficient_data");
    assertThat(row.beforeAfter().ratio()).isNull();
    assertThat(row.beforeAfter().pValue()).isNull();
    assertThat(row.note()).contains("live for 3 day(s); needs 7");
    assertThat(row.afterTickets()).as("the counts are still shown").isEqualTo(15);
  }

  @Test
  void aKnownIssueBannerIsJudgedOnViewersAgainstPeopleWhoNeverSawIt() {
    // An incident: the topic's volume is 480 tickets on 04-05 and 420 on 04-15. All 100 viewers
    // first saw the banner on 04-10; they opened 80 tickets on 04-05 (1,400 person-days before)
    // and 20 on 04-15 (1,400 after). The 1,000 others, over the same calendar days, opened
    // 480 − 80 = 400 before and 420 − 20 = 400 after (14,000 person-days each). Rates per 1,000
    // people per week: viewers 400 → 100, others 200 → 200. DiD = (100 − 400) − (200 − 200) = −300;
    // variance from Poisson counts (hand, python3): se² = (20 + 80)/1400² + (400 + 400)/14000²,
    // 95% CI [−401.8427, −198.1573], p = 7.764e-09. Always-valid (ConfidenceSequence's formula in
    // python3, 28 days of a tuning of 28, alpha 0.05): [−457.7141, −142.2859], p = 1.1151e-06.
    Incident incident = incident(LocalDate.parse("2024-04-10"), 80);
    TopicImpact row = incident.judged(calculator, "ki", "banner", "KI-1");

    assertThat(row.trustedComparison().wire()).isEqualTo("exposed_vs_unexposed");
    assertThat(row.note()).contains("launched during an incident");
    assertThat(row.viewers().unexposedUsers()).isEqualTo(1000L);
    assertThat(
            List.of(
                row.viewers().exposedBefore(),
                row.viewers().exposedAfter(),
                row.viewers().unexposedBefore(),
                row.viewers().unexposedAfter()))
        .containsExactly(400.0, 100.0, 200.0, 200.0);
    assertThat(row.viewers().difference()).isCloseTo(-300.0, within(1e-9));
    assertThat(row.viewers().low()).isCloseTo(-401.8427160668554, within(1e-6));
    assertThat(row.viewers().high()).isCloseTo(-198.15728393314456, within(1e-6));
    assertThat(row.viewers().pValue()).isCloseTo(7.764036537930722e-09, within(1e-15));
    assertThat(row.viewers().alwaysValid().low()).isCloseTo(-457.7140854876451, within(1e-6));
    assertThat(row.viewers().alwaysValid().high()).isCloseTo(-142.28591451235488, within(1e-6));
    assertThat(row.viewers().alwaysValid().pValue())
        .isCloseTo(1.1151391506212432e-06, within(1e-12));
    assertThat(row.viewers().qValue()).isEqualTo(row.viewers().alwaysValid().pValue());
    assertThat(row.detectableReduction())
        .as("the always-valid half-width over the viewers' before-rate")
        .isCloseTo(0.3942852137191128, within(1e-9));
    // The placebo: 80 tickets in the viewers' window before that too, 400 for the others: both
    // flat, difference 0 ± 127.0, within ±200 (half the viewers' 400).
    assertThat(row.viewers().preTrend().difference()).isCloseTo(0.0, within(1e-9));
    assertThat(row.viewers().preTrend().low()).isCloseTo(-127.02018362022362, within(1e-6));
    assertThat(row.viewers().preTrend().parallel()).isTrue();
    assertThat(row.verdict().wire()).isEqualTo("fewer_tickets");
  }

  @Test
  void viewersWhoseTicketsWereAlreadyFallingBeforeLaunchGiveNoVerdict() {
    // The incident's viewers opened 160 tickets in the window before their before-window: their
    // rate was already falling (800 → 400 per 1,000 a week) while the others' stayed at 200. The
    // placebo difference is −400, 95% CI [−554.3, −245.7] (python3): not parallel.
    Incident incident = incident(LocalDate.parse("2024-04-10"), 160);
    TopicImpact post = incident.judged(calculator, "p", "post", null);

    assertThat(post.viewers().preTrend().difference()).isCloseTo(-400.0, within(1e-9));
    assertThat(post.viewers().preTrend().high()).isCloseTo(-245.67228152952052, within(1e-6));
    assertThat(post.viewers().preTrend().parallel()).isFalse();
    assertThat(post.viewers().difference()).as("still shown").isCloseTo(-300.0, within(1e-9));
    assertThat(post.viewers().alwaysValid().high())
        .as("on its own the comparison would say fewer tickets")
        .isLessThan(0);
    assertThat(post.trustedComparison().wire()).isEqualTo("exposed_vs_unexposed");
    assertThat(post.verdict().wire()).isEqualTo("insufficient_data");
    assertThat(post.note())
        .startsWith(
            "viewers' and non-viewers' tickets were not shown to move in parallel before launch"
                + " (the same comparison 14 days earlier: -400.0 per 1,000 people a week, 95% CI"
                + " -554.3 to -245.7, allowed ±200.0), so there is no verdict");

    TopicImpact banner = incident.judged(calculator, "ki", "banner", "KI-1");
    assertThat(banner.trustedComparison().wire())
        .as("a known issue's before/after follows its incident")
        .isEqualTo("exposed_vs_unexposed");
    assertThat(banner.verdict().wire()).isEqualTo("insufficient_data");
    assertThat(banner.note()).contains("not shown to move in parallel").endsWith("no verdict");
  }

  @Test
  void aPlaceboTooNoisyToLieWithinTheMarginIsNotParallel() {
    // The same flat placebo (difference 0, 95% CI ±127.0), but a margin of a quarter of the
    // viewers' rate (±100) is narrower than the interval: parallel cannot be shown.
    TopicImpactCalculator strict =
        new TopicImpactCalculator(
            new ImpactSettings(14, 7, 10, 50, 0.05, 10, 0.25), 0.25, 0.05, HISTORY_START, AS_OF);
    Incident incident = incident(LocalDate.parse("2024-04-10"), 80);
    TopicImpact row = incident.judged(strict, "p", "post", null);

    assertThat(row.viewers().preTrend().low()).isCloseTo(-127.02018362022362, within(1e-6));
    assertThat(row.viewers().preTrend().parallel()).isFalse();
    assertThat(row.verdict().wire()).isEqualTo("insufficient_data");
  }

  @Test
  void tooLittleHistoryBeforeLaunchLeavesTheTrendsUncheckedAndSaysSo() {
    // Launch 01-20: the placebo launch is 01-06 and its before-window [12-23, 01-06) holds only 4
    // days of the history, which starts 01-02.
    Incident incident = incident(LocalDate.parse("2024-01-20"), 80);
    TopicImpact row = incident.judged(calculator, "p", "post", null);

    assertThat(row.viewers().preTrend()).isEqualTo(TopicImpact.PreTrend.NONE);
    assertThat(row.trustedComparison().wire()).isEqualTo("exposed_vs_unexposed");
    assertThat(row.note())
        .endsWith(
            "; the trends before launch could not be checked: only 4 day(s) of history before"
                + " 2024-01-06 (a launch impact.window_days earlier); needs 7");
    assertThat(row.verdict().wire()).isEqualTo("fewer_tickets");
  }

  @Test
  void sevenViewersOfABusyTopicAreTooFewToTellNotNoChange() {
    // 20 tickets a day, flat: 280 before and 280 after launch on 04-10. Seven people saw the chat
    // and opened 2 of the 280 before-period tickets (share 2/280). Read daily, the best the
    // before/after ratio can rule out is a topic reduction of 1 − exp(−3.0352·√(2/280)) = 22.6%
    // (the always-valid multiplier at 28 days of 28), i.e. 22.6% / (2/280) = 3,168% of the viewers'
    // tickets (python3, math): no deflection among seven people can show in the topic.
    Map<LocalDate, Long> days = history(d -> 20);
    ExposedGroup seven =
        new ExposedGroup(
            7,
            2,
            0,
            7 * 14.0,
            7 * 14.0,
            0,
            7 * 14.0,
            List.of(new Cohort(LocalDate.parse("2024-04-12"), null, 7)),
            Map.of(LocalDate.parse("2024-04-01"), 2L));
    UnexposedGroup everyoneElse = new UnexposedGroup(19_993, everyDay(19_993.0), history(d -> 20));
    TopicImpact row =
        one(
            new MessageTopic(
                "chat", "billing", "chat", null, Instant.parse("2024-04-10T09:00:00Z")),
            days,
            seven,
            everyoneElse);

    assertThat(row.trustedComparison().wire()).isEqualTo("before_after");
    assertThat(row.weekday().ratio()).isCloseTo(1.0, within(1e-12));
    assertThat(row.viewerBeforeTickets()).isEqualTo(2);
    assertThat(row.viewerTicketShare()).isCloseTo(2 / 280.0, within(1e-15));
    assertThat(row.weekday().alwaysValid().low()).isCloseTo(0.7737379882145935, within(1e-9));
    assertThat(row.weekday().alwaysValid().high()).isCloseTo(1.2924271720295235, within(1e-9));
    assertThat(row.weekday().alwaysValid().pValue()).isEqualTo(1.0);
    assertThat(row.detectableReduction()).isCloseTo(31.67668164995691, within(1e-9));
    assertThat(row.verdict().wire()).isEqualTo("too_few_viewers");
    assertThat(row.note())
        .startsWith(
            "too few viewers to tell: the 7 people who saw it opened 2 of the topic's 280 tickets"
                + " before launch (0.7%)");
  }

  @Test
  void viewersWhoOpenMostOfTheTopicsTicketsCanShowNoChange() {
    // A flat topic of 30 tickets a day; the 500 viewers opened 27 of each day's 30 (share
    // 378/420 = 0.9), and only 20 people never saw it, too few for the viewer comparison.
    // Detectable, read daily: (1 − exp(−3.0352·√(2/420))) / 0.9 = 21.0% of the viewers' tickets,
    // below the planned 25%: a flat series is a real "no change". (At 20 a day it would be 25.2%.)
    Map<LocalDate, Long> days = history(d -> 30);
    ExposedGroup most =
        new ExposedGroup(
            500,
            378,
            378,
            500 * 14.0,
            500 * 14.0,
            378,
            500 * 14.0,
            List.of(new Cohort(LocalDate.parse("2024-04-10"), null, 500)),
            history(d -> 27));
    UnexposedGroup twenty = new UnexposedGroup(20, everyDay(20.0), history(d -> 3));
    TopicImpact row =
        one(
            new MessageTopic(
                "post", "billing", "post", null, Instant.parse("2024-04-10T00:00:00Z")),
            days,
            most,
            twenty);

    assertThat(row.trustedComparison().wire()).isEqualTo("before_after");
    assertThat(row.viewerTicketShare()).isCloseTo(0.9, within(1e-12));
    assertThat(row.detectableReduction()).isCloseTo(0.209965841924733, within(1e-9));
    assertThat(row.verdict().wire()).isEqualTo("no_change");
  }

  @Test
  void everyoneCountsOnlyFromTheirSignupOnBothSidesOfTheComparison() {
    // Viewers: 100 first saw it on 04-10 and were signed up all along; 50 more first saw it on
    // 04-10
    // but signed up on 04-06, so their before-window is 4 days. Exposed person-days (from Spark):
    // before 100·14 + 50·4 = 1,600 with 20 tickets, after 150·14 = 2,100 with 5 tickets.
    // Never exposed: 1,000 people all along, 400 more signing up at noon on 04-08 (half a day
    // each).
    // At risk per day: 1,000 up to 04-07, 1,200 on 04-08, 1,400 from 04-09.
    // Calendar weights (viewers at risk that day): 100 on 03-27..04-05, 150 on 04-06..04-09 and on
    // 04-10..04-23. Weighted person-days: before 100·1000·10 + 150·1000·2 + 150·1200 + 150·1400 =
    // 1,690,000; after 150·1400·14 = 2,940,000. Their tickets: 50 on 04-01, 23 on 04-09 (weighted
    // 100·50 + 150·23 = 8,450) and 98 on 04-15 (150·98 = 14,700): 35 per 1,000 people a week before
    // and after, flat. (Counting all 1,400 from the start would make "before" 26.4 and fake a
    // rise.)
    // Viewers: 20/1600·7000 = 87.5 → 5/2100·7000 = 16.667. DiD = −70.833; se² = 5/2100² + 20/1600²
    // + 150²·98/2940000² + (100²·50 + 150²·23)/1690000², 95% CI [−113.2485, −28.4181],
    // p = erfc(|z|/√2) = 0.0010636 (hand, python3 math).
    ExposedGroup viewers =
        new ExposedGroup(
            150,
            20,
            5,
            1600,
            2100,
            0,
            0.0,
            List.of(
                new Cohort(LocalDate.parse("2024-04-10"), null, 100),
                new Cohort(LocalDate.parse("2024-04-10"), LocalDate.parse("2024-04-06"), 50)),
            Map.of());
    Map<LocalDate, Double> atRisk =
        UnexposedGroup.personDays(
            1000,
            Map.of(LocalDate.parse("2024-04-08"), 400L),
            Map.of(LocalDate.parse("2024-04-08"), 200.0),
            LocalDate.parse("2024-01-02"),
            LocalDate.parse("2024-05-01"));
    assertThat(
            List.of(
                atRisk.get(LocalDate.parse("2024-04-07")),
                atRisk.get(LocalDate.parse("2024-04-08")),
                atRisk.get(LocalDate.parse("2024-04-09"))))
        .containsExactly(1000.0, 1200.0, 1400.0);
    UnexposedGroup others =
        new UnexposedGroup(
            1400,
            atRisk,
            Map.of(
                LocalDate.parse("2024-04-01"),
                50L,
                LocalDate.parse("2024-04-09"),
                23L,
                LocalDate.parse("2024-04-15"),
                98L));
    TopicImpact row =
        one(
            new MessageTopic("m", "billing", "post", null, Instant.parse("2024-04-10T00:00:00Z")),
            history(d -> 2),
            viewers,
            others);

    assertThat(row.trustedComparison().wire()).isEqualTo("exposed_vs_unexposed");
    assertThat(row.viewers().unexposedUsers()).isEqualTo(1400L);
    assertThat(row.viewers().exposedBefore()).isCloseTo(87.5, within(1e-9));
    assertThat(row.viewers().exposedAfter()).isCloseTo(16.666666666666668, within(1e-9));
    assertThat(row.viewers().unexposedBefore()).isCloseTo(35.0, within(1e-9));
    assertThat(row.viewers().unexposedAfter()).isCloseTo(35.0, within(1e-9));
    assertThat(row.viewers().difference()).isCloseTo(-70.83333333333334, within(1e-9));
    assertThat(row.viewers().low()).isCloseTo(-113.24853676214269, within(1e-6));
    assertThat(row.viewers().high()).isCloseTo(-28.418129904523994, within(1e-6));
    assertThat(row.viewers().pValue()).isCloseTo(0.001063608176848037, within(1e-9));
    // Always-valid (python3, 28 days of 28): [−136.5177, −5.1490], p = 0.025675.
    assertThat(row.viewers().alwaysValid().low()).isCloseTo(-136.5177070214402, within(1e-6));
    assertThat(row.viewers().alwaysValid().high()).isCloseTo(-5.148959645226497, within(1e-6));
    assertThat(row.viewers().alwaysValid().pValue()).isCloseTo(0.025675495590346015, within(1e-9));
    assertThat(row.detectableReduction())
        .as("always-valid half-width over the viewers' before-rate")
        .isCloseTo(0.750678556435507, within(1e-9));
    assertThat(row.note())
        .endsWith(
            "the trends before launch could not be checked: no viewer was signed up in the weeks"
                + " before that");
  }

  @Test
  void qValuesAreBenjaminiHochbergAcrossAllRowsOfTheRun() {
    Map<String, Map<LocalDate, Long>> topics = new HashMap<>();
    topics.put("a", history(d -> d.isBefore(LocalDate.parse("2024-04-10")) ? 8 : 2));
    topics.put("b", history(d -> 3));
    topics.put("c", history(d -> 1));
    Instant launch = Instant.parse("2024-04-10T00:00:00Z");
    List<TopicImpact> rows =
        calculator.compute(
            List.of(
                new MessageTopic("m", "a", "post", null, launch),
                new MessageTopic("m", "b", "post", null, launch),
                new MessageTopic("m", "c", "post", null, Instant.parse("2024-04-29T00:00:00Z"))),
            topics,
            Map.of(),
            Map.of());

    Double[] expected =
        io.proactiveinsights.stats.BenjaminiHochberg.qValues(
            new Double[] {
              rows.get(0).beforeAfter().pValue(), rows.get(1).beforeAfter().pValue(), null
            });
    assertThat(rows.get(0).beforeAfter().qValue())
        .isEqualTo(expected[0])
        .isGreaterThanOrEqualTo(rows.get(0).beforeAfter().pValue());
    assertThat(rows.get(0).verdict().wire())
        .as("q of the quartered topic is far below 0.05")
        .isEqualTo("fewer_tickets");
    assertThat(rows.get(1).beforeAfter().qValue()).isEqualTo(expected[1]);
    Double[] expectedWeekday =
        io.proactiveinsights.stats.BenjaminiHochberg.qValues(
            new Double[] {
              rows.get(0).weekday().alwaysValid().pValue(),
              rows.get(1).weekday().alwaysValid().pValue(),
              null
            });
    assertThat(List.of(rows.get(0).weekday().qValue(), rows.get(1).weekday().qValue()))
        .as("the verdict's q-values come from the always-valid p-values")
        .containsExactly(expectedWeekday[0], expectedWeekday[1]);
    assertThat(rows.get(2).beforeAfter().qValue()).as("insufficient rows are not tested").isNull();
  }

  /** A topic's days, a message's viewers and the people who never saw it, around a launch. */
  private record Incident(
      LocalDate launch, Map<LocalDate, Long> days, ExposedGroup viewers, UnexposedGroup others) {

    /** The topic_impact row of a message on the topic "login-issues" launched at midnight. */
    TopicImpact judged(
        TopicImpactCalculator calculator, String messageId, String type, String knownIssueId) {
      String key = TopicImpactCalculator.key(messageId, "login-issues");
      return calculator
          .compute(
              List.of(
                  new MessageTopic(
                      messageId,
                      "login-issues",
                      type,
                      knownIssueId,
                      launch.atStartOfDay(ZoneOffset.UTC).toInstant())),
              Map.of("login-issues", days),
              Map.of(key, viewers),
              Map.of(key, others))
          .get(0);
    }
  }

  /**
   * 100 viewers who first saw the message on the launch day, at risk all along, and 1,000 people
   * who never did: the viewers opened 80 tickets in the 14 days before (on day −5), 20 in the 14
   * after (day +5) and {@code placeboBefore} in the 14 before those (day −21); the others 400 on
   * each of those days.
   */
  private static Incident incident(LocalDate launch, long placeboBefore) {
    Map<LocalDate, Long> days = new HashMap<>();
    days.put(launch.minusDays(21), placeboBefore + 400);
    days.put(launch.minusDays(5), 480L);
    days.put(launch.plusDays(5), 420L);
    ExposedGroup viewers =
        new ExposedGroup(
            100,
            80,
            20,
            1400,
            1400,
            placeboBefore,
            1400,
            List.of(new Cohort(launch, null, 100)),
            Map.of(launch.minusDays(5), 80L, launch.plusDays(5), 20L));
    UnexposedGroup others =
        new UnexposedGroup(
            1000,
            everyDay(1000.0),
            Map.of(
                launch.minusDays(21), 400L, launch.minusDays(5), 400L, launch.plusDays(5), 400L));
    return new Incident(launch, days, viewers, others);
  }

  private TopicImpact one(
      MessageTopic mt, Map<LocalDate, Long> days, ExposedGroup group, UnexposedGroup others) {
    String key = TopicImpactCalculator.key(mt.messageId(), mt.topic());
    Map<String, ExposedGroup> groups = group == null ? Map.of() : Map.of(key, group);
    return calculator
        .compute(
            List.of(mt),
            Map.of(mt.topic(), days),
            groups,
            others == null ? Map.of() : Map.of(key, others))
        .get(0);
  }

  private static Map<LocalDate, Double> everyDay(double people) {
    Map<LocalDate, Double> days = new HashMap<>();
    for (LocalDate d = LocalDate.parse("2024-01-02");
        d.isBefore(LocalDate.parse("2024-05-01"));
        d = d.plusDays(1)) {
      days.put(d, people);
    }
    return days;
  }

  private static Map<LocalDate, Long> history(ToLongFunction<LocalDate> ticketsOn) {
    Map<LocalDate, Long> days = new HashMap<>();
    for (LocalDate d = LocalDate.parse("2024-01-02");
        d.isBefore(LocalDate.parse("2024-05-01"));
        d = d.plusDays(1)) {
      days.put(d, ticketsOn.applyAsLong(d));
    }
    return days;
  }
}
