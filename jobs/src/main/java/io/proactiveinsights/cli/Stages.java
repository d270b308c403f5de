package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.errors.ProactiveException.QualityGateException;
import io.proactiveinsights.experiments.ExperimentsJob;
import io.proactiveinsights.hygiene.HygieneJob;
import io.proactiveinsights.impact.ImpactJob;
import io.proactiveinsights.ingest.IngestJob;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.io.WarehouseRun;
import io.proactiveinsights.job.StageJob;
import io.proactiveinsights.metrics.MetricsJob;
import io.proactiveinsights.recommend.RecommendationsJob;
import io.proactiveinsights.report.ReportJob;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.run.RunTag;
import io.proactiveinsights.run.Stage;
import io.proactiveinsights.run.StageResult;
import io.proactiveinsights.segments.SegmentsJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Stage}s, each run turned into its {@link RunSummary}. The pipeline and demo commands
 * run them all, in {@link Stage} order; each job command runs one. A stage whose quality gate fails
 * stops the pipeline with exit code 3, after its outputs are written so they can be inspected.
 *
 * <p>Each command's work on one ds is a run ({@link WarehouseRun}): it holds the ds's lock in the
 * warehouse, so a second run of the same ds stops before writing, and tags its Delta commits with
 * its run id, which the summary prints and {@code proactive rollback} takes.
 */
final class Stages {

  private static final Logger LOG = LoggerFactory.getLogger(Stages.class);

  private final SparkSession spark;
  private final ProactiveConfig config;
  private final Inputs inputs;
  private final Warehouse warehouse;

  /** For the commands that read no inputs: every stage but ingest. */
  Stages(SparkSession spark, ProactiveConfig config, Warehouse warehouse) {
    this(spark, config, null, warehouse);
  }

  Stages(SparkSession spark, ProactiveConfig config, Inputs inputs, Warehouse warehouse) {
    this.spark = spark;
    this.config = config;
    this.inputs = inputs;
    this.warehouse = warehouse;
  }

  /** Runs {@code stage} for {@code date}; a failed quality gate throws, carrying the summary. */
  RunSummary run(Stage stage, RunDate date) {
    return asRun(stage.cliName(), date, () -> runStage(stage, date));
  }

  /** Runs every stage for {@code date} and folds their summaries into one. */
  RunSummary pipeline(RunDate date) {
    return asRun("pipeline", date, () -> runPipeline(date));
  }

  /**
   * {@code work} as run {@code job} of {@code date}: under the ds's lock, its commits tagged, its
   * run id in the summary (a failed gate's too).
   */
  private RunSummary asRun(String job, RunDate date, Supplier<RunSummary> work) {
    RunTag tag = RunTag.start(job, date.ds(), Instant.now());
    // Opened before the try: a run refused the lock has written nothing to undo.
    WarehouseRun run = WarehouseRun.open(spark, warehouse, tag, config.runs());
    try (run) {
      LOG.info("{} for ds {}: run {}", job, date, tag.runId());
      return work.get().withRunId(tag.runId());
    } catch (QualityGateException gate) {
      throw new QualityGateException(
          gate.getMessage(), ((RunSummary) gate.summary()).withRunId(tag.runId()));
    } catch (RuntimeException | Error failed) {
      LOG.warn(
          "{} for ds {}: run {} failed; what it wrote can be undone with `proactive rollback --ds"
              + " {} --run {}`",
          job,
          date,
          tag.runId(),
          date,
          tag.runId());
      throw failed;
    }
  }

  private RunSummary runStage(Stage stage, RunDate date) {
    long start = System.nanoTime();
    StageResult result = job(stage).run(date);
    RunSummary summary =
        new RunSummary(
            stage.cliName(),
            date.toString(),
            RunSummary.OK,
            ExitCodes.OK,
            elapsedMs(start),
            result.rowsIn(),
            result.rowsOut(),
            result.quarantined(),
            result.outputs(),
            result.details(),
            null);
    if (!result.gateFailures().isEmpty()) {
      String message =
          "Data quality gate failed: "
              + String.join("; ", result.gateFailures())
              + " (outputs were written; see `proactive show quarantine --ds "
              + date
              + "`)";
      throw new QualityGateException(
          message,
          summary.withStatus(RunSummary.QUALITY_GATE_FAILED, ExitCodes.QUALITY_GATE, message));
    }
    return summary;
  }

  private RunSummary runPipeline(RunDate date) {
    long start = System.nanoTime();
    List<RunSummary> done = new ArrayList<>();
    try {
      for (Stage stage : Stage.values()) {
        done.add(runStage(stage, date));
      }
    } catch (QualityGateException gate) {
      RunSummary failed = (RunSummary) gate.summary();
      done.add(failed);
      throw new QualityGateException(
          gate.getMessage(),
          combine(date, done, start)
              .withStatus(
                  RunSummary.QUALITY_GATE_FAILED, ExitCodes.QUALITY_GATE, gate.getMessage()));
    }
    return combine(date, done, start);
  }

  private StageJob<?> job(Stage stage) {
    return switch (stage) {
      case INGEST -> new IngestJob(spark, config, inputs().open(spark, config), warehouse);
      case METRICS -> new MetricsJob(spark, config, warehouse);
      case IMPACT -> new ImpactJob(spark, config, warehouse);
      case EXPERIMENTS -> new ExperimentsJob(spark, config, warehouse);
      case HYGIENE -> new HygieneJob(spark, config, warehouse);
      case RECOMMENDATIONS -> new RecommendationsJob(spark, config, warehouse);
      case SEGMENTS -> new SegmentsJob(spark, config, warehouse);
      case REPORT -> new ReportJob(spark, config, warehouse);
    };
  }

  private Inputs inputs() {
    if (inputs == null) {
      throw new IllegalStateException(
          "Cannot run " + Stage.INGEST.cliName() + ": this command was given no inputs");
    }
    return inputs;
  }

  private static RunSummary combine(RunDate date, List<RunSummary> stages, long start) {
    long in = stages.isEmpty() ? 0 : nullToZero(stages.get(0).rowsIn());
    long out = stages.stream().mapToLong(s -> nullToZero(s.rowsOut())).sum();
    long quarantined = stages.stream().mapToLong(s -> nullToZero(s.quarantined())).sum();
    List<String> outputs =
        stages.stream()
            .flatMap(
                s -> s.outputs() == null ? java.util.stream.Stream.empty() : s.outputs().stream())
            .toList();
    Map<String, Object> details = new LinkedHashMap<>();
    for (RunSummary s : stages) {
      details.put(s.job(), s.details());
    }
    return new RunSummary(
        "pipeline",
        date.toString(),
        RunSummary.OK,
        ExitCodes.OK,
        elapsedMs(start),
        in,
        out,
        quarantined,
        outputs,
        details,
        null);
  }

  private static long nullToZero(Long value) {
    return value == null ? 0 : value;
  }

  static long elapsedMs(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
