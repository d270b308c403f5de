package io.proactiveinsights.report;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.escaper.EscapingStrategy;
import io.pebbletemplates.pebble.extension.escaper.SafeString;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the report's Pebble templates ({@code src/main/resources/report/}). Autoescaping is on
 * everywhere, with the escaping the output needs: HTML for the page, Markdown for the digest and
 * the notebook's text cells (so a message named {@code *urgent* | <b>} stays literal text), and
 * Python string-literal escaping for the notebook's code cells.
 */
public final class ReportTemplates {

  /**
   * Characters Markdown (and the HTML it may carry) would act on, each made literal. Backticks
   * stay: the jobs quote rules in them, and a code span is inert.
   */
  static String escapeMarkdown(String text) {
    return replaceEach(
        text,
        c ->
            switch (c) {
              case '\\', '*', '[', ']', '|', '#' -> "\\" + c;
              case '<' -> "&lt;";
              case '>' -> "&gt;";
              case '&' -> "&amp;";
              case '\n', '\r' -> " ";
              default -> null;
            });
  }

  /** The inside of a double-quoted Python string literal. */
  static String escapePython(String text) {
    return replaceEach(
        text,
        c ->
            switch (c) {
              case '\\' -> "\\\\";
              case '"' -> "\\\"";
              case '\n' -> "\\n";
              case '\r' -> "\\r";
              default -> null;
            });
  }

  /**
   * The {@code code} filter of the HTML page: escapes the text, then shows each `quoted` span (the
   * jobs quote rules that way in reasons and suggestions) as {@code <code>}. Escaping first keeps
   * it safe: only the tags this filter adds are markup.
   */
  static String htmlWithCode(String text) {
    String escaped =
        replaceEach(
            text,
            c ->
                switch (c) {
                  case '&' -> "&amp;";
                  case '<' -> "&lt;";
                  case '>' -> "&gt;";
                  case '"' -> "&quot;";
                  case '\'' -> "&#39;";
                  default -> null;
                });
    return escaped.replaceAll("`([^`]+)`", "<code>$1</code>");
  }

  /**
   * {@code text} with each character the function maps (to non-null) replaced by what it maps to.
   */
  private static String replaceEach(
      String text, java.util.function.Function<Character, String> replacement) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (char c : text.toCharArray()) {
      String r = replacement.apply(c);
      if (r == null) {
        out.append(c);
      } else {
        out.append(r);
      }
    }
    return out.toString();
  }

  private static final class CodeSpans extends AbstractExtension {
    @Override
    public Map<String, Filter> getFilters() {
      return Map.of(
          "code",
          new Filter() {
            @Override
            public Object apply(
                Object input,
                Map<String, Object> args,
                PebbleTemplate self,
                EvaluationContext context,
                int line) {
              return input == null ? null : new SafeString(htmlWithCode(input.toString()));
            }

            @Override
            public List<String> getArgumentNames() {
              return List.of();
            }
          });
    }
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
    PebbleEngine.Builder builder =
        new PebbleEngine.Builder()
            .loader(loader)
            .autoEscaping(true)
            .strictVariables(true)
            // Markdown cares about line breaks: there, tag lines inside lists and tables trim their
            // own newline ({% ... -%}).
            .newLineTrimming(strategy == null)
            .defaultLocale(Locale.ROOT);
    if (strategy != null) {
      builder.addEscapingStrategy(strategyName, strategy).defaultEscapingStrategy(strategyName);
    } else {
      builder.extension(new CodeSpans());
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
