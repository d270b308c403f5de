package io.proactiveinsights.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Copies the Intercom fixtures ({@code src/test/resources/intercom/}) into an input root laid out
 * for {@code --source intercom}, so a test can extract zips and write next to them freely.
 */
public final class ContentExportFixtures {

  /** The export's files, as Intercom names them. */
  public static final List<String> EXPORT_FILES =
      List.of(
          "receipts_20240430_120000.csv.gz",
          "click_20240430_120000.csv.gz",
          "unsubscribe_20240430_120000.csv.gz");

  public static final String EXPORT_ZIP = "export_20240430.zip";

  private ContentExportFixtures() {}

  /**
   * {@code root/content/} with the extracted export files, plus messages/ and known_issues/ when
   * asked.
   */
  public static Path extractedExport(Path root, boolean enrichment) {
    EXPORT_FILES.forEach(f -> copy("content_export/" + f, root.resolve("content").resolve(f)));
    if (enrichment) {
      copy("enrichment/messages.csv", root.resolve("messages/messages.csv"));
      copy("enrichment/known_issues.csv", root.resolve("known_issues/known_issues.csv"));
    }
    return root;
  }

  /** {@code root/content/} with only the zip as downloaded. */
  public static Path zippedExport(Path root) {
    copy("content_export/" + EXPORT_ZIP, root.resolve("content").resolve(EXPORT_ZIP));
    return root;
  }

  public static Path resource(String name) {
    try {
      return Path.of(ContentExportFixtures.class.getResource("/intercom/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copy(String resource, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.copy(resource(resource), to);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
