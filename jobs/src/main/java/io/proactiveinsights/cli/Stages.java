package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.errors.ProactiveException.QualityGateException;
import io.proactiveinsights.ingest.IngestJob;
import io.proactiveinsights.ingest.IngestResult;
import io.proactiveinsights.hygiene.HygieneJob;
import io.proactiveinsights.impact.ImpactJob;
import io.proactiveinsights.recommend.RecommendationsJob;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.metrics.MetricsJob;
import io.proactiveinsights.report.ReportJob;
import io.proactiveinsights.segments.SegmentsJob;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;

/**
 * The jobs in pipeline order, each run turned into its {@link RunSummary}. The pipeline and demo
 * commands run them all; each job command runs one. A stage whose quality gate fails stops the
 * pipeline with exit code 3, after its outputs are written so they can be inspected.
 */
final class Stages {

  /** The stages {@code proactive pipeline} runs, in order. */
  static final List<String> PIPELINE = List.of("ingest", "metrics", "impact", "hygiene", "recommendations", "segments", "report");

  private final SparkSession spark;
  private final ProactiveConfig config;
  private final String inputRoot;
  private final SourceKind source;
  private final Warehouse warehouse;

  Stages(SparkSession spark, ProactiveConfig config, String inputRoot, Warehouse warehouse) {
    this(spark, config, inputRoot, SourceKind.contract, warehouse);
  }

  Stages(SparkSession spark, ProactiveConfig config, String inputRoot, SourceKind source, Warehouse warehouse) {
    this.spark = spark;
    this.config = config;
    this.inputRoot = inputRoot;
    this.source = source;
    this.warehouse = warehouse;
  }

  RunSummary ingest(LocalDate ds) {
    long start = System.nanoTime();
    IngestResult result = new IngestJob(spark, config, source.open(spark, config, inputRoot), warehouse).run(ds);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("source", source.name());
    details.put("tables", result.tables());
    if (!result.sourceReport().isEmpty()) {
      details.put("mapping", result.sourceReport());
    }
    details.put("rule_errors", result.ruleErrors().stream()
        .map(e -> Map.of("message_id", e.messageId(), "column", e.column(), "error", e.error())).toList());
    RunSummary summary =
        new RunSummary("ingest", ds.toString(), RunSummary.OK, ExitCodes.OK, elapsedMs(start),
            result.rowsRead(), result.rowsAccepted(), result.rowsQuarantined(), result.outputs(), details, null);
    if (!result.gateFailures().isEmpty()) {
      String message = "Data quality gate failed: " + String.join("; ", result.gateFailures())
          + " (outputs were written; see `proactive show quarantine --ds " + ds + "`)";
      throw new QualityGateException(message, summary.withStatus(RunSummary.QUALITY_GATE_FAILED, ExitCodes.QUALITY_GATE, message));
    }
    return summary;
  }

  RunSummary metrics(LocalDate ds) {
    long start = System.nanoTime();
    MetricsJob.Result result = new MetricsJob(spark, config, warehouse).run(ds);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("messages", result.messages());
    details.put("exposure_events_in_window", result.exposuresInWindow());
    return new RunSummary("metrics", ds.toString(), RunSummary.OK, ExitCodes.OK, elapsedMs(start),
        result.exposuresInWindow(), result.messages() * 2, 0L, result.outputs(), details, null);
  }

  RunSummary impact(LocalDate ds) {
    long start = System.nanoTime();
    ImpactJob.Result result = new ImpactJob(spark, config, warehouse).run(ds);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("topic_rows", result.topicRows());
    details.put("csat_rows", result.csatRows());
    details.put("verdicts", result.verdicts());
    return new RunSummary("impact", ds.toString(), RunSummary.OK, ExitCodes.OK, elapsedMs(start),
        null, result.topicRows() + result.csatRows(), 0L, List.of(Warehouse.TOPIC_IMPACT, Warehouse.CSAT_IMPACT), details, null);
  }

  RunSummary hygiene(LocalDate ds) {
    long start = System.nanoTime();
    HygieneJob.Result result = new HygieneJob(spark, config, warehouse).run(ds);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("messages", result.messages());
    details.put("flags", result.flags());
    return new RunSummary("hygiene", ds.toString(), RunSummary.OK, ExitCodes.OK, elapsedMs(start),
        result.messages(), result.flagCount() + result.messages(), 0L, result.outputs(), details, null);
  }

  RunSummary recommendations(LocalDate ds) {
    long start = System.nanoTime();
    RecommendationsJob.Result result = new RecommendationsJob(spark, config, warehouse).run(ds);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("actions", result.actions());
    details.put("narrowing_slices_found", result.narrowingSlicesFound());
    return new RunSummary("recommendations", ds.toString(), RunSummary.OK, ExitCodes.OK, elapsedMs(start),
        null, result.count(), 0L, List.of(Warehouse.RECOMMENDATIONS), details, null);
  }

  RunSummary segments(LocalDate ds) {
    long start = System.nanoTime();
    SegmentsJob.Result result = new SegmentsJob(spark, config, warehouse).run(ds);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("live_messages", result.liveMessages());
    Map<String, Object> segments = new LinkedHashMap<>();
    for (SegmentsJob.Segment s : result.segments()) {
      Map<String, Object> segment = new LinkedHashMap<>();
      segment.put("members", s.members());
      if (!s.runtimeConditions().isEmpty()) {
        segment.put("runtime_conditions", s.runtimeConditions());
      }
      segments.put(s.segmentId(), segment);
    }
    details.put("segments", segments);
    details.put("snapshot_version", result.snapshotVersion());
    details.put("serving_root", result.servingRoot());
    details.put("rule_errors", result.ruleErrors().stream()
        .map(e -> Map.of("message_id", e.messageId(), "column", e.column(), "error", e.error())).toList());
    return new RunSummary("segments", ds.toString(), RunSummary.OK, ExitCodes.OK, elapsedMs(start),
        result.users(), result.rowsOut(), 0L, result.outputs(), details, null);
  }

  RunSummary report(LocalDate ds) {
    long start = System.nanoTime();
    ReportJob.Result result = new ReportJob(spark, warehouse).run(ds);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("folder", result.folder().toString());
    details.put("files", result.files());
    details.put("actions", result.actions());
    details.put("charts", result.charts());
    return new RunSummary("report", ds.toString(), RunSummary.OK, ExitCodes.OK, elapsedMs(start),
        null, null, 0L, List.of("reports/ds=" + ds), details, null);
  }

  /** Runs every stage for {@code ds} and folds their summaries into one. */
  RunSummary pipeline(LocalDate ds) {
    long start = System.nanoTime();
    List<RunSummary> done = new ArrayList<>();
    try {
      for (String stage : PIPELINE) {
        done.add(run(stage, ds));
      }
    } catch (QualityGateException gate) {
      RunSummary failed = (RunSummary) gate.summary();
      done.add(failed);
      throw new QualityGateException(gate.getMessage(), combine(ds, done, start).withStatus(RunSummary.QUALITY_GATE_FAILED, ExitCodes.QUALITY_GATE, gate.getMessage()));
    }
    return combine(ds, done, start);
  }

  RunSummary run(String stage, LocalDate ds) {
    return switch (stage) {
      case "ingest" -> ingest(ds);
      case "metrics" -> metrics(ds);
      case "impact" -> impact(ds);
      case "hygiene" -> hygiene(ds);
      case "recommendations" -> recommendations(ds);
      case "segments" -> segments(ds);
      case "report" -> report(ds);
      default -> throw new IllegalArgumentException("Cannot run stage " + stage + ": unknown stage");
    };
  }

  private static RunSummary combine(LocalDate ds, List<RunSummary> stages, long start) {
    long in = stages.isEmpty() ? 0 : nullToZero(stages.get(0).rowsIn());
    long out = stages.stream().mapToLong(s -> nullToZero(s.rowsOut())).sum();
    long quarantined = stages.stream().mapToLong(s -> nullToZero(s.quarantined())).sum();
    List<String> outputs = stages.stream().flatMap(s -> s.outputs() == null ? java.util.stream.Stream.empty() : s.outputs().stream()).toList();
    Map<String, Object> details = new LinkedHashMap<>();
    for (RunSummary s : stages) {
      details.put(s.job(), s.details());
    }
    return new RunSummary("pipeline", ds.toString(), RunSummary.OK, ExitCodes.OK, elapsedMs(start), in, out, quarantined, outputs, details, null);
  }

  private static long nullToZero(Long value) {
    return value == null ? 0 : value;
  }

  static long elapsedMs(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
