package io.proactiveinsights.intercom;

import static org.apache.spark.sql.functions.col;

import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.intercom.ContentExport.Statistic;
import io.proactiveinsights.intercom.MappedEntity.FileReport;
import io.proactiveinsights.io.InputFiles;
import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.io.RawTableReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Finds and reads the files of an Intercom content data export under one folder: the zip as
 * downloaded (named {@code *.zip}, or any name when its content is a zip: {@code curl -O} saves it
 * under the job's id) and/or its extracted {@code *.csv.gz} / {@code *.csv} files, in any
 * sub-folders. Several export jobs may lie side by side, their date ranges overlapping.
 *
 * <p>Spark cannot read inside a zip, so each zip is extracted through Hadoop's FileSystem next to
 * it, into {@code _extracted/<zip name>/} on the same filesystem (so a cluster's executors can read
 * the files), once: a marker records the zip's size and time, and a changed zip is extracted again.
 * Folders starting with {@code _} are otherwise skipped, like Spark's own.
 */
public final class ContentExportFiles {

  /** Where zips are extracted, under the content folder. */
  public static final String EXTRACTED = "_extracted";

  private static final String MARKER = "_EXTRACTED";
  private static final String CORRUPT_RECORD = "_corrupt_record";
  private static final String RECEIPTS_PREFIX = "receipt";
  private static final String SHAPE = "content_export";
  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

  /** The export's files by what they hold. */
  public record Listing(
      String folder,
      List<String> receipts,
      Map<Statistic, List<String>> statistics,
      Map<String, List<String>> unmapped,
      List<String> ignored,
      List<Map<String, Object>> extracted) {}

  /**
   * An export read: receipts rows (every column a string, plus the raw columns), the rows of each
   * statistic with files, and what each file gave, for the mapping report.
   */
  public record Content(
      Dataset<Row> receipts,
      Map<Statistic, Dataset<Row>> statistics,
      List<FileReport> files,
      List<FileReport> unmappedFiles) {}

  private final SparkSession spark;
  private final Configuration conf;

  public ContentExportFiles(SparkSession spark) {
    this.spark = spark;
    this.conf = spark.sparkContext().hadoopConfiguration();
  }

  /**
   * Lists {@code folder} (extracting any zip first); fails with a usage error naming it when it
   * holds no receipts.
   */
  public Listing list(String folder) {
    Path root = new Path(folder);
    List<String> csv = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    List<Map<String, Object>> extracted = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(conf);
      Path qualified = fs.makeQualified(root);
      List<Path> zips = new ArrayList<>();
      collect(fs, qualified, csv, zips, ignored);
      for (Path zip : zips) {
        Path target = new Path(new Path(qualified, EXTRACTED), zip.getName());
        int entries = extract(fs, zip, target);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("zip", zip.toString());
        entry.put("folder", target.toString());
        entry.put("entries", entries);
        extracted.add(entry);
        collect(fs, target, csv, new ArrayList<>(), ignored);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the Intercom content export at " + folder, e);
    }
    csv.sort(String::compareTo);
    List<String> receipts = new ArrayList<>();
    Map<Statistic, List<String>> statistics = new EnumMap<>(Statistic.class);
    Map<String, List<String>> unmapped = new TreeMap<>();
    for (String file : csv) {
      String prefix = ContentExport.filePrefix(new Path(file).getName());
      if (prefix.equals(RECEIPTS_PREFIX) || prefix.equals(RECEIPTS_PREFIX + "s")) {
        receipts.add(file);
      } else {
        Statistic.byFilePrefix(prefix)
            .ifPresentOrElse(
                s -> statistics.computeIfAbsent(s, k -> new ArrayList<>()).add(file),
                () -> unmapped.computeIfAbsent(prefix, k -> new ArrayList<>()).add(file));
      }
    }
    if (receipts.isEmpty()) {
      throw new UsageException(
          "Cannot ingest from Intercom: no receipts_*.csv file in "
              + folder
              + " (put Intercom's content data export there: the zip as downloaded, or its"
              + " extracted receipts_*.csv.gz and click_*.csv.gz files; see docs/intercom.md)");
    }
    return new Listing(folder, receipts, statistics, unmapped, ignored, extracted);
  }

  private static void collect(
      FileSystem fs, Path root, List<String> csv, List<Path> zips, List<String> ignored)
      throws IOException {
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      Path p = it.next().getPath();
      if (InputFiles.isHidden(root, p)) {
        continue;
      }
      String name = p.getName().toLowerCase(Locale.ROOT);
      if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
        csv.add(p.toString());
      } else if (name.endsWith(".zip") || startsLikeAZip(fs, p)) {
        // curl -O on the download URL saves the zip under the job's id, with no extension.
        zips.add(p);
      } else {
        ignored.add(p.toString());
      }
    }
  }

  /** Whether a file begins with a zip archive's local-file signature ({@code PK\3\4}). */
  static boolean startsLikeAZip(FileSystem fs, Path file) throws IOException {
    byte[] head = new byte[ZIP_MAGIC.length];
    try (InputStream in = fs.open(file)) {
      return in.readNBytes(head, 0, head.length) == head.length && Arrays.equals(head, ZIP_MAGIC);
    }
  }

  /**
   * Extracts {@code zip} into {@code target} unless a marker says this very zip (same size and
   * modification time) was extracted there already. Returns the number of files in it.
   */
  static int extract(FileSystem fs, Path zip, Path target) throws IOException {
    FileStatus status = fs.getFileStatus(zip);
    String stamp = status.getLen() + " " + status.getModificationTime();
    Path marker = new Path(target, MARKER);
    if (fs.exists(marker)) {
      try (InputStream in = fs.open(marker)) {
        String[] recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", 2);
        if (recorded[0].equals(stamp)) {
          return Integer.parseInt(recorded[1].trim());
        }
      }
    }
    fs.delete(target, true);
    int files = 0;
    try (ZipInputStream in = new ZipInputStream(fs.open(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (entry.isDirectory()) {
          continue;
        }
        String name = entry.getName().replace('\\', '/');
        // An entry may not climb out of its folder ("zip slip").
        if (name.startsWith("/")
            || name.equals("..")
            || name.startsWith("../")
            || name.contains("/../")) {
          throw new UsageException(
              "Cannot extract Intercom content export "
                  + zip
                  + ": entry '"
                  + entry.getName()
                  + "' points outside the archive's folder");
        }
        try (OutputStream out = fs.create(new Path(target, name), true)) {
          in.transferTo(out);
        }
        files++;
      }
    } catch (ZipException | java.io.EOFException e) {
      fs.delete(target, true);
      throw new UsageException(
          "Cannot extract Intercom content export "
              + zip
              + ": it is not a valid zip archive ("
              + e.getMessage()
              + "); download the export again, or put its extracted .csv.gz files in the folder"
              + " instead",
          e);
    }
    if (files == 0) {
      fs.delete(target, true);
      throw new UsageException(
          "Cannot extract Intercom content export "
              + zip
              + ": it is not a zip archive or holds no files; download the export again, or put its"
              + " extracted .csv.gz files in the folder instead");
    }
    try (OutputStream out = fs.create(marker, true)) {
      out.write((stamp + "\n" + files).getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }

  /** Reads the listed files: receipts, each mapped statistic, and the row counts of the others. */
  public Content read(Listing listing) {
    List<FileReport> reports = new ArrayList<>();
    Dataset<Row> receipts =
        readGroup(
            listing.receipts(),
            ContentExport.REQUIRED_RECEIPT_COLUMNS,
            receiptColumnsUsed(listing),
            reports);
    Map<Statistic, Dataset<Row>> statistics = new EnumMap<>(Statistic.class);
    listing
        .statistics()
        .forEach(
            (statistic, files) -> {
              Dataset<Row> rows = readStatistic(statistic.filePrefix(), files, reports);
              // Only header lines: Intercom leaves out a statistic with no records, so this is the
              // same as no file.
              if (rows != null) {
                statistics.put(statistic, rows);
              }
            });
    List<FileReport> unmappedFiles = new ArrayList<>();
    listing.unmapped().forEach((prefix, files) -> countRows(files, unmappedFiles));
    return new Content(receipts, statistics, reports, unmappedFiles);
  }

  private static List<String> receiptColumnsUsed(Listing listing) {
    List<String> used =
        new ArrayList<>(
            List.of(
                ContentExport.USER_ID,
                ContentExport.USER_EXTERNAL_ID,
                ContentExport.RULESET_ID,
                ContentExport.CONTENT_TYPE,
                ContentExport.CONTENT_TITLE,
                ContentExport.CONTENT_ID,
                ContentExport.SERIES_ID,
                ContentExport.SERIES_TITLE,
                ContentExport.RECEIPT_ID,
                ContentExport.RECEIVED_AT));
    for (Statistic s : Statistic.values()) {
      if (!listing.statistics().containsKey(s)) {
        used.add(s.receiptsColumn());
      }
    }
    return used;
  }

  /** A statistic's files as {@code receipt_id}, {@code statistic_at} and the raw columns. */
  private Dataset<Row> readStatistic(String prefix, List<String> files, List<FileReport> reports) {
    Map<List<String>, List<String>> byHeader = byHeader(files);
    Dataset<Row> all = null;
    for (Map.Entry<List<String>, List<String>> group : byHeader.entrySet()) {
      List<String> header = group.getKey();
      String at =
          header.stream()
              .filter(c -> c.endsWith("_at"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new UsageException(
                          "Cannot read Intercom "
                              + prefix
                              + " file "
                              + group.getValue().get(0)
                              + ": it has no *_at column (expected receipt_id and the time, e.g."
                              + " clicked_at; header: "
                              + header
                              + ")"));
      requireColumns(group.getValue().get(0), header, List.of(ContentExport.RECEIPT_ID));
      Dataset<Row> rows =
          readStrings(header, group.getValue())
              .withColumnRenamed(at, ContentExport.STATISTIC_AT)
              .select(
                  col(ContentExport.RECEIPT_ID),
                  col(ContentExport.STATISTIC_AT),
                  col(RawFrame.SOURCE_FILE),
                  col(RawFrame.RAW_RECORD),
                  col(RawFrame.PARSE_ERROR));
      report(rows, group.getValue(), header, List.of(ContentExport.RECEIPT_ID, at), reports);
      all = all == null ? rows : all.unionByName(rows);
    }
    return all;
  }

  private Dataset<Row> readGroup(
      List<String> files, List<String> required, List<String> used, List<FileReport> reports) {
    Dataset<Row> all = null;
    for (Map.Entry<List<String>, List<String>> group : byHeader(files).entrySet()) {
      requireColumns(group.getValue().get(0), group.getKey(), required);
      Dataset<Row> rows = readStrings(group.getKey(), group.getValue());
      report(rows, group.getValue(), group.getKey(), used, reports);
      all = all == null ? rows : all.unionByName(rows, true);
    }
    if (all == null) {
      throw new UsageException(
          "Cannot ingest from Intercom: every receipts file is empty (" + files + ")");
    }
    return all;
  }

  private void countRows(List<String> files, List<FileReport> reports) {
    byHeader(files)
        .forEach(
            (header, paths) ->
                report(readStrings(header, paths), paths, header, List.of(), reports));
  }

  private static void requireColumns(String file, List<String> header, List<String> required) {
    for (String c : required) {
      if (!header.contains(c)) {
        throw new UsageException(
            "Cannot read Intercom content export file "
                + file
                + ": it has no "
                + c
                + " column (header: "
                + header
                + "; expected the export's own header, see docs/intercom.md)");
      }
    }
  }

  /**
   * Files grouped by header (lower-cased), so each group is one Spark read; empty files are
   * skipped.
   */
  private Map<List<String>, List<String>> byHeader(List<String> files) {
    Map<List<String>, List<String>> groups = new LinkedHashMap<>();
    for (String file : files) {
      List<String> header =
          RawTableReader.readCsvHeader(conf, file).stream()
              .map(h -> h.trim().toLowerCase(Locale.ROOT))
              .toList();
      if (!header.isEmpty()) {
        groups.computeIfAbsent(header, h -> new ArrayList<>()).add(file);
      }
    }
    return groups;
  }

  private Dataset<Row> readStrings(List<String> header, List<String> paths) {
    // Titles may hold quoted line breaks.
    Dataset<Row> df = RawTableReader.readCsvAsStrings(spark, header, paths, true, CORRUPT_RECORD);
    List<Column> fields = header.stream().map(h -> col("`" + h + "`")).toList();
    List<Column> out = new ArrayList<>(fields);
    out.add(col("_metadata.file_path").as(RawFrame.SOURCE_FILE));
    out.add(RawTableReader.rawRecord(fields, CORRUPT_RECORD).as(RawFrame.RAW_RECORD));
    out.add(RawTableReader.csvParseError(CORRUPT_RECORD).as(RawFrame.PARSE_ERROR));
    return df.select(out.toArray(Column[]::new));
  }

  /**
   * Rows per file and the columns we do not use, for the mapping report (one small aggregation).
   */
  private static void report(
      Dataset<Row> rows,
      List<String> files,
      List<String> header,
      List<String> used,
      List<FileReport> reports) {
    List<String> unmapped = header.stream().filter(c -> !used.contains(c)).toList();
    reports.addAll(FileReports.ofRows(rows, files, SHAPE, unmapped));
  }
}
