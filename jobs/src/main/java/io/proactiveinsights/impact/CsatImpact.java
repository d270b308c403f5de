package io.proactiveinsights.impact;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.proactiveinsights.run.Window;
import io.proactiveinsights.stats.WelchTest;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code csat_impact}: CSAT of conversations started from a message (its {@code source_message_id})
 * against rated conversations on the message's topics that it did not start, over a window.
 *
 * <p>Welch's t-test on the mean rating, not Mann–Whitney: ratings are 1..5 with heavy ties, which
 * the rank test (as Commons Math implements it) does not correct for; support leads read CSAT as a
 * mean; and Welch needs only (count, sum, sum of squares) per group, which Spark aggregates, so no
 * rating list reaches the driver. With the minimum group size from conf the mean is close to
 * normal.
 */
public final class CsatImpact {

  public static final StructType SCHEMA =
      new StructType()
          .add("message_id", DataTypes.StringType, false)
          .add("from_message_n", DataTypes.LongType, false)
          .add("from_message_mean", DataTypes.DoubleType, true)
          .add("others_n", DataTypes.LongType, false)
          .add("others_mean", DataTypes.DoubleType, true)
          .add("difference", DataTypes.DoubleType, true)
          .add("ci_low", DataTypes.DoubleType, true)
          .add("ci_high", DataTypes.DoubleType, true)
          .add("p_value", DataTypes.DoubleType, true)
          .add("method", DataTypes.StringType, false)
          .add("window_start", DataTypes.TimestampType, false)
          .add("window_end", DataTypes.TimestampType, false);

  private CsatImpact() {}

  /** Per message: (n, sum, sum of squares) of ratings from the message and from the rest of its topics. Pure transform. */
  public static Dataset<Row> groups(Dataset<Row> messages, Dataset<Row> conversations, Instant from, Instant to) {
    Dataset<Row> rated =
        conversations.where(col("csat_rating").isNotNull().and(new Window(from, to).contains(col("created_at"))));
    Column rating = col("csat_rating").cast("double");
    Dataset<Row> fromMessage =
        rated.where(col("source_message_id").isNotNull())
            .groupBy(col("source_message_id").as("message_id"))
            .agg(count(lit(1)).as("from_n"), sum(rating).as("from_sum"), sum(rating.multiply(rating)).as("from_sumsq"));
    Dataset<Row> topics = messages.select(col("message_id").as("_m"), explode(col("topics")).as("_topic")).distinct();
    Dataset<Row> others =
        rated.join(broadcast(topics), col("topic").equalTo(col("_topic")))
            .where(col("source_message_id").isNull().or(col("source_message_id").notEqual(col("_m"))))
            .groupBy(col("_m").as("message_id"))
            .agg(count(lit(1)).as("others_n"), sum(rating).as("others_sum"), sum(rating.multiply(rating)).as("others_sumsq"));
    return messages.select("message_id").join(fromMessage, "message_id").join(others, new String[] {"message_id"}, "left");
  }

  /** One csat_impact row from a {@link #groups} row. */
  public static Row compare(Row g, long minRatings, Instant from, Instant to) {
    long fromN = g.getLong(g.fieldIndex("from_n"));
    long othersN = g.isNullAt(g.fieldIndex("others_n")) ? 0 : g.getLong(g.fieldIndex("others_n"));
    WelchTest.Sample fromSample = new WelchTest.Sample(fromN, g.getDouble(g.fieldIndex("from_sum")), g.getDouble(g.fieldIndex("from_sumsq")));
    WelchTest.Sample otherSample = othersN == 0 ? null
        : new WelchTest.Sample(othersN, g.getDouble(g.fieldIndex("others_sum")), g.getDouble(g.fieldIndex("others_sumsq")));
    WelchTest.Result r = fromN >= minRatings && othersN >= minRatings ? WelchTest.test(fromSample, otherSample) : null;
    return new GenericRowWithSchema(new Object[] {
        g.getString(g.fieldIndex("message_id")), fromN, fromN == 0 ? null : fromSample.mean(), othersN,
        otherSample == null ? null : otherSample.mean(),
        r == null ? null : r.difference(), r == null ? null : r.low(), r == null ? null : r.high(), r == null ? null : r.pValue(),
        r == null ? TopicImpactCalculator.INSUFFICIENT : "welch_t", Timestamp.from(from), Timestamp.from(to)}, SCHEMA);
  }
}
