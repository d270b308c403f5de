package io.proactiveinsights.intercom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.proactiveinsights.intercom.ExportFile.Layout;
import io.proactiveinsights.io.InputFormat;
import io.proactiveinsights.io.RawTableReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Tells which exporter wrote a file from its first record (JSON) or its columns (CSV, Parquet),
 * reading only the head of the file on the driver:
 *
 * <ul>
 *   <li>{@code _airbyte_data}, or any {@code _airbyte_*} column: Airbyte (raw or typed).
 *   <li>{@code _fivetran_synced}: Fivetran; which table, from the columns ({@link FivetranTable}).
 *   <li>a JSON object whose {@code type} is SCHEMA, RECORD, STATE or ACTIVATE_VERSION: Singer.
 *   <li>a JSON object whose {@code type} is {@code list}, {@code *.list} or an Intercom object
 *       type, or a JSON array: Intercom's REST API, one object per line or one document per file.
 * </ul>
 *
 * Anything else is {@link IntercomShape#UNRECOGNISED} with a reason that names the file and what it
 * held, so the run reports it instead of skipping it.
 */
final class ShapeDetector {

  /**
   * Enough for the first record of any export we know; a longer first record still parses its
   * leading keys.
   */
  private static final int HEAD_CHARS = 1 << 18;

  private static final Set<String> SINGER_MESSAGES =
      Set.of("SCHEMA", "RECORD", "STATE", "ACTIVATE_VERSION");
  private static final Set<String> API_OBJECT_TYPES =
      Set.of(
          "conversation", "contact", "user", "lead", "company", "event", "event.summary", "list");

  private static final String HINT = " (see docs/intercom-loaders.md for the exports we read)";

  private final SparkSession spark;
  private final Configuration hadoopConf;

  ShapeDetector(SparkSession spark) {
    this.spark = spark;
    this.hadoopConf = spark.sparkContext().hadoopConfiguration();
  }

  ExportFile detect(String path) {
    Optional<InputFormat> format = InputFormat.detect(new Path(path).getName());
    if (format.isEmpty()) {
      return ExportFile.unrecognised(
          path,
          null,
          "Cannot map "
              + path
              + ": its extension is not .json, .jsonl, .csv or .parquet (optionally .gz)"
              + HINT);
    }
    return switch (format.get()) {
      case PARQUET ->
          fromColumns(
              path, InputFormat.PARQUET, Set.of(spark.read().parquet(path).schema().fieldNames()));
      case CSV ->
          fromColumns(
              path,
              InputFormat.CSV,
              new LinkedHashSet<>(RawTableReader.readCsvHeader(hadoopConf, path)));
      case JSON_LINES -> fromJsonHead(path, head(path));
    };
  }

  private ExportFile fromColumns(String path, InputFormat format, Set<String> columns) {
    Set<String> lower = new LinkedHashSet<>();
    columns.forEach(c -> lower.add(c.trim().toLowerCase(Locale.ROOT)));
    if (lower.contains("_airbyte_data")) {
      return new ExportFile(path, format, IntercomShape.AIRBYTE, Layout.AIRBYTE_RAW, null, null);
    }
    if (lower.stream().anyMatch(c -> c.startsWith("_airbyte_"))) {
      return new ExportFile(path, format, IntercomShape.AIRBYTE, Layout.ROWS, null, null);
    }
    if (lower.contains("_fivetran_synced")) {
      FivetranTable table = FivetranTable.fromColumns(lower);
      if (table == null) {
        return new ExportFile(
            path,
            format,
            IntercomShape.FIVETRAN,
            Layout.ROWS,
            null,
            "Cannot map "
                + path
                + ": a Fivetran table we do not read (columns "
                + preview(lower)
                + "; expected conversation_history, conversation_tag_history,"
                + " conversation_contact_history, tag, contact_history, contact_company_history or"
                + " company_history)"
                + HINT);
      }
      return new ExportFile(path, format, IntercomShape.FIVETRAN, Layout.ROWS, table, null);
    }
    return ExportFile.unrecognised(
        path,
        format,
        "Cannot map "
            + path
            + ": its columns ("
            + preview(lower)
            + ") carry no exporter's marks (Airbyte's _airbyte_* columns, Fivetran's"
            + " _fivetran_synced)"
            + HINT);
  }

  private ExportFile fromJsonHead(String path, String head) {
    FirstValue first;
    try {
      first = FirstValue.parse(head);
    } catch (IOException e) {
      String start = head.strip();
      return ExportFile.unrecognised(
          path,
          InputFormat.JSON_LINES,
          "Cannot map "
              + path
              + ": it does not start with a JSON object or array (it starts '"
              + start.substring(0, Math.min(40, start.length()))
              + "')"
              + HINT);
    }
    if (first.isArray()) {
      return new ExportFile(
          path, InputFormat.JSON_LINES, IntercomShape.INTERCOM_API, Layout.DOCUMENT, null, null);
    }
    Set<String> keys = first.keys();
    Layout apiLayout = first.endLine() <= 1 ? Layout.ROWS : Layout.DOCUMENT;
    if (keys.contains("_airbyte_data")) {
      return new ExportFile(
          path, InputFormat.JSON_LINES, IntercomShape.AIRBYTE, Layout.AIRBYTE_RAW, null, null);
    }
    if (keys.stream().anyMatch(k -> k.startsWith("_airbyte_"))) {
      return new ExportFile(
          path, InputFormat.JSON_LINES, IntercomShape.AIRBYTE, Layout.ROWS, null, null);
    }
    if (keys.contains("_fivetran_synced")) {
      return fromColumns(path, InputFormat.JSON_LINES, keys);
    }
    String type = first.type();
    if (type != null && SINGER_MESSAGES.contains(type)) {
      return new ExportFile(
          path, InputFormat.JSON_LINES, IntercomShape.SINGER, Layout.ROWS, null, null);
    }
    if (type != null && (type.endsWith(".list") || API_OBJECT_TYPES.contains(type))) {
      return new ExportFile(
          path, InputFormat.JSON_LINES, IntercomShape.INTERCOM_API, apiLayout, null, null);
    }
    return ExportFile.unrecognised(
        path,
        InputFormat.JSON_LINES,
        "Cannot map "
            + path
            + ": its first record (keys "
            + preview(keys)
            + ", type "
            + (type == null ? "absent" : "'" + type + "'")
            + ") is not an Intercom API object, an Airbyte record, a Singer message or a Fivetran"
            + " row"
            + HINT);
  }

  private static String preview(Set<String> names) {
    List<String> list = List.copyOf(names);
    String shown = String.join(", ", list.subList(0, Math.min(8, list.size())));
    return list.size() > 8 ? shown + ", …" : shown;
  }

  /** The first {@link #HEAD_CHARS} characters, decompressed when the name says so. */
  private String head(String path) {
    Path file = new Path(path);
    CompressionCodec codec = new CompressionCodecFactory(hadoopConf).getCodec(file);
    try (InputStream raw = file.getFileSystem(hadoopConf).open(file);
        InputStream in = codec == null ? raw : codec.createInputStream(raw);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      char[] buffer = new char[HEAD_CHARS];
      int filled = 0;
      for (int n;
          filled < buffer.length
              && (n = reader.read(buffer, filled, buffer.length - filled)) > 0; ) {
        filled += n;
      }
      return new String(buffer, 0, filled).replace("\uFEFF", "");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + " to tell which exporter wrote it", e);
    }
  }

  /**
   * The top-level keys of the first JSON value in a text, its {@code type}, and the line it ends
   * on.
   */
  record FirstValue(boolean isArray, Set<String> keys, String type, int endLine) {

    private static final JsonFactory JSON = new JsonFactory();

    static FirstValue parse(String text) throws IOException {
      try (JsonParser parser = JSON.createParser(text)) {
        JsonToken start = parser.nextToken();
        if (start == JsonToken.START_ARRAY) {
          return new FirstValue(true, Set.of(), null, 0);
        }
        if (start != JsonToken.START_OBJECT) {
          throw new IOException("not an object");
        }
        Set<String> keys = new LinkedHashSet<>();
        String type = null;
        try {
          for (JsonToken t = parser.nextToken();
              t == JsonToken.FIELD_NAME;
              t = parser.nextToken()) {
            String key = parser.currentName().toLowerCase(Locale.ROOT);
            keys.add(key);
            JsonToken value = parser.nextToken();
            if (key.equals("type") && value == JsonToken.VALUE_STRING) {
              type = parser.getText();
            } else {
              parser.skipChildren();
            }
          }
        } catch (IOException endOfHead) {
          // A document longer than the head: the keys read so far are enough to tell its shape.
          return new FirstValue(false, keys, type, Integer.MAX_VALUE);
        }
        return new FirstValue(false, keys, type, parser.currentLocation().getLineNr());
      }
    }
  }
}
