package io.proactiveinsights.schema;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code bronze_ingested_files} table: one row per file of a daily drop whose rows ingest has
 * merged into an event store, so a later run reads only the drops it has not stored (issue 24's
 * incremental daily runs). Keyed by table and file; a file rewritten since (another length or
 * modification time) is read again and its row replaced.
 */
public final class IngestedFilesColumns {

  /** The input table the file belongs to ({@code exposures}, …). */
  public static final String TABLE_NAME = "table_name";

  /** The drop the file is in. */
  public static final String DROP_DS = "drop_ds";

  /** The file's path as listed (qualified). */
  public static final String FILE = "file";

  /** Its length in bytes when read. */
  public static final String LENGTH = "length";

  /** Its modification time when read, epoch milliseconds as the file system gives it. */
  public static final String MODIFIED_MILLIS = "modified_millis";

  /** The ds of the run that read it. */
  public static final String INGESTED_FOR_DS = "ingested_for_ds";

  /** When that run stored its rows. */
  public static final String INGESTED_AT = "ingested_at";

  public static final List<String> KEY = List.of(TABLE_NAME, FILE);

  public static final StructType SCHEMA =
      new StructType()
          .add(TABLE_NAME, DataTypes.StringType, false)
          .add(DROP_DS, DataTypes.DateType, false)
          .add(FILE, DataTypes.StringType, false)
          .add(LENGTH, DataTypes.LongType, false)
          .add(MODIFIED_MILLIS, DataTypes.LongType, false)
          .add(INGESTED_FOR_DS, DataTypes.DateType, false)
          .add(INGESTED_AT, DataTypes.TimestampType, false);

  private IngestedFilesColumns() {}
}
