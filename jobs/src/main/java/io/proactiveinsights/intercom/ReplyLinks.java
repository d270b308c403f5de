package io.proactiveinsights.intercom;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.ingest.InputNormalizer;
import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.schema.Vocabulary.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which proactive message started each Intercom conversation, from the content export's replies.
 *
 * <p>Intercom names no message on a conversation: {@code source.id} is its first message part, and
 * {@code source.delivered_as} ({@code admin_initiated} in particular) also covers fixed-audience
 * messages, tickets a teammate opened and group e-mail. What does tie a conversation to a message
 * is the reply that created it: the receipt's {@code first_reply} (or a {@code reply_*} row) by the
 * same person, moments before the conversation's {@code created_at}. So a conversation gets {@code
 * source_message_id} = the message of the reply by its user at most {@code window} before (or at)
 * its {@code created_at}, the closest one when several qualify (ties: the smallest message id, so
 * every run picks the same), and only when its delivered_as is one of {@code proactiveDeliveredAs}
 * (a person who replies and then writes in the Messenger starts a customer_initiated conversation
 * the reply did not). Pure: a join and an aggregation in Spark, no reads, writes or clock.
 */
final class ReplyLinks {

  /** How a conversation's source_message_id came about, for the mapping report: a {@link Link}. */
  static final String REPLY_LINK = "_reply_link";

  /** What the reply link found for a conversation. */
  enum Link {
    /** A reply by its person just before it: source_message_id is that reply's message. */
    LINKED_BY_REPLY,
    /** Its delivered_as is in {@code intercom.proactive_delivered_as}, but no reply precedes it. */
    PROACTIVE_WITHOUT_REPLY,
    /** Customer-initiated, or a delivered_as not listed (or none): never linked. */
    NOT_PROACTIVE;

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private ReplyLinks() {}

  /**
   * The conversations with {@code source_message_id} set by the reply link and {@link #REPLY_LINK}
   * saying what it found.
   *
   * @param conversations mapped conversations: {@code conversation_id}, {@code user_id} (resolved
   *     as the exposures' are), {@code created_at} (text, as the normaliser reads it), {@code
   *     source_message_id} and {@link ConversationsMapping#DELIVERED_AS}, any others passed through
   * @param exposures mapped exposures ({@link ContentExport#exposures}); only {@code replied}
   *     events without a quarantine reason count (a reply to an e-mail names no in-app message)
   * @param window how long before a conversation its reply may be
   * @param proactiveDeliveredAs the delivered_as values (lower-case) a linked conversation has
   */
  static Dataset<Row> link(
      Dataset<Row> conversations,
      Dataset<Row> exposures,
      Duration window,
      Collection<String> proactiveDeliveredAs) {
    Column proactive = col(ConversationsMapping.DELIVERED_AS).isin(proactiveDeliveredAs.toArray());
    Dataset<Row> candidates =
        conversations
            .where(proactive)
            .select(
                col("conversation_id").as("_c_id"),
                col("user_id").as("_c_user"),
                col("created_at").as("_c_created_text"),
                unix_micros(InputNormalizer.parseTimestamp(col("created_at"))).as("_c_created"))
            .where(
                col("_c_id")
                    .isNotNull()
                    .and(col("_c_user").isNotNull())
                    .and(col("_c_created").isNotNull()))
            .distinct();
    Dataset<Row> replies =
        exposures
            .where(
                col("event_type")
                    .equalTo(lit(EventType.REPLIED.wire()))
                    .and(col(RawFrame.PARSE_ERROR).isNull())
                    .and(col("message_id").isNotNull()))
            .select(
                col("message_id").as("_r_message"),
                col("user_id").as("_r_user"),
                unix_micros(InputNormalizer.parseTimestamp(col("occurred_at"))).as("_r_at"));
    Column gap = col("_c_created").minus(col("_r_at"));
    Dataset<Row> links =
        candidates
            .join(
                replies,
                col("_c_user")
                    .equalTo(col("_r_user"))
                    .and(gap.between(lit(0L), lit(window.toNanos() / 1_000))))
            .groupBy("_c_id", "_c_user", "_c_created_text")
            // The closest reply before the conversation; ties by message id.
            .agg(min(struct(gap.as("gap"), col("_r_message").as("message_id"))).as("_closest"));
    Dataset<Row> joined =
        conversations.join(
            links,
            col("conversation_id")
                .equalTo(col("_c_id"))
                .and(col("user_id").equalTo(col("_c_user")))
                .and(col("created_at").equalTo(col("_c_created_text"))),
            "left");
    Column linked = col("_c_id").isNotNull();
    List<Column> out = new ArrayList<>();
    for (String name : conversations.columns()) {
      out.add(
          name.equals("source_message_id")
              ? when(linked, col("_closest").getField("message_id")).as(name)
              : col(name));
    }
    out.add(
        when(linked, lit(Link.LINKED_BY_REPLY.wire()))
            .when(proactive, lit(Link.PROACTIVE_WITHOUT_REPLY.wire()))
            .otherwise(lit(Link.NOT_PROACTIVE.wire()))
            .as(REPLY_LINK));
    return joined.select(out.toArray(Column[]::new));
  }
}
