package io.proactiveinsights.intercom;

import static io.proactiveinsights.intercom.IntercomFixtures.files;
import static io.proactiveinsights.intercom.IntercomFixtures.normalized;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.config.ProactiveConfig.IntercomSettings;
import io.proactiveinsights.ingest.InputNormalizer;
import io.proactiveinsights.intercom.MappedEntity.FileReport;
import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntercomEntitiesTest {

  @TempDir Path tmp;

  private static final SparkSession SPARK = SharedSpark.session();
  private static final IntercomSettings SETTINGS = SharedSpark.config().intercom();

  /**
   * The same four invented contacts in each exporter's shape: Ada (external id, company with plan
   * Pro), Lee (a lead, no external id), Grace (her company is in no companies file), and an
   * anonymous visitor. Times: 1705309200 is 2024-01-15T09:00:00Z, 1714329000 2024-04-28T18:30:00Z.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"rest_api", "airbyte", "singer", "fivetran"})
  void everyShapeGivesTheSameUsers(String shape) {
    MappedEntity contacts =
        IntercomEntities.contacts(SPARK, files(shape, "contacts"), files(shape, "companies"));
    var users = normalized(contacts, InputTable.USERS);

    assertThat(
            users
                .where(col(InputNormalizer.REASON).isNull())
                .selectExpr(
                    "user_id",
                    "plan",
                    "role",
                    "CAST(signed_up_at AS STRING)",
                    "CAST(last_seen_at AS STRING)",
                    "attributes['company_size']",
                    "attributes['seats']",
                    "size(attributes)")
                .orderBy("user_id")
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly(
            "[65a1c0ffee0002,null,lead,null,2024-04-20 08:00:00,null,null,0]",
            "[u-1001,Pro,user,2024-01-15 09:00:00,2024-04-28 18:30:00,small,12,2]",
            "[u-1003,null,user,2024-02-01 12:00:00,2024-04-29 07:15:00,large,null,1]");
    assertThat(
            users
                .where(col(InputNormalizer.REASON).isNotNull())
                .select(InputNormalizer.REASON)
                .collectAsList())
        .extracting(r -> r.getString(0))
        .as("a visitor is no user or lead: quarantined quoting the value")
        .containsExactly("role: unknown value 'visitor' (expected one of: user, lead)");
    assertThat(contacts.contactKeys().orderBy("contact_id").collectAsList())
        .extracting(Row::toString)
        .containsExactly(
            "[65a1c0ffee0001,u-1001,u-1001]",
            "[65a1c0ffee0002,null,65a1c0ffee0002]",
            "[65a1c0ffee0003,u-1003,u-1003]",
            "[65a1c0ffee0004,null,65a1c0ffee0004]");
    assertThat(contacts.files()).extracting(FileReport::shape).containsOnly(expectedShape(shape));
    assertThat(contacts.files())
        .flatExtracting(FileReport::notes)
        .as("Grace's company is in no companies file")
        .containsExactly(
            "1 contacts name a company that is in no companies file (6601a0c0ffee0a09); their plan"
                + " is null");
  }

  /**
   * Four conversations: 9001 customer-initiated, AI topic Billing, rated 5; 9002 automated (source
   * 7001, a message part's id), tags only; 9003 admin-initiated (source 7002), only the custom
   * attribute topic=Login, unrated; 9004 customer-initiated, no topic, rated 7 (out of range). No
   * source id becomes a source_message_id: only a reply in the content export links a message
   * ({@link ReplyLinks}), and these files hold none.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"rest_api", "airbyte", "singer", "fivetran"})
  void everyShapeGivesTheSameConversations(String shape) {
    MappedEntity conversations =
        IntercomEntities.conversations(SPARK, files(shape, "conversations"), SETTINGS);
    var rows = normalized(conversations, InputTable.CONVERSATIONS);

    assertThat(
            rows.where(col(InputNormalizer.REASON).isNull())
                .selectExpr(
                    "conversation_id",
                    "user_id",
                    "CAST(created_at AS STRING)",
                    "topic",
                    "source_message_id",
                    "csat_rating",
                    "CAST(rated_at AS STRING)")
                .orderBy("conversation_id")
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly(
            "[9001,65a1c0ffee0001,2024-04-29 10:00:00,billing,null,5,2024-04-29 11:00:00]",
            "[9002,65a1c0ffee0003,2024-04-29 12:00:00,data export,null,4,2024-04-29 13:00:00]",
            "[9003,65a1c0ffee0002,2024-04-30 09:00:00,login,null,null,null]");
    assertThat(
            rows.where(col(InputNormalizer.REASON).isNotNull())
                .select("conversation_id", InputNormalizer.REASON)
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly("[9004,csat_rating: rating 7 is out of range 1..5]");
    assertThat(
            rows.where("conversation_id = '9004'").select(RawFrame.RAW_RECORD).first().getString(0))
        .as("quarantine shows the record as the exporter wrote it")
        .contains("9004");
  }

  /**
   * 9001 has Intercom's AI topic Billing in the Preview API's shape ({@code topic_name}; only
   * subtopics have {@code name}) and the tag Invoices; 9002 {@code ai_topics: null} and a tag; 9003
   * only the custom attribute; 9004 nothing. Fivetran and Singer have no AI topics (no Fivetran
   * column; tap-intercom's conversations schema has no ai_topics and drops unknown fields): their
   * 9001 is tagged Billing.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"rest_api", "airbyte", "singer", "fivetran"})
  void eachConversationSaysWhereItsTopicCameFrom(String shape) {
    MappedEntity conversations =
        IntercomEntities.conversations(SPARK, files(shape, "conversations"), SETTINGS);
    List<String> sources = new ArrayList<>();
    for (RawFrame frame : conversations.frames()) {
      frame
          .rows()
          .select("conversation_id", "topic", ConversationsMapping.TOPIC_SOURCE)
          .collectAsList()
          .forEach(r -> sources.add(r.toString()));
    }

    assertThat(sources)
        .containsExactlyInAnyOrder(
            List.of("fivetran", "singer").contains(shape)
                ? "[9001,Billing,tags]"
                : "[9001,Billing,ai_topics]",
            "[9002,Data Export,tags]",
            "[9003,Login,custom_attribute]",
            "[9004,null,none]");
  }

  @Test
  void restDataEventsFallBackToTheIntercomUserId() {
    MappedEntity events = IntercomEntities.dataEvents(SPARK, files("rest_api", "data_events"));

    assertThat(
            normalized(events, InputTable.USER_EVENTS)
                .selectExpr(
                    "user_id", "event_name", "CAST(occurred_at AS STRING)", InputNormalizer.REASON)
                .orderBy("occurred_at")
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly(
            "[u-1001,invited-teammate,2024-04-29 10:00:00,null]",
            "[65a1c0ffee0002,exported-report,2024-04-29 14:13:20,null]");
    assertThat(events.files())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.shape()).isEqualTo("intercom_api");
              assertThat(f.rows()).isEqualTo(2);
              assertThat(f.unmappedColumns()).containsExactly("email", "id", "metadata", "type");
            });
  }

  @Test
  void singerSchemaAndStateLinesAreCountedNotMapped() {
    MappedEntity contacts =
        IntercomEntities.contacts(SPARK, files("singer", "contacts"), files("singer", "companies"));

    assertThat(contacts.files())
        .extracting(f -> f.shape() + " " + f.rows() + " rows, " + f.skippedLines() + " skipped")
        .containsExactly("singer 4 rows, 2 skipped", "singer 2 rows, 2 skipped");
  }

  @Test
  void fivetranKeepsTheActiveVersionAndCountsTheSupersededOnes() {
    MappedEntity conversations =
        IntercomEntities.conversations(SPARK, files("fivetran", "conversations"), SETTINGS);
    MappedEntity contacts =
        IntercomEntities.contacts(
            SPARK, files("fivetran", "contacts"), files("fivetran", "companies"));

    assertThat(conversations.files())
        .extracting(
            f ->
                f.file().substring(f.file().lastIndexOf('/') + 1)
                    + ": "
                    + f.rows()
                    + " rows, "
                    + f.supersededRows()
                    + " superseded")
        .containsExactly(
            "conversation_contact_history.csv: 4 rows, 0 superseded",
            "conversation_history.csv: 5 rows, 1 superseded",
            "conversation_tag_history.csv: 4 rows, 0 superseded",
            "tag.csv: 3 rows, 0 superseded");
    assertThat(conversations.files().get(1).unmappedColumns())
        .as(
            "custom_topic is the topic attribute; source_id is a message part, not a message;"
                + " exporter meta columns are not reported")
        .containsExactly("conversation_rating_remark", "source_id", "source_type", "state");
    assertThat(contacts.files())
        .extracting(
            f ->
                f.file().substring(f.file().lastIndexOf('/') + 1)
                    + ": "
                    + f.rows()
                    + " rows, "
                    + f.supersededRows()
                    + " superseded")
        .containsExactly(
            "contact_company_history.csv: 3 rows, 0 superseded",
            "contact_history.csv: 5 rows, 1 superseded",
            "company_history.csv: 2 rows, 0 superseded");
  }

  @Test
  void restReportsTheFieldsItDoesNotUse() {
    MappedEntity conversations =
        IntercomEntities.conversations(SPARK, files("rest_api", "conversations"), SETTINGS);

    FileReport report = conversations.files().get(0);
    assertThat(report.shape()).isEqualTo("intercom_api");
    assertThat(report.rows()).as("one record per conversation in the list envelope").isEqualTo(4);
    assertThat(report.unmappedColumns())
        .contains("statistics", "teammates", "priority", "state")
        .doesNotContain("source", "tags", "ai_topics", "conversation_rating", "contacts");
    assertThat(conversations.frames())
        .singleElement()
        .satisfies(
            frame -> {
              assertThat(frame.files()).containsExactly(report.file());
              assertThat(frame.unknownColumns())
                  .containsExactlyElementsOf(report.unmappedColumns());
              assertThat(frame.presentColumns())
                  .containsExactlyElementsOf(InputTable.CONVERSATIONS.columnNames());
            });
  }

  @Test
  void airbyteMetaColumnsAreNotReportedAsUnmapped() {
    MappedEntity conversations =
        IntercomEntities.conversations(SPARK, files("airbyte", "conversations"), SETTINGS);

    assertThat(conversations.files().get(0).shape()).isEqualTo("airbyte");
    assertThat(conversations.files().get(0).unmappedColumns())
        .noneMatch(c -> c.startsWith("_airbyte_"));
  }

  /**
   * The same exports as Parquet with real types (timestamps, booleans, numbers, nested structs), as
   * Fivetran's data-lake destination and Airbyte's S3 destination write them: mapped to the same
   * rows as the text fixtures.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"airbyte", "fivetran"})
  void typedParquetGivesTheSameConversations(String shape) {
    List<String> parquet = new ArrayList<>();
    for (String source : files(shape, "conversations")) {
      Dataset<Row> typed =
          source.endsWith(".csv")
              ? SPARK.read().option("header", "true").option("inferSchema", "true").csv(source)
              : SPARK.read().json(source);
      String target = tmp.resolve(Path.of(source).getFileName() + ".parquet").toString();
      typed.coalesce(1).write().parquet(target);
      parquet.add(target + "/" + partFile(Path.of(target)));
    }
    assertThat(SPARK.read().parquet(parquet.get(0)).schema().simpleString())
        .as("the Parquet files carry typed columns, not strings")
        .containsAnyOf("timestamp", "struct<");

    MappedEntity conversations = IntercomEntities.conversations(SPARK, parquet, SETTINGS);

    assertThat(
            normalized(conversations, InputTable.CONVERSATIONS)
                .selectExpr(
                    "conversation_id",
                    "user_id",
                    "CAST(created_at AS STRING)",
                    "topic",
                    "source_message_id",
                    "csat_rating",
                    "CAST(rated_at AS STRING)",
                    InputNormalizer.REASON)
                .orderBy("conversation_id")
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly(
            "[9001,65a1c0ffee0001,2024-04-29 10:00:00,billing,null,5,2024-04-29 11:00:00,null]",
            "[9002,65a1c0ffee0003,2024-04-29 12:00:00,data export,null,4,2024-04-29 13:00:00,null]",
            "[9003,65a1c0ffee0002,2024-04-30 09:00:00,login,null,null,null,null]",
            "[9004,65a1c0ffee0001,2024-04-30 15:30:00,unclassified,null,null,2024-04-30"
                + " 16:00:00,csat_rating: rating 7 is out of range 1..5]");
    assertThat(conversations.files()).extracting(FileReport::shape).containsOnly(shape);
  }

  private static String partFile(Path folder) {
    try (var files = java.nio.file.Files.list(folder)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".parquet"))
          .findFirst()
          .orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String expectedShape(String folder) {
    return folder.equals("rest_api") ? "intercom_api" : folder;
  }
}
