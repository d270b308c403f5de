package io.proactiveinsights.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.proactiveinsights.report.ReportInputs.SeriesMember;
import io.proactiveinsights.report.ReportView.ActionItem;
import io.proactiveinsights.report.ReportView.CsatItem;
import io.proactiveinsights.report.ReportView.GoalItem;
import io.proactiveinsights.report.ReportView.HygieneGroup;
import io.proactiveinsights.report.ReportView.ImpactItem;
import io.proactiveinsights.report.ReportView.SeriesItem;
import io.proactiveinsights.report.ReportView.SeriesMessage;
import io.proactiveinsights.report.ReportView.SuggestionItem;
import io.proactiveinsights.report.ReportView.TopicSeries;
import io.proactiveinsights.report.ReportView.VariantLine;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportModelTest {

  private final ReportView view = ReportFixtures.view();

  @Test
  void recommendationsComeMostUrgentFirstThenInTheContractsOrderOfActions() {
    assertThat(view.actions())
        .extracting(
            ActionItem::priority,
            ActionItem::action,
            ActionItem::messageId,
            ActionItem::priorityLabel)
        .containsExactly(
            tuple(1, "PAUSE", "m_post", "Today"),
            tuple(1, "REDUCE_FREQUENCY", "m_banner", "Today"),
            tuple(2, "REWORK_CONTENT", "m_post", "This week"),
            tuple(3, "NARROW_AUDIENCE", "m_tour", "Next time you edit it"));
    assertThat(view.actions().get(0).actionLabel()).isEqualTo("Pause");
    assertThat(ReportModel.label("IMPROVE_COPY_OR_CTA")).isEqualTo("Improve copy or CTA");
    assertThat(ReportModel.label("VAGUE_CTA")).isEqualTo("Vague CTA");
    assertThat(view.actions().get(0).messageName()).isEqualTo(ReportFixtures.HOSTILE_NAME);
    assertThat(ReportJob.actionGroups(view.actions()))
        .extracting(ReportJob.ActionGroup::label)
        .containsExactly("Today", "This week", "Next time you edit it");
  }

  @Test
  void impactListsDeflectingMessagesFirstWithTheChangeAndItsAlwaysValidInterval() {
    assertThat(view.impacts())
        .extracting(ImpactItem::messageId, ImpactItem::verdictLabel)
        .containsExactly(
            tuple("m_banner", "Fewer tickets"),
            tuple("m_post", "No change"),
            tuple("m_tour", "Too early to tell"));
    ImpactItem banner = view.impacts().get(0);
    assertThat(banner.change()).isEqualTo("-69% [-78%, -55%]");
    assertThat(banner.beforeAfter()).isEqualTo("112 → 42 tickets (8.0 → 3.0 a day)");
    assertThat(banner.basis()).isEqualTo("before vs after launch");
    assertThat(view.impacts().get(1).exposedVsUnexposed())
        .isEqualTo(
            "viewers 2.1 → 2.0, never exposed 2.2 → 2.2 per 1,000 people a week; difference +0.1"
                + " [-0.4, +0.5]; trends before launch parallel");
    assertThat(view.summary().messagesDeflecting()).isEqualTo(1);
    assertThat(view.summary().messagesNotDeflecting()).isEqualTo(1);
  }

  @Test
  void aMessageWithVariantsListsThemReferenceFirstWithTheDifferenceInPoints() {
    // The fixture's m_banner (ReportFixtures.variants): B 12.1% against A 9.8%.
    assertThat(view.variantTests())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.messageName()).isEqualTo("Invoices moved");
              assertThat(t.metricLabel()).isEqualTo("click-through");
              assertThat(t.variants())
                  .extracting(
                      VariantLine::variantId,
                      VariantLine::rate,
                      VariantLine::difference,
                      VariantLine::interval,
                      VariantLine::tone)
                  .containsExactly(
                      tuple("A", "9.8% (98 of 1,000)", "–", "", "neutral"),
                      tuple("B", "12.1% (121 of 1,000)", "+2.3 points", "-0.4 to +5.0", "neutral"));
              assertThat(t.variants().get(1).sentence())
                  .isEqualTo(
                      "Variant B: 12.1% of viewers clicked vs 9.8% for A, +2.3 points (95% CI -0.4"
                          + " to +5.0): no clear difference.");
              assertThat(t.variants().get(0).sentence())
                  .isEqualTo("Variant A (the reference: most receivers): 9.8% of viewers clicked.");
            });
  }

  @Test
  void seriesAreListedByTitleWithTheirMessagesByNameAndAMessageInTwoSeriesUnderBoth() {
    // ReportFixtures.series: Onboarding (61000001) sent the tour and the banner, Activation
    // (61000002) the tour too. Receivers are message_stats' (banner 1,200, tour 80).
    assertThat(view.series())
        .extracting(SeriesItem::title, SeriesItem::seriesId)
        .containsExactly(tuple("Activation", "61000002"), tuple("Onboarding", "61000001"));
    assertThat(view.series().get(0).messages())
        .extracting(SeriesMessage::messageName, SeriesMessage::messageId, SeriesMessage::receivers)
        .containsExactly(tuple("Export tour", "m_tour", "80"));
    assertThat(view.series().get(1).messages())
        .extracting(SeriesMessage::messageName, SeriesMessage::messageId, SeriesMessage::receivers)
        .containsExactly(
            tuple("Export tour", "m_tour", "80"), tuple("Invoices moved", "m_banner", "1,200"));
  }

  @Test
  void withoutSeriesThereIsNoSeriesSection() {
    assertThat(ReportModel.build(ReportFixtures.withoutSeries()).series()).isEmpty();
  }

  @Test
  void anUntitledSeriesIsNamedByItsIdAndAMessageWithoutStatisticsHasNoReceivers() {
    ReportInputs in = ReportFixtures.inputs();
    assertThat(
            SeriesSection.items(
                List.of(
                    new SeriesMember("s9", null, "m_gone"),
                    new SeriesMember("s9", null, "m_banner")),
                Map.of(),
                in.stats()))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.title()).isEqualTo("s9");
              assertThat(s.messages())
                  .extracting(SeriesMessage::messageName, SeriesMessage::receivers)
                  .containsExactly(tuple("m_banner", "1,200"), tuple("m_gone", "–"));
            });
  }

  @Test
  void suggestedTopicsAreListedToConfirmWithTheirShareAndLift() {
    assertThat(view.topicSuggestions())
        .as("only the suggested topic")
        .extracting(
            SuggestionItem::messageName,
            SuggestionItem::topic,
            SuggestionItem::followUps,
            SuggestionItem::usualShare,
            SuggestionItem::lift,
            SuggestionItem::use)
        .containsExactly(
            // 30 of 40 follow-ups; elsewhere 50 of 400 = 12.5%, rounded half up.
            tuple("m_quiet", "billing", "30 of 40, 75%", "13%", "6.0× [3.7, 9.6]", "to confirm"));
  }

  @Test
  void engagementJudgesEachMessageAgainstItsFormat() {
    assertThat(view.engagement())
        .extracting(
            e ->
                e.messageId() + " " + e.primaryRate() + " " + e.position() + " " + e.positionTone())
        .containsExactly(
            "m_banner 27.0% above its format good",
            "m_paused – too few viewers neutral",
            "m_post 4.7% below its format bad",
            "m_tour 42.0% no baseline neutral");
  }

  @Test
  void hygieneGroupsFlagsTheWayALeadReadsThemAndKeepsEmptyGroups() {
    assertThat(view.hygiene())
        .extracting(HygieneGroup::title, g -> g.items().size())
        .containsExactly(
            tuple("Resolved-issue banners still live", 1),
            tuple("Stale messages", 0),
            tuple("Banner conflicts", 1),
            tuple("Over-messaging", 0),
            tuple("Other flags", 1));
    assertThat(view.hygiene().get(0).items().get(0).since()).isEqualTo("2024-04-20");
    assertThat(view.summary().highSeverityFlags()).isEqualTo(1);
  }

  @Test
  void dataQualityCountsPerTableAndTheCommonestReasons() {
    assertThat(view.quality().tables())
        .first()
        .satisfies(
            t -> {
              assertThat(t.table()).isEqualTo("messages");
              assertThat(t.quarantinedShare()).isEqualTo("20.0%");
            });
    assertThat(view.quality().topReasons().get(0).rows()).isEqualTo(10);
    assertThat(view.summary().rowsQuarantined()).isEqualTo(15);
  }

  @Test
  void ticketSeriesFillEveryDayAndMarkEachLaunchOnItsTopic() {
    TopicSeries exports =
        view.ticketSeries().stream()
            .filter(s -> s.topic().equals("data-export"))
            .findFirst()
            .orElseThrow();
    assertThat(exports.days()).first().isEqualTo(LocalDate.of(2024, 3, 29));
    assertThat(exports.days()).last().isEqualTo(ReportFixtures.DS);
    assertThat(exports.days()).hasSize(exports.tickets().size()).hasSize(33);
    assertThat(exports.tickets()).contains(0L, 5L);
    assertThat(exports.launches())
        .extracting(ReportView.Launch::messageId)
        .containsExactly("m_post", "m_tour");
    assertThat(view.ticketSeries()).first().extracting(TopicSeries::topic).isEqualTo("data-export");
  }

  @Test
  void eachActionSaysHowSureFromItsEvidenceAndOlderEvidenceSaysNothing() {
    assertThat(view.actions())
        .extracting(ActionItem::action, ActionItem::howSure)
        .containsExactly(
            tuple("PAUSE", "Compared with an absolute guard rail <b>"),
            tuple("REDUCE_FREQUENCY", "41% (95% CI 37–45%) vs 60%, median of 3 other banners"),
            // A rate ratio: 1.12 is outside [0, 1], so the numbers stay numbers.
            tuple("REWORK_CONTENT", "0.94 (95% CI 0.8–1.12) vs 0.8, the planned effect"),
            tuple("NARROW_AUDIENCE", ""));
  }

  @Test
  void goalsCompareEachLiveMessageWithTheOtherLiveMessagesOfItsFormatThatHaveAGoal() {
    // m_post has no goal and m_paused is not live: neither is listed. m_tiny (3 receivers, too few
    // for the metrics job to judge) is listed but is nobody's peer.
    assertThat(view.goals())
        .extracting(GoalItem::messageId, GoalItem::position, GoalItem::peers, GoalItem::peerMedian)
        .containsExactly(
            // Medians by hand: of two peers the mean of both, (0.60 + 0.64) / 2 = 0.62, (0.25 +
            // 0.64) / 2 = 0.445,
            // (0.25 + 0.60) / 2 = 0.425; of three the middle one, 0.60.
            tuple("m_tour", "below", 2, "62.0%"),
            tuple("m_setup", "above", 2, "44.5%"),
            tuple("m_import", "above", 2, "42.5%"),
            tuple("m_tiny", "within", 3, "60.0%"),
            tuple("m_banner", "no_peer", 0, "–"));
    GoalItem tour = view.goals().get(0);
    assertThat(tour.goalEvent()).isEqualTo("export.completed");
    assertThat(tour.rate() + " " + tour.interval()).isEqualTo("25.0% [17.0%, 36.0%]");
    assertThat(tour.comparison())
        .isEqualTo("below the 62% median of 2 other product tours with a goal");
    assertThat(tour.tone()).isEqualTo("bad");
    assertThat(view.goals().get(4).comparison())
        .isEqualTo("with no other live banner with a goal to compare with");
  }

  @Test
  void csatComparesEachMessageWithTheRestOnItsTopicsAndSaysWhenRatingsAreTooFew() {
    assertThat(view.csat())
        .extracting(
            CsatItem::messageId,
            c ->
                c.fromMean()
                    + " ("
                    + c.fromN()
                    + ") vs "
                    + c.othersMean()
                    + " ("
                    + c.othersN()
                    + ")",
            c -> c.difference() + " " + c.interval(),
            CsatItem::pValue,
            CsatItem::verdictLabel)
        .containsExactly(
            tuple(
                "m_post",
                "3.1 (40) vs 4.0 (400)",
                "-0.9 [-1.3, -0.5]",
                "<0.001",
                "lower than its topics"),
            tuple(
                "m_banner",
                "4.4 (60) vs 4.1 (350)",
                "+0.3 [-0.1, +0.7]",
                "0.120",
                "no clear difference"),
            tuple("m_tour", "5.0 (3) vs 4.0 (400)", "– ", "–", "not enough ratings"));
    assertThat(view.csat().get(0).topics()).isEqualTo("data-export");
  }

  @Test
  void theDigestSaysGoalsAndCsatInOneSentenceEach() {
    assertThat(view.digest().goals())
        .isEqualTo(
            "5 live messages have a goal; Export tour reaches its goal for 25% (95% CI 17–36%) of"
                + " receivers, below the 62% median of 2 other product tours with a goal.");
    assertThat(view.digest().csat())
        .isEqualTo(
            "conversations started from "
                + ReportFixtures.HOSTILE_NAME
                + " rate 3.1 against 4.0 on data-export (-0.9, 95% CI -1.3 to -0.5).");
  }
}
