package io.proactiveinsights.metrics;

import static io.proactiveinsights.schema.VariantStatsColumns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import io.proactiveinsights.run.Window;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.MessageStatsColumns;
import io.proactiveinsights.schema.MessageStatsColumns.RateDefinition;
import io.proactiveinsights.stats.ProportionDifference;
import io.proactiveinsights.stats.VariantComparison;
import io.proactiveinsights.stats.VariantComparison.Reading;
import io.proactiveinsights.stats.VariantComparison.Variant;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code variant_stats} rows of a window: for each message whose exposures carry two or more
 * {@code variant_id}s in it, each variant's receivers and primary metric, read against the
 * reference variant ({@link VariantComparison}). Pure transform: datasets and a window in, a local
 * frame of a row per message and variant out; no reads, writes or clock.
 *
 * <p>People are counted by {@link EngagementCounts}, the same single pass and the same definitions
 * as {@code message_stats}, with each (message, variant) counted as a message of its own: its
 * exposures and a catalogue row carry the key {@code message_id + U+001F + variant_id}, which no id
 * of the catalogue contains. Only the exposures of messages with two or more variants in the window
 * are counted: a first pass over the variant column finds them, and is the only pass when there are
 * none.
 */
public final class VariantStats {

  /** Between message and variant in the counting key: a control character no id holds. */
  private static final String KEY_SEPARATOR = "\u001f";

  private static final String TYPE = MessageStatsColumns.TYPE;
  private static final String STATE = MessageStatsColumns.STATE;
  private static final String GOAL_EVENT = "goal_event";
  private static final String OCCURRED_AT = "occurred_at";

  /** The catalogue columns {@link EngagementCounts} reads. */
  private static final StructType CATALOGUE =
      new StructType()
          .add(MESSAGE_ID, DataTypes.StringType, false)
          .add(TYPE, DataTypes.StringType, true)
          .add(STATE, DataTypes.StringType, true)
          .add(GOAL_EVENT, DataTypes.StringType, true);

  private VariantStats() {}

  /**
   * Variant readings over {@code window}.
   *
   * @param exposures bronze exposures with their user keys ({@link UserKeys}); without a {@code
   *     variant_id} column (bronze written before it existed) there are no variants
   * @param messages the catalogue (message_id, type, state)
   * @return {@link io.proactiveinsights.schema.VariantStatsColumns#SCHEMA} rows ordered by message
   *     and variant; none for messages without variants
   */
  public static Dataset<Row> compute(Dataset<Row> exposures, Dataset<Row> messages, Window window) {
    SparkSession spark = exposures.sparkSession();
    if (!List.of(exposures.columns()).contains(InputTable.VARIANT_ID)) {
      return spark.createDataFrame(List.of(), SCHEMA);
    }
    Dataset<Row> variantExposures = exposures.where(col(VARIANT_ID).isNotNull());
    // The window's (message, variant) pairs, on the driver: a few per A/B test. For a workspace
    // without variants this is the only pass, over a column that is empty.
    Map<String, Set<String>> variantsOf = new TreeMap<>();
    for (Row pair :
        variantExposures
            .where(window.contains(col(OCCURRED_AT)))
            .select(col(MESSAGE_ID), col(VARIANT_ID))
            .distinct()
            .collectAsList()) {
      variantsOf.computeIfAbsent(pair.getString(0), m -> new TreeSet<>()).add(pair.getString(1));
    }
    variantsOf.values().removeIf(variants -> variants.size() < 2);
    if (variantsOf.isEmpty()) {
      return spark.createDataFrame(List.of(), SCHEMA);
    }
    // The catalogue of the counting: a row per (message, variant), typed as its message. No
    // goal_event, so the counting never reads product events.
    List<Row> catalogueRows = new ArrayList<>();
    Set<String> catalogued = new TreeSet<>();
    for (Row message :
        messages
            .where(col(MESSAGE_ID).isin(variantsOf.keySet().toArray()))
            .select(col(MESSAGE_ID), col(TYPE), col(STATE))
            .collectAsList()) {
      String messageId = message.getString(0);
      catalogued.add(messageId);
      for (String variant : variantsOf.get(messageId)) {
        catalogueRows.add(
            RowFactory.create(
                messageId + KEY_SEPARATOR + variant, message.get(1), message.get(2), null));
      }
    }
    Dataset<Row> noProductEvents =
        spark.createDataFrame(List.of(), InputTable.USER_EVENTS.contractSchema());
    List<Row> counts =
        EngagementCounts.counts(
                variantExposures
                    .where(col(MESSAGE_ID).isin(catalogued.toArray()))
                    .withColumn(
                        MESSAGE_ID, concat(col(MESSAGE_ID), lit(KEY_SEPARATOR), col(VARIANT_ID))),
                spark.createDataFrame(catalogueRows, CATALOGUE),
                noProductEvents,
                window.start(),
                window.end(),
                Duration.ZERO)
            .collectAsList();

    // Message id → its variants' counts rows, both in id order so the output's order is fixed.
    Map<String, Map<String, Row>> byMessage = new TreeMap<>();
    for (Row row : counts) {
      String counted = row.getAs(MESSAGE_ID);
      int cut = counted.lastIndexOf(KEY_SEPARATOR);
      byMessage
          .computeIfAbsent(counted.substring(0, cut), m -> new TreeMap<>())
          .put(counted.substring(cut + 1), row);
    }
    List<Row> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, Row>> message : byMessage.entrySet()) {
      if (message.getValue().size() >= 2) {
        out.addAll(readings(message.getKey(), message.getValue(), window));
      }
    }
    return spark.createDataFrame(out, SCHEMA);
  }

  /** One message's variant rows, its primary metric taken from its type. */
  private static List<Row> readings(String messageId, Map<String, Row> variants, Window window) {
    PrimaryMetric primary =
        PrimaryMetric.ofWire(variants.values().iterator().next().<String>getAs(TYPE));
    RateDefinition rate = primary.definition();
    List<Variant> counted = new ArrayList<>();
    variants.forEach(
        (id, row) ->
            counted.add(
                new Variant(
                    id,
                    row.<Long>getAs(RECEIVERS),
                    row.<Long>getAs(rate.denominator()),
                    row.<Long>getAs(rate.successes()))));
    List<Row> rows = new ArrayList<>();
    for (Reading reading : VariantComparison.compare(counted)) {
      Variant v = reading.variant();
      ProportionDifference d = reading.vsReference();
      rows.add(
          RowFactory.create(
              messageId,
              v.id(),
              v.receivers(),
              primary.column(),
              v.base(),
              v.successes(),
              v.rate(),
              reading.reference(),
              d == null ? null : d.difference(),
              d == null ? null : d.low(),
              d == null ? null : d.high(),
              d == null ? null : d.pValue(),
              FIXED_HORIZON,
              Timestamp.from(window.start()),
              Timestamp.from(window.end())));
    }
    return rows;
  }
}
