package io.proactiveinsights.report;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.escaper.EscapingStrategy;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the report's Pebble templates ({@code src/main/resources/report/}). Autoescaping is on
 * everywhere, with the escaping the output needs: HTML for the page, Markdown for the digest and
 * the notebook's text cells (so a message named {@code *urgent* | <b>} stays literal text), and
 * Python string-literal escaping for the notebook's code cells.
 */
public final class ReportTemplates {

  /** Characters Markdown (and the HTML it may carry) would act on, each made literal. */
  static String escapeMarkdown(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '\\', '`', '*', '[', ']', '|', '#' -> out.append('\\').append(c);
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '\n', '\r' -> out.append(' ');
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** The inside of a double-quoted Python string literal. */
  static String escapePython(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private final PebbleEngine html = engine("html", null);
  private final PebbleEngine markdown = engine("markdown", ReportTemplates::escapeMarkdown);
  private final PebbleEngine python = engine("python", ReportTemplates::escapePython);

  public String html(String template, Map<String, Object> context) {
    return render(html, template, context);
  }

  /**
   * Markdown, with runs of blank lines (left by tag-only lines) collapsed to one and trailing
   * whitespace removed: a blank line more or less never changes what Markdown means, outside code
   * blocks, which the templates do not use.
   */
  public String markdown(String template, Map<String, Object> context) {
    return tidy(render(markdown, template, context));
  }

  public String python(String template, Map<String, Object> context) {
    return tidy(render(python, template, context));
  }

  static String tidy(String text) {
    return text.replaceAll("[ \\t]+\n", "\n").replaceAll("\n{3,}", "\n\n").strip() + "\n";
  }

  private static PebbleEngine engine(String strategyName, EscapingStrategy strategy) {
    ClasspathLoader loader = new ClasspathLoader(ReportTemplates.class.getClassLoader());
    loader.setPrefix("report");
    PebbleEngine.Builder builder = new PebbleEngine.Builder()
        .loader(loader)
        .autoEscaping(true)
        .strictVariables(true)
        // Markdown cares about line breaks: there, tag lines inside lists and tables trim their own newline ({% ... -%}).
        .newLineTrimming(strategy == null)
        .defaultLocale(Locale.ROOT);
    if (strategy != null) {
      builder.addEscapingStrategy(strategyName, strategy).defaultEscapingStrategy(strategyName);
    }
    return builder.build();
  }

  private static String render(PebbleEngine engine, String template, Map<String, Object> context) {
    StringWriter out = new StringWriter();
    try {
      engine.getTemplate(template).evaluate(out, context);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot render report template " + template, e);
    }
    return out.toString();
  }
}
