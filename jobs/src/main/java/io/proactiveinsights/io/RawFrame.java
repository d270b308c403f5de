package io.proactiveinsights.io;

import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rows of one group of input files as read, before any validation: one column per contract
 * column the files have (under its contract name, in the type the file gave it), plus {@link
 * #SOURCE_FILE}, {@link #RAW_RECORD} and {@link #PARSE_ERROR}.
 *
 * @param rows the rows
 * @param format the files' format
 * @param files the files read
 * @param presentColumns contract columns the files have; the others are missing from these files
 * @param unknownColumns columns the files have that the contract does not know (ignored, reported)
 */
public record RawFrame(
    Dataset<Row> rows,
    InputFormat format,
    List<String> files,
    Set<String> presentColumns,
    Set<String> unknownColumns) {

  /** The file a row came from. */
  public static final String SOURCE_FILE = "_source_file";

  /**
   * The record as it stood in the file: the line for JSON, the fields as JSON for CSV and Parquet.
   */
  public static final String RAW_RECORD = "_raw_record";

  /** Why the record could not be parsed at all (malformed CSV line, invalid JSON), else null. */
  public static final String PARSE_ERROR = "_parse_error";
}
