package io.proactiveinsights.io;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.to_date;

import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.schema.InputTable;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;

/**
 * Daily drops (the contract's "Daily drops"): files of a table that arrive in Hive-style folders
 * {@code <table>/ds=YYYY-MM-DD/}, named by the day the drop was exported. A drop folder sits
 * directly under the table folder and may hold files at any depth; a file anywhere else under the
 * table folder is outside drops, and every run reads it. A run for D reads the drops with ds <= D
 * and never a later one, so its inputs are fixed once D's drop has arrived.
 *
 * <p>The listing ({@link InputFiles}) places each file with {@link #dropOf}; the rows of a file are
 * labelled with its drop by {@link #dropDsColumn}, from the path Spark read the row from. Both
 * follow the one rule above, so a row's {@code drop_ds} is the drop its file was listed in.
 */
public final class InputDrops {

  /** What a drop folder's name starts with; the rest is the drop's date. */
  public static final String FOLDER_PREFIX = "ds=";

  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  private InputDrops() {}

  /**
   * The drop a file belongs to, from the folders between the table folder and the file (outermost
   * first), or empty for a file outside drops.
   *
   * @throws UsageException naming the folder, for a {@code ds=} folder whose date is not a real
   *     {@code YYYY-MM-DD} date, or one that is not directly under the table folder
   */
  public static Optional<LocalDate> dropOf(
      InputTable table, String tableFolder, List<String> foldersBelowTable) {
    LocalDate drop = null;
    for (int i = 0; i < foldersBelowTable.size(); i++) {
      String name = foldersBelowTable.get(i);
      if (!name.startsWith(FOLDER_PREFIX)) {
        continue;
      }
      String folder = tableFolder + "/" + String.join("/", foldersBelowTable.subList(0, i + 1));
      if (i > 0) {
        throw notADrop(
            table,
            folder,
            "a drop folder sits directly under the table folder, not inside another folder");
      }
      drop = parse(table, folder, name.substring(FOLDER_PREFIX.length()));
    }
    return Optional.ofNullable(drop);
  }

  private static LocalDate parse(InputTable table, String folder, String date) {
    if (!DATE.matcher(date).matches()) {
      throw notADrop(table, folder, "'" + date + "' is not a date in the form YYYY-MM-DD");
    }
    try {
      return LocalDate.parse(date);
    } catch (DateTimeParseException e) {
      throw notADrop(table, folder, "'" + date + "' is not a real date");
    }
  }

  private static UsageException notADrop(InputTable table, String folder, String why) {
    return new UsageException(
        "Cannot read input table "
            + table.tableName()
            + ": folder "
            + folder
            + " is not a daily drop: "
            + why
            + " (name drops <table>/ds=YYYY-MM-DD/, or rename the folder so it does not start"
            + " with ds=)");
  }

  /**
   * The drop of the file a row was read from ({@code sourceFile}: Spark's {@code
   * _metadata.file_path}), as a date, null for a file outside drops. Only files the listing
   * accepted are read, so a {@code ds=} folder directly under the table folder is a valid drop.
   */
  public static Column dropDsColumn(Column sourceFile, InputTable table) {
    String pattern = ".*/" + Pattern.quote(table.tableName()) + "/ds=([0-9]{4}-[0-9]{2}-[0-9]{2})/";
    return to_date(nullif(regexp_extract(sourceFile, pattern, 1), lit("")));
  }
}
