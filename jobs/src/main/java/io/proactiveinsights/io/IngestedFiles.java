package io.proactiveinsights.io;

import static io.proactiveinsights.schema.IngestedFilesColumns.FILE;
import static io.proactiveinsights.schema.IngestedFilesColumns.LENGTH;
import static io.proactiveinsights.schema.IngestedFilesColumns.MODIFIED_MILLIS;
import static io.proactiveinsights.schema.IngestedFilesColumns.TABLE_NAME;

import io.delta.tables.DeltaTable;
import io.proactiveinsights.io.InputFiles.InputFile;
import io.proactiveinsights.schema.IngestedFilesColumns;
import io.proactiveinsights.schema.InputTable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Which files of daily drops ingest has stored ({@code bronze_ingested_files}): what makes a daily
 * run read only the new drop. A run for D reads a file of an earlier drop only when this table does
 * not hold it as it is now (same path, length and modification time); it always reads D's own drop
 * (a rerun of D reads what the first run read) and the files outside drops.
 *
 * <p>Skipping a stored file changes nothing a run reads from bronze: the event store holds each of
 * its rows already (the first drop's copy wins, so reading it again could not change a stored row),
 * and what a run reads is selected by drop ds and event time, not by the run that stored it. The
 * files are recorded after the run's rows are merged, so a run that dies in between reads them
 * again next time, which stores nothing twice.
 */
public final class IngestedFiles {

  private final Set<String> stored;

  private IngestedFiles(Set<String> stored) {
    this.stored = stored;
  }

  /** Nothing stored: every file is read (a new warehouse). */
  public static IngestedFiles none() {
    return new IngestedFiles(Set.of());
  }

  /**
   * The stored drop files of every table, from the table at {@code path}: one small row per file,
   * collected (a year of daily drops is a few thousand rows).
   */
  public static IngestedFiles of(SparkSession spark, String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return none();
    }
    Set<String> stored = new HashSet<>();
    for (Row row :
        spark
            .read()
            .format("delta")
            .load(path)
            .select(TABLE_NAME, FILE, LENGTH, MODIFIED_MILLIS)
            .collectAsList()) {
      stored.add(key(row.getString(0), row.getString(1), row.getLong(2), row.getLong(3)));
    }
    return new IngestedFiles(stored);
  }

  /**
   * Whether a run for {@code ds} may leave {@code file} of {@code table} unread: it is in a drop
   * before ds and was stored as it is now.
   */
  public boolean alreadyStored(InputTable table, InputFile file, LocalDate ds) {
    return file.drop() != null
        && file.drop().isBefore(ds)
        && file.length() >= 0
        && stored.contains(
            key(table.tableName(), file.path(), file.length(), file.modifiedMillis()));
  }

  /**
   * Records {@code files} (per table, the drop files a run for {@code ds} read and stored) in the
   * table at {@code path} in one commit, replacing the rows of files read before.
   */
  public static void record(
      DeltaWriter writer,
      SparkSession spark,
      String path,
      Map<InputTable, List<InputFile>> files,
      LocalDate ds,
      Instant at) {
    List<Row> rows = new ArrayList<>();
    files.forEach(
        (table, tableFiles) ->
            tableFiles.stream()
                .filter(f -> f.drop() != null && f.length() >= 0)
                .map(
                    f ->
                        RowFactory.create(
                            table.tableName(),
                            Date.valueOf(f.drop()),
                            f.path(),
                            f.length(),
                            f.modifiedMillis(),
                            Date.valueOf(ds),
                            Timestamp.from(at)))
                .forEach(rows::add));
    if (rows.isEmpty()) {
      return;
    }
    writer.upsert(
        spark.createDataFrame(rows, IngestedFilesColumns.SCHEMA), path, IngestedFilesColumns.KEY);
  }

  private static String key(String table, String file, long length, long modifiedMillis) {
    return table + '\u0000' + file + '\u0000' + length + '\u0000' + modifiedMillis;
  }
}
