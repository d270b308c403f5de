package io.proactiveinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.schema.MessageStatsColumns;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proactive demo --source intercom} against the contract source on the same small sample:
 * the Intercom files are the same people, deliveries and conversations in Intercom's shapes, so
 * after ingest the figures must be those of the contract-shaped sample they were written from
 * (ingested and measured by {@code proactive ingest} and {@code metrics}). Runs in {@code mvn
 * verify} (failsafe): a demo takes a minute or two on a small machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntercomDemoIT {

  private static final String DS = "2026-11-23";
  private static final String USERS = "1500";

  private CliRun contract;
  private CliRun intercom;
  private Warehouse contractWarehouse;
  private Warehouse intercomWarehouse;

  @BeforeAll
  void runTheIntercomDemoAndIngestItsContractSample(@TempDir Path dir) {
    SharedSpark.session();
    intercom =
        CliRun.runWithTestConf(
            "demo",
            "--source",
            "intercom",
            "--dir",
            dir.resolve("intercom").toString(),
            "--ds",
            DS,
            "--users",
            USERS);
    intercomWarehouse =
        new Warehouse(dir.resolve("intercom/warehouse").toAbsolutePath().toString());
    // The contract-shaped sample the Intercom files were written from (the demo keeps it beside
    // them). The figures compared here are ingest's and metrics', so those two stages of the
    // contract source are the reference, not a second whole demo.
    contractWarehouse =
        new Warehouse(dir.resolve("contract/warehouse").toAbsolutePath().toString());
    String contractSample = dir.resolve("intercom/sample").toAbsolutePath().toString();
    contract =
        CliRun.runWithTestConf(
            "ingest",
            "--ds",
            DS,
            "--input",
            contractSample,
            "--warehouse",
            contractWarehouse.root());
    CliRun metrics =
        CliRun.runWithTestConf("metrics", "--ds", DS, "--warehouse", contractWarehouse.root());
    assertThat(metrics.exitCode()).as(metrics.err()).isZero();
  }

  @Test
  void theIntercomDemoReadsTheExportAndJoinsPeopleByContactId() {
    assertThat(contract.exitCode()).as(contract.err()).isZero();
    assertThat(intercom.exitCode()).as(intercom.err()).isZero();
    JsonNode mapping = intercom.summary().at("/details/ingest/mapping");
    assertThat(intercom.summary().at("/details/ingest/source").asText()).isEqualTo("intercom");

    List<String> files = new ArrayList<>();
    mapping
        .get("files")
        .forEach(
            f ->
                files.add(
                    f.get("shape").asText()
                        + " "
                        + Path.of(f.get("file").asText()).getParent().getFileName()
                        + "/"
                        + Path.of(f.get("file").asText())
                            .getFileName()
                            .toString()
                            .replaceFirst("^part-.*", "part")));
    assertThat(files)
        .contains(
            "content_export export_20000101_000000.zip/receipts_20000101_000000_0.csv.gz",
            "content_export export_20000101_000000.zip/click_20000101_000000_0.csv.gz",
            "contract messages/messages.csv",
            "intercom_api part/part",
            "intercom_api part/part");
    assertThat(mapping.at("/extracted/0/entries").asInt()).isEqualTo(2);
    assertThat(mapping.get("contacts_given").asBoolean()).isTrue();

    // Conversations name people by contact id only; a third of the receipts have no external id.
    JsonNode conversations = mapping.at("/user_ids/conversations");
    assertThat(conversations.get("matched_by_contact_id").asLong()).isPositive();
    assertThat(conversations.get("matched_by_external_id").asLong()).isZero();
    assertThat(conversations.get("unmatched").asLong()).isZero();
    JsonNode exposures = mapping.at("/user_ids/exposures");
    assertThat(exposures.get("matched_by_contact_id").asLong()).isPositive();
    assertThat(exposures.get("matched_by_external_id").asLong())
        .isGreaterThan(exposures.get("matched_by_contact_id").asLong());
    assertThat(exposures.get("unmatched").asLong()).isZero();
    assertThat(mapping.at("/user_ids/user_events/unmatched").asLong()).isZero();
  }

  @Test
  void perMessageFiguresAreTheContractSamples() {
    assertThat(messageStats(intercomWarehouse))
        .as(
            "receivers/viewers/clickers per message: one receipt per (message, person) is exactly"
                + " the sample's deliveries")
        .isNotEmpty()
        .containsExactlyElementsOf(messageStats(contractWarehouse));
  }

  @Test
  void conversationsUsersAndEventsAreTheContractSamples() {
    for (String table : List.of("conversations", "users", "user_events", "known_issues")) {
      long contractAccepted =
          contract.summary().at("/details/tables/" + table + "/accepted").asLong();
      assertThat(intercom.summary().at("/details/ingest/tables/" + table + "/accepted").asLong())
          .as(
              table
                  + " accepted (the contract sample's planted bad rows are quarantined there, and"
                  + " absent here)")
          .isEqualTo(contractAccepted)
          .isPositive();
    }
    assertThat(intercom.summary().at("/details/ingest/tables/exposures/quarantined").asLong())
        .isZero();
  }

  private static List<String> messageStats(Warehouse warehouse) {
    return SharedSpark.session()
        .read()
        .format("delta")
        .load(warehouse.path(Warehouse.MESSAGE_STATS))
        .where("ds = DATE'" + DS + "'")
        .orderBy("message_id")
        .collectAsList()
        .stream()
        .map(
            r ->
                String.join(
                    " ",
                    r.<String>getAs("message_id"),
                    r.<String>getAs("type"),
                    r.<String>getAs("state"),
                    "receivers=" + r.getAs(MessageStatsColumns.RECEIVERS),
                    "viewers=" + r.getAs(MessageStatsColumns.VIEWERS),
                    "clickers=" + r.getAs(MessageStatsColumns.CLICKERS),
                    "primary=" + r.getAs("primary_rate")))
        .toList();
  }
}
