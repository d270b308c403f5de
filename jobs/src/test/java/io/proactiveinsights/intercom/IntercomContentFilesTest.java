package io.proactiveinsights.intercom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.ingest.ClassifiedTable;
import io.proactiveinsights.ingest.IngestCore;
import io.proactiveinsights.ingest.TableCounts;
import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.SharedSpark;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding, extracting and reading an export's files: odd but real situations. */
class IntercomContentFilesTest {

  private static final String RECEIPTS_HEADER =
      "user_id,user_external_id,ruleset_id,content_type,content_title,receipt_id,received_at,first_open";

  private final SparkSession spark = SharedSpark.session();
  private final ContentExportFiles files = new ContentExportFiles(spark);

  @TempDir Path tmp;

  @Test
  void aChangedZipIsExtractedAgainAndAnUnchangedOneIsNot() throws IOException {
    Path content = Files.createDirectories(tmp.resolve("content"));
    Path zip = content.resolve("export.zip");
    zip(zip, Map.of("receipts_1.csv", RECEIPTS_HEADER + "\nu1,,m1,post,Hello,r1,1714384800,\n"));
    assertThat(files.list(content.toString()).extracted())
        .singleElement()
        .satisfies(e -> assertThat(e.get("entries")).isEqualTo(1));
    Path extracted = content.resolve("_extracted/export.zip/receipts_1.csv");
    Files.writeString(
        extracted, RECEIPTS_HEADER + "\nu1,,m1,post,Hello,r1,1714384800,\n# left alone\n");

    files.list(content.toString());
    assertThat(Files.readString(extracted))
        .as("same zip: not extracted again")
        .contains("# left alone");

    zip(
        zip,
        Map.of(
            "receipts_1.csv",
            RECEIPTS_HEADER
                + "\nu1,,m1,post,Hello,r1,1714384800,\nu2,,m1,post,Hello,r2,1714384900,\n",
            "click_1.csv",
            "receipt_id,clicked_at\nr2,1714384950\n"));
    Files.setLastModifiedTime(
        zip, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    ContentExportFiles.Listing again = files.list(content.toString());
    assertThat(Files.readString(extracted)).doesNotContain("# left alone").contains("r2");
    assertThat(again.statistics()).containsOnlyKeys(ContentExport.Statistic.CLICK);
  }

  @Test
  void aZipEntryThatClimbsOutOfItsFolderIsRefused() throws IOException {
    Path content = Files.createDirectories(tmp.resolve("content"));
    zip(content.resolve("evil.zip"), Map.of("../../receipts_1.csv", RECEIPTS_HEADER + "\n"));
    assertThatThrownBy(() -> files.list(content.toString()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("evil.zip")
        .hasMessageContaining("points outside the archive's folder");
    assertThat(tmp.resolve("receipts_1.csv")).doesNotExist();
  }

  @Test
  void aFolderWithoutReceiptsIsAUsageErrorNamingIt() throws IOException {
    Path content = Files.createDirectories(tmp.resolve("content"));
    Files.writeString(content.resolve("click_1.csv"), "receipt_id,clicked_at\nr1,1714384800\n");
    assertThatThrownBy(() -> files.list(content.toString()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("no receipts_*.csv file in " + content);
  }

  @Test
  void receiptsWithDifferentHeadersAreReadTogetherAndABrokenLineReachesQuarantineOnce()
      throws IOException {
    Path content = Files.createDirectories(tmp.resolve("content"));
    Files.writeString(
        content.resolve("receipts_1.csv"),
        RECEIPTS_HEADER + "\nu1,ext-1,m1,post,Hello,r1,1714384800,1714384860\nu2,ext-2,m1\n",
        StandardCharsets.UTF_8);
    // An older export without user_external_id and first_open, columns in another order.
    Files.writeString(
        content.resolve("receipts_2.csv"),
        "receipt_id,received_at,ruleset_id,user_id,content_type\n"
            + "r3,2024-04-29T10:00:00Z,m1,u3,post\n");
    ContentExportFiles.Content read = files.read(files.list(content.toString()));

    List<Row> rows =
        ContentExport.exposures(
                IntercomIds.resolve(
                    read.receipts(),
                    List.of(ContentExport.USER_EXTERNAL_ID, ContentExport.USER_ID),
                    null),
                read.statistics())
            .orderBy("event_id")
            .collectAsList();
    assertThat(rows)
        .extracting(r -> r.<String>getAs("event_id") + "|" + r.<String>getAs("user_id"))
        .containsExactly("null|ext-2", "r1:received|ext-1", "r1:viewed|ext-1", "r3:received|u3");
    Row broken = rows.get(0);
    assertThat(broken.<String>getAs(RawFrame.PARSE_ERROR)).startsWith("malformed CSV line");
    assertThat(broken.<String>getAs(RawFrame.RAW_RECORD)).isEqualTo("u2,ext-2,m1");
    assertThat(read.files())
        .extracting(f -> Path.of(f.file()).getFileName() + "=" + f.rows())
        .containsExactlyInAnyOrder("receipts_1.csv=2", "receipts_2.csv=1");
  }

  /**
   * Two export jobs whose date ranges overlap, each saved by {@code curl -O} under its job id (no
   * extension): receipt r1 was sent in the overlap, so both hold it, each with the engagement
   * inside its own range and its own timestamp format. It is one delivery whose engagement is the
   * union: received and viewed once (the earlier open), clicked from the later job.
   */
  @Test
  void overlappingJobsSavedWithoutAnExtensionGiveEachDeliveryOnceWithTheUnionOfItsEngagement()
      throws IOException {
    Path root = tmp.resolve("in");
    Path content = Files.createDirectories(root.resolve("content"));
    String header =
        "user_id,user_external_id,ruleset_id,content_type,content_title,receipt_id,received_at,"
            + "first_open,first_click";
    zip(
        content.resolve("a1b2c3d4"),
        Map.of(
            "receipts_20240429_103000.csv",
            header + "\nc1,ext-1,m1,post,Hello,r1,1714384800,1714384860,\n"));
    zip(
        content.resolve("e5f6a7b8"),
        Map.of(
            "receipts_20240430_120000.csv",
            header
                + "\nc1,ext-1,m1,post,Hello,r1,2024-04-29T10:00:00Z,2024-04-29T10:05:00+00:00,"
                + "2024-04-29T12:00:30Z"
                + "\nc2,ext-2,m1,post,Hello,r2,2024-04-30T08:00:00Z,,\n"));
    IntercomInputSource source =
        new IntercomInputSource(spark, SharedSpark.config(), root.toString());

    List<String> accepted;
    TableCounts counts;
    try (ClassifiedTable exposures =
        IngestCore.classify(
            source.read(InputTable.EXPOSURES),
            InputTable.EXPOSURES,
            Instant.parse("2024-01-01T00:00:00Z"),
            Instant.parse("2024-05-01T00:00:00Z"),
            spark.createDataset(List.of("m1"), Encoders.STRING()).toDF("message_id"))) {
      accepted =
          exposures
              .accepted()
              .selectExpr("event_id", "user_id", "CAST(occurred_at AS STRING)")
              .orderBy("event_id")
              .collectAsList()
              .stream()
              .map(Row::toString)
              .toList();
      counts = exposures.countNow();
    }

    assertThat(source.report().get("extracted").toString()).contains("a1b2c3d4", "e5f6a7b8");
    assertThat(accepted)
        .containsExactly(
            "[r1:clicked,ext-1,2024-04-29 12:00:30]",
            "[r1:received,ext-1,2024-04-29 10:00:00]",
            "[r1:viewed,ext-1,2024-04-29 10:01:00]",
            "[r2:received,ext-2,2024-04-30 08:00:00]");
    assertThat(counts.duplicates()).as("r1's received and viewed, held by both jobs").isEqualTo(2);
  }

  private static void zip(Path zip, Map<String, String> entries) throws IOException {
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
  }
}
