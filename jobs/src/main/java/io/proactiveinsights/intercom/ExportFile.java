package io.proactiveinsights.intercom;

import io.proactiveinsights.io.InputFormat;

/**
 * One file as {@link ShapeDetector} found it.
 *
 * @param path the Hadoop path as given
 * @param format its format by extension; null when the extension is not one we read
 * @param shape the exporter that wrote it
 * @param layout how its records sit in it
 * @param fivetranTable for Fivetran files, which table it is; else null
 * @param problem why it cannot be mapped (null when it can), naming the file
 */
public record ExportFile(
    String path,
    InputFormat format,
    IntercomShape shape,
    Layout layout,
    FivetranTable fivetranTable,
    String problem) {

  /** How records sit in a file. */
  public enum Layout {
    /** One record per line (JSON Lines) or per row (CSV, Parquet). */
    ROWS,
    /**
     * Airbyte's raw layout: the record is the JSON in the {@code _airbyte_data} field of each line
     * or row.
     */
    AIRBYTE_RAW,
    /** One JSON document for the whole file (a pretty-printed API response or a JSON array). */
    DOCUMENT
  }

  static ExportFile unrecognised(String path, InputFormat format, String problem) {
    return new ExportFile(path, format, IntercomShape.UNRECOGNISED, Layout.ROWS, null, problem);
  }
}
