package io.proactiveinsights.io;

import io.proactiveinsights.config.ProactiveConfig.RunSettings;
import io.proactiveinsights.run.RunTag;
import java.time.Duration;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * One run's hold on a warehouse, from before its first write until it ends however it ends: the
 * lock of its ds ({@link RunLock}), and its {@link RunTag} on every Delta commit the session makes
 * meanwhile. The tag is set as the session's {@value #USER_METADATA}, the one setting every Delta
 * commit reads (writes with {@code replaceWhere}, table creation, {@code RESTORE}); a writer option
 * would reach only the writes that pass it.
 */
public final class WarehouseRun implements AutoCloseable {

  /** Delta's session setting for the {@code userMetadata} of each commit's commitInfo. */
  public static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

  private final SparkSession spark;
  private RunTag tag;
  private final RunLock lock;
  private final Option<String> previousMetadata;

  private WarehouseRun(SparkSession spark, RunTag tag, RunLock lock) {
    this.spark = spark;
    this.tag = tag;
    this.lock = lock;
    this.previousMetadata = spark.conf().getOption(USER_METADATA);
    spark.conf().set(USER_METADATA, tag.toJson());
  }

  /**
   * Starts {@code tag}'s run on {@code warehouse}: takes its ds's lock (or fails, exit code 1, when
   * another run of the ds holds it) and tags the session's commits.
   */
  public static WarehouseRun open(
      SparkSession spark, Warehouse warehouse, RunTag tag, RunSettings settings) {
    RunLock lock =
        RunLock.acquire(
            spark.sparkContext().hadoopConfiguration(),
            warehouse,
            tag,
            Duration.ofHours(settings.lockTimeoutHours()));
    try {
      return new WarehouseRun(spark, tag, lock);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  public RunTag tag() {
    return tag;
  }

  /**
   * Tags the session's commits from now on with {@code newTag}, of the same run and ds: a rollback
   * learns which run it undoes only once it holds the lock.
   */
  public void tagCommitsAs(RunTag newTag) {
    if (!newTag.runId().equals(tag.runId()) || !newTag.ds().equals(tag.ds())) {
      throw new IllegalArgumentException(
          "Cannot retag " + tag.describe() + " as " + newTag.describe() + ": another run or ds");
    }
    tag = newTag;
    spark.conf().set(USER_METADATA, newTag.toJson());
  }

  /** Untags the session's commits and releases the lock. */
  @Override
  public void close() {
    try {
      if (previousMetadata.isDefined()) {
        spark.conf().set(USER_METADATA, previousMetadata.get());
      } else {
        spark.conf().unset(USER_METADATA);
      }
    } finally {
      lock.close();
    }
  }
}
