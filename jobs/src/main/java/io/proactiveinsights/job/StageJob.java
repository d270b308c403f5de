package io.proactiveinsights.job;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.io.DeltaWriter;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.run.Stage;
import io.proactiveinsights.run.StageResult;
import io.proactiveinsights.spark.JobGroups;
import org.apache.spark.sql.SparkSession;

/**
 * What every stage's job shares: the session, the config and the warehouse it runs against, the
 * writer of its Delta tables, and {@link #run}, which labels the run's Spark jobs with the stage
 * and the date for the Spark UI (cleared when the run ends, however it ends) around the stage's own
 * {@link #doRun}.
 *
 * @param <R> what the stage reports of a run
 */
public abstract class StageJob<R extends StageResult> {

  protected final SparkSession spark;
  protected final ProactiveConfig config;
  protected final Warehouse warehouse;

  /** Every Delta write of the stage goes through it (see {@link DeltaWriter}). */
  protected final DeltaWriter writer;

  private final Stage stage;

  protected StageJob(Stage stage, SparkSession spark, ProactiveConfig config, Warehouse warehouse) {
    this.stage = stage;
    this.spark = spark;
    this.config = config;
    this.warehouse = warehouse;
    this.writer = new DeltaWriter(config.runs());
  }

  public final Stage stage() {
    return stage;
  }

  /**
   * Runs the stage for {@code date}: reads what earlier stages wrote for it, writes this stage's
   * tables.
   */
  public final R run(RunDate date) {
    return JobGroups.labelled(spark, stage.name(), stage.jobDescription(date), () -> doRun(date));
  }

  /** The stage's work for {@code date}, inside the Spark job group {@link #run} sets. */
  protected abstract R doRun(RunDate date);
}
