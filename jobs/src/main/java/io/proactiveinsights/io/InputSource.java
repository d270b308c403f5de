package io.proactiveinsights.io;

import io.proactiveinsights.schema.InputTable;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where ingest's rows come from: files in the contract's own layout ({@link ContractInputSource}),
 * or what Intercom and the common loaders export ({@code io.proactiveinsights.intercom}). Either
 * way a source hands ingest {@link RawFrame}s with the contract's column names, the file each row
 * came from and the row as it stood there, so normalising, quarantine and the conservation count
 * are the same code for every source.
 */
public interface InputSource {

  /** The name given to {@code --source}. */
  String name();

  /** Fails with a usage error naming the folder when the input root does not exist. */
  void requireRoot();

  /** The rows of one contract table; a table the source has no files for gives no frames. */
  SourceTable read(InputTable table);

  /**
   * The rows of one contract table that a run for {@code ds} may use: a source that knows daily
   * drops ({@code <table>/ds=YYYY-MM-DD/}) leaves out the drops later than ds. Sources without
   * drops read what {@link #read(InputTable)} reads.
   */
  default SourceTable read(InputTable table, LocalDate ds) {
    return read(table);
  }

  /**
   * {@link #read(InputTable, LocalDate)}, leaving unread the files of earlier drops that {@code
   * stored} says are in the event stores already: a daily run reads only the new drop. Sources
   * without drops read what {@link #read(InputTable, LocalDate)} reads.
   */
  default SourceTable read(InputTable table, LocalDate ds, IngestedFiles stored) {
    return read(table, ds);
  }

  /**
   * What the source adds to the run summary after every table was read (the Intercom mapping
   * report: rows per file, unmapped columns, ids that could not be joined); empty for none.
   */
  default Map<String, Object> report() {
    return Map.of();
  }

  /**
   * One table's input.
   *
   * @param folder where its files were looked for, for messages
   * @param files how many files were found (read, or reported in {@code unreadable})
   * @param ignored files passed over (unreadable extension), reported
   * @param frames the rows; empty when there were no files
   * @param unreadable files that could not be read whole (empty, header-only, cut short,
   *     unreadable), reported; their readable rows are in {@code frames}
   * @param laterDropFiles files of daily drops later than the run's ds, left unread
   * @param eventSummaries user_events only, for sources that also summarise events older than the
   *     rows they list (Intercom's {@code event.summary}): per person and event name the first and
   *     last time and the count, in {@code bronze_user_event_history}'s columns ({@link
   *     io.proactiveinsights.schema.UserEventHistoryColumns#SCHEMA}); null when the source has none
   * @param drops the files of daily drops read, and how many were left unread as stored already
   */
  record SourceTable(
      String folder,
      int files,
      List<String> ignored,
      List<RawFrame> frames,
      List<UnreadableFile> unreadable,
      List<String> laterDropFiles,
      Dataset<Row> eventSummaries,
      Drops drops) {

    /** A source table with event summaries, without daily drops. */
    public SourceTable(
        String folder,
        int files,
        List<String> ignored,
        List<RawFrame> frames,
        List<UnreadableFile> unreadable,
        List<String> laterDropFiles,
        Dataset<Row> eventSummaries) {
      this(folder, files, ignored, frames, unreadable, laterDropFiles, eventSummaries, Drops.NONE);
    }

    /** A table of a source without event summaries. */
    public SourceTable(
        String folder,
        int files,
        List<String> ignored,
        List<RawFrame> frames,
        List<UnreadableFile> unreadable,
        List<String> laterDropFiles) {
      this(folder, files, ignored, frames, unreadable, laterDropFiles, null);
    }

    /** A table whose files were all read whole. */
    public SourceTable(String folder, int files, List<String> ignored, List<RawFrame> frames) {
      this(folder, files, ignored, frames, List.of(), List.of());
    }

    /** A table of a source without daily drops. */
    public SourceTable(
        String folder,
        int files,
        List<String> ignored,
        List<RawFrame> frames,
        List<UnreadableFile> unreadable) {
      this(folder, files, ignored, frames, unreadable, List.of());
    }

    public static SourceTable none(String folder, List<String> ignored) {
      return new SourceTable(folder, 0, ignored, List.of());
    }
  }

  /**
   * The daily drop files of one table's input.
   *
   * @param read the drop files read (to record as stored once their rows are)
   * @param alreadyStored how many drop files were left unread, stored by an earlier run
   */
  record Drops(List<InputFiles.InputFile> read, int alreadyStored) {

    public static final Drops NONE = new Drops(List.of(), 0);
  }
}
