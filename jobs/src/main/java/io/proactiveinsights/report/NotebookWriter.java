package io.proactiveinsights.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proactiveinsights.report.ReportCharts.Chart;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as a Jupyter notebook (nbformat 4.5): each finding as a Markdown cell (the same
 * section templates as {@code report.md}), followed by a PySpark / Spark SQL cell that reloads the
 * table behind it from the warehouse; the chart cells carry the report's charts as PNG outputs, so
 * the notebook reads complete before anyone runs it. Cell ids are stable, so a rerun writes the
 * same file.
 */
public final class NotebookWriter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ReportTemplates templates;

  public NotebookWriter(ReportTemplates templates) {
    this.templates = templates;
  }

  public String write(
      Map<String, Object> context,
      List<Chart> ticketCharts,
      List<Chart> funnelCharts,
      Chart dismissalChart,
      Chart experimentChart) {
    List<ObjectNode> cells = new ArrayList<>();
    cells.add(markdown("md/summary.peb", context));
    cells.add(code("notebook/setup.py.peb", context, List.of()));
    cells.add(markdown("md/actions.peb", context));
    cells.add(code("notebook/recommendations.py.peb", context, List.of()));
    cells.add(markdown("md/impact.peb", context));
    cells.add(code("notebook/impact.py.peb", context, List.of()));
    cells.add(code("notebook/tickets.py.peb", context, ticketCharts));
    cells.add(markdown("md/experiments.peb", context));
    cells.add(
        code(
            "notebook/experiments.py.peb",
            context,
            experimentChart == null ? List.of() : List.of(experimentChart)));
    if (!((ReportView) context.get("view")).variantTests().isEmpty()) {
      cells.add(markdown("md/variants.peb", context));
    }
    if (!((ReportView) context.get("view")).series().isEmpty()) {
      cells.add(markdown("md/series.peb", context));
    }
    cells.add(markdown("md/engagement.peb", context));
    cells.add(code("notebook/engagement.py.peb", context, List.of()));
    cells.add(code("notebook/funnels.py.peb", context, funnelCharts));
    cells.add(
        code(
            "notebook/dismissals.py.peb",
            context,
            dismissalChart == null ? List.of() : List.of(dismissalChart)));
    cells.add(markdown("md/goals.peb", context));
    cells.add(code("notebook/goals.py.peb", context, List.of()));
    cells.add(markdown("md/csat.peb", context));
    cells.add(code("notebook/csat.py.peb", context, List.of()));
    cells.add(markdown("md/hygiene.peb", context));
    cells.add(code("notebook/hygiene.py.peb", context, List.of()));
    cells.add(markdown("md/quality.peb", context));
    cells.add(code("notebook/quality.py.peb", context, List.of()));

    ObjectNode notebook = JSON.createObjectNode();
    ObjectNode metadata = notebook.putObject("metadata");
    ObjectNode kernel = metadata.putObject("kernelspec");
    kernel.put("name", "python3");
    kernel.put("display_name", "Python 3 (PySpark)");
    kernel.put("language", "python");
    metadata.putObject("language_info").put("name", "python");
    notebook.put("nbformat", 4);
    notebook.put("nbformat_minor", 5);
    ArrayNode array = notebook.putArray("cells");
    for (int i = 0; i < cells.size(); i++) {
      cells.get(i).put("id", String.format(Locale.ROOT, "cell-%02d", i + 1));
      array.add(cells.get(i));
    }
    try {
      // Laid out as Jupyter writes notebooks (one space per level, a line per source line), so
      // diffs of the committed exports stay readable.
      DefaultIndenter indenter = new DefaultIndenter(" ", "\n");
      DefaultPrettyPrinter printer =
          new DefaultPrettyPrinter()
              .withObjectIndenter(indenter)
              .withArrayIndenter(indenter)
              .withSeparators(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
      return JSON.writer(printer).writeValueAsString(notebook) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "Cannot write the report notebook as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private ObjectNode markdown(String template, Map<String, Object> context) {
    ObjectNode cell = JSON.createObjectNode();
    cell.put("cell_type", "markdown");
    cell.putObject("metadata");
    cell.set("source", lines(templates.markdown(template, context)));
    return cell;
  }

  private ObjectNode code(String template, Map<String, Object> context, List<Chart> charts) {
    ObjectNode cell = JSON.createObjectNode();
    cell.put("cell_type", "code");
    cell.putNull("execution_count");
    cell.putObject("metadata");
    cell.set("source", lines(templates.python(template, context)));
    ArrayNode outputs = cell.putArray("outputs");
    for (Chart chart : charts) {
      ObjectNode output = outputs.addObject();
      output.put("output_type", "display_data");
      ObjectNode data = output.putObject("data");
      data.put("image/png", Base64.getEncoder().encodeToString(chart.png()));
      data.put("text/plain", chart.title());
      output
          .putObject("metadata")
          .putObject("image/png")
          .put("width", chart.width())
          .put("height", chart.height());
    }
    return cell;
  }

  /** Jupyter's multi-line string: one element per line, each but the last ending in a newline. */
  private static ArrayNode lines(String text) {
    ArrayNode array = JSON.createArrayNode();
    String trimmed = text.strip();
    String[] parts = trimmed.split("\n", -1);
    for (int i = 0; i < parts.length; i++) {
      array.add(i < parts.length - 1 ? parts[i] + "\n" : parts[i]);
    }
    return array;
  }
}
