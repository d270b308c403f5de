package io.proactiveinsights.spark;

import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Labels the Spark jobs of one piece of work, so the Spark UI says what ran, and takes the label
 * off when the work ends, by an exception too: a later run on the same session is never shown under
 * this one's name.
 */
public final class JobGroups {

  private JobGroups() {}

  public static <T> T labelled(
      SparkSession spark, String groupId, String description, Supplier<T> work) {
    spark.sparkContext().setJobGroup(groupId, description, false);
    try {
      return work.get();
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }
}
