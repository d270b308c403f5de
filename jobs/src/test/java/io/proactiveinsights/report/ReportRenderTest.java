package io.proactiveinsights.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReportRenderTest {

  private static ReportJob.Rendered rendered;

  /** The fixture's goal sentence, the same in the page and the digest. */
  private static final String GOALS =
      "5 live messages have a goal; Export tour reaches its goal for 25% (95% CI 17–36%) of"
          + " receivers, below the 62% median of 2 other product tours with a goal.";

  @BeforeAll
  static void render() {
    rendered = ReportJob.render(ReportFixtures.view());
  }

  @Test
  void htmlEscapesUserTextEverywhereIncludingInsideTheCharts() {
    String html = rendered.html();
    assertThat(html).doesNotContain("<script").doesNotContain("<b>outage</b>");
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; *Export* | now");
    assertThat(html).contains("Says &lt;b&gt;outage&lt;/b&gt; that ended 10 days ago.");
    // The chart text (funnel titles, dismissal labels) is escaped by JFreeSVG.
    assertThat(html).contains("&lt;script&gt;alert(");
  }

  @Test
  void htmlShowsQuotedRulesAsCodeAfterEscapingThem() {
    assertThat(rendered.html())
        .contains(
            "Suggestion: Set the audience to <code>attr.role = &#39;admin&#39;</code>, not"
                + " <code>&lt;script&gt;</code>");
    assertThat(ReportTemplates.htmlWithCode("a `b` <i>c</i> `"))
        .isEqualTo("a <code>b</code> &lt;i&gt;c&lt;/i&gt; `");
  }

  @Test
  void htmlIsSelfContainedWithEveryChartInlineAsSvg() {
    String html = rendered.html();
    assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");
    assertThat(html).doesNotContain("<link").doesNotContain("<img");
    // 2 topics + 3 funnels (the message nobody received has none) + 1 dismissal chart + the
    // holdouts' forest plot.
    assertThat(count(html, "<svg")).isEqualTo(7).isEqualTo(rendered.charts());
    // Each chart's clip paths have ids of their own, so charts sharing the page do not clip each
    // other.
    Matcher ids = Pattern.compile("<clipPath id=['\"]([^'\"]+)['\"]").matcher(html);
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (ids.find()) {
      assertThat(seen.add(ids.group(1))).as("duplicate clipPath id %s", ids.group(1)).isTrue();
    }
    assertThat(seen).isNotEmpty();
  }

  @Test
  void htmlListsWhatToDoMostUrgentFirst() {
    String html = rendered.html();
    assertThat(html.indexOf(">Today <")).isLessThan(html.indexOf(">This week <"));
    assertThat(html.indexOf("Says &lt;b&gt;outage"))
        .isLessThan(html.indexOf("Shown 9 times a week"));
    assertThat(html.indexOf("Shown 9 times a week")).isLessThan(html.indexOf("Seen by 900 people"));
  }

  @Test
  void markdownDigestSaysTheSameThingsAndKeepsUserTextLiteral() {
    String md = rendered.markdown();
    assertThat(md).startsWith("# Proactive messages · 2024-04-30\n");
    assertThat(md).contains("**2 to do today · 1 this week · 1 message cuts tickets");
    assertThat(md)
        .contains(
            "- **Pause** · &lt;script&gt;alert('x')&lt;/script&gt; \\*Export\\* \\| now (post):"
                + " Says &lt;b&gt;outage&lt;/b&gt; that ended 10 days ago.\n"
                + "  How sure: Compared with an absolute guard rail &lt;b&gt;\n"
                + "  → Pause it\n");
    assertThat(md.indexOf("### Today"))
        .isLessThan(md.indexOf("### This week"))
        .isLessThan(md.indexOf("### Next time you edit it"));
    assertThat(md)
        .contains(
            "| Invoices moved | billing | Fewer tickets | 112 → 42 tickets (8.0 → 3.0 a day) | -69%"
                + " \\[-78%, -55%\\] | before vs after launch |");
    assertThat(md)
        .contains(
            "### Suggested topics\n",
            "| m_quiet | billing | 30 of 40, 75% | 13% | 6.0× \\[3.7, 9.6\\] | to confirm |");
    assertThat(md).contains("- Below its format: &lt;script&gt;");
    assertThat(md).contains("**Stale messages**: none.");
    assertThat(md)
        .contains(
            "- exposures: occurred_at: '…' has no UTC offset (add Z or an offset such as +02:00)"
                + " (10)");
    assertThat(md).contains("→ Set the audience to `attr.role = 'admin'`, not `&lt;script&gt;`");
    assertThat(md).contains("1 message cuts tickets · 1 shows no measurable change in tickets");
    assertThat(md).doesNotContain("<script").doesNotContain("\n\n\n");
  }

  @Test
  void htmlShowsGoalsCsatTheDigestAndHowSureEachActionIs() {
    String html = rendered.html();
    assertThat(html).contains("<p><b>Goals:</b> " + GOALS + "</p>");
    assertThat(html)
        .contains(
            "<p><b>CSAT:</b> conversations started from"
                + " &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; *Export* | now rate 3.1 against"
                + " 4.0 on data-export (-0.9, 95% CI -1.3 to -0.5).</p>");
    assertThat(html)
        .contains(
            "<p class=\"sure\"><b>How sure:</b> 41% (95% CI 37–45%) vs 60%, median of 3 other"
                + " banners</p>");
    assertThat(html)
        .contains(
            "<p class=\"sure\"><b>How sure:</b> Compared with an absolute guard rail"
                + " &lt;b&gt;</p>");
    // Older evidence (the tour's) has no line; the three others have one each.
    assertThat(count(html, "class=\"sure\"")).isEqualTo(3);
    String goals = section(html, "goals");
    assertThat(goals)
        .contains(
            "<code>export.completed</code>",
            "25.0% <span class=\"type\">[17.0%, 36.0%]</span>",
            "62.0% <span class=\"type\">(2)</span>",
            "below its format",
            "no peer with a goal");
    assertThat(goals).doesNotContain("Old promo").doesNotContain("promo.used");
    assertThat(goals.indexOf("Export tour")).isLessThan(goals.indexOf("Setup tour"));
    String csat = section(html, "csat");
    assertThat(csat)
        .contains(
            "3.1 <span class=\"type\">(40)</span>",
            "4.0 <span class=\"type\">(400)</span>",
            "-0.9 <span class=\"type\">[-1.3, -0.5]</span>",
            "&lt;0.001",
            "lower than its topics",
            "not enough ratings");
    assertThat(html).contains("<a href=\"#goals\">Goals</a><a href=\"#csat\">CSAT</a>");
  }

  @Test
  void markdownDigestSaysGoalsCsatAndHowSure() {
    String md = rendered.markdown();
    assertThat(md)
        .contains("\n- Goals: " + GOALS + "\n- CSAT: conversations started from &lt;script&gt;");
    assertThat(md)
        .contains(
            "- **Reduce frequency** · Invoices moved (banner): Shown 9 times a week to the same"
                + " people.\n"
                + "  How sure: 41% (95% CI 37–45%) vs 60%, median of 3 other banners\n"
                + "  → once_per_session\n");
    assertThat(md).contains("Engagement is low outside admins.\n  → Set the audience");
    assertThat(md)
        .contains(
            "| Export tour | product_tour | `export.completed` | 80 | 20 | 25.0% \\[17.0%, 36.0%\\]"
                + " | 62.0% (2) | below the 62% median of 2 other product tours with a goal |");
    assertThat(md)
        .contains(
            "| Invoices moved | banner | `invoice.opened` | 1,200 | 300 | 25.0% \\[23.0%, 27.5%\\]"
                + " | – |");
    assertThat(md)
        .contains(
            "| Invoices moved | billing | 4.4 (60) | 4.1 (350) | +0.3 \\[-0.1, +0.7\\] | 0.120 | no"
                + " clear difference |");
    assertThat(md)
        .contains(
            "| Export tour | data-export | 5.0 (3) | 4.0 (400) | – | – | not enough ratings |");
    assertThat(md.indexOf("## Engagement"))
        .isLessThan(md.indexOf("## Goals"))
        .isLessThan(md.indexOf("## CSAT"))
        .isLessThan(md.indexOf("## Hygiene"));
  }

  @Test
  void experimentsShowEachHoldoutsSplitDaysAndLiftsWithAForestPlot() {
    String html = rendered.html();
    assertThat(html).contains("<a href=\"#impact\">Ticket impact</a><a href=\"#experiments\">");
    String experiments = section(html, "experiments");
    assertThat(experiments)
        .contains(
            "m_banner · 21 days · 9,000 assigned to see it, 1,000 held out",
            "<span class=\"badge good\">10.0% held out, 10% declared (sample-ratio test p ="
                + " 0.620)</span>",
            "<td>tickets on billing</td>",
            "2.10 per 1,000 person-days",
            "-30% <span class=\"type\">[-45%, -12%]</span>",
            "<span class=\"badge good\">fewer tickets</span>",
            "<span class=\"badge neutral\">inconclusive: wait</span>",
            "<td>click-through (treatment only)</td>",
            "<span class=\"badge bad\">22.0% held out, 30% declared (sample-ratio test p &lt;"
                + " 0.001): the split is broken, fix the assignment; no metric is read</span>",
            "<span class=\"badge bad\">split broken</span>");
    // Tickets first, then the goal, then the treatment-only metric.
    assertThat(experiments.indexOf("tickets on billing"))
        .isLessThan(experiments.indexOf("goal rate"))
        .isLessThan(experiments.indexOf("click-through (treatment only)"));
    // One forest plot, with a line for each compared metric only (not the broken split's, not the
    // treatment-only one), and the hostile name escaped inside it.
    assertThat(count(experiments, "<svg")).isEqualTo(1);
    assertThat(ReportCharts.forestRows(ReportFixtures.view().experiments()))
        .extracting(ReportCharts.ForestRow::label)
        .containsExactly("Invoices moved · tickets on billing", "Invoices moved · goal rate");
    assertThat(rendered.markdown())
        .contains(
            "**Invoices moved** · 21 days · 9,000 assigned to see it, 1,000 held out · split: 10.0%"
                + " held out, 10% declared (sample-ratio test p = 0.620)")
        .contains(
            "| tickets on billing | 2.10 per 1,000 person-days | 3.00 per 1,000 person-days | -30%"
                + " \\[-45%, -12%\\] | fewer tickets |");
  }

  @Test
  void withoutHoldoutsTheExperimentsSectionSaysSoAndHasNoChart() {
    ReportJob.Rendered none =
        ReportJob.render(ReportModel.build(ReportFixtures.withoutExperiments()));

    String experiments = section(none.html(), "experiments");
    assertThat(experiments).contains("No message has a holdout yet").doesNotContain("<svg");
    assertThat(none.charts()).isEqualTo(rendered.charts() - 1);
    assertThat(none.markdown()).contains("## Experiments\n\nNo message has a holdout yet");
  }

  @Test
  void variantsShowInBothOutputsAsAFixedHorizonTest() {
    String variants = section(rendered.html(), "variants");
    assertThat(variants)
        .contains("fixed-horizon test")
        .contains(
            "Variant B: 12.1% of viewers clicked vs 9.8% for A, +2.3 points (95% CI -0.4 to +5.0)");
    assertThat(rendered.markdown())
        .contains("## A/B variants")
        .contains("| B | 1,380 | 12.1% (121 of 1,000) | +2.3 points [-0.4 to +5.0] |");
    assertThat(ReportJob.render(ReportModel.build(ReportFixtures.withoutExperiments())).html())
        .as("the fixture without holdouts keeps its variants")
        .contains("<section id=\"variants\">");
  }

  @Test
  void seriesShowInThePageTheDigestAndTheNavOnlyWhenAMessageBelongsToOne() {
    String series = section(rendered.html(), "series");
    assertThat(series)
        .contains("<h3>Activation <span class=\"type\">series 61000002</span></h3>")
        .contains("<h3>Onboarding <span class=\"type\">series 61000001</span></h3>")
        .contains("<td>Invoices moved</td>");
    assertThat(series.indexOf("Activation")).isLessThan(series.indexOf("Onboarding"));
    assertThat(rendered.html()).contains("<a href=\"#series\">Series</a>");
    assertThat(rendered.markdown())
        .contains("## Series")
        .contains(
            "**Onboarding** · series 61000001\n\n| Message | Id | Received |\n|---|---|--:|\n"
                + "| Export tour | m_tour | 80 |\n| Invoices moved | m_banner | 1,200 |");

    ReportJob.Rendered none = ReportJob.render(ReportModel.build(ReportFixtures.withoutSeries()));
    assertThat(none.html()).doesNotContain("<section id=\"series\">").doesNotContain("#series");
    assertThat(none.markdown()).doesNotContain("## Series");
    assertThat(none.notebook()).doesNotContain("## Series");
  }

  /** The HTML of {@code <section id="id">}. */
  private static String section(String html, String id) {
    int start = html.indexOf("<section id=\"" + id + "\">");
    assertThat(start).as("section %s", id).isNotNegative();
    return html.substring(start, html.indexOf("</section>", start));
  }

  @Test
  void renderingIsDeterministic() {
    ReportJob.Rendered again = ReportJob.render(ReportFixtures.view());
    assertThat(again.html()).isEqualTo(rendered.html());
    assertThat(again.markdown()).isEqualTo(rendered.markdown());
    assertThat(again.notebook()).isEqualTo(rendered.notebook());
  }

  static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  static ReportJob.Rendered rendered() {
    if (rendered == null) {
      render();
    }
    return rendered;
  }
}
