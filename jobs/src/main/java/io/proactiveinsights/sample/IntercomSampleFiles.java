package io.proactiveinsights.sample;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.conv;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes the sample in the shapes Intercom gives (docs/intercom.md), for {@code demo --source
 * intercom}: the content data export as downloaded (a zip of gzipped {@code receipts_*.csv} and
 * {@code click_*.csv}), the messages enrichment file, and contacts, companies, conversations and
 * data events as the REST API lists them (one object per line). Every big table is written by
 * Spark; only the zip is assembled on the driver, from the part files on disk.
 *
 * <p>People: each sample user is a contact with a made-up Intercom id ({@link #contactId}) and
 * {@code external_id} = the sample's user id. Conversations name the contact id only, and a third
 * of the receipts leave {@code user_external_id} blank, so the contact-id side of the id join is
 * used as well as the external-id side; after the join every id is the sample's again.
 */
final class IntercomSampleFiles {

  /**
   * Intercom writes -1 for "none" in company_id and series_id (its data_export_csv model); the
   * sample also leaves other columns it has no value for at -1.
   */
  private static final String NONE = "-1";

  private static final String STAMP = "20000101_000000";

  private final Path root;
  private final int files;

  IntercomSampleFiles(Path root, int files) {
    this.root = root;
    this.files = files;
    for (String folder :
        List.of(
            "content",
            "messages",
            "known_issues",
            "assignments",
            "contacts",
            "companies",
            "conversations",
            "data_events",
            "_parts")) {
      SampleFiles.clear(root.resolve(folder));
    }
  }

  /** A made-up Intercom contact id: 24 hex digits, fixed per user so reruns agree. */
  static Column contactId(Column userId) {
    return substring(sha2(concat(lit("contact|"), userId), 256), 1, 24);
  }

  /**
   * The content export. A receipt is one delivery of a message to a person. The sample sends a
   * message to a person at most once: its event ids hash (user, message, event type), so a pair has
   * at most one event of each type, and the 0.2% repeated events are exact copies with the same
   * event id. One receipt per (message, user) pair is therefore exactly the sample's deliveries,
   * and every funnel step keeps its time; the repeats are dropped here, as ingest drops them as
   * duplicates in the contract layout.
   *
   * @param exposures the generator's exposures: message_id, user_id, event_type, at (epoch
   *     seconds), event_id
   * @param messages the catalogue: each message's type becomes Intercom's content_type, its name
   *     the content_title
   * @return the receipts and clicks written
   */
  long[] writeContentExport(Dataset<Row> exposures, List<SampleMessage> messages) {
    Column contentType = lit(null).cast("string");
    Column title = lit(null).cast("string");
    for (SampleMessage m : messages) {
      contentType =
          when(col("message_id").equalTo(m.id()), lit(intercomContentType(m.type())))
              .otherwise(contentType);
      title = when(col("message_id").equalTo(m.id()), lit(m.name())).otherwise(title);
    }
    Dataset<Row> pairs =
        exposures
            .dropDuplicates("event_id")
            .groupBy("message_id", "user_id")
            .agg(
                firstAt("received"),
                firstAt("viewed"),
                firstAt("clicked"),
                firstAt("dismissed"),
                firstAt("replied"),
                firstAt("completed"));
    Column receiptId =
        conv(
            substring(sha2(concat(col("message_id"), lit("|"), col("user_id")), 256), 1, 15),
            16,
            10);
    Column share = pmod(xxhash64(col("user_id"), col("message_id")), lit(3));
    Dataset<Row> receipts =
        pairs.select(
            contactId(col("user_id")).as("user_id"),
            when(share.equalTo(0), lit(null).cast("string"))
                .otherwise(col("user_id"))
                .as("user_external_id"),
            lit(NONE).as("company_id"),
            concat(col("user_id"), lit("@example.test")).as("email"),
            lit("").as("name"),
            col("message_id").as("ruleset_id"),
            lit(NONE).as("content_id"),
            contentType.as("content_type"),
            title.as("content_title"),
            lit(NONE).as("ruleset_version_id"),
            receiptId.as("receipt_id"),
            // Intercom mixes epoch seconds and RFC 3339; so does this export, column by column.
            col("received").cast("string").as("received_at"),
            lit(NONE).as("series_id"),
            lit("").as("series_title"),
            lit(NONE).as("node_id"),
            rfc3339(col("viewed"), "'Z'").as("first_open"),
            col("clicked").cast("string").as("first_click"),
            rfc3339(col("dismissed"), "'+00:00'").as("first_dismisall"),
            col("replied").cast("string").as("first_reply"),
            rfc3339(col("completed"), "'Z'").as("first_completion"),
            lit(null).cast("string").as("first_goal_success"));
    // The sample clicks once per delivery; the click file is what the export gives for every click.
    Dataset<Row> clicks =
        pairs
            .where(col("clicked").isNotNull())
            .select(
                receiptId.as("receipt_id"),
                when(
                        pmod(xxhash64(col("user_id")), lit(2)).equalTo(0),
                        col("clicked").cast("string"))
                    .otherwise(rfc3339(col("clicked"), "'Z'"))
                    .as("clicked_at"));
    long receiptRows = writeCsvParts(receipts, "receipts");
    long clickRows = writeCsvParts(clicks, "click");
    zipParts(root.resolve("content").resolve("export_" + STAMP + ".zip"));
    return new long[] {receiptRows, clickRows};
  }

  private static Column firstAt(String type) {
    return org.apache
        .spark
        .sql
        .functions
        .min(when(col("event_type").equalTo(type), col("at")))
        .as(type);
  }

  private static Column rfc3339(Column epochSeconds, String offsetLiteral) {
    return date_format(timestamp_seconds(epochSeconds), "yyyy-MM-dd'T'HH:mm:ss" + offsetLiteral);
  }

  /**
   * The contract's message types as Intercom names its content types (ContentExport maps them
   * back).
   */
  static String intercomContentType(String type) {
    return switch (type) {
      case "product_tour" -> "Product tour";
      case "mobile_carousel" -> "carousel";
      default -> type;
    };
  }

  /**
   * Contacts with their plan through a company (Intercom keeps the plan on the company), and the
   * three companies, one per plan.
   *
   * @param users the generator's users: user_id, plan, role, signed_up_at, last_seen_at, attributes
   */
  long writeContacts(Dataset<Row> users) {
    Column companyId = concat(lit("co-"), org.apache.spark.sql.functions.lower(col("plan")));
    Dataset<Row> contacts =
        users.select(
            lit("contact").as("type"),
            contactId(col("user_id")).as("id"),
            col("user_id").as("external_id"),
            col("role"),
            unix_seconds(col("signed_up_at")).as("signed_up_at"),
            unix_seconds(col("last_seen_at")).as("last_seen_at"),
            col("attributes").as("custom_attributes"),
            struct(
                    lit("list").as("type"),
                    array(struct(lit("company").as("type"), companyId.as("id"))).as("data"))
                .as("companies"));
    long n = writeJson(contacts, "contacts");
    Dataset<Row> companies =
        users
            .select(col("plan"))
            .distinct()
            .select(
                lit("company").as("type"),
                companyId.as("id"),
                struct(col("plan").as("name")).as("plan"));
    writeJson(companies.coalesce(1), "companies");
    return n;
  }

  /**
   * Conversations as the REST API lists them. The person is named by contact id only; a
   * conversation a message started is {@code delivered_as: automated}, and its reply is in the
   * content export a minute before it, which is how ingest links the two ({@code source.id} is a
   * message part's id, as in Intercom); the topic is a tag on most and an AI topic on the rest;
   * CSAT is the rating, requested ten minutes before it was given.
   *
   * @param conversations the generator's conversations: conversation_id, user_id, at, topic,
   *     source_message_id, csat_rating, rated_at
   */
  long writeConversations(Dataset<Row> conversations) {
    Column contact = contactId(col("user_id"));
    Column proactive = col("source_message_id").isNotNull();
    // Most workspaces classify conversations with tags; a quarter here have Intercom's AI topic
    // instead, in the Preview API's shape (the topic is topic_name; only subtopics have a name).
    Column byAi = pmod(xxhash64(col("conversation_id")), lit(4)).equalTo(0);
    Column topicItem =
        array(
            struct(
                lit("ai_topic").as("type"),
                col("topic").as("topic_name"),
                array().cast("array<struct<type:string,name:string,id:bigint>>").as("subtopics")));
    Column tagItem =
        array(struct(lit("tag").as("type"), col("topic").as("id"), col("topic").as("name")));
    Dataset<Row> out =
        conversations.select(
            lit("conversation").as("type"),
            col("conversation_id").as("id"),
            col("at").as("created_at"),
            struct(
                    lit("conversation").as("type"),
                    concat(lit("part-"), col("conversation_id")).as("id"),
                    when(proactive, lit("automated"))
                        .otherwise(lit("customer_initiated"))
                        .as("delivered_as"),
                    struct(
                            when(proactive, lit("bot")).otherwise(lit("user")).as("type"),
                            when(proactive, lit("bot-1")).otherwise(contact).as("id"))
                        .as("author"))
                .as("source"),
            struct(
                    lit("contact.list").as("type"),
                    array(struct(lit("contact").as("type"), contact.as("id"))).as("contacts"))
                .as("contacts"),
            when(
                    col("topic").isNotNull().and(byAi),
                    struct(lit("ai_topics").as("type"), topicItem.as("topics")))
                .as("ai_topics"),
            when(
                    col("topic").isNotNull().and(byAi.unary_$bang()),
                    struct(lit("tag.list").as("type"), tagItem.as("tags")))
                .as("tags"),
            when(
                    col("csat_rating").isNotNull(),
                    struct(
                        col("csat_rating").as("rating"),
                        col("rated_at").minus(600).as("created_at"),
                        col("rated_at").as("updated_at"),
                        struct(lit("contact").as("type"), contact.as("id")).as("contact")))
                .as("conversation_rating"));
    return writeJson(out, "conversations");
  }

  /**
   * Data events: {@code user_id} is the external id, {@code intercom_user_id} the contact id; a
   * third carry only the contact id, as events tracked before the person had an external id do.
   *
   * @param events the generator's user events: user_id, event_name, occurred_at
   */
  long writeDataEvents(Dataset<Row> events) {
    Column onlyContact =
        pmod(xxhash64(col("user_id"), col("event_name"), col("occurred_at")), lit(3)).equalTo(0);
    Dataset<Row> out =
        events.select(
            lit("event").as("type"),
            unix_seconds(col("occurred_at")).as("created_at"),
            col("event_name"),
            when(onlyContact.unary_$bang(), col("user_id")).as("user_id"),
            contactId(col("user_id")).as("intercom_user_id"));
    return writeJson(out, "data_events");
  }

  /**
   * messages/: what the catalogue needs beyond what the export carries. Name and type come from the
   * export's content_title and content_type for messages it has receipts of; a message it has none
   * of (a draft) is only in this file, so that file gives it every column.
   */
  long writeMessages(SampleFiles sampleFiles, List<SampleMessage> messages, Set<String> delivered) {
    return sampleFiles.writeMessages(
        folder("messages").resolve("messages.csv"), messages, delivered, false);
  }

  /**
   * known_issues/ and assignments/ are contract-shaped for both sources (Intercom exports neither):
   * the sample's files as they are.
   */
  void copyContractShapedTables(Path contractRoot) {
    for (String table : List.of("known_issues", "assignments")) {
      try (Stream<Path> files = Files.walk(contractRoot.resolve(table))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Path copy = folder(table).resolve(contractRoot.resolve(table).relativize(f));
          Files.createDirectories(copy.getParent());
          Files.copy(f, copy);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot copy the sample's " + table + " to " + root, e);
      }
    }
  }

  private long writeJson(Dataset<Row> rows, String folderName) {
    return SampleFiles.writeCounted(
        rows,
        files,
        writer ->
            writer
                .option("compression", "gzip")
                .json(root.resolve(folderName).resolve("part").toString()));
  }

  private long writeCsvParts(Dataset<Row> rows, String prefix) {
    return SampleFiles.writeCounted(
        rows,
        files,
        writer ->
            writer
                .option("header", "true")
                .option("compression", "gzip")
                .csv(root.resolve("_parts").resolve(prefix).toString()));
  }

  /**
   * Zips the gzipped CSV parts under Intercom's file names ({@code receipts_<stamp>_<n>.csv.gz}),
   * streaming each file into the zip, then removes the parts: only the zip is left, as downloaded.
   */
  private void zipParts(Path zip) {
    Path parts = root.resolve("_parts");
    try {
      Files.createDirectories(zip.getParent());
      try (OutputStream file = Files.newOutputStream(zip);
          ZipOutputStream out = new ZipOutputStream(file)) {
        for (String prefix : List.of("receipts", "click")) {
          List<Path> gz = new ArrayList<>();
          try (Stream<Path> list = Files.list(parts.resolve(prefix))) {
            list.filter(p -> p.getFileName().toString().endsWith(".csv.gz"))
                .sorted()
                .forEach(gz::add);
          }
          for (int i = 0; i < gz.size(); i++) {
            out.putNextEntry(new ZipEntry(prefix + "_" + STAMP + "_" + i + ".csv.gz"));
            Files.copy(gz.get(i), out);
            out.closeEntry();
          }
        }
      }
      SampleFiles.clear(parts);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the sample's content export " + zip, e);
    }
  }

  private Path folder(String name) {
    return SampleFiles.folder(root, name);
  }

  /** The message ids the exposures deliver: one row per message, fine to bring to the driver. */
  static Set<String> deliveredMessages(Dataset<Row> exposures) {
    return Set.copyOf(
        exposures
            .where(col("event_type").equalTo("received"))
            .select("message_id")
            .distinct()
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList());
  }
}
