package io.proactiveinsights.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.schema.AssignmentsColumns;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.spark.SparkSessions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Prints any table of the warehouse. Rows stream to stdout ({@code toLocalIterator}), so a large
 * table is never held on the driver at once. Unlike the jobs, show prints no JSON summary line: its
 * stdout is the data.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {"Prints a warehouse table: quarantine, bronze_messages, bronze_exposures, …"})
final class ShowCommand implements Callable<Integer> {

  enum Format {
    table,
    json,
    csv
  }

  @Parameters(
      index = "0",
      paramLabel = "TABLE",
      description = "Table name (see the README for the list).")
  String table;

  @Option(
      names = "--ds",
      paramLabel = "YYYY-MM-DD",
      converter = DateConverter.class,
      description = "Only this logical date.")
  LocalDate ds;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table | json (JSON Lines) | csv. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "At most N rows (default: 50 for table, all for json and csv).")
  Integer limit;

  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      description = "Warehouse root (default: proactive.paths.warehouse).")
  String warehouseRoot;

  @Option(
      names = "--conf",
      paramLabel = "FILE",
      description = "HOCON file overriding conf/proactive-defaults.conf.")
  Path confFile;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ProactiveConfig config = ProactiveConfig.load(confFile);
    Warehouse warehouse =
        new Warehouse(warehouseRoot != null ? warehouseRoot : config.paths().warehouse());
    String path =
        warehouse
            .pathOf(table)
            .orElseThrow(
                () ->
                    new UsageException(
                        "Cannot show "
                            + table
                            + ": no such table (known tables: "
                            + String.join(", ", warehouse.tableNames())
                            + ")"));
    SparkSession spark = SparkSessions.getOrCreate(config.spark());
    org.apache.hadoop.fs.Path log = new org.apache.hadoop.fs.Path(path, "_delta_log");
    if (!FileSystem.get(log.toUri(), spark.sparkContext().hadoopConfiguration()).exists(log)) {
      throw new UsageException(
          "Cannot show "
              + table
              + ": nothing written at "
              + path
              + " yet (run the job that writes it first, e.g. `proactive pipeline --ds D`)");
    }
    Dataset<Row> rows = spark.read().format("delta").load(path);
    Optional<InputTable> eventStore =
        Arrays.stream(InputTable.values())
            .filter(t -> t.arrivesInDrops() && Warehouse.bronzeName(t).equals(table))
            .findFirst();
    if (ds != null && eventStore.isPresent()) {
      // An event store has no ds: show what a run for ds reads of it.
      rows = DeltaTables.readBronze(spark, warehouse, eventStore.get(), ds, config.ingest());
    } else if (ds != null) {
      rows = rows.where(rowsOfDs(rows, ds));
    }
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case table -> out.print(TableText.render(rows, limit == null ? 50 : limit));
      case json -> {
        Dataset<String> json = (limit == null ? rows : rows.limit(limit)).toJSON();
        for (Iterator<String> it = json.toLocalIterator(); it.hasNext(); ) {
          out.println(it.next());
        }
      }
      case csv -> TableText.writeCsv(limit == null ? rows : rows.limit(limit), out);
    }
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * What {@code --ds} selects: a ds-partitioned table's partition; for {@code assignments}, which
   * has no ds (an arm, once given, holds for good), the arms given by the end of ds.
   */
  private Column rowsOfDs(Dataset<Row> rows, LocalDate ds) {
    if (List.of(rows.columns()).contains(InputTable.DS)) {
      return expr(DeltaTables.dsPredicate(ds));
    }
    if (table.equals(Warehouse.ASSIGNMENTS)) {
      return col(AssignmentsColumns.ASSIGNED_AT).leq(lit(Timestamp.from(RunDate.of(ds).asOf())));
    }
    throw new UsageException(
        "Cannot show " + table + " for ds " + ds + ": it has no ds column; show it without --ds");
  }
}
