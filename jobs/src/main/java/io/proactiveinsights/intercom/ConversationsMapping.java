package io.proactiveinsights.intercom;

import static io.proactiveinsights.intercom.JsonFields.first;
import static io.proactiveinsights.intercom.JsonFields.key;
import static io.proactiveinsights.intercom.JsonFields.record;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.config.ProactiveConfig.IntercomSettings;
import io.proactiveinsights.io.RawFrame;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Conversations to the contract's conversations. Pure transforms over {@link ExportRecords} rows.
 *
 * <ul>
 *   <li>user_id: the contact who is party to it, as Intercom refers to them (resolved to a users
 *       user_id later): API {@code contacts.contacts[0].id} (Singer de-nests it to {@code
 *       contacts[0].id}); else {@code source.author.id} when the author is a user or lead. The
 *       author alone is not enough: for an outbound message it is the admin or bot that sent it.
 *       Fivetran: {@code source_author_id} when {@code source_author_type} is user or lead, else
 *       the lowest contact_id of the conversation's current conversation_contact_history rows.
 *   <li>topic: the first {@code ai_topics.topics[].topic_name} when Intercom's AI classified it
 *       (Preview API); else the first tag name (Fivetran: the alphabetically first tag of the
 *       current version, as its tag links carry no order); else the custom attribute named in
 *       {@code intercom.topic_attribute} (Fivetran: the column {@code custom_<attribute>},
 *       lower-cased with non-alphanumerics as {@code _}, which is how Fivetran names custom
 *       attribute columns). {@link #TOPIC_SOURCE} says which gave it.
 *   <li>source_message_id: null here. {@code source.id} is the id of the conversation's first
 *       message part, not of a message, so it is not used; {@link ReplyLinks} links a conversation
 *       to the message a reply of its contact started it from, once the content export's replies
 *       are known. {@link #DELIVERED_AS} carries {@code source.delivered_as} (lower-case) for that
 *       link's filter.
 *   <li>csat_rating: {@code conversation_rating.rating} (Fivetran {@code
 *       conversation_rating_value}); the normaliser checks the 1..5 range.
 *   <li>rated_at, when there is a rating: {@code conversation_rating.updated_at}, "the time the
 *       rating was last updated", i.e. when the contact gave it (or last changed it); else {@code
 *       .created_at}, which Intercom documents as "the time the rating was requested", so it is at
 *       or before the rating (Fivetran has only {@code conversation_rating_created_at}).
 * </ul>
 *
 * <p>Shapes: Intercom REST API reference, "Conversation" object ({@code source.delivered_as} values
 * customer_initiated, campaigns_initiated, operator_initiated, automated, admin_initiated: "fixed
 * audience message, ticket initiated by an admin, group email"); the {@code conversation_rating}
 * schema of intercom/Intercom-OpenAPI's 2.14+ and Preview descriptions ({@code created_at} "the
 * time the rating was requested", {@code updated_at} "the time the rating was last updated"); the
 * {@code ai_topics} / {@code ai_topic} schemas of intercom/Intercom-OpenAPI's Preview description
 * ({@code descriptions/0/api.intercom.io.yaml}); singer-io/tap-intercom {@code transform.py}
 * (de-nests {@code tags} and {@code contacts}); Fivetran dbt_intercom_source {@code
 * get_conversation_history_columns.sql}.
 */
final class ConversationsMapping {

  static final Set<String> NESTED_FIELDS =
      Set.of(
          "id",
          "created_at",
          "contacts",
          "source",
          "ai_topics",
          "tags",
          "custom_attributes",
          "conversation_rating");
  static final Set<String> FIVETRAN_FIELDS =
      Set.of(
          "id",
          "created_at",
          "updated_at",
          "source_author_id",
          "source_author_type",
          "source_delivered_as",
          "conversation_rating_value",
          "conversation_rating_created_at");

  /**
   * {@code source.delivered_as}, lower-case: which conversations a reply may link to a message
   * ({@link ReplyLinks}).
   */
  static final String DELIVERED_AS = "_delivered_as";

  /** Where a conversation's topic came from, for the mapping report: a {@link TopicSource}. */
  static final String TOPIC_SOURCE = "_topic_source";

  /** The places a conversation's topic is taken from, best first. */
  enum TopicSource {
    /**
     * Intercom's AI topic: {@code ai_topics.topics[0].topic_name} (the Preview API's shape; only
     * subtopics have a {@code name}); absent from 2.14/2.16 and often null.
     */
    AI_TOPICS,
    /** The first tag: the common way a workspace classifies its conversations. */
    TAGS,
    /** The custom attribute named by {@code intercom.topic_attribute}. */
    CUSTOM_ATTRIBUTE,
    /** None of them: the conversation is {@code unclassified}. */
    NONE;

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Set<String> CONTACT_AUTHOR_TYPES = Set.of("user", "lead", "contact");

  private ConversationsMapping() {}

  /** API, Airbyte and Singer conversations. */
  static Dataset<Row> nested(Dataset<Row> records, IntercomSettings settings) {
    Column author =
        when(
            lower(first("$.source.author.type")).isin(CONTACT_AUTHOR_TYPES.toArray()),
            first("$.source.author.id"));
    Map<TopicSource, Column> topics = new EnumMap<>(TopicSource.class);
    topics.put(TopicSource.AI_TOPICS, first("$.ai_topics.topics[0].topic_name"));
    topics.put(TopicSource.TAGS, first("$.tags.tags[0].name", "$.tags[0].name"));
    topics.put(
        TopicSource.CUSTOM_ATTRIBUTE, key(first("$.custom_attributes"), settings.topicAttribute()));
    return conversationColumns(
        records,
        coalesce(first("$.contacts.contacts[0].id", "$.contacts[0].id"), author),
        topics,
        first("$.source.delivered_as"),
        first("$.conversation_rating.rating"),
        coalesce(
            first("$.conversation_rating.updated_at"), first("$.conversation_rating.created_at")));
  }

  /**
   * Fivetran conversation_history with its tags and contacts.
   *
   * @param history conversation_history rows, superseded versions already removed
   * @param tagLinks conversation_tag_history rows
   * @param tags tag rows
   * @param contactLinks conversation_contact_history rows
   */
  static Dataset<Row> fivetran(
      Dataset<Row> history,
      Dataset<Row> tagLinks,
      Dataset<Row> tags,
      Dataset<Row> contactLinks,
      IntercomSettings settings) {
    Dataset<Row> tagNames =
        tags.select(first("$.id").as("_tag_id"), first("$.name").as("_tag_name"));
    Dataset<Row> firstTag =
        FivetranHistory.currentLinks(tagLinks, "conversation_id", "conversation_updated_at")
            .select(
                first("$.conversation_id").as("_tag_conversation"),
                first("$.tag_id").as("_link_tag"))
            .join(tagNames, col("_link_tag").equalTo(col("_tag_id")), "left")
            .groupBy("_tag_conversation")
            .agg(min("_tag_name").as("_first_tag"));
    Dataset<Row> firstContact =
        FivetranHistory.currentLinks(contactLinks, "conversation_id", "conversation_updated_at")
            .groupBy(first("$.conversation_id").as("_contact_conversation"))
            .agg(min(first("$.contact_id")).as("_first_contact"));
    Dataset<Row> joined =
        history
            .join(firstTag, first("$.id").equalTo(col("_tag_conversation")), "left")
            .join(firstContact, first("$.id").equalTo(col("_contact_conversation")), "left");
    Column author =
        when(
            lower(first("$.source_author_type")).isin(CONTACT_AUTHOR_TYPES.toArray()),
            first("$.source_author_id"));
    Map<TopicSource, Column> topics = new EnumMap<>(TopicSource.class);
    topics.put(TopicSource.TAGS, col("_first_tag"));
    topics.put(TopicSource.CUSTOM_ATTRIBUTE, key(record(), fivetranTopicColumn(settings)));
    return conversationColumns(
        joined,
        coalesce(author, col("_first_contact")),
        topics,
        first("$.source_delivered_as"),
        first("$.conversation_rating_value"),
        first("$.conversation_rating_created_at"));
  }

  /**
   * The custom attribute column Fivetran gives the topic attribute, which the report counts as
   * used.
   */
  static String fivetranTopicColumn(IntercomSettings settings) {
    return "custom_"
        + settings.topicAttribute().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
  }

  private static Dataset<Row> conversationColumns(
      Dataset<Row> rows,
      Column userRef,
      Map<TopicSource, Column> topics,
      Column deliveredAs,
      Column rating,
      Column ratedAt) {
    // The first source with a topic gives it: blank text is no topic.
    Column topic = lit(null).cast(DataTypes.StringType);
    Column source = lit(TopicSource.NONE.wire());
    List<Map.Entry<TopicSource, Column>> byPrecedence = new ArrayList<>(topics.entrySet());
    Collections.reverse(byPrecedence);
    for (Map.Entry<TopicSource, Column> candidate : byPrecedence) {
      Column given = nullif(trim(candidate.getValue()), lit(""));
      topic = when(given.isNotNull(), given).otherwise(topic);
      source = when(given.isNotNull(), lit(candidate.getKey().wire())).otherwise(source);
    }
    return rows.select(
        first("$.id").as("conversation_id"),
        userRef.as("user_id"),
        first("$.created_at").as("created_at"),
        topic.as("topic"),
        JsonFields.nullString().as("source_message_id"),
        rating.as("csat_rating"),
        // A rating requested and never given has a time but no rating: not rated.
        when(rating.isNotNull(), ratedAt).as("rated_at"),
        source.as(TOPIC_SOURCE),
        lower(trim(deliveredAs)).as(DELIVERED_AS),
        col(RawFrame.SOURCE_FILE),
        col(RawFrame.RAW_RECORD),
        col(RawFrame.PARSE_ERROR));
  }
}
