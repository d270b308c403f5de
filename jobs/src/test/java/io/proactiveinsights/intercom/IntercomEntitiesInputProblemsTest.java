package io.proactiveinsights.intercom;

import static io.proactiveinsights.intercom.IntercomFixtures.normalized;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.config.ProactiveConfig.IntercomSettings;
import io.proactiveinsights.ingest.InputNormalizer;
import io.proactiveinsights.intercom.MappedEntity.FileReport;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files we cannot map, and records we cannot read, are reported and quarantined with the reason.
 */
class IntercomEntitiesInputProblemsTest {

  private static final SparkSession SPARK = SharedSpark.session();
  private static final IntercomSettings SETTINGS = SharedSpark.config().intercom();

  @TempDir Path tmp;

  @Test
  void anUnrecognisedFileIsReportedWithTheReasonAndItsRecordsQuarantined() throws IOException {
    String tickets =
        write(
            "tickets.jsonl",
            "{\"ticket_id\":\"t1\",\"subject\":\"Refund\"}\n"
                + "{\"ticket_id\":\"t2\",\"subject\":\"Login\"}\n");
    String sheet = write("export.csv", "conversation,opened\n9001,2024-04-29\n");
    String notes = write("notes.txt", "conversations from the old helpdesk\n");

    MappedEntity conversations =
        IntercomEntities.conversations(SPARK, List.of(tickets, sheet, notes), SETTINGS);

    assertThat(conversations.files()).extracting(FileReport::shape).containsOnly("unrecognised");
    assertThat(conversations.files()).extracting(FileReport::rows).containsExactly(2L, 1L, 0L);
    assertThat(conversations.files().get(0).notes())
        .singleElement()
        .asString()
        .startsWith(
            "Cannot map " + tickets + ": its first record (keys ticket_id, subject, type absent)")
        .contains("docs/intercom-loaders.md");
    assertThat(conversations.files().get(1).notes())
        .singleElement()
        .asString()
        .contains("its columns (conversation, opened) carry no exporter's marks");
    assertThat(conversations.files().get(2).notes())
        .singleElement()
        .asString()
        .contains("its extension is not .json, .jsonl, .csv or .parquet");

    List<Row> quarantined =
        normalized(conversations, InputTable.CONVERSATIONS)
            .select(col("_source_file"), col(InputNormalizer.REASON))
            .orderBy("_source_file")
            .collectAsList();
    assertThat(quarantined)
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.getString(1)).startsWith("Cannot map " + r.getString(0)));
  }

  @Test
  void anUnreadableLineIsKeptAndQuarantinedBesideTheGoodOnes() throws IOException {
    String page =
        write(
            "conversations.jsonl",
            "{\"type\":\"conversation\",\"id\":\"9101\",\"created_at\":1714384800,\"contacts\":{\"type\":\"contact.list\",\"contacts\":[{\"type\":\"contact\",\"id\":\"c1\"}]},\"source\":{\"delivered_as\":\"customer_initiated\",\"id\":\"1\"}}\n"
                + "{\"type\":\"conversation\",\"id\":\"9102\",\"created_at\":\n");

    MappedEntity conversations = IntercomEntities.conversations(SPARK, List.of(page), SETTINGS);

    assertThat(
            normalized(conversations, InputTable.CONVERSATIONS)
                .selectExpr("conversation_id", "user_id", InputNormalizer.REASON, "_raw_record")
                .orderBy("_raw_record")
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly(
            "[9101,c1,null,{\"type\":\"conversation\",\"id\":\"9101\",\"created_at\":1714384800,\"contacts\":{\"type\":\"contact.list\",\"contacts\":[{\"type\":\"contact\",\"id\":\"c1\"}]},\"source\":{\"delivered_as\":\"customer_initiated\",\"id\":\"1\"}}]",
            "[null,null,not a valid JSON object on one"
                + " line,{\"type\":\"conversation\",\"id\":\"9102\",\"created_at\":]");
    assertThat(conversations.files().get(0).shape()).isEqualTo("intercom_api");
    assertThat(conversations.files().get(0).rows()).isEqualTo(2);
  }

  @Test
  void aFivetranTableWeDoNotReadIsReportedByName() throws IOException {
    String parts =
        write(
            "conversation_part_history.csv",
            "id,conversation_id,part_type,_fivetran_synced\n"
                + "p1,9001,comment,2024-05-01T02:00:00Z\n");

    MappedEntity conversations = IntercomEntities.conversations(SPARK, List.of(parts), SETTINGS);

    assertThat(conversations.files())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.shape()).isEqualTo("fivetran");
              assertThat(f.notes())
                  .singleElement()
                  .asString()
                  .contains("a Fivetran table we do not read");
            });
    assertThat(
            normalized(conversations, InputTable.CONVERSATIONS)
                .select(InputNormalizer.REASON)
                .first()
                .getString(0))
        .startsWith("Cannot map " + parts);
  }

  private String write(String name, String text) throws IOException {
    Path file = tmp.resolve(name);
    Files.writeString(file, text);
    return file.toString();
  }
}
