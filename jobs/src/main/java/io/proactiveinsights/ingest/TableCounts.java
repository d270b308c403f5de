package io.proactiveinsights.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What became of one input table's rows in a run. {@code read = accepted + duplicates + quarantined
 * + outOfWindow} always; {@link #conserved()} checks it.
 */
public record TableCounts(
    @JsonProperty("files") int files,
    @JsonProperty("read") long read,
    @JsonProperty("accepted") long accepted,
    @JsonProperty("duplicates") long duplicates,
    @JsonProperty("quarantined") long quarantined,
    @JsonProperty("out_of_window") long outOfWindow,
    @JsonProperty("unknown_columns") List<String> unknownColumns,
    @JsonProperty("ignored_files") List<String> ignoredFiles) {

  public boolean conserved() {
    return read == accepted + duplicates + quarantined + outOfWindow;
  }

  public double quarantinedFraction() {
    return read == 0 ? 0.0 : (double) quarantined / read;
  }
}
