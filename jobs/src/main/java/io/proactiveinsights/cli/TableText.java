package io.proactiveinsights.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;

/** Renders rows for people (an aligned text table) and for spreadsheets (RFC 4180 CSV). */
final class TableText {

  private static final int MAX_CELL = 60;

  private TableText() {}

  static String render(Dataset<Row> rows, int limit) {
    String[] columns = rows.columns();
    List<Row> taken = rows.limit(limit + 1).collectAsList();
    boolean more = taken.size() > limit;
    List<String[]> cells = new ArrayList<>();
    for (Row row : taken.subList(0, Math.min(limit, taken.size()))) {
      String[] line = new String[columns.length];
      for (int i = 0; i < columns.length; i++) {
        String text = cell(row, i, rows.schema().fields()[i].dataType());
        line[i] = text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 1) + "…" : text;
      }
      cells.add(line);
    }
    int[] widths = new int[columns.length];
    for (int i = 0; i < columns.length; i++) {
      widths[i] = columns[i].length();
      for (String[] line : cells) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    appendLine(out, columns, widths);
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < columns.length; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
    }
    out.append(rule).append('\n');
    for (String[] line : cells) {
      appendLine(out, line, widths);
    }
    out.append(cells.size())
        .append(cells.size() == 1 ? " row" : " rows")
        .append(more ? " (more not shown; use --limit)" : "")
        .append('\n');
    return out.toString();
  }

  static void writeCsv(Dataset<Row> rows, PrintWriter out) {
    DataType[] types = new DataType[rows.schema().fields().length];
    for (int i = 0; i < types.length; i++) {
      types[i] = rows.schema().fields()[i].dataType();
    }
    try {
      CSVPrinter printer =
          new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(rows.columns()).build());
      for (Iterator<Row> it = rows.toLocalIterator(); it.hasNext(); ) {
        Row row = it.next();
        List<String> values = new ArrayList<>(types.length);
        for (int i = 0; i < types.length; i++) {
          values.add(row.isNullAt(i) ? null : cell(row, i, types[i]));
        }
        printer.printRecord(values);
      }
      printer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One value as text: timestamps in ISO-8601 UTC, lists ;-joined as in the input contract, maps as
   * JSON.
   */
  static String cell(Row row, int i, DataType type) {
    if (row.isNullAt(i)) {
      return "";
    }
    if (type instanceof ArrayType) {
      return row.getList(i).stream().map(String::valueOf).collect(Collectors.joining(";"));
    }
    if (type instanceof MapType) {
      try {
        return RunSummary.json().writeValueAsString(row.getJavaMap(i));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    Object value = row.get(i);
    if (value instanceof Timestamp ts) {
      return ts.toInstant().toString();
    }
    return String.valueOf(value);
  }

  private static void appendLine(StringBuilder out, String[] cells, int[] widths) {
    for (int i = 0; i < cells.length; i++) {
      out.append(i == 0 ? "" : " | ")
          .append(cells[i])
          .append(" ".repeat(widths[i] - cells[i].length()));
    }
    out.append('\n');
  }
}
