package io.proactiveinsights.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportNotebookTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void notebookValidatesAgainstTheNbformatV4Schema() throws Exception {
    JsonNode notebook = JSON.readTree(ReportRenderTest.rendered().notebook());
    JsonSchema schema;
    try (InputStream in = getClass().getResourceAsStream("/report/nbformat.v4.schema.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
    }
    Set<ValidationMessage> errors = schema.validate(notebook);
    assertThat(errors).isEmpty();
    assertThat(notebook.get("nbformat").asInt()).isEqualTo(4);
  }

  @Test
  void theSchemaCatchesABrokenNotebook() throws Exception {
    JsonNode notebook = JSON.readTree(ReportRenderTest.rendered().notebook());
    ((com.fasterxml.jackson.databind.node.ObjectNode) notebook.get("cells").get(0))
        .put("cell_type", "slides");
    try (InputStream in = getClass().getResourceAsStream("/report/nbformat.v4.schema.json")) {
      assertThat(
              JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
                  .getSchema(in)
                  .validate(notebook))
          .isNotEmpty();
    }
  }

  @Test
  void findingsAreMarkdownCodeCellsReloadEachTableAndChartsArePngOutputs() throws Exception {
    JsonNode notebook = JSON.readTree(ReportRenderTest.rendered().notebook());
    List<String> markdown = new ArrayList<>();
    List<String> code = new ArrayList<>();
    int pngs = 0;
    for (JsonNode cell : notebook.get("cells")) {
      StringBuilder source = new StringBuilder();
      cell.get("source").forEach(line -> source.append(line.asText()));
      ("markdown".equals(cell.get("cell_type").asText()) ? markdown : code).add(source.toString());
      for (JsonNode output : cell.path("outputs")) {
        byte[] png = Base64.getDecoder().decode(output.at("/data/image~1png").asText());
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        pngs++;
      }
    }
    assertThat(markdown)
        .anySatisfy(
            m -> assertThat(m).startsWith("## What to do").contains("**Pause** · &lt;script&gt;"));
    assertThat(markdown)
        .anySatisfy(m -> assertThat(m).contains("| Invoices moved | billing | Fewer tickets |"));
    assertThat(code.get(0))
        .contains("spark.read.format(\"delta\").load(path)")
        .contains("WAREHOUSE = os.environ.get(\"PROACTIVE_WAREHOUSE\", \"/tmp/warehouse\")")
        .contains("DS = \"2024-04-30\"");
    assertThat(String.join("\n", code))
        .contains(
            "FROM recommendations",
            "FROM topic_impact",
            "FROM message_stats",
            "FROM hygiene_flags",
            "FROM quarantine",
            "FROM csat_impact",
            "WHERE m.goal_event IS NOT NULL",
            "get_json_object(r.evidence, '$.ci_low')");
    assertThat(markdown)
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains(
                        "- Goals: 5 live messages have a goal;",
                        "- CSAT: conversations started from"));
    assertThat(markdown)
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("How sure: 41% (95% CI 37–45%) vs 60%, median of 3 other banners"));
    assertThat(markdown)
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("## Series")
                    .contains("**Onboarding** · series 61000001")
                    .contains("| Invoices moved | m_banner | 1,200 |"));
    assertThat(markdown)
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("## Goals")
                    .contains("| Export tour | product_tour | `export.completed` |"));
    assertThat(markdown)
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("## CSAT")
                    .contains("| 3.1 (40) | 4.0 (400) |", "not enough ratings"));
    assertThat(pngs).isEqualTo(ReportRenderTest.rendered().charts());
  }

  @Test
  void pythonCellsEscapeWhatTheyQuote() {
    assertThat(ReportTemplates.escapePython("C:\\wh \"x\"\n")).isEqualTo("C:\\\\wh \\\"x\\\"\\n");
  }
}
