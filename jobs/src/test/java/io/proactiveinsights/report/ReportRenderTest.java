package io.proactiveinsights.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReportRenderTest {

  private static ReportJob.Rendered rendered;

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
    assertThat(rendered.html()).contains("Suggestion: Set the audience to <code>attr.role = &#39;admin&#39;</code>, not <code>&lt;script&gt;</code>");
    assertThat(ReportTemplates.htmlWithCode("a `b` <i>c</i> `")).isEqualTo("a <code>b</code> &lt;i&gt;c&lt;/i&gt; `");
  }

  @Test
  void htmlIsSelfContainedWithEveryChartInlineAsSvg() {
    String html = rendered.html();
    assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");
    assertThat(html).doesNotContain("<link").doesNotContain("<img");
    // 2 topics + 3 funnels (the message nobody received has none) + 1 dismissal chart.
    assertThat(count(html, "<svg")).isEqualTo(6).isEqualTo(rendered.charts());
    // Each chart's clip paths have ids of their own, so charts sharing the page do not clip each other.
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
    assertThat(html.indexOf("Says &lt;b&gt;outage")).isLessThan(html.indexOf("Shown 9 times a week"));
    assertThat(html.indexOf("Shown 9 times a week")).isLessThan(html.indexOf("Seen by 900 people"));
  }

  @Test
  void markdownDigestSaysTheSameThingsAndKeepsUserTextLiteral() {
    String md = rendered.markdown();
    assertThat(md).startsWith("# Proactive messages · 2024-04-30\n");
    assertThat(md).contains("**2 to do today · 1 this week · 1 message cuts tickets");
    assertThat(md).contains("- **Pause** · &lt;script&gt;alert('x')&lt;/script&gt; \\*Export\\* \\| now (post): Says &lt;b&gt;outage&lt;/b&gt; that ended 10 days ago.\n  → Pause it\n");
    assertThat(md.indexOf("### Today")).isLessThan(md.indexOf("### This week")).isLessThan(md.indexOf("### Next time you edit it"));
    assertThat(md).contains("| Invoices moved | billing | Fewer tickets | 112 → 42 tickets (8.0 → 3.0 a day) | -69% \\[-78%, -55%\\] | before vs after launch |");
    assertThat(md).contains("- Below its format: &lt;script&gt;");
    assertThat(md).contains("**Stale messages**: none.");
    assertThat(md).contains("- exposures: occurred_at: '…' has no UTC offset (add Z or an offset such as +02:00) (10)");
    assertThat(md).contains("→ Set the audience to `attr.role = 'admin'`, not `&lt;script&gt;`");
    assertThat(md).contains("1 message cuts tickets · 1 shows no measurable change in tickets");
    assertThat(md).doesNotContain("<script").doesNotContain("\n\n\n");
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
