package io.proactiveinsights.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.config.ProactiveConfig.ImpactSettings;
import io.proactiveinsights.hygiene.MessageFacts.Impact;
import io.proactiveinsights.impact.TopicImpact;
import io.proactiveinsights.impact.TopicImpactCalculator;
import io.proactiveinsights.impact.TopicImpactCalculator.Cohort;
import io.proactiveinsights.impact.TopicImpactCalculator.ExposedGroup;
import io.proactiveinsights.impact.TopicImpactCalculator.MessageTopic;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * From topic_impact rows to NO_TICKET_IMPACT: a message is told it has no impact only when its
 * viewers are enough of the topic's ticket-openers for the tickets to have shown the planned
 * deflection. Flat topic of 20 tickets a day, launch 2024-04-10, as of 2024-05-01.
 */
class NoTicketImpactPowerTest {

  private static final Instant AS_OF = Instant.parse("2024-05-01T00:00:00Z");
  private static final ProactiveConfig DEFAULTS = ProactiveConfig.defaults();
  private static final ImpactSettings IMPACT = new ImpactSettings(14, 7, 10, 50, 0.05, 10);
  private static final Instant LAUNCH = Instant.parse("2024-04-10T00:00:00Z");

  @Test
  void aChatSeenBySevenPeopleOnABusyTopicIsTooFewViewersToTellNotNoImpact() {
    ExposedGroup seven =
        new ExposedGroup(
            7,
            2,
            0,
            98,
            98,
            List.of(new Cohort(LocalDate.parse("2024-04-12"), null, 7)),
            Map.of(LocalDate.parse("2024-04-01"), 2L));
    Impact impact = MessageFactsBuilder.impact(List.of(row("chat", seven)));

    assertThat(impact.topicsTooFewViewers()).isEqualTo(1);
    assertThat(impact.largestCompatibleReduction()).isNull();
    assertThat(impact.summary())
        .isEqualTo(
            "billing: too few viewers to tell (its 7 viewers opened 0.7% of the topic's 280 tickets"
                + " before launch)");
    assertThat(flag(impact)).isEmpty();
  }

  @Test
  void aMessageSeenByMostOfTheTopicsOpenersWithFlatTicketsHasNoImpact() {
    ExposedGroup most =
        new ExposedGroup(
            500,
            252,
            252,
            7000,
            7000,
            List.of(new Cohort(LocalDate.parse("2024-04-10"), null, 500)),
            daily(18));
    Impact impact = MessageFactsBuilder.impact(List.of(row("post", most)));

    // Exact 95% lower bound of 280 vs 280 tickets (scipy: beta.ppf(0.025, 280, 281) → ratio
    // 0.8443015837641057): the topic could still fall 15.57%, which through viewers who open 90% of
    // its tickets is at most 17.30% of theirs, below the planned 25%.
    assertThat(impact.largestCompatibleReduction())
        .isCloseTo(0.17299824026210478, org.assertj.core.api.Assertions.within(1e-7));
    assertThat(flag(impact))
        .get()
        .extracting(HygieneFlag::detail)
        .asString()
        .contains("rule out it preventing as much as 25% of them (at most 17%)")
        .contains("billing: no change");
  }

  private static Optional<HygieneFlag> flag(Impact impact) {
    MessageFacts m = Facts.post("p").impact(impact).build();
    return new HygieneRules.NoTicketImpact()
        .evaluate(
            m,
            new HygieneContext(
                DEFAULTS.hygiene(), 100, AS_OF, List.of(m), List.of(), WeeklyLoad.NONE));
  }

  /**
   * Nobody outside the viewers in the audience: the before/after comparison is the one trusted. The
   * row is read back from what the table stores.
   */
  private static TopicImpact row(String type, ExposedGroup group) {
    TopicImpactCalculator calculator =
        new TopicImpactCalculator(
            IMPACT,
            DEFAULTS.hygiene().noImpactMinExcludedDeflection(),
            Instant.parse("2024-01-02T00:00:00Z"),
            AS_OF);
    TopicImpact impact =
        calculator
            .compute(
                List.of(new MessageTopic("p", "billing", type, null, LAUNCH)),
                Map.of("billing", daily(20)),
                Map.of(TopicImpactCalculator.key("p", "billing"), group),
                Map.of())
            .get(0);
    return TopicImpact.fromRow(impact.toRow());
  }

  private static Map<LocalDate, Long> daily(long tickets) {
    Map<LocalDate, Long> days = new HashMap<>();
    for (LocalDate d = LocalDate.parse("2024-01-02");
        d.isBefore(LocalDate.parse("2024-05-01"));
        d = d.plusDays(1)) {
      days.put(d, tickets);
    }
    return days;
  }
}
