package io.proactiveinsights.metrics;

import static io.proactiveinsights.schema.MessageStatsColumns.*;

import io.proactiveinsights.schema.MessageStatsColumns.BaselinePosition;
import io.proactiveinsights.schema.MessageStatsColumns.RateDefinition;
import io.proactiveinsights.stats.Proportion;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Per-message engagement over a half-open time window {@code [from, to)}: from the counts {@link
 * EngagementCounts} gives, the rates with 95% Wilson intervals and each message's primary rate
 * against its format's baseline. Pure transforms: datasets and instants in, datasets out; no reads,
 * writes or clock. The counts are a row per message of the catalogue, so rates and baselines are
 * finished on the driver and returned as local frames.
 */
public final class EngagementMetrics {

  private static final List<String> RATE_NAMES = RATES.stream().map(RateDefinition::rate).toList();

  private EngagementMetrics() {}

  /** The schema of rates and primary rate that follow the counts in {@code message_stats}. */
  private static StructType ratesSchema(StructType countsSchema) {
    StructType schema = countsSchema;
    for (RateDefinition rate : RATES) {
      schema =
          schema
              .add(rate.rate(), DataTypes.DoubleType, true)
              .add(rate.low(), DataTypes.DoubleType, true)
              .add(rate.high(), DataTypes.DoubleType, true);
    }
    return schema
        .add(PRIMARY_METRIC, DataTypes.StringType, false)
        .add(PRIMARY_RATE, DataTypes.DoubleType, true)
        .add(PRIMARY_LOW, DataTypes.DoubleType, true)
        .add(PRIMARY_HIGH, DataTypes.DoubleType, true);
  }

  /** {@code message_stats}' schema from the window counts' schema. */
  private static StructType statsSchema(StructType countsSchema) {
    return ratesSchema(countsSchema)
        .add(BASELINE_MEDIAN, DataTypes.DoubleType, true)
        .add(BASELINE_Q1, DataTypes.DoubleType, true)
        .add(BASELINE_Q3, DataTypes.DoubleType, true)
        .add(BASELINE_MESSAGES, DataTypes.LongType, false)
        .add(DISMISS_BASELINE_MEDIAN, DataTypes.DoubleType, true)
        .add(VS_BASELINE, DataTypes.DoubleType, true)
        .add(BASELINE_POSITION, DataTypes.StringType, false)
        .add(WINDOW_START, DataTypes.TimestampType, false)
        .add(WINDOW_END, DataTypes.TimestampType, false);
  }

  /**
   * A message's counts followed by every rate with its Wilson interval and the format's primary
   * rate, with room left for the baseline columns. A rate with a zero denominator is null (a
   * message nobody viewed has no click-through, not 0%). A rate divides the people of its action
   * among the denominator's people ({@link RateDefinition#successes}), never the two independent
   * counts: over a window, a message shown again and again has more viewers than receivers.
   */
  private static Object[] withRates(Row counts, int width) {
    StructType in = counts.schema();
    Object[] values = new Object[width];
    for (int i = 0; i < in.size(); i++) {
      values[i] = counts.get(i);
    }
    int at = in.size();
    Proportion[] estimates = new Proportion[RATES.size()];
    for (int i = 0; i < RATES.size(); i++) {
      RateDefinition rate = RATES.get(i);
      estimates[i] =
          Proportion.of(
              counts.getLong(in.fieldIndex(rate.successes())),
              counts.getLong(in.fieldIndex(rate.denominator())));
      at = put(values, at, estimates[i]);
    }
    PrimaryMetric primary = PrimaryMetric.ofWire(counts.<String>getAs(TYPE));
    values[at++] = primary.column();
    put(values, at, estimates[RATE_NAMES.indexOf(primary.column())]);
    return values;
  }

  private static int put(Object[] values, int at, Proportion p) {
    values[at] = p == null ? null : p.rate();
    values[at + 1] = p == null ? null : p.low();
    values[at + 2] = p == null ? null : p.high();
    return at + 3;
  }

  /** Where a message's primary interval stands against its format's median. */
  private static BaselinePosition position(
      long viewers, Double low, Double high, FormatBaseline baseline, long minViewers) {
    if (viewers < minViewers) {
      return BaselinePosition.INSUFFICIENT_DATA;
    }
    if (baseline.messages() < 2) {
      return BaselinePosition.NO_BASELINE;
    }
    if (low != null && baseline.median() != null && low > baseline.median()) {
      return BaselinePosition.ABOVE;
    }
    if (high != null && baseline.median() != null && high < baseline.median()) {
      return BaselinePosition.BELOW;
    }
    return BaselinePosition.WITHIN;
  }

  /** The whole trailing-window computation: counts, rates, baselines, and the window bounds. */
  public static Dataset<Row> trailingWindow(
      Dataset<Row> exposures,
      Dataset<Row> messages,
      Dataset<Row> userEvents,
      Instant from,
      Instant to,
      Duration goalWindow,
      long minViewers) {
    return statsFromCounts(
        EngagementCounts.counts(exposures, messages, userEvents, from, to, goalWindow),
        from,
        to,
        minViewers);
  }

  /**
   * Rates, baselines and window bounds from window counts (one row per message): every rate with
   * its Wilson interval, the format's primary rate, and each format's workspace baseline (median
   * and quartiles of the primary rate across the messages of that format with at least {@code
   * minViewers} viewers, and the median dismissal rate) with where each message's interval stands
   * against the median.
   *
   * <p>The counts are one row per message of the catalogue, not per event, so they are finished on
   * the driver in plain Java: as Spark stages on a few dozen rows, the baselines' aggregation and
   * join took longer than writing the table (docs/benchmarks.md).
   */
  public static Dataset<Row> statsFromCounts(
      Dataset<Row> windowCounts, Instant from, Instant to, long minViewers) {
    StructType schema = statsSchema(windowCounts.schema());
    int ratesEnd = ratesSchema(windowCounts.schema()).size();
    List<Object[]> messages = new ArrayList<>();
    Map<String, List<Object[]>> eligibleByType = new HashMap<>();
    for (Row counts : windowCounts.collectAsList()) {
      Object[] values = withRates(counts, schema.size());
      messages.add(values);
      if (counts.<Long>getAs(VIEWERS) >= minViewers) {
        eligibleByType.computeIfAbsent(counts.getAs(TYPE), type -> new ArrayList<>()).add(values);
      }
    }
    Map<String, FormatBaseline> baselines = new HashMap<>();
    int primaryAt = schema.fieldIndex(PRIMARY_RATE);
    int dismissAt = schema.fieldIndex(DISMISS_RATE);
    eligibleByType.forEach(
        (type, eligible) ->
            baselines.put(
                type,
                FormatBaseline.of(
                    eligible.stream().map(values -> (Double) values[primaryAt]).toList(),
                    eligible.stream().map(values -> (Double) values[dismissAt]).toList())));

    List<Row> rows = new ArrayList<>(messages.size());
    for (Object[] values : messages) {
      FormatBaseline baseline =
          baselines.getOrDefault((String) values[schema.fieldIndex(TYPE)], FormatBaseline.NONE);
      Double primaryRate = (Double) values[primaryAt];
      int at = ratesEnd;
      values[at++] = baseline.median();
      values[at++] = baseline.q1();
      values[at++] = baseline.q3();
      values[at++] = baseline.messages();
      values[at++] = baseline.dismissMedian();
      values[at++] =
          primaryRate == null || baseline.median() == null ? null : primaryRate - baseline.median();
      values[at++] =
          position(
                  (Long) values[schema.fieldIndex(VIEWERS)],
                  (Double) values[schema.fieldIndex(PRIMARY_LOW)],
                  (Double) values[schema.fieldIndex(PRIMARY_HIGH)],
                  baseline,
                  minViewers)
              .wire();
      values[at++] = Timestamp.from(from);
      values[at] = Timestamp.from(to);
      rows.add(RowFactory.create(values));
    }
    return windowCounts.sparkSession().createDataFrame(rows, schema);
  }
}
