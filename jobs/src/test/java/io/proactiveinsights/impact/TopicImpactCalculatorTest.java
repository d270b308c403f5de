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
  private static final ImpactSettings SETTINGS = new ImpactSettings(14, 7, 10, 50, 0.05, 10);

  private final TopicImpactCalculator calculator =
      new TopicImpactCalculator(SETTINGS, 0.25, HISTORY_START, AS_OF);

  @Test
  void halvedTicketsAfterLaunchAreFewerTicketsWithTheExactInterval() {
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
    // An incident: the topic's volume is 120 tickets on 04-05 and 105 on 04-15. All 100 viewers
    // first saw the banner on 04-10; they opened 20 tickets on 04-05 (1,400 person-days before)
    // and 5 on 04-15 (1,400 after). The 1,000 others, over the same calendar days, opened
    // 120 − 20 = 100 before and 105 − 5 = 100 after (14,000 person-days each). Rates per 1,000
    // people per week: viewers 100 → 25, others 50 → 50. DiD = (25 − 100) − (50 − 50) = −75;
    // variance from Poisson counts (hand, python3): se² = (5 + 20)/1400² + (100 + 100)/14000²,
    // 95% CI [−125.9214, −24.0786], p = 0.0038924.
    Map<LocalDate, Long> days = new HashMap<>();
    days.put(LocalDate.parse("2024-04-05"), 120L);
    days.put(LocalDate.parse("2024-04-15"), 105L);
    ExposedGroup viewers =
        new ExposedGroup(
            100,
            20,
            5,
            1400,
            1400,
            List.of(new Cohort(LocalDate.parse("2024-04-10"), null, 100)),
            Map.of(LocalDate.parse("2024-04-05"), 20L, LocalDate.parse("2024-04-15"), 5L));
    UnexposedGroup others =
        new UnexposedGroup(
            1000,
            everyDay(1000.0),
            Map.of(LocalDate.parse("2024-04-05"), 100L, LocalDate.parse("2024-04-15"), 100L));
    TopicImpact row =
        one(
            new MessageTopic(
                "ki", "login-issues", "banner", "KI-1", Instant.parse("2024-04-10T00:00:00Z")),
            days,
            viewers,
            others);

    assertThat(row.trustedComparison().wire()).isEqualTo("exposed_vs_unexposed");
    assertThat(row.note()).contains("launched during an incident");
    assertThat(row.viewers().unexposedUsers()).isEqualTo(1000L);
    assertThat(
            List.of(
                row.viewers().exposedBefore(),
                row.viewers().exposedAfter(),
                row.viewers().unexposedBefore(),
                row.viewers().unexposedAfter()))
        .containsExactly(100.0, 25.0, 50.0, 50.0);
    assertThat(row.viewers().difference()).isCloseTo(-75.0, within(1e-9));
    assertThat(row.viewers().low()).isCloseTo(-125.92135803342772, within(1e-6));
    assertThat(row.viewers().high()).isCloseTo(-24.07864196657228, within(1e-6));
    assertThat(row.viewers().pValue()).isCloseTo(0.0038924171227786575, within(1e-9));
    assertThat(row.verdict().wire()).isEqualTo("fewer_tickets");
  }

  @Test
  void sevenViewersOfABusyTopicAreTooFewToTellNotNoChange() {
    // 20 tickets a day, flat: 280 before and 280 after launch on 04-10. Seven people saw the chat
    // and
    // opened 2 of the 280 before-period tickets (share 2/280). The best the before/after ratio can
    // rule
    // out is a topic reduction of 1 − exp(−1.96·√(2/280)) = 15.3%, i.e. 15.3% / (2/280) = 2,137% of
    // the
    // viewers' tickets (python3, math): no deflection among seven people can show in the topic.
    Map<LocalDate, Long> days = history(d -> 20);
    ExposedGroup seven =
        new ExposedGroup(
            7,
            2,
            0,
            7 * 14.0,
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
    assertThat(row.detectableReduction()).isCloseTo(21.371681346327968, within(1e-9));
    assertThat(row.verdict().wire()).isEqualTo("too_few_viewers");
    assertThat(row.note())
        .startsWith(
            "too few viewers to tell: the 7 people who saw it opened 2 of the topic's 280 tickets"
                + " before launch (0.7%)");
  }

  @Test
  void viewersWhoOpenMostOfTheTopicsTicketsCanShowNoChange() {
    // Same flat topic; the 500 viewers opened 18 of each day's 20 tickets (share 252/280 = 0.9),
    // and
    // only 20 people never saw it, too few for the viewer comparison. Detectable: 15.26% / 0.9 =
    // 16.96%
    // of the viewers' tickets, below the planned 25%: a flat series is a real "no change".
    Map<LocalDate, Long> days = history(d -> 20);
    ExposedGroup most =
        new ExposedGroup(
            500,
            252,
            252,
            500 * 14.0,
            500 * 14.0,
            List.of(new Cohort(LocalDate.parse("2024-04-10"), null, 500)),
            history(d -> 18));
    UnexposedGroup twenty = new UnexposedGroup(20, everyDay(20.0), history(d -> 2));
    TopicImpact row =
        one(
            new MessageTopic(
                "post", "billing", "post", null, Instant.parse("2024-04-10T00:00:00Z")),
            days,
            most,
            twenty);

    assertThat(row.trustedComparison().wire()).isEqualTo("before_after");
    assertThat(row.viewerTicketShare()).isCloseTo(0.9, within(1e-12));
    assertThat(row.detectableReduction()).isCloseTo(0.16961651862165053, within(1e-9));
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
    assertThat(row.detectableReduction())
        .as("CI half-width over the viewers' before-rate")
        .isCloseTo(0.48474518204353534, within(1e-9));
  }

  @Test
  void qValuesAreBenjaminiHochbergAcrossAllRowsOfTheRun() {
    Map<String, Map<LocalDate, Long>> topics = new HashMap<>();
    topics.put("a", history(d -> d.isBefore(LocalDate.parse("2024-04-10")) ? 4 : 2));
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
        .as("q of the halved topic is far below 0.05")
        .isEqualTo("fewer_tickets");
    assertThat(rows.get(1).beforeAfter().qValue()).isEqualTo(expected[1]);
    assertThat(rows.get(2).beforeAfter().qValue()).as("insufficient rows are not tested").isNull();
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
