package io.proactiveinsights.intercom;

import io.proactiveinsights.io.RawFrame;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One Intercom entity (contacts, conversations, data events, receipts) read from its files and
 * mapped onto a contract table.
 *
 * @param frames the rows under the contract's column names, with {@link RawFrame#SOURCE_FILE} the
 *     Intercom file and {@link RawFrame#RAW_RECORD} the record as it stood there; for conversations
 *     and data events {@code user_id} is still Intercom's reference (an external id or a contact
 *     id), resolved later by {@link IntercomIds}
 * @param files what each file gave, for the mapping report
 * @param contactKeys contacts only: {@code contact_id}, {@code external_id} (null when none) and
 *     {@code user_id} (the id the users table uses); null for the other entities
 * @param eventSummaries data events only: the {@code event.summary} records' rows ({@link
 *     DataEventsMapping#summaries}), {@code user_id} still Intercom's reference; null for the other
 *     entities and when there are none
 */
public record MappedEntity(
    List<RawFrame> frames,
    List<FileReport> files,
    Dataset<Row> contactKeys,
    Dataset<Row> eventSummaries) {

  /** An entity without event summaries (all but data events). */
  public MappedEntity(List<RawFrame> frames, List<FileReport> files, Dataset<Row> contactKeys) {
    this(frames, files, contactKeys, null);
  }

  /**
   * @param file the file's path
   * @param shape which exporter wrote it: intercom_api, airbyte, singer, fivetran, content_export
   *     (or {@code unrecognised}, with the reason in {@code notes})
   * @param rows records read from it
   * @param unmappedColumns its fields we do not use (reported once, never an error)
   * @param skippedLines lines that are not records of this entity and were counted, not mapped:
   *     Singer SCHEMA/STATE messages and records of other streams
   * @param supersededRows Fivetran history rows replaced by a later version of the same id (read,
   *     counted in {@code rows}, not mapped)
   * @param notes what a reader of the report should know about the file, one sentence each (why it
   *     was not recognised, references that found nothing to join)
   */
  public record FileReport(
      String file,
      String shape,
      long rows,
      List<String> unmappedColumns,
      long skippedLines,
      long supersededRows,
      List<String> notes) {

    /** A file read whole, with nothing skipped, superseded or to note. */
    public FileReport(String file, String shape, long rows, List<String> unmappedColumns) {
      this(file, shape, rows, unmappedColumns, 0, 0, List.of());
    }
  }
}
