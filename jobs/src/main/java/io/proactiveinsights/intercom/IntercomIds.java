package io.proactiveinsights.intercom;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Turns Intercom's user references into the users table's ids. Intercom names a person by its
 * contact id or by the external id the workspace gave it, and exports do not say which; the users
 * table ({@link IntercomEntities#contacts}) uses the external id when there is one, else the
 * contact id. So each reference is looked up as an external id first, then as a contact id; a
 * reference that matches neither is kept as given (the row is never dropped) and counted, so the
 * mapping report says how many ids could not be joined.
 */
public final class IntercomIds {

  /** The id the users table uses for the row's person (or the reference as given). */
  public static final String RESOLVED_USER_ID = "_resolved_user_id";

  /** How {@link #RESOLVED_USER_ID} was found: one of the {@link Match} names. */
  public static final String MATCH = "_id_match";

  /** How a reference was resolved; the mapping report counts rows per value. */
  public enum Match {
    matched_by_external_id,
    matched_by_contact_id,
    /** Neither an external id nor a contact id of a known contact: kept as given. */
    unmatched,
    /** No reference at all (the row then lacks a user_id and is quarantined). */
    without_id,
    /** No contacts were given, so nothing could be checked: kept as given. */
    not_checked
  }

  private static final String KEY = "_contact_key";
  private static final String FOUND = "_found";

  private IntercomIds() {}

  /**
   * Adds {@link #RESOLVED_USER_ID} and {@link #MATCH} to {@code rows}.
   *
   * @param references the columns that may name the person, best first (receipts: {@code
   *     user_external_id}, then {@code user_id}); blank means none
   * @param contactKeys {@code contact_id}, {@code external_id}, {@code user_id} per contact; null
   *     when no contacts were given
   */
  public static Dataset<Row> resolve(
      Dataset<Row> rows, List<String> references, Dataset<Row> contactKeys) {
    List<Column> given = references.stream().map(ContentExport::id).toList();
    Column asGiven = coalesce(given.toArray(Column[]::new));
    if (contactKeys == null) {
      return rows.withColumn(RESOLVED_USER_ID, asGiven)
          .withColumn(
              MATCH,
              when(asGiven.isNull(), lit(Match.without_id.name()))
                  .otherwise(lit(Match.not_checked.name())));
    }
    // One row per key, the external-id reading first: a join can then never multiply rows.
    Dataset<Row> byExternal =
        contactKeys
            .where(col("external_id").isNotNull())
            .select(
                col("external_id").as(KEY),
                struct(lit(0).as("rank"), col("user_id").as("user_id")).as(FOUND));
    Dataset<Row> byContact =
        contactKeys
            .where(col("contact_id").isNotNull())
            .select(
                col("contact_id").as(KEY),
                struct(lit(1).as("rank"), col("user_id").as("user_id")).as(FOUND));
    Dataset<Row> lookup = byExternal.unionByName(byContact).groupBy(KEY).agg(min(FOUND).as(FOUND));

    Dataset<Row> out = rows;
    List<Column> found = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      String ref = "_ref_" + i;
      String hit = "_hit_" + i;
      out =
          out.withColumn(ref, given.get(i))
              .join(
                  lookup.withColumnRenamed(KEY, hit + "_key").withColumnRenamed(FOUND, hit),
                  col(ref).equalTo(col(hit + "_key")),
                  "left")
              .drop(hit + "_key", ref);
      found.add(col(hit));
    }
    // An external-id match beats a contact-id match, whichever reference made it.
    Column best = found.size() == 1 ? found.get(0) : least(found.toArray(Column[]::new));
    out =
        out.withColumn(RESOLVED_USER_ID, coalesce(best.getField("user_id"), asGiven))
            .withColumn(
                MATCH,
                when(best.getField("rank").equalTo(0), lit(Match.matched_by_external_id.name()))
                    .when(best.getField("rank").equalTo(1), lit(Match.matched_by_contact_id.name()))
                    .when(asGiven.isNull(), lit(Match.without_id.name()))
                    .otherwise(lit(Match.unmatched.name())));
    for (int i = 0; i < given.size(); i++) {
      out = out.drop("_hit_" + i);
    }
    return out;
  }

  /** Rows per {@link Match} value, every value present (zero when none), for the mapping report. */
  public static Map<String, Long> counts(Dataset<Row> resolved) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Match m : Match.values()) {
      counts.put(m.name(), 0L);
    }
    for (Row r : resolved.groupBy(MATCH).count().collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    return counts;
  }

  /** A frame whose {@code user_id} is Intercom's reference, with it replaced by the resolved id. */
  public static Dataset<Row> resolveUserId(Dataset<Row> rows, Dataset<Row> contactKeys) {
    return resolve(rows, List.of("user_id"), contactKeys)
        .withColumn("user_id", col(RESOLVED_USER_ID).cast(DataTypes.StringType));
  }
}
