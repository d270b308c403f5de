package io.proactiveinsights.bench;

import io.proactiveinsights.cli.CliRun;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a small pipeline's time goes, stage by stage: the sample (1,000 people over 30 days) run by
 * {@code proactive pipeline} three times in one JVM (the first cold, the others warm), with a Spark
 * listener counting each stage's jobs (the stage's job group), their summed time and the stage's
 * span from its first job's start to its last job's end; the span minus the jobs' time is driver
 * work between jobs (planning, Delta's log, commits). The last run's slowest call sites are listed
 * too. Not part of {@code mvn verify} (the class name matches no test pattern); run it alone on a
 * quiet machine:
 *
 * <pre>
 * mvn -B -pl delivery,jobs test -Dsurefire.forks=1 -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dtest=PipelineStagesBenchmark
 * </pre>
 */
class PipelineStagesBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineStagesBenchmark.class);
  private static final String DS = "2026-11-23";
  private static final int RUNS = 3;

  /** One label's jobs: how many, their summed time, and the first start and last end. */
  private static final class Tally {
    long jobs;
    long jobMillis;
    long firstStart = Long.MAX_VALUE;
    long lastEnd;

    synchronized void add(long start, long end) {
      jobs++;
      jobMillis += end - start;
      firstStart = Math.min(firstStart, start);
      lastEnd = Math.max(lastEnd, end);
    }
  }

  private final Map<String, Tally> byStage = new ConcurrentHashMap<>();
  private final Map<String, Tally> bySite = new ConcurrentHashMap<>();

  @Test
  void pipelineStagesJobsAndDriverTime() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "pipeline-stages");
    Path input = dir.resolve("input");
    CliRun sample =
        CliRun.runWithTestConf(
            "sample", "--out", input.toString(), "--users", "1000", "--days", "30", "--ds", DS);
    if (sample.exitCode() != 0) {
      throw new AssertionError(sample.err());
    }
    Map<Integer, Long> started = new ConcurrentHashMap<>();
    Map<Integer, String[]> labels = new ConcurrentHashMap<>();
    SharedSpark.session()
        .sparkContext()
        .addSparkListener(
            new SparkListener() {
              @Override
              public void onJobStart(SparkListenerJobStart job) {
                String stage = String.valueOf(job.properties().getProperty("spark.jobGroup.id"));
                started.put(job.jobId(), job.time());
                labels.put(
                    job.jobId(),
                    new String[] {stage, stage + " | " + job.stageInfos().head().name()});
              }

              @Override
              public void onJobEnd(SparkListenerJobEnd job) {
                long start = started.remove(job.jobId());
                String[] label = labels.remove(job.jobId());
                byStage.computeIfAbsent(label[0], k -> new Tally()).add(start, job.time());
                bySite.computeIfAbsent(label[1], k -> new Tally()).add(start, job.time());
              }
            });

    for (int run = 1; run <= RUNS; run++) {
      byStage.clear();
      bySite.clear();
      long begin = System.nanoTime();
      CliRun pipeline =
          CliRun.runWithTestConf(
              "pipeline",
              "--ds",
              DS,
              "--input",
              input.toString(),
              "--warehouse",
              dir.resolve("warehouse-" + run).toString());
      long wallMillis = (System.nanoTime() - begin) / 1_000_000;
      if (pipeline.exitCode() != 0) {
        throw new AssertionError(pipeline.err());
      }
      Thread.sleep(500); // the listener bus delivers the last job ends asynchronously
      LOG.info("run {} of {}: {} ms", run, RUNS, wallMillis);
      new TreeMap<>(byStage)
          .forEach(
              (stage, t) ->
                  LOG.info(
                      String.format(
                          Locale.ROOT,
                          "  %-16s %4d jobs, jobs %6d ms, span %6d ms",
                          stage,
                          t.jobs,
                          t.jobMillis,
                          t.lastEnd - t.firstStart)));
    }
    bySite.entrySet().stream()
        .sorted(Comparator.comparingLong(e -> -e.getValue().jobMillis))
        .limit(25)
        .forEach(
            e ->
                LOG.info(
                    String.format(
                        Locale.ROOT,
                        "  %-90s %4d jobs %6d ms",
                        e.getKey(),
                        e.getValue().jobs,
                        e.getValue().jobMillis)));
  }
}
