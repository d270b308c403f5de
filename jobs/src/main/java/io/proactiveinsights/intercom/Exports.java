package io.proactiveinsights.intercom;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The files given for one entity, detected and read: {@link ExportRecords} rows, and the subsets
 * the mappings take (the nested Intercom objects of API/Airbyte/Singer files, or one Fivetran
 * table).
 */
record Exports(List<ExportFile> files, Dataset<Row> records) {

  static Exports read(SparkSession spark, List<String> paths, Set<String> singerStreams) {
    ShapeDetector detector = new ShapeDetector(spark);
    List<ExportFile> files = paths.stream().map(detector::detect).toList();
    return new Exports(files, new ExportRecords(spark).read(files, singerStreams));
  }

  /**
   * Records of API, Airbyte and Singer files, plus those of files nothing can map (their parse
   * error carries the reason to quarantine).
   */
  Dataset<Row> nested() {
    Column fivetranTable =
        col(ExportRecords.SHAPE)
            .equalTo(IntercomShape.FIVETRAN.wire())
            .and(col(ExportRecords.TABLE).isNotNull());
    return mappable().where(fivetranTable.unary_$bang());
  }

  /** Records of one Fivetran table. */
  Dataset<Row> fivetran(FivetranTable table) {
    return mappable().where(col(ExportRecords.TABLE).equalTo(table.tableName()));
  }

  private Dataset<Row> mappable() {
    return records.where(col(ExportRecords.KIND).equalTo(ExportRecords.KIND_RECORD));
  }
}
