package io.proactiveinsights.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.proactiveinsights.io.InputFormat;
import io.proactiveinsights.schema.InputTable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.SparkSession;

/**
 * Writes input tables as real files in any of the contract's formats, for tests. Rows are maps of
 * column name to value (String, Number, Boolean, List of String, Map of String); each format
 * renders them as a user's export would: lists ;-joined in CSV and JSON arrays in JSON Lines.
 */
public final class InputFolder {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;

  public InputFolder(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path tableDir(InputTable table) {
    return root.resolve(table.tableName());
  }

  /** Writes rows to {@code <root>/<table>/<fileName>}; the extension picks the format. */
  public Path write(InputTable table, String fileName, List<Map<String, Object>> rows) {
    Path file = tableDir(table).resolve(fileName);
    try {
      Files.createDirectories(file.getParent());
      InputFormat format = InputFormat.detect(fileName).orElseThrow();
      switch (format) {
        case CSV -> writeCsv(file, rows);
        case JSON_LINES -> writeLines(file, rows.stream().map(InputFolder::toJson).toList());
        case PARQUET -> throw new IllegalArgumentException("use writeParquet");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Writes lines as they are (for malformed records), gzipped when the name ends in .gz. */
  public Path writeLines(InputTable table, String fileName, List<String> lines) {
    Path file = tableDir(table).resolve(fileName);
    try {
      Files.createDirectories(file.getParent());
      writeLines(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /**
   * Writes a Parquet folder from a SQL query, so column types are Spark's own (timestamps, arrays,
   * maps).
   */
  public Path writeParquet(
      SparkSession spark, InputTable table, String subFolder, String selectSql) {
    Path dir = tableDir(table).resolve(subFolder);
    spark.sql(selectSql).coalesce(1).write().mode("overwrite").parquet(dir.toString());
    return dir;
  }

  private static void writeCsv(Path file, List<Map<String, Object>> rows) throws IOException {
    Set<String> header = new LinkedHashSet<>();
    rows.forEach(r -> header.addAll(r.keySet()));
    try (Writer out = open(file);
        CSVPrinter printer =
            new CSVPrinter(
                out,
                CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).build())) {
      for (Map<String, Object> row : rows) {
        List<String> values = new ArrayList<>();
        for (String column : header) {
          values.add(csvValue(row.get(column)));
        }
        printer.printRecord(values);
      }
    }
  }

  private static String csvValue(Object value) throws IOException {
    if (value == null) {
      return "";
    }
    if (value instanceof List<?> list) {
      return String.join(";", list.stream().map(String::valueOf).toList());
    }
    if (value instanceof Map<?, ?> map) {
      return JSON.writeValueAsString(map);
    }
    return String.valueOf(value);
  }

  private static String toJson(Map<String, Object> row) {
    try {
      return JSON.writeValueAsString(new LinkedHashMap<>(row));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeLines(Path file, List<String> lines) throws IOException {
    try (Writer out = open(file)) {
      for (String line : lines) {
        out.write(line);
        out.write('\n');
      }
    }
  }

  private static Writer open(Path file) throws IOException {
    OutputStream stream = Files.newOutputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      stream = new GZIPOutputStream(stream);
    }
    return new OutputStreamWriter(stream, StandardCharsets.UTF_8);
  }
}
