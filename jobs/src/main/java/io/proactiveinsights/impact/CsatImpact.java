package io.proactiveinsights.impact;

import static io.proactiveinsights.schema.RowCodec.instant;
import static io.proactiveinsights.schema.RowCodec.longValue;
import static io.proactiveinsights.schema.RowCodec.nullableDouble;
import static io.proactiveinsights.schema.RowCodec.string;
import static io.proactiveinsights.schema.RowCodec.wire;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.proactiveinsights.run.Window;
import io.proactiveinsights.schema.RowCodec;
import io.proactiveinsights.stats.WelchTest;
import java.time.Instant;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * One row of {@code csat_impact}: CSAT of conversations started from a message (its {@code
 * source_message_id}) against rated conversations on the message's topics that it did not start,
 * over a window. The table's columns, its schema and the row codec are here.
 *
 * <p>Welch's t-test on the mean rating, not Mann–Whitney: ratings are 1..5 with heavy ties, which
 * the rank test (as Commons Math implements it) does not correct for; support leads read CSAT as a
 * mean; and Welch needs only (count, sum, sum of squares) per group, which Spark aggregates, so no
 * rating list reaches the driver. With the minimum group size from conf the mean is close to
 * normal. Every row is {@value TopicImpact#OBSERVATIONAL} (column {@value #DESIGN}): people chose
 * to answer the message.
 */
public record CsatImpact(
    String messageId,
    long fromMessageN,
    Double fromMessageMean,
    long othersN,
    Double othersMean,
    Double difference,
    Double ciLow,
    Double ciHigh,
    Double pValue,
    Method method,
    Instant windowStart,
    Instant windowEnd) {

  /** How the two groups were compared; {@link #wire()} is the stored value. */
  public enum Method {
    WELCH_T,
    /** Either group has fewer ratings than impact.min_csat_ratings: nothing is compared. */
    INSUFFICIENT_DATA;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final String MESSAGE_ID = "message_id";
  public static final String DESIGN = TopicImpact.DESIGN;
  public static final String FROM_MESSAGE_N = "from_message_n";
  public static final String FROM_MESSAGE_MEAN = "from_message_mean";
  public static final String OTHERS_N = "others_n";
  public static final String OTHERS_MEAN = "others_mean";
  public static final String DIFFERENCE = "difference";
  public static final String CI_LOW = "ci_low";
  public static final String CI_HIGH = "ci_high";
  public static final String P_VALUE = "p_value";
  public static final String METHOD = "method";
  public static final String WINDOW_START = "window_start";
  public static final String WINDOW_END = "window_end";

  private static final RowCodec<CsatImpact> CODEC =
      RowCodec.<CsatImpact>builder()
          .string(MESSAGE_ID, false, CsatImpact::messageId)
          .string(DESIGN, false, c -> TopicImpact.OBSERVATIONAL)
          .longs(FROM_MESSAGE_N, false, CsatImpact::fromMessageN)
          .doubles(FROM_MESSAGE_MEAN, true, CsatImpact::fromMessageMean)
          .longs(OTHERS_N, false, CsatImpact::othersN)
          .doubles(OTHERS_MEAN, true, CsatImpact::othersMean)
          .doubles(DIFFERENCE, true, CsatImpact::difference)
          .doubles(CI_LOW, true, CsatImpact::ciLow)
          .doubles(CI_HIGH, true, CsatImpact::ciHigh)
          .doubles(P_VALUE, true, CsatImpact::pValue)
          .string(METHOD, false, c -> c.method().wire())
          .timestamp(WINDOW_START, false, CsatImpact::windowStart)
          .timestamp(WINDOW_END, false, CsatImpact::windowEnd)
          .build();

  public static final StructType SCHEMA = CODEC.schema();

  /** The row in {@link #SCHEMA} order. */
  public Row toRow() {
    return CODEC.toRow(this);
  }

  /** A {@code csat_impact} row as the impact job wrote it. */
  public static CsatImpact fromRow(Row r) {
    return new CsatImpact(
        string(r, MESSAGE_ID),
        longValue(r, FROM_MESSAGE_N),
        nullableDouble(r, FROM_MESSAGE_MEAN),
        longValue(r, OTHERS_N),
        nullableDouble(r, OTHERS_MEAN),
        nullableDouble(r, DIFFERENCE),
        nullableDouble(r, CI_LOW),
        nullableDouble(r, CI_HIGH),
        nullableDouble(r, P_VALUE),
        wire(r, METHOD, Method.class),
        instant(r, WINDOW_START),
        instant(r, WINDOW_END));
  }

  /**
   * Per message: (n, sum, sum of squares) of ratings from the message and from the rest of its
   * topics. Pure transform.
   */
  public static Dataset<Row> groups(
      Dataset<Row> messages, Dataset<Row> conversations, Instant from, Instant to) {
    Dataset<Row> rated =
        conversations.where(
            col("csat_rating").isNotNull().and(new Window(from, to).contains(col("created_at"))));
    Column rating = col("csat_rating").cast("double");
    Dataset<Row> fromMessage =
        rated
            .where(col("source_message_id").isNotNull())
            .groupBy(col("source_message_id").as("message_id"))
            .agg(
                count(lit(1)).as("from_n"),
                sum(rating).as("from_sum"),
                sum(rating.multiply(rating)).as("from_sumsq"));
    Dataset<Row> topics =
        messages.select(col("message_id").as("_m"), explode(col("topics")).as("_topic")).distinct();
    Dataset<Row> others =
        rated
            .join(broadcast(topics), col("topic").equalTo(col("_topic")))
            .where(
                col("source_message_id").isNull().or(col("source_message_id").notEqual(col("_m"))))
            .groupBy(col("_m").as("message_id"))
            .agg(
                count(lit(1)).as("others_n"),
                sum(rating).as("others_sum"),
                sum(rating.multiply(rating)).as("others_sumsq"));
    return messages
        .select("message_id")
        .join(fromMessage, "message_id")
        .join(others, new String[] {"message_id"}, "left");
  }

  /** One csat_impact row from a {@link #groups} row. */
  public static CsatImpact compare(Row g, long minRatings, Instant from, Instant to) {
    long fromN = g.getLong(g.fieldIndex("from_n"));
    long othersN = g.isNullAt(g.fieldIndex("others_n")) ? 0 : g.getLong(g.fieldIndex("others_n"));
    WelchTest.Sample fromSample =
        new WelchTest.Sample(
            fromN, g.getDouble(g.fieldIndex("from_sum")), g.getDouble(g.fieldIndex("from_sumsq")));
    WelchTest.Sample otherSample =
        othersN == 0
            ? null
            : new WelchTest.Sample(
                othersN,
                g.getDouble(g.fieldIndex("others_sum")),
                g.getDouble(g.fieldIndex("others_sumsq")));
    String messageId = g.getString(g.fieldIndex("message_id"));
    Double fromMean = fromN == 0 ? null : fromSample.mean();
    Double othersMean = otherSample == null ? null : otherSample.mean();
    WelchTest.Result r =
        fromN >= minRatings && othersN >= minRatings
            ? WelchTest.test(fromSample, otherSample)
            : null;
    if (r == null) {
      return new CsatImpact(
          messageId,
          fromN,
          fromMean,
          othersN,
          othersMean,
          null,
          null,
          null,
          null,
          Method.INSUFFICIENT_DATA,
          from,
          to);
    }
    return new CsatImpact(
        messageId,
        fromN,
        fromMean,
        othersN,
        othersMean,
        r.difference(),
        r.low(),
        r.high(),
        r.pValue(),
        Method.WELCH_T,
        from,
        to);
  }
}
