package io.proactiveinsights.recommend;

import static io.proactiveinsights.hygiene.Facts.AS_OF;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.hygiene.Facts;
import io.proactiveinsights.hygiene.MessageFacts;
import io.proactiveinsights.testing.SharedSpark;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The narrowing search on real Spark frames: 2,000 viewers of one post, a fifth of them on the
 * Premium plan. Planted: Premium viewers click 30%, the rest 2%; control: everyone clicks 8%.
 */
class NarrowingSearchTest {

  /**
   * Premium ids are 5k: those with k % 10 < 3 click (120 of 400); of the others, odd ids below
   * 1,600 ending in 01 or 51 (32 of 1,600).
   */
  private static final String PLANTED =
      "(id % 5 = 0 AND (id div 5) % 10 < 3) OR (id % 50 = 1 AND id < 1600)";

  private static final SparkSession SPARK = SharedSpark.session();

  /**
   * Users u0000..u1999: every fifth is Premium, the rest Free; half are leads; a few-valued
   * attribute.
   */
  private static Dataset<Row> users() {
    Column id = col("id");
    return SPARK
        .range(2000)
        .select(
            format_string("u%04d", id).as("user_id"),
            when(id.mod(5).equalTo(0), "Premium").otherwise("Free").as("plan"),
            when(id.mod(2).equalTo(0), "lead").otherwise("user").as("role"),
            lit(Timestamp.from(AS_OF.minus(Duration.ofDays(400)))).as("signed_up_at"),
            map(lit("locale"), when(id.mod(3).equalTo(0), "de").otherwise("en")).as("attributes"));
  }

  /**
   * A viewed event for everyone; a click for the users {@code clicks} selects (a SQL condition over
   * id).
   */
  private static Dataset<Row> exposures(String clicks) {
    Column at = lit(Timestamp.from(AS_OF.minus(Duration.ofDays(3))));
    Dataset<Row> base =
        SPARK.range(2000).select(col("id"), format_string("u%04d", col("id")).as("user_id"));
    Dataset<Row> views =
        base.select(
            lit("msg_post").as("message_id"),
            col("user_id"),
            lit("viewed").as("event_type"),
            at.as("occurred_at"),
            lit("web").as("platform"));
    Dataset<Row> clicked =
        base.where(expr(clicks))
            .select(
                lit("msg_post").as("message_id"),
                col("user_id"),
                lit("clicked").as("event_type"),
                at.as("occurred_at"),
                lit("web").as("platform"));
    return views
        .unionByName(clicked)
        .withColumn("event_id", concat(col("user_id"), col("event_type")));
  }

  private static Map<String, NarrowSlice> search(String clicks, double formatMedian) {
    ProactiveConfig config = ProactiveConfig.defaults();
    Dataset<Row> messages =
        SPARK.createDataFrame(
            List.of(org.apache.spark.sql.RowFactory.create("msg_post", "post")),
            new org.apache.spark.sql.types.StructType()
                .add("message_id", "string")
                .add("type", "string"));
    List<Row> counts =
        NarrowingSearch.sliceCounts(
                exposures(clicks),
                users(),
                messages,
                List.of("locale"),
                List.of(30, 90),
                AS_OF.minus(Duration.ofDays(28)),
                AS_OF)
            .collectAsList();
    MessageFacts facts = Facts.post("msg_post").primary(100, formatMedian).build();
    return NarrowingSearch.select(counts, Map.of("msg_post", facts), config.recommend());
  }

  @Test
  void findsThePlantedPlan() {
    // Premium (id % 5 = 0): 120 of 400 click (30%); the others: 32 of 1,600 (2%).
    Map<String, NarrowSlice> found = search(PLANTED, 0.10);

    assertThat(found).containsKey("msg_post");
    NarrowSlice slice = found.get("msg_post");
    assertThat(slice.rule()).isEqualTo("plan = 'Premium'");
    assertThat(slice.sliceViewers()).isEqualTo(400);
    assertThat(slice.restViewers()).isEqualTo(1600);
    assertThat(slice.comparison().rate1()).isGreaterThan(0.25);
    assertThat(slice.comparison().rate2()).isLessThan(0.03);
    assertThat(slice.qValue()).isLessThan(0.05);
  }

  @Test
  void findsNothingWhenEveryoneEngagesAlike() {
    // Every 13th user clicks (7.7%), whatever their plan, role or locale (13 shares no factor with
    // 2, 3 or 5).
    assertThat(search("id % 13 = 0", 0.10)).isEmpty();
  }

  @Test
  void doesNotNarrowAMessageWhoseAudienceEngagesAsItsKindDoes() {
    // The same planted slice, but the rest (2%) is no worse than its format's median (1%): nothing
    // to fix.
    assertThat(search(PLANTED, 0.01)).isEmpty();
  }
}
