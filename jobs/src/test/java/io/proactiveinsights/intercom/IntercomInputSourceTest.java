package io.proactiveinsights.intercom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.proactiveinsights.io.InputSource.SourceTable;
import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.ContentExportFixtures;
import io.proactiveinsights.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the Intercom input is a function of the input folder, whatever order tables come in. */
class IntercomInputSourceTest {

  private static final SparkSession SPARK = SharedSpark.session();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /**
   * The rows never depended on the order; the report did, listing files and user ids in the order
   * the tables happened to be read.
   */
  @Test
  void readingTheTablesInReverseGivesTheSameRowsAndReport() throws IOException {
    Path input = ContentExportFixtures.extractedExport(tmp.resolve("in"), true);
    for (String file :
        List.of(
            "contacts/contacts_page1.json",
            "companies/companies.jsonl.gz",
            "conversations/conversations_page1.json",
            "data_events/events_u-1001.json")) {
      Files.createDirectories(input.resolve(file).getParent());
      Files.copy(ContentExportFixtures.resource("rest_api/" + file), input.resolve(file));
    }
    // The fixture export's only reply: Ada (contact 65a1c0ffee0001, external id u-1001) on post
    // 31000002 at 2024-04-28T09:10Z. 8001, hers, automated, 40 s later, is linked to it across
    // the two id forms (the receipt names her by external id, the conversation by contact id);
    // 8002 (admin_initiated, the lead, who replied to nothing) and 8003 (automated, Ada, a day
    // later) are proactive by delivered_as but no reply started them; 8004 is customer-initiated.
    Files.writeString(
        input.resolve("conversations/replies.json"),
        "{\"type\":\"conversation.list\",\"conversations\":["
            + conversation("8001", "2024-04-28T09:10:40Z", "automated", "65a1c0ffee0001")
            + ","
            + conversation("8002", "1714388760", "admin_initiated", "65a1c0ffee0002")
            + ","
            + conversation("8003", "2024-04-29T09:10:40Z", "automated", "65a1c0ffee0001")
            + ","
            + conversation("8004", "2024-04-28T09:10:40Z", "customer_initiated", "65a1c0ffee0001")
            + "]}");
    Files.writeString(input.resolve("contacts/README.txt"), "passed over");
    Files.writeString(input.resolve("conversations/README.txt"), "passed over");

    List<InputTable> order = List.of(InputTable.values());
    IntercomInputSource inOrder = source(input);
    Map<InputTable, List<String>> inOrderRows = readAll(inOrder, order);
    String inOrderReport = JSON.writeValueAsString(inOrder.report());
    IntercomInputSource reversed = source(input);
    List<InputTable> reverseOrder = new ArrayList<>(order);
    Collections.reverse(reverseOrder);
    Map<InputTable, List<String>> reversedRows = readAll(reversed, reverseOrder);
    String reversedReport = JSON.writeValueAsString(reversed.report());

    assertThat(inOrder.report())
        .as("the fixture gives every part of the report something to say")
        .containsEntry("contacts_given", true)
        .extractingByKey("user_ids")
        .asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsOnlyKeys("exposures", "conversations", "user_events");
    assertThat(inOrderReport).contains("README.txt", "contacts_page1.json", "events_u-1001.json");
    assertThat(inOrder.report().get("conversation_topics"))
        .as("9001 has an AI topic, 9002 a tag, 9003 the custom attribute, 9004 and 8001-8004 none")
        .hasToString(
            "{ai_topics=1, tags=1, custom_attribute=1, none=5, custom_attribute_name=topic}");
    assertThat(inOrderRows.get(InputTable.CONVERSATIONS))
        .as("8001 is linked to the post Ada replied to; 9002 (automated, source.id 7001) is not")
        .anyMatch(row -> row.startsWith("[8001,u-1001,2024-04-28T09:10:40Z,null,31000002,"))
        .anyMatch(row -> row.startsWith("[9002,u-1003,1714392000,Data Export,null,"));
    assertThat(inOrder.report().get("conversation_sources"))
        .as("linked: 8001; proactive by delivered_as alone: 8002, 8003, 9002, 9003")
        .hasToString(
            "{linked_by_reply=1, proactive_without_reply=4, not_proactive=3,"
                + " reply_link_minutes=10}");
    assertThat(reversedRows).isEqualTo(inOrderRows);
    assertThat(reversedReport).isEqualTo(inOrderReport);
  }

  /** A REST API conversation whose source.id is a message part's, as Intercom gives it. */
  private static String conversation(
      String id, String createdAt, String deliveredAs, String contact) {
    String created = createdAt.matches("\\d+") ? createdAt : "\"" + createdAt + "\"";
    return "{\"type\":\"conversation\",\"id\":\""
        + id
        + "\",\"created_at\":"
        + created
        + ",\"source\":{\"type\":\"conversation\",\"id\":\"part-"
        + id
        + "\",\"delivered_as\":\""
        + deliveredAs
        + "\"},\"contacts\":{\"type\":\"contact.list\",\"contacts\":[{\"type\":\"contact\",\"id\":\""
        + contact
        + "\"}]}}";
  }

  /**
   * A run's messages are as of the end of its ds: the fixture's receipts are of 04-28 to 04-29, so
   * on 04-30 every message is live; a month later, with no receipt in the 14 days before
   * (intercom.paused_after_days), each is paused at its last receipt.
   */
  @Test
  void aMessageWhoseReceiptsStoppedIsPausedAsOfTheRunsDs() throws IOException {
    Path input = ContentExportFixtures.extractedExport(tmp.resolve("in"), false);

    assertThat(states(source(input).read(InputTable.MESSAGES, LocalDate.parse("2024-04-30"))))
        .containsEntry("31000002", "live null");
    assertThat(states(source(input).read(InputTable.MESSAGES, LocalDate.parse("2024-05-31"))))
        .as("its last receipt, 2024-04-29T09:00Z")
        .containsEntry("31000002", "paused 1714381200.000000");
  }

  /**
   * The mapping report says, per message, where each field came from: the export states the id,
   * title and type; the receipts imply the state and times (paused a month on); the audience and
   * frequency are defaults; a messages file's values win, field by field.
   */
  @Test
  void theReportSaysWhereEachMessageFieldCameFrom() throws IOException {
    Path input = ContentExportFixtures.extractedExport(tmp.resolve("in"), false);
    Files.createDirectories(input.resolve("messages"));
    Files.writeString(
        input.resolve("messages/overrides.csv"),
        "message_id,audience_rule,topics\n31000002,plan = 'pro',billing\n");
    IntercomInputSource source = source(input);
    source.read(InputTable.MESSAGES, LocalDate.parse("2024-05-31"));

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> fields =
        (List<Map<String, Object>>) source.report().get("message_fields");
    assertThat(fields)
        .filteredOn(m -> "31000002".equals(m.get("message_id")))
        .singleElement()
        .hasToString(
            "{message_id=31000002, export=[message_id, name, type], inferred=[state, created_at,"
                + " updated_at, live_since, paused_at], default=[frequency],"
                + " messages_file=[audience_rule, topics]}");
    assertThat(fields)
        .as("every other message: nothing from a file, audience and frequency by default")
        .filteredOn(m -> !"31000002".equals(m.get("message_id")))
        .isNotEmpty()
        .allSatisfy(
            m -> {
              assertThat(m.get("messages_file")).asList().isEmpty();
              assertThat(m.get("default")).asList().containsExactly("frequency", "audience_rule");
            });
  }

  /** message_id → "state paused_at" of a messages table as read. */
  private static Map<String, String> states(SourceTable messages) {
    Map<String, String> states = new java.util.TreeMap<>();
    for (Row r : messages.frames().get(0).rows().collectAsList()) {
      states.put(r.getAs("message_id"), r.getAs("state") + " " + r.getAs("paused_at"));
    }
    return states;
  }

  private static IntercomInputSource source(Path input) {
    return new IntercomInputSource(SPARK, SharedSpark.config(), input.toString());
  }

  /** Each table as its files, each frame's columns and its rows, sorted. */
  private static Map<InputTable, List<String>> readAll(
      IntercomInputSource source, List<InputTable> order) {
    Map<InputTable, List<String>> tables = new EnumMap<>(InputTable.class);
    for (InputTable table : order) {
      SourceTable read = source.read(table);
      List<String> lines = new ArrayList<>();
      lines.add(read.folder() + " " + read.files() + " files, ignored " + read.ignored());
      for (RawFrame frame : read.frames()) {
        lines.add(
            frame.files() + " " + frame.presentColumns() + " unknown " + frame.unknownColumns());
        frame.rows().collectAsList().stream().map(Row::toString).sorted().forEach(lines::add);
      }
      tables.put(table, lines);
    }
    return tables;
  }
}
