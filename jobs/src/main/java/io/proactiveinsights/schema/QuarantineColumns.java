package io.proactiveinsights.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The {@code quarantine} table: one row per input row a run could not accept, with the reason. */
public final class QuarantineColumns {

  public static final String SOURCE_TABLE = "source_table";
  public static final String SOURCE_FILE = "source_file";
  public static final String RAW_RECORD = "raw_record";
  public static final String REASON = "reason";

  public static final StructType SCHEMA =
      new StructType()
          .add(SOURCE_TABLE, DataTypes.StringType, false)
          .add(SOURCE_FILE, DataTypes.StringType, true)
          .add(RAW_RECORD, DataTypes.StringType, true)
          .add(REASON, DataTypes.StringType, false)
          .add(InputTable.DS, DataTypes.DateType, false);

  private QuarantineColumns() {}
}
