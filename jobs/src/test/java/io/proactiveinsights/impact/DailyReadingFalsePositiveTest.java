package io.proactiveinsights.impact;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.impact.TopicImpact.Verdict;
import io.proactiveinsights.impact.TopicImpactCalculator.Cohort;
import io.proactiveinsights.impact.TopicImpactCalculator.ExposedGroup;
import io.proactiveinsights.impact.TopicImpactCalculator.MessageTopic;
import io.proactiveinsights.impact.TopicImpactCalculator.UnexposedGroup;
import io.proactiveinsights.stats.Proportion;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Messages that change nothing, read the way support leads read them: every day from day {@code
 * impact.min_post_days} (7) to {@code impact.window_days} (14) after launch. The share of them that
 * show "fewer tickets" on at least one of those days, and the share that show any verdict (fewer or
 * more: the 5% is a two-sided promise), must stay within the promised 5% now that the verdict reads
 * always-valid intervals; the same messages judged on the fixed-horizon columns, as the verdict was
 * before, break it. Pure Java and seeded: the same figures every run (docs/impact.md quotes them).
 *
 * <p>A third of the messages have no viewer data (the weekday-weighted before/after judges them),
 * the others have viewers and never-viewers with parallel trends, judged on the difference in
 * differences when the pre-trend check can show it and on before/after otherwise. Tickets are
 * Poisson each day, with a weekday rhythm, at volumes drawn per message. 1,000 messages, 8,000
 * readings, a few seconds: most of it the exact fixed-horizon tests the rows still carry.
 */
class DailyReadingFalsePositiveTest {

  private static final int MESSAGES = 1_000;
  private static final double PROMISED = 0.05;
  private static final LocalDate HISTORY_START = LocalDate.parse("2024-01-02");
  private static final LocalDate LAUNCH = LocalDate.parse("2024-04-10");
  private static final String TOPIC = "billing";
  private static final MessageTopic MESSAGE =
      new MessageTopic("m", TOPIC, "post", null, LAUNCH.atStartOfDay(ZoneOffset.UTC).toInstant());
  private static final String KEY = TopicImpactCalculator.key("m", TOPIC);
  private static final ProactiveConfig DEFAULTS = ProactiveConfig.defaults();

  /** Mondays busiest, weekends quiet: how support tickets usually arrive. */
  private static final Map<DayOfWeek, Double> WEEKDAY_RHYTHM =
      Map.of(
          DayOfWeek.MONDAY, 1.4,
          DayOfWeek.TUESDAY, 1.2,
          DayOfWeek.WEDNESDAY, 1.1,
          DayOfWeek.THURSDAY, 1.0,
          DayOfWeek.FRIDAY, 0.9,
          DayOfWeek.SATURDAY, 0.5,
          DayOfWeek.SUNDAY, 0.4);

  @Test
  void readingTheVerdictDailyFindsFewerTicketsInAtMostFivePercentOfMessagesWithNoEffect() {
    Random random = new Random(20240410);
    Tally tally = new Tally();
    for (int m = 0; m < MESSAGES; m++) {
      tally.add(random.nextInt(3) == 0 ? beforeAfterOnly(random) : viewersAndOthers(random));
    }

    tally.assertWithinPromise();
  }

  /** A topic of 2 to 40 tickets a day, quiet to busy, without viewer data: before/after judges. */
  private static Outcome beforeAfterOnly(Random random) {
    Map<LocalDate, Long> days = poissonDays(random, 2 + 38 * random.nextDouble());
    return readDaily(
        reading -> reading.compute(List.of(MESSAGE), Map.of(TOPIC, days), Map.of(), Map.of()));
  }

  /**
   * 500 to 5,000 viewers who all saw it on launch day and 3,000 people who never did; viewers open
   * more tickets (they are the active ones) but neither group's rate changes. 2 to 10 tickets per
   * 1,000 people a day: the busier messages have enough tickets to show parallel trends, the others
   * are judged on before/after.
   */
  private static Outcome viewersAndOthers(Random random) {
    long viewers = 500 + random.nextInt(4_501);
    long others = 3_000;
    double viewerRate = 0.002 + 0.008 * random.nextDouble();
    double otherRate = viewerRate * (0.5 + 0.5 * random.nextDouble());
    Map<LocalDate, Long> viewerDays = poissonDays(random, viewers * viewerRate);
    Map<LocalDate, Long> otherDays = poissonDays(random, others * otherRate);
    Map<LocalDate, Long> topicDays = new HashMap<>(viewerDays);
    otherDays.forEach((d, n) -> topicDays.merge(d, n, Long::sum));
    Map<LocalDate, Double> atRisk = new HashMap<>();
    for (LocalDate d = HISTORY_START; d.isBefore(LAUNCH.plusDays(14)); d = d.plusDays(1)) {
      atRisk.put(d, (double) others);
    }
    UnexposedGroup unexposed = new UnexposedGroup(others, atRisk, otherDays);
    return readDaily(
        reading -> {
          long afterDays = reading.afterDays();
          ExposedGroup exposed =
              new ExposedGroup(
                  viewers,
                  TopicImpactCalculator.sum(viewerDays, LAUNCH.minusDays(14), LAUNCH),
                  TopicImpactCalculator.sum(viewerDays, LAUNCH, LAUNCH.plusDays(afterDays)),
                  viewers * 14.0,
                  viewers * (double) afterDays,
                  TopicImpactCalculator.sum(viewerDays, LAUNCH.minusDays(28), LAUNCH.minusDays(14)),
                  viewers * 14.0,
                  List.of(new Cohort(LAUNCH, null, viewers)),
                  viewerDays);
          return reading.compute(
              List.of(MESSAGE),
              Map.of(TOPIC, topicDays),
              Map.of(KEY, exposed),
              Map.of(KEY, unexposed));
        });
  }

  /** A calculator as of the end of day {@code afterDays} after launch. */
  private record Reading(TopicImpactCalculator calculator, long afterDays) {
    List<TopicImpact> compute(
        List<MessageTopic> topics,
        Map<String, Map<LocalDate, Long>> days,
        Map<String, ExposedGroup> exposed,
        Map<String, UnexposedGroup> unexposed) {
      return calculator.compute(topics, days, exposed, unexposed);
    }
  }

  private interface Look {
    List<TopicImpact> at(Reading reading);
  }

  /**
   * Whether any daily reading said fewer tickets, or gave any verdict, as the verdict now reads
   * them and as it did; and how many readings trusted viewers against never-viewers.
   */
  private record Outcome(
      boolean fewer,
      boolean any,
      boolean fewerFixed,
      boolean anyFixed,
      int readings,
      int viewerReadings) {}

  private static Outcome readDaily(Look look) {
    ProactiveConfig.ImpactSettings impact = DEFAULTS.impact();
    boolean fewer = false;
    boolean any = false;
    boolean fewerFixed = false;
    boolean anyFixed = false;
    int readings = 0;
    int viewerReadings = 0;
    for (int day = impact.minPostDays(); day <= impact.impactWindowDays(); day++) {
      Instant asOf = LAUNCH.plusDays(day).atStartOfDay(ZoneOffset.UTC).toInstant();
      TopicImpactCalculator calculator =
          new TopicImpactCalculator(
              impact,
              DEFAULTS.hygiene().noImpactMinExcludedDeflection(),
              DEFAULTS.experiments().alpha(),
              HISTORY_START.atStartOfDay(ZoneOffset.UTC).toInstant(),
              asOf);
      TopicImpact row = look.at(new Reading(calculator, day)).get(0);
      fewer |= row.verdict() == Verdict.FEWER_TICKETS;
      any |= row.verdict() == Verdict.FEWER_TICKETS || row.verdict() == Verdict.MORE_TICKETS;
      double fixed = fixedHorizonChange(row, impact.maxQValue());
      fewerFixed |= fixed < 0;
      anyFixed |= fixed != 0;
      readings++;
      viewerReadings += row.viewers().measured() && !row.viewers().preTrend().diverged() ? 1 : 0;
    }
    return new Outcome(fewer, any, fewerFixed, anyFixed, readings, viewerReadings);
  }

  /**
   * The verdict as it was before always-valid intervals: the sign of the change when the trusted
   * comparison's exact fixed-horizon p-value (a run of one row: its q-value) is below
   * impact.max_q_value, else 0; the viewer comparison whenever it was measured.
   */
  private static double fixedHorizonChange(TopicImpact row, double maxQValue) {
    if (row.viewers().measured()) {
      return row.viewers().pValue() < maxQValue ? Math.signum(row.viewers().difference()) : 0;
    }
    return row.weekday().pValue() != null && row.weekday().pValue() < maxQValue
        ? Math.signum(row.weekday().ratio() - 1)
        : 0;
  }

  private static final class Tally {
    private long fewer;
    private long any;
    private long fewerFixed;
    private long anyFixed;
    private long readings;
    private long viewerReadings;
    private long messages;

    void add(Outcome o) {
      messages++;
      fewer += o.fewer() ? 1 : 0;
      any += o.any() ? 1 : 0;
      fewerFixed += o.fewerFixed() ? 1 : 0;
      anyFixed += o.anyFixed() ? 1 : 0;
      readings += o.readings();
      viewerReadings += o.viewerReadings();
    }

    void assertWithinPromise() {
      String figures =
          String.format(
              Locale.ROOT,
              "%d no-effect messages read daily on days 7-14 (%.0f%% of the readings judged on"
                  + " viewers against never-viewers). Always-valid: 'fewer tickets' on some day %s,"
                  + " any verdict %s. Fixed-horizon, as before: 'fewer tickets' %s, any verdict %s",
              messages,
              100.0 * viewerReadings / readings,
              rate(fewer),
              rate(any),
              rate(fewerFixed),
              rate(anyFixed));
      assertThat(Proportion.of(fewer, messages).rate()).as(figures).isLessThanOrEqualTo(PROMISED);
      assertThat(Proportion.of(any, messages).rate()).as(figures).isLessThanOrEqualTo(PROMISED);
      assertThat(Proportion.of(anyFixed, messages).low())
          .as("the daily fixed-horizon reading breaks the promise: " + figures)
          .isGreaterThan(PROMISED);
    }

    private String rate(long count) {
      Proportion p = Proportion.of(count, messages);
      return String.format(
          Locale.ROOT,
          "%.1f%% (95%% CI %.1f-%.1f%%)",
          100 * p.rate(),
          100 * p.low(),
          100 * p.high());
    }
  }

  /** Poisson tickets per day from the history's start to the end of the after-window. */
  private static Map<LocalDate, Long> poissonDays(Random random, double perDay) {
    Map<LocalDate, Long> days = new HashMap<>();
    for (LocalDate d = HISTORY_START; d.isBefore(LAUNCH.plusDays(14)); d = d.plusDays(1)) {
      days.put(d, poisson(random, perDay * WEEKDAY_RHYTHM.get(d.getDayOfWeek())));
    }
    return days;
  }

  /** Knuth's multiplication method: exact, and quick for the few dozen a day drawn here. */
  private static long poisson(Random random, double mean) {
    double limit = Math.exp(-mean);
    long k = 0;
    for (double p = random.nextDouble(); p > limit; p *= random.nextDouble()) {
      k++;
    }
    return k;
  }
}
