package io.proactiveinsights.sample;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.proactiveinsights.spark.Observations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes the sample's tables into an input root, one folder per table, in deliberately mixed
 * formats, plus the planted bad rows and the description of what was planted.
 */
final class SampleFiles {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper JSON_LINE = new ObjectMapper();

  private static final List<String> MESSAGE_COLUMNS =
      List.of(
          "message_id",
          "name",
          "type",
          "state",
          "style",
          "dismissible",
          "frequency",
          "audience_rule",
          "body",
          "cta_text",
          "created_at",
          "updated_at",
          "live_since",
          "paused_at",
          "topics",
          "known_issue_id",
          "goal_event",
          "holdout_share");

  private final Path root;
  private final Instant asOf;

  SampleFiles(Path root, Instant asOf) {
    this.root = root;
    this.asOf = asOf;
    for (String table :
        List.of(
            "messages",
            "exposures",
            "conversations",
            "users",
            "user_events",
            "known_issues",
            "assignments")) {
      clear(root.resolve(table));
    }
  }

  /** The catalogue as CSV (RFC 4180; topics ;-separated) with two bad rows. */
  long writeMessages(List<SampleMessage> messages) {
    return writeMessages(folder("messages").resolve("messages.csv"), messages, Set.of(), true) + 2L;
  }

  /**
   * The catalogue as CSV. For the messages in {@code nameAndTypeElsewhere} the name and type cells
   * are left blank: the Intercom sample's export gives them, and a blank cell keeps it. {@code
   * withBadRows} adds the two planted bad rows after them.
   */
  long writeMessages(
      Path file,
      List<SampleMessage> messages,
      Set<String> nameAndTypeElsewhere,
      boolean withBadRows) {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter csv =
            new CSVPrinter(
                out,
                CSVFormat.RFC4180
                    .builder()
                    .setHeader(MESSAGE_COLUMNS.toArray(String[]::new))
                    .build())) {
      for (SampleMessage m : messages) {
        String body =
            m.id().equals("msg_integrations_post")
                ? m.body()
                    + "\nTip: \"Slack\", Jira, and more — one click each." // a quoted line break, a
                // comma and quotes
                : m.body();
        boolean blank = nameAndTypeElsewhere.contains(m.id());
        csv.printRecord(
            m.id(),
            blank ? null : m.name(),
            blank ? null : m.type(),
            m.state(),
            m.style(),
            m.dismissible(),
            m.frequency(),
            m.rule(),
            body,
            m.cta(),
            daysAgo(m.createdDaysAgo()),
            daysAgo(m.updatedDaysAgo()),
            m.liveDaysAgo() == null ? null : daysAgo(m.liveDaysAgo()),
            m.pausedDaysAgo() == null ? null : daysAgo(m.pausedDaysAgo()),
            String.join(";", m.topics()),
            m.knownIssueId(),
            m.goalEvent(),
            m.holdoutShare());
      }
      if (withBadRows) {
        // Bad rows: an unknown format and an unknown state.
        csv.printRecord(
            "msg_bad_type",
            "Popup",
            "popup",
            "live",
            null,
            null,
            "once",
            "everyone",
            "x",
            "Go",
            daysAgo(10),
            daysAgo(10),
            daysAgo(10),
            null,
            "",
            null,
            null,
            null);
        csv.printRecord(
            "msg_bad_state",
            "Archived",
            "post",
            "archived",
            null,
            true,
            "once",
            "everyone",
            "x",
            "Go",
            daysAgo(10),
            daysAgo(10),
            null,
            null,
            "",
            null,
            null,
            null);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write sample messages to " + file, e);
    }
    return messages.size();
  }

  long writeParquet(Dataset<Row> rows, String table, int users) {
    return writeCounted(
        rows, files(users), writer -> writer.parquet(folder(table).resolve("part").toString()));
  }

  /**
   * Writes {@code rows} in {@code files} files (overwriting) with {@code save}, and returns how
   * many rows it wrote, counted while writing: a count before the write would generate the rows
   * twice.
   */
  static long writeCounted(Dataset<Row> rows, int files, Consumer<DataFrameWriter<Row>> save) {
    Observation written = new Observation();
    save.accept(
        rows.observe(written, count(lit(1)).as("rows"))
            .coalesce(files)
            .write()
            .mode(SaveMode.Overwrite));
    return ((Number) Observations.values(written, "the sample's row count").get("rows"))
        .longValue();
  }

  /** Gzipped JSON Lines; occurred_at as text in three forms: Z, +02:00 offset, epoch seconds. */
  long writeExposures(Dataset<Row> exposures, int users) {
    Column at = col("at");
    Column form = pmod(xxhash64(col("event_id")), lit(3));
    Column occurredAt =
        when(form.equalTo(0), date_format(timestamp_seconds(at), "yyyy-MM-dd'T'HH:mm:ss'Z'"))
            .when(
                form.equalTo(1),
                concat(
                    date_format(timestamp_seconds(at.plus(7_200)), "yyyy-MM-dd'T'HH:mm:ss"),
                    lit("+02:00")))
            .otherwise(at.cast("string"));
    Dataset<Row> out =
        exposures.select(
            col("event_id"),
            col("message_id"),
            col("user_id"),
            col("event_type"),
            occurredAt.as("occurred_at"),
            col("session_id"),
            col("platform"));
    return writeCounted(
        out,
        files(users),
        writer ->
            writer
                .option("compression", "gzip")
                .json(folder("exposures").resolve("part").toString()));
  }

  long writeConversations(Dataset<Row> conversations, int users) {
    Dataset<Row> out =
        conversations.select(
            col("conversation_id"),
            col("user_id"),
            SampleDataGenerator.isoUtc(col("at")).as("created_at"),
            col("topic"),
            col("source_message_id"),
            col("csat_rating"),
            SampleDataGenerator.isoUtc(col("rated_at")).as("rated_at"));
    return writeCounted(
        out,
        files(users),
        writer ->
            writer
                .option("header", "true")
                .csv(folder("conversations").resolve("part").toString()));
  }

  /** The source-run control groups as CSV (message_id, user_id, arm, assigned_at). */
  long writeAssignments(Dataset<Row> assignments, int users) {
    return writeCounted(
        assignments,
        files(users),
        writer ->
            writer.option("header", "true").csv(folder("assignments").resolve("part").toString()));
  }

  long writeKnownIssues() {
    List<Map<String, Object>> issues = new ArrayList<>();
    issues.add(issue("KI-101", "SSO sign-in failures", "login-issues", daysAgo(18), daysAgo(10)));
    issues.add(
        issue("KI-102", "Dashboards load slowly", "dashboard-performance", daysAgo(3), null));
    return writeJsonLines(folder("known_issues").resolve("known_issues.jsonl"), issues);
  }

  /** A generated workspace's known issues as JSON Lines (an empty file when it has none). */
  long writeKnownIssues(List<Workspace.ScenarioIssue> issues) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Workspace.ScenarioIssue i : issues) {
      rows.add(
          issue(
              i.id(),
              i.title(),
              i.topic(),
              daysAgo(i.openedDaysAgo()),
              i.resolvedDaysAgo() == null ? null : daysAgo(i.resolvedDaysAgo())));
    }
    return writeJsonLines(folder("known_issues").resolve("known_issues.jsonl"), rows);
  }

  long writeBadExposures() {
    List<String> lines = new ArrayList<>();
    lines.add(exposureLine("bad-1", "msg_export_tour", "received", "2026-13-45T99:00:00Z"));
    lines.add(exposureLine("bad-2", "msg_export_tour", "received", daysAgo(2).replace("Z", "")));
    lines.add(exposureLine("bad-3", "msg_export_tour", "hovered", daysAgo(2)));
    lines.add(exposureLine(null, "msg_export_tour", "viewed", daysAgo(2)));
    lines.add(exposureLine("bad-5", "msg_ghost", "viewed", daysAgo(2)));
    lines.add("{\"event_id\": \"bad-6\", \"message_id\":");
    return writeLines(folder("exposures").resolve("bad-rows.jsonl"), lines);
  }

  long writeBadConversations() {
    List<String> lines =
        List.of(
            "conversation_id,user_id,created_at,topic,source_message_id,csat_rating,rated_at",
            "bad-c1,u0000001," + daysAgo(3) + ",billing,,7," + daysAgo(3),
            "bad-c2,u0000001," + daysAgo(3) + ",billing,,great," + daysAgo(3),
            ",u0000001," + daysAgo(3) + ",billing,,4," + daysAgo(3),
            "bad-c4,u0000001,yesterday,billing,,,");
    return writeLines(folder("conversations").resolve("bad-rows.csv"), lines) - 1;
  }

  long writeBadUsers() {
    List<String> lines =
        List.of(
            "{\"user_id\":\"u-bad-role\",\"plan\":\"Pro\",\"role\":\"admin\",\"signed_up_at\":\""
                + daysAgo(100)
                + "\"}",
            "{\"user_id\":\"u-bad-attrs\",\"plan\":\"Pro\",\"role\":\"user\",\"attributes\":\"not-json\"}");
    return writeLines(folder("users").resolve("bad-rows.jsonl"), lines);
  }

  /**
   * @param withBadRows whether the input holds the demo sample's planted bad rows (a generated
   *     workspace has none)
   */
  void writePlanted(
      List<PlantedSituation> planted,
      Map<String, Long> rows,
      SampleSpec spec,
      boolean withBadRows) {
    try {
      JSON.writeValue(root.resolve("planted.json").toFile(), planted);
      StringBuilder md = new StringBuilder();
      md.append("# What this sample plants\n\n")
          .append(
              String.format(
                  "%d users, %d days ending %s (the logical date to run), seed %d.%n%n",
                  spec.users(), spec.days(), spec.endDate(), spec.seed()))
          .append("| message | situation | what the jobs should say |\n|---|---|---|\n");
      for (PlantedSituation p : planted) {
        md.append("| `")
            .append(p.messageId())
            .append("` | ")
            .append(p.situation())
            .append(" | ")
            .append(p.expectedSignal())
            .append(" |\n");
      }
      if (withBadRows) {
        md.append("\n## Bad rows (ingest must quarantine each, with its reason)\n\n")
            .append(
                "- messages/messages.csv: `msg_bad_type` (type 'popup'), `msg_bad_state` (state"
                    + " 'archived')\n")
            .append(
                "- exposures/bad-rows.jsonl: a bad timestamp, a timestamp without offset, event"
                    + " type 'hovered', a missing event_id, ")
            .append("an exposure of `msg_ghost` (not in the catalogue), a line that is not JSON\n")
            .append(
                "- conversations/bad-rows.csv: rating 7, rating 'great', a missing conversation_id,"
                    + " created_at 'yesterday'\n")
            .append("- users/bad-rows.jsonl: role 'admin', attributes that are not a JSON object\n")
            .append(
                "- about 0.2% of exposure events are repeated with the same event_id (duplicates,"
                    + " not errors)\n");
      }
      md.append("\n## Rows written per table\n\n");
      rows.forEach((table, n) -> md.append("- ").append(table).append(": ").append(n).append('\n'));
      Files.writeString(root.resolve("PLANTED.md"), md.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the planted-situations files under " + root, e);
    }
  }

  private String exposureLine(String eventId, String messageId, String type, String at) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("event_id", eventId);
    row.put("message_id", messageId);
    row.put("user_id", "u0000001");
    row.put("event_type", type);
    row.put("occurred_at", at);
    try {
      return JSON_LINE.writeValueAsString(row);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> issue(
      String id, String title, String topic, String opened, String resolved) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("issue_id", id);
    row.put("title", title);
    row.put("topics", List.of(topic));
    row.put("opened_at", opened);
    row.put("resolved_at", resolved);
    return row;
  }

  private long writeJsonLines(Path file, List<Map<String, Object>> rows) {
    List<String> lines = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      try {
        lines.add(JSON_LINE.writeValueAsString(row));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return writeLines(file, lines);
  }

  private static long writeLines(Path file, List<String> lines) {
    try {
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
    return lines.size();
  }

  private String daysAgo(int days) {
    return asOf.minus(Duration.ofDays(days)).toString();
  }

  private Path folder(String table) {
    return folder(root, table);
  }

  /** {@code root/name}, created if missing. */
  static Path folder(Path root, String name) {
    Path dir = root.resolve(name);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create sample folder " + dir, e);
    }
    return dir;
  }

  /** Removes what an earlier sample wrote to a table folder, so no stale file is ingested. */
  static void clear(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clear sample folder " + dir, e);
    }
  }

  /** One output file per 150,000 users (about 1.5 million events), at least one. */
  static int files(int users) {
    return Math.max(1, users / 150_000);
  }
}
