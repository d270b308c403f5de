package io.proactiveinsights.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.io.UnreadableFile.Problem;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-file problems on real files, each read through {@link RawTableReader} as ingest reads a
 * table: which files are reported, with which problem, and which rows still come through. No table
 * is written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputFileChecksTest {

  private static final int ROWS = 300;
  private static final String HEADER = "user_id,event_name,occurred_at";

  private RawTableReader.Read read;
  private Map<String, UnreadableFile> byName;

  @BeforeAll
  void readProblemFiles(@TempDir Path tmp) throws IOException {
    InputFolder input = new InputFolder(tmp);
    InputTable table = InputTable.USER_EVENTS;
    List<String> lines = new ArrayList<>(List.of(HEADER));
    for (int i = 0; i < ROWS; i++) {
      lines.add("u" + i + ",login,2024-04-29T10:00:00Z");
    }
    cut(input.writeLines(table, "cut.csv.gz", lines), 0.5);
    cut(input.writeLines(table, "cut-in-header.csv.gz", lines), 0.0);
    input.writeLines(table, "whole.csv.gz", lines.subList(0, 3));
    // A first row Spark cannot parse is a row: it reaches quarantine, the file is read.
    input.writeLines(
        table, "bad-first-row.csv", List.of(HEADER, "u1,\"login,2024-04-29T10:00:00Z"));
    input.writeLines(table, "blank.jsonl", List.of("", "  "));
    SharedSpark.session()
        .sql("SELECT 'u1' AS user_id, 'login' AS event_name, 'x' AS occurred_at WHERE false")
        .coalesce(1)
        .write()
        .parquet(input.tableDir(table).resolve("no-rows").toString());

    read =
        new RawTableReader(SharedSpark.session())
            .read(
                table,
                InputFiles.list(
                        SharedSpark.session().sparkContext().hadoopConfiguration(),
                        tmp.toString(),
                        table,
                        LocalDate.MAX)
                    .files());
    byName = new TreeMap<>();
    for (UnreadableFile f : read.unreadable()) {
      byName.put(Path.of(f.file().replace("file:", "")).getFileName().toString(), f);
    }
  }

  @Test
  void eachProblemFileIsReportedWithItsProblem() {
    assertThat(byName.keySet())
        .hasSize(4)
        .contains("cut.csv.gz", "cut-in-header.csv.gz", "blank.jsonl")
        .anySatisfy(name -> assertThat(name).startsWith("part-").endsWith(".parquet"));
    assertThat(byName.get("cut.csv.gz").problem()).isEqualTo(Problem.TRUNCATED);
    assertThat(byName.get("cut.csv.gz").partlyRead())
        .as(byName.get("cut.csv.gz").reason())
        .isTrue();
    assertThat(byName.get("cut-in-header.csv.gz").problem()).isEqualTo(Problem.TRUNCATED);
    assertThat(byName.get("cut-in-header.csv.gz").partlyRead()).isFalse();
    assertThat(byName.get("cut-in-header.csv.gz").reason())
        .isEqualTo(
            "cut short: the compressed data ends early (before its first row, EOFException:"
                + " Unexpected end of input stream); none of its rows were read");
    assertThat(byName.get("blank.jsonl").problem()).isEqualTo(Problem.EMPTY);
    assertThat(read.unreadable())
        .filteredOn(f -> f.file().endsWith(".parquet"))
        .extracting(UnreadableFile::problem)
        .containsExactly(Problem.NO_ROWS);
  }

  @Test
  void theRowsBeforeACutAreReadAndEveryOtherRowOfTheGoodFiles() {
    Dataset<Row> rows = read.frames().get(0).rows();
    assertThat(read.frames()).hasSize(1);
    long fromCut = rows.where("_source_file LIKE '%/cut.csv.gz'").count();
    assertThat(fromCut).isPositive().isLessThan(ROWS);
    assertThat(rows.where("_source_file LIKE '%/whole.csv.gz'").count()).isEqualTo(2);
    assertThat(rows.where("_source_file LIKE '%/bad-first-row.csv'").count()).isEqualTo(1);
    assertThat(rows.where("_parse_error IS NOT NULL").collectAsList())
        .as("only the bad first row; no half line from the cut")
        .extracting(r -> r.<String>getAs("_source_file"))
        .allSatisfy(f -> assertThat(f).endsWith("bad-first-row.csv"))
        .hasSize(1);
  }

  /** Keeps the given share of a file's bytes (at least its first 12), as an interrupted copy. */
  private static void cut(Path file, double share) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, Math.max(12, (int) (bytes.length * share))));
  }
}
