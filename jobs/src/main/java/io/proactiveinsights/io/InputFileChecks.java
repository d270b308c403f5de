package io.proactiveinsights.io;

import io.proactiveinsights.io.InputFiles.InputFile;
import io.proactiveinsights.io.UnreadableFile.Problem;
import io.proactiveinsights.schema.InputTable;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Checks each file of an input table before Spark reads it, so that a file Spark cannot read, or
 * can read only in part, is reported as an {@link UnreadableFile} instead of failing the run, and a
 * file without rows is not handed to Spark at all (an empty CSV file has no header to build its
 * schema from; Spark rejects the read).
 *
 * <p>Two passes, both per file and neither bringing a row to the driver:
 *
 * <ul>
 *   <li>On the driver, each file's length and first bytes: the header and first row of a CSV file,
 *       the first non-blank line of a JSON Lines file, the footer of a Parquet file. This finds
 *       empty, header-only and unreadable files, and the break of a small compressed file (the text
 *       readers read ahead, so such a file is decompressed whole here).
 *   <li>A compressed file can only be known to be whole by decompressing it to its end, so the
 *       compressed files that pass are decompressed once more in a Spark job, one task per file,
 *       which returns only the files whose stream breaks. Such a file is still read, up to the
 *       break (Spark's {@code ignoreCorruptFiles} for that read), so the rows before the cut are
 *       kept. This costs one extra decompression of each compressed file, no parsing.
 * </ul>
 */
public final class InputFileChecks {

  /**
   * One file and what the checks found.
   *
   * @param file the file
   * @param csvHeader for a CSV file that can be read, its header row; else empty
   * @param problem what is wrong with it, or null for a file that is fine
   */
  public record FileCheck(InputFile file, List<String> csvHeader, UnreadableFile problem) {

    /** Whether Spark reads the file: it is fine, or it breaks after rows that are kept. */
    public boolean read() {
      return problem == null || problem.partlyRead();
    }

    /** Whether Spark reads the file only up to where it breaks. */
    public boolean partlyRead() {
      return problem != null && problem.partlyRead();
    }
  }

  /** The first record of a CSV file and whether a row follows it. */
  record CsvHead(List<String> header, boolean hasRow) {}

  /** Where a compressed file's stream broke. Serializable: it comes back from the check's tasks. */
  private record StreamBreak(String path, boolean endedEarly, String message)
      implements Serializable {}

  /** RFC 4180 as Spark's CSV reader sees a file: blank lines hold no record. */
  private static final CSVFormat CSV =
      CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).build();

  private InputFileChecks() {}

  /** Checks the files of one table; the result is in the order of {@code files}. */
  public static List<FileCheck> check(SparkSession spark, InputTable table, List<InputFile> files) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<FileCheck> checks = new ArrayList<>();
    for (InputFile file : files) {
      checks.add(checkHead(conf, table.tableName(), file));
    }
    List<String> compressed =
        checks.stream()
            .filter(c -> c.problem() == null && isCompressed(conf, c.file().path()))
            .map(c -> c.file().path())
            .toList();
    if (compressed.isEmpty()) {
      return checks;
    }
    Map<String, StreamBreak> breaks =
        readToTheEnd(spark, compressed).stream()
            .collect(Collectors.toMap(StreamBreak::path, b -> b));
    List<FileCheck> withBreaks = new ArrayList<>();
    for (FileCheck c : checks) {
      StreamBreak b = breaks.get(c.file().path());
      withBreaks.add(
          b == null
              ? c
              : new FileCheck(
                  c.file(),
                  c.csvHeader(),
                  new UnreadableFile(
                      table.tableName(),
                      b.path(),
                      b.endedEarly() ? Problem.TRUNCATED : Problem.CORRUPT,
                      b.message(),
                      true)));
    }
    return withBreaks;
  }

  /**
   * The file's length and first bytes, on the driver. A small compressed file is decompressed whole
   * here (readers read ahead), so a break can show up already; what came before it decides whether
   * the file is still read.
   */
  private static FileCheck checkHead(Configuration conf, String table, InputFile file) {
    String path = file.path();
    Path p = new Path(path);
    try {
      if (p.getFileSystem(conf).getFileStatus(p).getLen() == 0) {
        return skipped(file, UnreadableFile.skipped(table, path, Problem.EMPTY, "0 bytes"));
      }
      if (file.format() == InputFormat.PARQUET) {
        try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(p, conf))) {
          return footer.getRecordCount() > 0
              ? new FileCheck(file, List.of(), null)
              : skipped(file, UnreadableFile.skipped(table, path, Problem.NO_ROWS, ""));
        }
      }
      try (UpToBreak in = new UpToBreak(openDecompressed(conf, path))) {
        if (file.format() == InputFormat.CSV) {
          CsvHead head = readCsvHead(in);
          boolean rows = !head.header().isEmpty() && head.hasRow();
          if (in.broke() != null) {
            return broken(conf, table, file, head.header(), rows, in.broke());
          }
          if (head.header().isEmpty()) {
            return skipped(
                file, UnreadableFile.skipped(table, path, Problem.EMPTY, "no header row"));
          }
          return rows
              ? new FileCheck(file, head.header(), null)
              : skipped(file, UnreadableFile.skipped(table, path, Problem.HEADER_ONLY, ""));
        }
        boolean rows = hasNonBlankLine(in);
        if (in.broke() != null) {
          return broken(conf, table, file, List.of(), rows, in.broke());
        }
        return rows
            ? new FileCheck(file, List.of(), null)
            : skipped(file, UnreadableFile.skipped(table, path, Problem.EMPTY, "blank lines only"));
      }
    } catch (IOException | RuntimeException e) {
      // The CSV parser wraps what the stream threw.
      Throwable cause =
          e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
      return broken(conf, table, file, List.of(), false, cause);
    }
  }

  /**
   * A file whose stream broke during the head check: a compressed file cut short or corrupt is read
   * up to the break when a row came before it; any other file is not read.
   */
  private static FileCheck broken(
      Configuration conf,
      String table,
      InputFile file,
      List<String> csvHeader,
      boolean rowsBefore,
      Throwable cause) {
    String path = file.path();
    if (!isCompressed(conf, path)) {
      return skipped(
          file, UnreadableFile.skipped(table, path, Problem.UNREADABLE, describe(cause)));
    }
    Problem problem = cause instanceof EOFException ? Problem.TRUNCATED : Problem.CORRUPT;
    if (!rowsBefore) {
      return skipped(
          file,
          UnreadableFile.skipped(table, path, problem, "before its first row, " + describe(cause)));
    }
    return new FileCheck(
        file, csvHeader, new UnreadableFile(table, path, problem, describe(cause), true));
  }

  private static FileCheck skipped(InputFile file, UnreadableFile problem) {
    return new FileCheck(file, List.of(), problem);
  }

  /** The header row of a CSV file (byte-order mark removed) and whether a row follows it. */
  static CsvHead readCsvHead(Configuration conf, String path) throws IOException {
    try (InputStream in = openDecompressed(conf, path)) {
      return readCsvHead(in);
    }
  }

  private static CsvHead readCsvHead(InputStream in) throws IOException {
    try (CSVParser parser = CSV.parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      Iterator<CSVRecord> it = parser.iterator();
      if (!it.hasNext()) {
        return new CsvHead(List.of(), false);
      }
      List<String> names = new ArrayList<>();
      for (String name : it.next()) {
        names.add(name.replace("\uFEFF", ""));
      }
      return new CsvHead(List.copyOf(names), hasRecord(it));
    }
  }

  /**
   * Whether a record follows. One that cannot be parsed (an unclosed quote) still counts: Spark
   * reads the file and quarantines the line.
   */
  private static boolean hasRecord(Iterator<CSVRecord> it) {
    try {
      return it.hasNext();
    } catch (RuntimeException e) {
      return true;
    }
  }

  private static boolean hasNonBlankLine(InputStream in) throws IOException {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          return true;
        }
      }
      return false;
    }
  }

  /** The file's bytes, decompressed when its name says it is compressed. */
  private static InputStream openDecompressed(Configuration conf, String path) throws IOException {
    Path file = new Path(path);
    FileSystem fs = file.getFileSystem(conf);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(file);
    InputStream raw = fs.open(file);
    try {
      return codec == null ? raw : codec.createInputStream(raw);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /**
   * A stream that ends where the one it wraps breaks, and remembers why: what came before the break
   * can still be looked at.
   */
  private static final class UpToBreak extends FilterInputStream {

    private IOException broke;

    UpToBreak(InputStream in) {
      super(in);
    }

    IOException broke() {
      return broke;
    }

    @Override
    public int read() throws IOException {
      if (broke != null) {
        return -1;
      }
      try {
        return super.read();
      } catch (IOException e) {
        broke = e;
        return -1;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (broke != null) {
        return -1;
      }
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        broke = e;
        return -1;
      }
    }
  }

  private static boolean isCompressed(Configuration conf, String path) {
    return new CompressionCodecFactory(conf).getCodec(new Path(path)) != null;
  }

  /**
   * Decompresses each file to its end in a task of its own and returns the files whose stream
   * breaks. The tasks rebuild the driver's Hadoop configuration from its entries (the same file
   * systems and credentials the read will use).
   */
  private static List<StreamBreak> readToTheEnd(SparkSession spark, List<String> paths) {
    Map<String, String> confEntries = new HashMap<>();
    spark
        .sparkContext()
        .hadoopConfiguration()
        .forEach(e -> confEntries.put(e.getKey(), e.getValue()));
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(paths, paths.size())
        .map(path -> readToTheEnd(path, confEntries))
        .filter(b -> b != null)
        .collect();
  }

  private static StreamBreak readToTheEnd(String path, Map<String, String> confEntries) {
    Configuration conf = new Configuration(false);
    confEntries.forEach(conf::set);
    try (InputStream in = openDecompressed(conf, path)) {
      in.transferTo(OutputStream.nullOutputStream());
      return null;
    } catch (EOFException e) {
      return new StreamBreak(path, true, describe(e));
    } catch (IOException | RuntimeException e) {
      return new StreamBreak(path, false, describe(e));
    }
  }

  /** The exception's class and message, on one line: the detail of a reason. */
  private static String describe(Throwable e) {
    String message =
        e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
    return e.getClass().getSimpleName() + message;
  }
}
