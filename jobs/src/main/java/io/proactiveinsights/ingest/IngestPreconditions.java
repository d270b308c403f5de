package io.proactiveinsights.ingest;

import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.io.InputSource.SourceTable;
import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.schema.ColumnSpec;
import io.proactiveinsights.schema.InputTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What must hold of the inputs before ingest writes anything for a ds, checked over every table
 * first, so that a run that cannot succeed leaves the warehouse as it was:
 *
 * <ul>
 *   <li>each required table has a file that could be read (a file that merely holds no rows, such
 *       as a header-only CSV, counts: the table is empty that day);
 *   <li>no required column is missing from every file of a table. An export that lost or renamed a
 *       column would otherwise have every row quarantined and the ds's good bronze rows replaced by
 *       none (and, for messages, every exposure quarantined after them). A column missing from some
 *       files only is those rows' problem: they are quarantined, the rest are kept.
 * </ul>
 *
 * <p>Plain Java over what the sources found (file lists and the columns of each group of files); no
 * row is read.
 */
final class IngestPreconditions {

  /**
   * A required column that no file of a table has.
   *
   * @param files the table's files that were read (each lacks the column)
   * @param unknownColumns columns those files have that the contract does not define: the column
   *     may have been renamed to one of them
   */
  record MissingColumn(
      InputTable table, String column, List<String> files, Set<String> unknownColumns) {}

  /** How many files a message names before it says how many more there are. */
  private static final int FILES_NAMED = 10;

  private IngestPreconditions() {}

  /**
   * Fails, naming every problem of every table at once, when ingest must not write.
   *
   * @throws UsageException when a required table has no readable file or a required column is
   *     missing from every file of a table
   */
  static void require(Map<InputTable, SourceTable> inputs, LocalDate ds) {
    List<String> problems = new ArrayList<>();
    inputs.forEach(
        (table, input) -> {
          noReadableFile(table, input).ifPresent(problems::add);
          missingColumns(table, input).forEach(m -> problems.add(describe(m)));
        });
    if (!problems.isEmpty()) {
      throw new UsageException(
          "Cannot ingest: "
              + String.join("; ", problems)
              + " (nothing was written for ds "
              + ds
              + "; fix the input files and run again)");
    }
  }

  /**
   * The required columns that no file of the table has; empty when the table has no rows to read
   * (no files, or only files without rows).
   */
  static List<MissingColumn> missingColumns(InputTable table, SourceTable input) {
    Set<String> present = new LinkedHashSet<>();
    List<String> files = new ArrayList<>();
    Set<String> unknown = new TreeSet<>();
    for (RawFrame frame : input.frames()) {
      if (frame.files().isEmpty()) {
        continue; // a source's stand-in for a table it has no files for
      }
      present.addAll(frame.presentColumns());
      files.addAll(frame.files());
      unknown.addAll(frame.unknownColumns());
    }
    if (files.isEmpty()) {
      return List.of();
    }
    List<MissingColumn> missing = new ArrayList<>();
    for (ColumnSpec spec : table.columns()) {
      if (spec.required() && !present.contains(spec.name())) {
        missing.add(new MissingColumn(table, spec.name(), List.copyOf(files), Set.copyOf(unknown)));
      }
    }
    return missing;
  }

  private static Optional<String> noReadableFile(InputTable table, SourceTable input) {
    if (!table.isRequired() || !input.frames().isEmpty() || input.drops().alreadyStored() > 0) {
      // Drops an earlier run stored are the table's rows too, read from bronze.
      return Optional.empty();
    }
    if (input.unreadable().isEmpty()) {
      return Optional.of(
          table.tableName()
              + " has no readable files in "
              + input.folder()
              + " (expected .csv, .json, .jsonl or .parquet files, optionally gzipped)");
    }
    if (input.unreadable().stream().allMatch(f -> f.problem().holdsNoRows())) {
      return Optional.empty(); // present but empty today: an empty table, not an error
    }
    List<String> reasons =
        input.unreadable().stream().map(f -> f.file() + ": " + f.reason()).toList();
    return Optional.of(
        table.tableName()
            + " has no file that can be read in "
            + input.folder()
            + " ("
            + String.join("; ", reasons)
            + ")");
  }

  private static String describe(MissingColumn m) {
    String renamed =
        m.unknownColumns().isEmpty()
            ? ""
            : "; was it renamed? the files have columns the contract does not define: "
                + String.join(", ", m.unknownColumns());
    return "required column '"
        + m.column()
        + "' of "
        + m.table().tableName()
        + " is missing from every file of the table ("
        + fileList(m.files())
        + renamed
        + ")";
  }

  /** The first few files, and how many more: a table of daily drops can have hundreds. */
  private static String fileList(List<String> files) {
    if (files.size() <= FILES_NAMED) {
      return String.join(", ", files);
    }
    return String.join(", ", files.subList(0, FILES_NAMED))
        + " and "
        + (files.size() - FILES_NAMED)
        + " more";
  }
}
