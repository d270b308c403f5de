package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.experiments.ExperimentImpact;
import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.recommend.Recommendation;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.run.Stage;
import io.proactiveinsights.sample.PlantedSituation;
import io.proactiveinsights.sample.SampleCatalogue;
import io.proactiveinsights.sample.SampleResult;
import io.proactiveinsights.schema.ExperimentImpactColumns;
import io.proactiveinsights.schema.MessageStatsColumns;
import io.proactiveinsights.spark.SparkSessions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Sample data, the whole pipeline, and a short tour of what came out: the two-minute first run. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Generates sample data, runs the pipeline on it and prints where everything is."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--dir",
      defaultValue = "target/demo",
      paramLabel = "DIR",
      description = "Folder for the demo's input and warehouse (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--ds",
      paramLabel = "YYYY-MM-DD",
      converter = DateConverter.class,
      description = "Logical date of the demo run (default: yesterday, UTC).")
  LocalDate ds;

  @Option(
      names = "--users",
      paramLabel = "N",
      description = "Number of sample users (default: proactive.sample.users).")
  Integer users;

  @Option(
      names = "--source",
      paramLabel = "KIND",
      defaultValue = "contract",
      description =
          "Shape to write the sample in and to run from: ${COMPLETION-CANDIDATES} (default:"
              + " ${DEFAULT-VALUE}; intercom writes Intercom's content export and REST API files,"
              + " docs/intercom.md).")
  SourceKind source;

  @Option(
      names = "--conf",
      paramLabel = "FILE",
      description = "HOCON file overriding conf/proactive-defaults.conf.")
  Path confFile;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    long start = System.nanoTime();
    ProactiveConfig config = ProactiveConfig.load(confFile);
    LocalDate runDs = ds != null ? ds : SampleCommand.defaultDs();
    Path input = dir.resolve("input").toAbsolutePath();
    Warehouse warehouse = new Warehouse(dir.resolve("warehouse").toAbsolutePath().toString());

    SampleResult sample;
    if (source == SourceKind.intercom) {
      // The contract-shaped sample is what the Intercom files are written from; it stays beside
      // them (with PLANTED.md) so the two can be compared, but only input/ is read.
      sample =
          SampleCommand.generate(
              config, dir.resolve("sample").toAbsolutePath(), input, users, null, null, runDs);
    } else {
      sample = SampleCommand.generate(config, input, users, null, null, runDs);
    }
    var spark = SparkSessions.getOrCreate(config.spark());
    Stages stages = new Stages(spark, config, new Inputs(input.toString(), source), warehouse);
    // The sample's holdout messages went live weeks before D, and the daily run of the day before
    // got their arms from the segments stage. A fresh warehouse has had no such run: replay the two
    // stages that assign (ingest, then segments) for that day, so that the experiments stage of D
    // has arms to read. The other stages of that day change nothing D reads.
    LocalDate armsDs = SampleCatalogue.holdoutArmsDs(runDs);
    stages.run(Stage.INGEST, RunDate.of(armsDs));
    RunSummary arms = stages.run(Stage.SEGMENTS, RunDate.of(armsDs));
    RunSummary pipeline = stages.pipeline(RunDate.of(runDs));

    PrintWriter out = spec.commandLine().getOut();
    printTour(
        out, spark.sparkContext().hadoopConfiguration(), runDs, input, warehouse, sample, pipeline);
    out.printf(
        "Holdout arms were given by the segments run of %s (replayed first: the day before the"
            + " holdout messages went live).%n%n",
        armsDs);
    printMessageStats(out, spark, warehouse, runDs, config.metrics().metricsWindowDays());
    printExperiments(out, spark, warehouse, runDs);
    printActions(out, spark, warehouse, runDs);
    Map<String, Object> details = new LinkedHashMap<>(pipeline.details());
    details.put(
        "holdout_arms", Map.of("ds", armsDs.toString(), Stage.SEGMENTS.cliName(), arms.details()));
    new RunSummary(
            "demo",
            runDs.toString(),
            RunSummary.OK,
            ExitCodes.OK,
            Stages.elapsedMs(start),
            pipeline.rowsIn(),
            pipeline.rowsOut(),
            pipeline.quarantined(),
            pipeline.outputs(),
            details,
            null,
            pipeline.runId())
        .print(out);
    return ExitCodes.OK;
  }

  /** What to do today: the recommendations by priority, and how to serve the segments. */
  private static void printActions(
      PrintWriter out, SparkSession spark, Warehouse warehouse, LocalDate ds) {
    // A few rows per message at most: fine to bring to the driver.
    List<Recommendation> actions =
        rowsOf(
                spark,
                warehouse,
                Warehouse.RECOMMENDATIONS,
                ds,
                Recommendation.PRIORITY,
                Recommendation.MESSAGE_ID,
                Recommendation.ACTION)
            .stream()
            .map(Recommendation::fromRow)
            .toList();
    out.println("What to do (recommendations, 1 = today):");
    for (Recommendation r : actions) {
      out.printf(
          Locale.ROOT,
          "  %d  %-24s %-24s %s%n",
          r.priority(),
          r.messageId(),
          r.action().name(),
          r.reason());
      out.printf(Locale.ROOT, "     %-24s %-24s → %s%n", "", "", r.suggestion());
    }
    out.println();
    out.println("  ./proactive show hygiene_flags --ds " + ds + " --warehouse " + warehouse.root());
    out.println();
    out.println("Serve the audience segments to delivery services (no Spark):");
    out.println(
        "  PROACTIVE_TOKEN=change-me ./proactive serve --snapshots "
            + warehouse.servingPath()
            + " --port 8080");
    out.println(
        "  curl -H 'Authorization: Bearer change-me' localhost:8080/v1/users/u0000001/segments");
    out.println();
    out.flush();
  }

  /**
   * One line per holdout message and metric: treatment against control, the lift with its
   * always-valid interval, the split check and the verdict.
   */
  private static void printExperiments(
      PrintWriter out, SparkSession spark, Warehouse warehouse, LocalDate ds) {
    // A few rows per holdout message: fine to bring to the driver.
    List<ExperimentImpact> rows =
        rowsOf(
                spark,
                warehouse,
                Warehouse.EXPERIMENT_IMPACT,
                ds,
                ExperimentImpactColumns.MESSAGE_ID,
                ExperimentImpactColumns.METRIC)
            .stream()
            .map(ExperimentImpact::fromRow)
            .toList();
    out.println(
        "Holdout experiments (experiment_impact): everyone assigned to treatment against the"
            + " control group, from assignment on;");
    out.println(
        "  lift = treatment / control - 1, with its always-valid 95% interval (tickets per"
            + " person-day, goal and click rates per person, CSAT per rating):");
    out.printf(
        "  %-26s %-24s %9s %8s %11s %11s  %-26s %8s  %s%n",
        "message",
        "metric",
        "treatment",
        "control",
        "treat. val",
        "ctrl. val",
        "lift [always-valid 95%]",
        "SRM p",
        "verdict");
    for (ExperimentImpact e : rows) {
      String lift =
          e.lift() == null
              ? "-"
              : String.format(
                  Locale.ROOT,
                  "%+6.1f%% [%+6.1f, %+6.1f]",
                  100 * e.lift(),
                  100 * e.ciLow(),
                  100 * e.ciHigh());
      out.printf(
          Locale.ROOT,
          "  %-26s %-24s %,9d %,8d %11.4g %11s  %-26s %8s  %s%n",
          e.arms().messageId(),
          e.metric(),
          e.arms().treatmentUsers(),
          e.arms().controlUsers(),
          e.treatmentValue(),
          e.controlValue() == null ? "-" : String.format(Locale.ROOT, "%.4g", e.controlValue()),
          lift,
          e.arms().srmPValue() == null
              ? "-"
              : String.format(Locale.ROOT, "%.2g", e.arms().srmPValue()),
          e.verdict() == null ? "-" : e.verdict().wire());
    }
    out.println();
    out.println(
        "  ./proactive show experiment_impact --ds "
            + ds
            + " --warehouse "
            + warehouse.root()
            + " --format json");
    out.println();
    out.flush();
  }

  /** One line per message: its primary metric with the interval, against its format's baseline. */
  private static void printMessageStats(
      PrintWriter out, SparkSession spark, Warehouse warehouse, LocalDate ds, int windowDays) {
    // One row per message of the catalogue: small, fine to bring to the driver.
    List<Row> stats =
        rowsOf(
            spark,
            warehouse,
            Warehouse.MESSAGE_STATS,
            ds,
            MessageStatsColumns.TYPE,
            MessageStatsColumns.MESSAGE_ID);
    out.printf(
        "Engagement over the last %d days (message_stats), each message judged by its format's"
            + " primary metric:%n",
        windowDays);
    out.printf(
        "  %-24s %-15s %-6s %9s %9s  %-16s %-22s %8s  %s%n",
        "message",
        "type",
        "state",
        "receivers",
        "viewers",
        "primary metric",
        "rate [95% interval]",
        "baseline",
        "position");
    for (Row r : stats) {
      String rate =
          r.isNullAt(r.fieldIndex(MessageStatsColumns.PRIMARY_RATE))
              ? "-"
              : String.format(
                  Locale.ROOT,
                  "%5.1f%% [%4.1f, %4.1f]",
                  100 * r.<Double>getAs(MessageStatsColumns.PRIMARY_RATE),
                  100 * r.<Double>getAs(MessageStatsColumns.PRIMARY_LOW),
                  100 * r.<Double>getAs(MessageStatsColumns.PRIMARY_HIGH));
      String baseline =
          r.isNullAt(r.fieldIndex(MessageStatsColumns.BASELINE_MEDIAN))
              ? "-"
              : String.format(
                  Locale.ROOT,
                  "%5.1f%%",
                  100 * r.<Double>getAs(MessageStatsColumns.BASELINE_MEDIAN));
      out.printf(
          Locale.ROOT,
          "  %-24s %-15s %-6s %,9d %,9d  %-16s %-22s %8s  %s%n",
          r.<String>getAs(MessageStatsColumns.MESSAGE_ID),
          r.<String>getAs(MessageStatsColumns.TYPE),
          r.<String>getAs(MessageStatsColumns.STATE),
          r.<Long>getAs(MessageStatsColumns.RECEIVERS),
          r.<Long>getAs(MessageStatsColumns.VIEWERS),
          r.<String>getAs(MessageStatsColumns.PRIMARY_METRIC),
          rate,
          baseline,
          r.<String>getAs(MessageStatsColumns.BASELINE_POSITION));
    }
    out.println();
    out.println(
        "  ./proactive show message_stats --ds "
            + ds
            + " --warehouse "
            + warehouse.root()
            + " --format json");
    out.println();
    out.flush();
  }

  /** The rows of {@code table}'s ds partition, sorted by {@code orderBy}, on the driver. */
  private static List<Row> rowsOf(
      SparkSession spark, Warehouse warehouse, String table, LocalDate ds, String... orderBy) {
    return spark
        .read()
        .format("delta")
        .load(warehouse.path(table))
        .where(DeltaTables.dsPredicate(ds))
        .orderBy(Arrays.stream(orderBy).map(functions::col).toArray(Column[]::new))
        .collectAsList();
  }

  private static void printTour(
      PrintWriter out,
      org.apache.hadoop.conf.Configuration hadoop,
      LocalDate ds,
      Path input,
      Warehouse warehouse,
      SampleResult sample,
      RunSummary pipeline) {
    out.println();
    out.println("proactive-insights demo, ds " + ds);
    out.println();
    out.println(
        "Sample input   "
            + input
            + "   (what was planted: "
            + sample.outDir().resolve("PLANTED.md")
            + ")");
    out.println("Warehouse      " + warehouse.root());
    out.println(
        "Report         "
            + io.proactiveinsights.report.ReportJob.location(
                new org.apache.hadoop.fs.Path(
                    io.proactiveinsights.report.ReportJob.folder(hadoop, warehouse, ds),
                    io.proactiveinsights.report.ReportJob.HTML))
            + "   (also report.md and report.ipynb beside it)");
    out.println();
    out.println(
        "Ingest, rows per table (read = accepted + duplicates + quarantined + outside the"
            + " window):");
    Object tables =
        pipeline.details() == null
            ? null
            : ((Map<?, ?>) pipeline.details().get("ingest")).get("tables");
    if (tables instanceof Map<?, ?> counts) {
      counts.forEach(
          (table, c) -> {
            var t = (io.proactiveinsights.ingest.TableCounts) c;
            out.printf(
                "  %-14s %,10d read  %,10d accepted  %,6d duplicates  %,4d quarantined  %,6d"
                    + " outside window%n",
                table, t.read(), t.accepted(), t.duplicates(), t.quarantined(), t.outOfWindow());
          });
    }
    out.println();
    out.println("Planted situations the later stages must find:");
    for (PlantedSituation p : sample.planted()) {
      out.printf("  %-24s %s%n", p.messageId(), p.situation());
    }
    out.println();
    out.println("Look around:");
    String wh = " --warehouse " + warehouse.root();
    out.println("  ./proactive show quarantine --ds " + ds + wh);
    out.println("  ./proactive show bronze_messages --ds " + ds + wh);
    out.println("  ./proactive show bronze_exposures --ds " + ds + " --format json --limit 5" + wh);
    out.println();
    out.flush();
    out.flush();
  }
}
