package io.proactiveinsights.metrics;

import io.proactiveinsights.schema.InputTable;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.FilterExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The window's exposures as the column batches Spark's vectorized Parquet reader produces, when the
 * query over them is a plain file scan (bronze Delta tables are). Folding the batches in place
 * skips what the row path pays per event: the conversion of every row to Spark's row format, the
 * decoding of its two strings, and hashing the message id; a message or event type is resolved once
 * per value of the file's dictionary instead (docs/benchmarks.md).
 *
 * <p>Anything else in the plan (deletion vectors, column mapping, a source that is not Parquet,
 * rows built in memory as in tests) gives no scan, and the caller folds rows as before. The window
 * filter is part of the query, so files and row groups outside it are skipped, but batches still
 * hold every row of the row groups read: the fold applies the window to each row itself.
 */
final class ExposureScan {

  static final String MESSAGE_ID = "message_id";
  static final String EVENT_TYPE = "event_type";
  static final String OCCURRED_AT = "occurred_at";

  /** The columns the fold reads, in the order {@link Layout} gives their positions. */
  private static final List<String> COLUMNS =
      List.of(MESSAGE_ID, InputTable.USER_KEY, EVENT_TYPE, OCCURRED_AT);

  private static final List<DataType> TYPES =
      List.of(
          DataTypes.StringType,
          DataTypes.IntegerType,
          DataTypes.StringType,
          DataTypes.TimestampType);

  /** Plan nodes that only filter, project or convert a file scan's batches. */
  private static final Set<Class<?>> PASS_THROUGH =
      Set.of(
          WholeStageCodegenExec.class,
          InputAdapter.class,
          ColumnarToRowExec.class,
          ProjectExec.class,
          FilterExec.class);

  /** Where each column is in a batch. */
  record Layout(int messageId, int userKey, int eventType, int occurredAt)
      implements Serializable {}

  private final JavaRDD<ColumnarBatch> batches;
  private final Layout layout;

  private ExposureScan(JavaRDD<ColumnarBatch> batches, Layout layout) {
    this.batches = batches;
    this.layout = layout;
  }

  JavaRDD<ColumnarBatch> batches() {
    return batches;
  }

  Layout layout() {
    return layout;
  }

  /**
   * The batches of the columns the fold reads from {@code exposuresInWindow} (bronze exposures
   * filtered to the window on {@code occurred_at} and nothing else), or empty when that plan is not
   * a plain columnar file scan of exactly those columns.
   */
  static Optional<ExposureScan> of(Dataset<Row> exposuresInWindow) {
    SparkPlan plan =
        exposuresInWindow
            .select(COLUMNS.stream().map(functions::col).toArray(Column[]::new))
            .queryExecution()
            .executedPlan();
    List<FileSourceScanExec> scans = new ArrayList<>();
    if (!onlyPassThrough(plan, scans) || scans.size() != 1 || !scans.get(0).supportsColumnar()) {
      return Optional.empty();
    }
    FileSourceScanExec scan = scans.get(0);
    List<String> names = new ArrayList<>();
    List<DataType> types = new ArrayList<>();
    Set<String> partitionColumns = Set.of(scan.relation().partitionSchema().fieldNames());
    int dataColumns = 0;
    for (Attribute column : CollectionConverters.asJava(scan.output())) {
      names.add(column.name());
      types.add(column.dataType());
      // Partition values (ds) come along as constant columns; the scan's partition filters chose
      // them.
      dataColumns += partitionColumns.contains(column.name()) ? 0 : 1;
    }
    // Exactly the four data columns, by their logical names and types: a row-index or
    // deletion-vector column, or physical (column-mapped) names, mean a plan this fold does not
    // reproduce.
    if (dataColumns != COLUMNS.size() || !names.containsAll(COLUMNS)) {
      return Optional.empty();
    }
    for (int i = 0; i < COLUMNS.size(); i++) {
      if (!types.get(names.indexOf(COLUMNS.get(i))).equals(TYPES.get(i))) {
        return Optional.empty();
      }
    }
    Layout layout =
        new Layout(
            names.indexOf(MESSAGE_ID),
            names.indexOf(InputTable.USER_KEY),
            names.indexOf(EVENT_TYPE),
            names.indexOf(OCCURRED_AT));
    return Optional.of(new ExposureScan(scan.executeColumnar().toJavaRDD(), layout));
  }

  /** Whether every node above the file scans only passes rows through; collects the scans. */
  private static boolean onlyPassThrough(SparkPlan node, List<FileSourceScanExec> scans) {
    if (node instanceof FileSourceScanExec scan) {
      scans.add(scan);
      return true;
    }
    if (!PASS_THROUGH.contains(node.getClass())) {
      return false;
    }
    if (node instanceof FilterExec filter) {
      // The fold applies the window on occurred_at itself; a filter on anything else it would not.
      for (Attribute column :
          CollectionConverters.asJava(filter.condition().references().toSeq())) {
        if (!column.name().equals(OCCURRED_AT)) {
          return false;
        }
      }
    }
    for (SparkPlan child : CollectionConverters.asJava(node.children())) {
      if (!onlyPassThrough(child, scans)) {
        return false;
      }
    }
    return true;
  }
}
