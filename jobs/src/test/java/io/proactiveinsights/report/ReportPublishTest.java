package io.proactiveinsights.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report folder written through Hadoop's FileSystem (what lets it land on {@code s3a://}) on a
 * local disk: a rerun replaces the folder whole, and the files are only the report's, without the
 * {@code .crc} side files Hadoop's local file system writes beside everything.
 */
class ReportPublishTest {

  @TempDir Path dir;

  @Test
  void aRerunReplacesTheFolderWholeWithOnlyTheReportsFiles() throws IOException {
    FileSystem local = FileSystem.getLocal(new Configuration());
    Path folder = dir.resolve("reports").resolve("ds=2026-11-23");
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(folder.toUri());

    ReportJob.publish(local, target, Map.of(ReportJob.HTML, "first", "stale.txt", "old"));
    ReportJob.publish(
        local,
        target,
        Map.of(ReportJob.HTML, "<html>second</html>", ReportJob.MARKDOWN, "# second"));

    assertThat(Files.readString(folder.resolve(ReportJob.HTML))).isEqualTo("<html>second</html>");
    try (Stream<Path> everything = Files.walk(dir)) {
      assertThat(everything.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()))
          .containsExactlyInAnyOrder(
              "reports/ds=2026-11-23/" + ReportJob.HTML,
              "reports/ds=2026-11-23/" + ReportJob.MARKDOWN);
    }
    assertThat(ReportJob.location(target)).isEqualTo(folder.toString());
  }
}
