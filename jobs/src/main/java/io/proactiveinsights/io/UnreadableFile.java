package io.proactiveinsights.io;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An input file that ingest could not read whole, and why. The run goes on with the table's other
 * files and lists this one in its summary ({@code unreadable_files}), so that an empty drop or an
 * interrupted copy is seen instead of failing the run or passing unnoticed.
 *
 * @param table the input table whose folder holds the file
 * @param file the file's path
 * @param problem what is wrong with it
 * @param detail what the reader said (the exception's message), or empty
 * @param partlyRead whether the rows before the problem were read and kept (a compressed file that
 *     breaks after its first rows); otherwise none of its rows were read
 */
public record UnreadableFile(
    String table, String file, Problem problem, String detail, boolean partlyRead) {

  /** What can be wrong with a whole file. */
  public enum Problem {
    /** Nothing in it: no bytes, or (decompressed) nothing but blank lines. */
    EMPTY("empty file"),
    /** A CSV file with its header row and no row after it. */
    HEADER_ONLY("header row only, no rows"),
    /** A Parquet file whose footer counts no rows. */
    NO_ROWS("no rows"),
    /** A compressed file whose data ends before its compressed stream does. */
    TRUNCATED("cut short: the compressed data ends early"),
    /** A compressed file that cannot be decompressed to its end for another reason. */
    CORRUPT("corrupt: it cannot be decompressed to its end"),
    /** A file that cannot be opened or is not in the format its name says. */
    UNREADABLE("cannot be read");

    private final String description;

    Problem(String description) {
      this.description = description;
    }

    /** Whether the file simply holds no rows: nothing is lost by passing it over. */
    public boolean holdsNoRows() {
      return this == EMPTY || this == HEADER_ONLY || this == NO_ROWS;
    }

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The file read whole but holding no rows, or not read at all. */
  public static UnreadableFile skipped(String table, String file, Problem problem, String detail) {
    return new UnreadableFile(table, file, problem, detail, false);
  }

  /** One sentence for the summary and the log: what is wrong and what became of the rows. */
  public String reason() {
    StringBuilder reason = new StringBuilder(problem.description);
    if (!detail.isEmpty()) {
      reason.append(" (").append(detail).append(')');
    }
    if (partlyRead) {
      reason.append("; the rows before the cut were kept");
    } else if (!problem.holdsNoRows()) {
      reason.append("; none of its rows were read");
    }
    return reason.toString();
  }

  /** The entry of the run summary's {@code unreadable_files}. */
  public Map<String, String> toSummary() {
    Map<String, String> entry = new LinkedHashMap<>();
    entry.put("file", file);
    entry.put("table", table);
    entry.put("problem", problem.wire());
    entry.put("reason", reason());
    return entry;
  }
}
