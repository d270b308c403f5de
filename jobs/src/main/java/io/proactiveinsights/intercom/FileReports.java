package io.proactiveinsights.intercom;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.json_object_keys;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.intercom.MappedEntity.FileReport;
import io.proactiveinsights.io.RawFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The mapping report's per-file lines, for every kind of file the Intercom source reads: records
 * read, lines skipped, history rows superseded, the top-level fields nobody reads (exporter meta
 * columns {@code _airbyte_*}, {@code _fivetran_*} left out) and notes. One small Spark aggregation
 * per entity, one per group of CSV files, collected to the driver.
 */
final class FileReports {

  private FileReports() {}

  /**
   * @param records every row read, with {@link ExportRecords#KIND} and, for Fivetran history
   *     tables, {@link FivetranHistory#SUPERSEDED} where it applies
   * @param usedFields the record fields the mapping reads for a file
   * @param notes per file path, sentences for the report
   */
  static List<FileReport> of(
      List<ExportFile> files,
      Dataset<Row> records,
      Function<ExportFile, Predicate<String>> usedFields,
      Map<String, List<String>> notes) {
    boolean hasSuperseded = List.of(records.columns()).contains(FivetranHistory.SUPERSEDED);
    Column isRecord = col(ExportRecords.KIND).equalTo(ExportRecords.KIND_RECORD);
    // A page's records mostly share their keys in one order, so the set of key lists stays small.
    Column keys =
        array_distinct(
            flatten(
                collect_set(
                    when(
                        col(ExportRecords.RECORD).isNotNull().and(isRecord),
                        json_object_keys(col(ExportRecords.RECORD))))));
    Map<String, long[]> byFile = new HashMap<>();
    Map<String, Set<String>> fields = new HashMap<>();
    for (Row r :
        records
            .groupBy(RawFrame.SOURCE_FILE)
            .agg(
                sum(when(isRecord, 1L).otherwise(0L)),
                sum(
                    when(col(ExportRecords.KIND).equalTo(ExportRecords.KIND_SKIPPED), 1L)
                        .otherwise(0L)),
                sum(
                    hasSuperseded
                        ? when(col(FivetranHistory.SUPERSEDED), 1L).otherwise(0L)
                        : lit(0L)),
                keys)
            .collectAsList()) {
      byFile.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2), r.getLong(3)});
      fields.put(r.getString(0), new TreeSet<>(r.<String>getList(4)));
    }

    List<FileReport> reports = new ArrayList<>();
    for (ExportFile file : files) {
      long[] c = byFile.getOrDefault(file.path(), new long[3]);
      Set<String> unmapped = new TreeSet<>(fields.getOrDefault(file.path(), Set.of()));
      unmapped.removeIf(usedFields.apply(file));
      unmapped.removeIf(f -> f.startsWith("_airbyte_") || f.startsWith("_fivetran_"));
      List<String> fileNotes = new ArrayList<>();
      if (file.problem() != null) {
        fileNotes.add(file.problem());
      }
      fileNotes.addAll(notes.getOrDefault(file.path(), List.of()));
      reports.add(
          new FileReport(
              file.path(),
              file.shape().wire(),
              c[0],
              List.copyOf(unmapped),
              c[1],
              c[2],
              List.copyOf(fileNotes)));
    }
    return List.copyOf(reports);
  }

  /**
   * The lines of files read whole into rows (content export CSVs, contract-shaped messages): each
   * file's rows in {@code rows} (by {@link RawFrame#SOURCE_FILE}), zero when none, in the order of
   * {@code files}, then any other file the rows name; nothing skipped, superseded or to note.
   */
  static List<FileReport> ofRows(
      Dataset<Row> rows, List<String> files, String shape, List<String> unmappedColumns) {
    Map<String, Long> counts = new LinkedHashMap<>();
    files.forEach(f -> counts.put(f, 0L));
    countsByFile(rows, count(lit(1))).forEach((file, c) -> counts.put(file, c[0]));
    List<FileReport> reports = new ArrayList<>();
    counts.forEach((file, n) -> reports.add(new FileReport(file, shape, n, unmappedColumns)));
    return reports;
  }

  /** One small aggregation per {@link RawFrame#SOURCE_FILE}, collected: the figures by file. */
  private static Map<String, long[]> countsByFile(Dataset<Row> rows, Column... figures) {
    Map<String, long[]> byFile = new LinkedHashMap<>();
    Column[] rest = Arrays.copyOfRange(figures, 1, figures.length);
    for (Row r : rows.groupBy(RawFrame.SOURCE_FILE).agg(figures[0], rest).collectAsList()) {
      long[] values = new long[figures.length];
      for (int i = 0; i < values.length; i++) {
        values[i] = r.getLong(i + 1);
      }
      byFile.put(r.getString(0), values);
    }
    return byFile;
  }
}
