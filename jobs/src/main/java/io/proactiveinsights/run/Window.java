package io.proactiveinsights.run;

import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apache.spark.sql.Column;

/**
 * A half-open span of time, {@code [start, end)}: an event at {@code start} is in it, one at {@code
 * end} is not, so consecutive windows never count an event twice. Every window of a run is one
 * ({@link RunDate#trailing}).
 */
public record Window(Instant start, Instant end) {

  public Window {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException(
          "Cannot make a window from " + start + " to " + end + ": it ends before it starts");
    }
  }

  /** {@code start <= timestamp < end}, for a Spark filter on a timestamp column. */
  public Column contains(Column timestamp) {
    return timestamp.geq(lit(Timestamp.from(start))).and(timestamp.lt(lit(Timestamp.from(end))));
  }

  public Duration length() {
    return Duration.between(start, end);
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}
