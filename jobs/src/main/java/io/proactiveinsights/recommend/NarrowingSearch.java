package io.proactiveinsights.recommend;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.config.ProactiveConfig.RecommendSettings;
import io.proactiveinsights.hygiene.MessageFacts;
import io.proactiveinsights.run.Window;
import io.proactiveinsights.schema.Vocabulary.EventType;
import io.proactiveinsights.stats.BenjaminiHochberg;
import io.proactiveinsights.stats.Proportion;
import io.proactiveinsights.stats.ProportionDifference;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Finds, for a message whose audience mostly ignores it, the slice that engages: plan, role,
 * platform, signup recency and custom attributes with few values are each tried as an audience-rule
 * condition. Spark counts viewers and successes per (message, slice) in one pass; the choice —
 * size, lift, a two-proportion test and Benjamini–Hochberg across every slice tried — is plain Java
 * over those counts.
 */
public final class NarrowingSearch {

  public static final String MESSAGE_ID = "message_id";
  public static final String SLICE = "slice";
  public static final String VIEWERS = "viewers";
  public static final String SUCCESSES = "successes";

  /** The slice value of a message's totals row. */
  public static final String ALL = "*";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private NarrowingSearch() {}

  /**
   * Custom attribute keys with at most {@code maxValues} distinct values, usable as {@code
   * attr.<key>} in a rule.
   */
  public static Dataset<Row> attributeKeys(Dataset<Row> users, int maxValues) {
    return users
        .select(explode(col("attributes")).as(new String[] {"key", "value"}))
        .groupBy(col("key"))
        .agg(countDistinct(col("value")).as("values"))
        .where(col("values").leq(maxValues).and(col("values").geq(2)))
        .select(col("key"))
        .orderBy(col("key"));
  }

  /** Keeps the keys the rule language can name ({@code attr.<identifier>}). */
  public static List<String> usableKeys(List<String> keys) {
    return keys.stream().filter(k -> IDENTIFIER.matcher(k).matches()).toList();
  }

  /**
   * Viewers and successes per (message, slice) over [from, asOf), plus one totals row per message
   * with slice {@link #ALL}. A viewer is a person with a viewed event; a success is the format's
   * primary action (click, reply or completion) by that person.
   *
   * @param messages message_id and type of the messages to search
   */
  public static Dataset<Row> sliceCounts(
      Dataset<Row> exposures,
      Dataset<Row> users,
      Dataset<Row> messages,
      List<String> attributeKeys,
      List<Integer> signupDays,
      Instant from,
      Instant asOf) {
    Column type = col("_type");
    Column successType =
        when(
                type.isin("banner", "post", "tooltip", "mobile_carousel"),
                lit(EventType.CLICKED.wire()))
            .when(type.equalTo("chat"), lit(EventType.REPLIED.wire()))
            .otherwise(lit(EventType.COMPLETED.wire()));
    Dataset<Row> perViewer =
        exposures
            .where(new Window(from, asOf).contains(col("occurred_at")))
            .join(
                broadcast(messages.select(col(MESSAGE_ID).as("_mid"), col("type").as("_type"))),
                col(MESSAGE_ID).equalTo(col("_mid")))
            .groupBy(col(MESSAGE_ID), col("user_id"))
            .agg(
                max(when(col("event_type").equalTo(EventType.VIEWED.wire()), 1).otherwise(0))
                    .as("_viewed"),
                max(when(col("event_type").equalTo(successType), 1).otherwise(0)).as("_success"),
                max(col("platform")).as("_platform"))
            .where(col("_viewed").equalTo(1));
    Dataset<Row> withUser =
        perViewer.join(
            users.select(
                col("user_id").as("_uid"),
                col("plan"),
                col("role"),
                col("signed_up_at"),
                col("attributes")),
            col("user_id").equalTo(col("_uid")),
            "left");

    List<Column> slices = new ArrayList<>();
    slices.add(lit(ALL));
    slices.add(equalsRule("plan", col("plan")));
    slices.add(equalsRule("role", col("role")));
    slices.add(equalsRule("session.platform", col("_platform")));
    for (int days : signupDays) {
      slices.add(
          when(
              col("signed_up_at").geq(lit(Timestamp.from(asOf.minus(Duration.ofDays(days))))),
              lit("signed_up_at WITHIN " + days + "d")));
    }
    for (String key : attributeKeys) {
      slices.add(equalsRule("attr." + key, col("attributes").getItem(key)));
    }
    return withUser
        .select(
            col(MESSAGE_ID),
            col("_success"),
            explode(filter(array(slices.toArray(Column[]::new)), Column::isNotNull)).as(SLICE))
        .groupBy(col(MESSAGE_ID), col(SLICE))
        .agg(count(lit(1)).as(VIEWERS), sum(col("_success")).cast("long").as(SUCCESSES));
  }

  /** {@code field = 'value'} with the value's quotes doubled, or null when the value is. */
  private static Column equalsRule(String field, Column value) {
    return when(
        value.isNotNull(), concat(lit(field + " = '"), regexp_replace(value, "'", "''"), lit("'")));
  }

  /**
   * The best slice per message among those that pass every test: the message's other viewers engage
   * less than its format's median (interval wholly below), the slice has enough viewers and share,
   * engages at least {@code narrow_min_lift} times as often as the rest, and its q-value (across
   * every slice of every candidate message) is below {@code narrow_max_q_value}.
   */
  public static Map<String, NarrowSlice> select(
      List<Row> counts, Map<String, MessageFacts> candidates, RecommendSettings settings) {
    Map<String, long[]> totals = new HashMap<>();
    for (Row r : counts) {
      if (ALL.equals(r.getAs(SLICE))) {
        totals.put(
            r.getAs(MESSAGE_ID), new long[] {r.<Long>getAs(VIEWERS), r.<Long>getAs(SUCCESSES)});
      }
    }
    List<NarrowSlice> tested = new ArrayList<>();
    for (Row r : counts) {
      String messageId = r.getAs(MESSAGE_ID);
      String slice = r.getAs(SLICE);
      long[] total = totals.get(messageId);
      MessageFacts facts = candidates.get(messageId);
      if (ALL.equals(slice) || total == null || facts == null) {
        continue;
      }
      long sliceViewers = r.getAs(VIEWERS);
      long sliceSuccesses = r.getAs(SUCCESSES);
      long restViewers = total[0] - sliceViewers;
      long restSuccesses = total[1] - sliceSuccesses;
      if (sliceViewers < settings.narrowMinSliceViewers()
          || restViewers < settings.narrowMinSliceViewers()
          || sliceViewers < settings.narrowMinSliceShare() * total[0]) {
        continue;
      }
      Double median = facts.engagement().primary().reference().value();
      Proportion rest = Proportion.of(restSuccesses, restViewers);
      if (median == null || !rest.below(median)) {
        continue;
      }
      ProportionDifference d =
          ProportionDifference.of(sliceSuccesses, sliceViewers, restSuccesses, restViewers);
      tested.add(
          new NarrowSlice(
              messageId,
              slice,
              sliceViewers,
              sliceSuccesses,
              restViewers,
              restSuccesses,
              d,
              Double.NaN));
    }
    Double[] q =
        BenjaminiHochberg.qValues(
            tested.stream().map(t -> t.comparison().pValue()).toArray(Double[]::new));
    Map<String, NarrowSlice> best = new HashMap<>();
    for (int i = 0; i < tested.size(); i++) {
      NarrowSlice t = tested.get(i);
      ProportionDifference d = t.comparison();
      boolean lifts =
          d.difference() > 0
              && d.low() > 0
              && (d.ratio() == null || d.ratio() >= settings.narrowMinLift());
      if (!lifts || q[i] > settings.narrowMaxQValue()) {
        continue;
      }
      NarrowSlice judged =
          new NarrowSlice(
              t.messageId(),
              t.rule(),
              t.sliceViewers(),
              t.sliceSuccesses(),
              t.restViewers(),
              t.restSuccesses(),
              d,
              q[i]);
      best.merge(t.messageId(), judged, (a, b) -> BY_STRENGTH.compare(a, b) <= 0 ? a : b);
    }
    return best;
  }

  /**
   * Strongest first: the larger lower bound of the difference, then the larger slice, then the rule
   * text (for a stable choice).
   */
  private static final Comparator<NarrowSlice> BY_STRENGTH =
      Comparator.comparingDouble((NarrowSlice s) -> -s.comparison().low())
          .thenComparingLong(s -> -s.sliceViewers())
          .thenComparing(NarrowSlice::rule);
}
