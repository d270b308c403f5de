package io.proactiveinsights.sample;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;

/**
 * The generators' random draws as Spark columns: a hash of (seed, salt, keys), never {@code
 * rand()}, so the same seed writes the same rows whatever the partitioning; times count back from
 * the as-of instant.
 */
record Draws(long seed, long asOfSeconds) {

  private static final long DAY = 86_400L;

  /** A uniform draw in [0, 1) from the seed, a salt and key columns. */
  Column uniform(String salt, Column... keys) {
    Column[] all = new Column[keys.length + 2];
    all[0] = lit(seed);
    all[1] = lit(salt);
    System.arraycopy(keys, 0, all, 2, keys.length);
    return pmod(xxhash64(all), lit(1_000_000L)).divide(1e6);
  }

  /** The timestamp {@code days} (a column, may be fractional) before the as-of instant. */
  Column secondsAgo(Column days) {
    return timestamp_seconds(lit(asOfSeconds).minus(days.multiply(DAY)).cast("long"));
  }
}
