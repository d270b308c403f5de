package io.proactiveinsights.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What became of one input table's rows in a run. {@code read = accepted + duplicates + quarantined
 * + outOfWindow} always; {@link #conserved()} checks it. {@code files} are the files read; {@code
 * dropFilesAlreadyStored} the files of earlier daily drops left unread because an earlier run
 * stored their rows.
 */
public record TableCounts(
    @JsonProperty("files") int files,
    @JsonProperty("read") long read,
    @JsonProperty("accepted") long accepted,
    @JsonProperty("duplicates") long duplicates,
    @JsonProperty("quarantined") long quarantined,
    @JsonProperty("out_of_window") long outOfWindow,
    @JsonProperty("unknown_columns") List<String> unknownColumns,
    @JsonProperty("ignored_files") List<String> ignoredFiles,
    @JsonProperty("drop_files_already_stored") int dropFilesAlreadyStored) {

  /** Counts of a table read whole (no stored drop left unread). */
  public TableCounts(
      int files,
      long read,
      long accepted,
      long duplicates,
      long quarantined,
      long outOfWindow,
      List<String> unknownColumns,
      List<String> ignoredFiles) {
    this(
        files,
        read,
        accepted,
        duplicates,
        quarantined,
        outOfWindow,
        unknownColumns,
        ignoredFiles,
        0);
  }

  public boolean conserved() {
    return read == accepted + duplicates + quarantined + outOfWindow;
  }

  public double quarantinedFraction() {
    return read == 0 ? 0.0 : (double) quarantined / read;
  }
}
