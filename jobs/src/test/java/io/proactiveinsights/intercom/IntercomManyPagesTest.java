package io.proactiveinsights.intercom;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.ContentExportFixtures;
import io.proactiveinsights.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A workspace's REST export comes in thousands of pages. Spark's query analysis walks the whole
 * logical plan at every step, so a plan that grows with the number of pages (one frame per page,
 * unioned) makes ingest's time grow with the square of it; read with one reader per kind of file,
 * the plan is the same size for 10 pages as for 300.
 */
class IntercomManyPagesTest {

  private static final SparkSession SPARK = SharedSpark.session();
  private static final int FEW = 10;
  private static final int MANY = 300;
  private static final int PER_PAGE = 2;
  private static final List<InputTable> PAGED =
      List.of(InputTable.USERS, InputTable.CONVERSATIONS, InputTable.USER_EVENTS);

  @TempDir Path tmp;

  @Test
  void thePlanDoesNotGrowWithTheNumberOfPages() throws IOException {
    IntercomInputSource few = source(pagedExport(tmp.resolve("few"), FEW));
    IntercomInputSource many = source(pagedExport(tmp.resolve("many"), MANY));

    for (InputTable table : PAGED) {
      assertThat(planNodes(many, table))
          .as("%s: plan nodes for %d pages against %d", table.tableName(), MANY, FEW)
          .isEqualTo(planNodes(few, table));
    }

    Map<String, Object> report = many.report();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> files = (List<Map<String, Object>>) report.get("files");
    for (String folder : List.of("/contacts/", "/conversations/", "/data_events/")) {
      List<Map<String, Object>> pages =
          files.stream().filter(f -> f.get("file").toString().contains(folder)).toList();
      assertThat(pages).as(folder + " pages in the report").hasSize(MANY);
      assertThat(pages)
          .as(folder + " records per page")
          .allSatisfy(f -> assertThat(f.get("rows")).isEqualTo((long) PER_PAGE))
          .allSatisfy(f -> assertThat(f.get("shape")).isEqualTo("intercom_api"))
          .allSatisfy(f -> assertThat(f.get("unmapped_columns").toString()).contains("type"));
    }
    assertThat(report.get("user_ids").toString())
        .as("every conversation and event is a row, its contact found")
        .contains(
            "conversations={matched_by_external_id=0, matched_by_contact_id=" + MANY * PER_PAGE,
            "user_events={matched_by_external_id=" + MANY * PER_PAGE);
  }

  private static IntercomInputSource source(Path input) {
    return new IntercomInputSource(SPARK, SharedSpark.config(), input.toString());
  }

  private static long planNodes(IntercomInputSource source, InputTable table) {
    long nodes = 0;
    for (RawFrame frame : source.read(table).frames()) {
      nodes += countNodes(frame.rows().queryExecution().analyzed());
    }
    return nodes;
  }

  private static long countNodes(LogicalPlan plan) {
    long n = 1;
    for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
      n += countNodes(child);
    }
    return n;
  }

  /**
   * The fixture content export, and {@code pages} pages each of contacts, conversations and data
   * events as the REST API lists them ({@value #PER_PAGE} per page): contact {@code c-P-I} has
   * external id {@code u-P-I}; each conversation names its contact by Intercom id, each event by
   * external id.
   */
  private static Path pagedExport(Path root, int pages) throws IOException {
    ContentExportFixtures.extractedExport(root, false);
    for (String folder : List.of("contacts", "conversations", "data_events")) {
      Files.createDirectories(root.resolve(folder));
    }
    for (int p = 0; p < pages; p++) {
      List<String> contacts = new ArrayList<>();
      List<String> conversations = new ArrayList<>();
      List<String> events = new ArrayList<>();
      for (int i = 0; i < PER_PAGE; i++) {
        String id = p + "-" + i;
        long at = 1_714_000_000L + p * 60L + i;
        contacts.add(
            "{\"type\":\"contact\",\"id\":\"c-%s\",\"external_id\":\"u-%s\",\"role\":\"user\",\"signed_up_at\":%d,\"last_seen_at\":%d,\"custom_attributes\":{\"seats\":%d}}"
                .formatted(id, id, at, at, i));
        conversations.add(
            ("{\"type\":\"conversation\",\"id\":\"conv-%s\",\"created_at\":%d,"
                 + "\"source\":{\"delivered_as\":\"customer_initiated\",\"id\":\"s-%s\"},"
                 + "\"contacts\":{\"type\":\"contact.list\",\"contacts\":[{\"type\":\"contact\",\"id\":\"c-%s\"}]},"
                 + "\"tags\":{\"type\":\"tag.list\",\"tags\":[{\"type\":\"tag\",\"name\":\"billing\"}]}}")
                .formatted(id, at, id, id));
        events.add(
            "{\"type\":\"event\",\"event_name\":\"exported-report\",\"created_at\":%d,\"user_id\":\"u-%s\",\"intercom_user_id\":\"c-%s\"}"
                .formatted(at, id, id));
      }
      String page = String.format("page_%04d.json", p);
      Files.writeString(
          root.resolve("contacts").resolve(page),
          "{\"type\":\"list\",\"data\":[" + String.join(",", contacts) + "]}");
      Files.writeString(
          root.resolve("conversations").resolve(page),
          "{\"type\":\"conversation.list\",\"conversations\":["
              + String.join(",\n", conversations)
              + "]}");
      Files.writeString(
          root.resolve("data_events").resolve(page),
          "{\"type\":\"event.list\",\"events\":[" + String.join(",", events) + "]}");
    }
    return root;
  }
}
