package io.proactiveinsights.intercom;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.config.ProactiveConfig.IntercomSettings;
import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.testing.SharedSpark;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The conversation mapping's rules and the reply link, called directly on rows built here. */
class IntercomEntitiesMappingTest {

  private static final SparkSession SPARK = SharedSpark.session();
  private static final IntercomSettings DEFAULTS = SharedSpark.config().intercom();
  private static final List<String> PROACTIVE = DEFAULTS.proactiveDeliveredAs();

  @Test
  void topicIsTheAiTopicThenTheFirstTagThenTheConfiguredAttributeAndSaysWhich() {
    Dataset<Row> records =
        records(
            // The Preview API's shape: the topic is topic_name; only subtopics have a name.
            "{\"id\":\"a\",\"ai_topics\":{\"type\":\"ai_topics\",\"topics\":[{\"type\":\"ai_topic\",\"topic_name\":\"Billing\",\"subtopics\":[{\"type\":\"ai_subtopic\",\"name\":\"Card"
                + " declined\",\"id\":42}]}]},"
                + "\"tags\":{\"type\":\"tag.list\",\"tags\":[{\"name\":\"Refunds\"}]},\"custom_attributes\":{\"topic\":\"Other\"}}",
            "{\"id\":\"b\",\"ai_topics\":{\"type\":\"ai_topics\",\"topics\":[]},"
                + "\"tags\":{\"type\":\"tag.list\",\"tags\":[{\"name\":\"Refunds\"},{\"name\":\"Billing\"}]},\"custom_attributes\":{\"topic\":\"Other\"}}",
            "{\"id\":\"c\",\"ai_topics\":null,\"tags\":[{\"name\":\"Singer de-nests tags\"}]}",
            "{\"id\":\"d\",\"tags\":{\"type\":\"tag.list\",\"tags\":[]},\"custom_attributes\":{\"topic\":\"Login\",\"Contact"
                + " reason\":\"Shipping\"}}",
            "{\"id\":\"e\"}");

    assertThat(topics(ConversationsMapping.nested(records, DEFAULTS)))
        .containsExactly(
            "[a,Billing,ai_topics]",
            "[b,Refunds,tags]",
            "[c,Singer de-nests tags,tags]",
            "[d,Login,custom_attribute]",
            "[e,null,none]");
    IntercomSettings contactReason =
        new IntercomSettings(
            "Contact reason",
            DEFAULTS.proactiveDeliveredAs(),
            DEFAULTS.replyLinkMinutes(),
            DEFAULTS.pausedAfterDays(),
            DEFAULTS.inferTopics(),
            DEFAULTS.topicSuggestions());
    assertThat(topics(ConversationsMapping.nested(records, contactReason)))
        .as("an attribute name with a space is looked up as it is")
        .contains("[d,Shipping,custom_attribute]");
  }

  /**
   * source.id is the conversation's first message part, not a message: no conversation takes it as
   * its source_message_id ({@link ReplyLinks} links them); delivered_as is kept for that link.
   */
  @Test
  void sourceIdIsNeverAMessageIdAndAnAdminAuthorIsNeverTheUser() {
    Dataset<Row> records =
        records(
            "{\"id\":\"a\",\"source\":{\"id\":\"s1\",\"delivered_as\":\"operator_initiated\",\"author\":{\"type\":\"bot\",\"id\":\"b9\"}},"
                + "\"contacts\":{\"type\":\"contact.list\",\"contacts\":[{\"id\":\"c1\"}]}}",
            "{\"id\":\"b\",\"source\":{\"id\":\"s2\",\"delivered_as\":\"customer_initiated\",\"author\":{\"type\":\"lead\",\"id\":\"c2\"}}}",
            "{\"id\":\"c\",\"source\":{\"id\":\"s3\",\"delivered_as\":\"Campaigns_Initiated\",\"author\":{\"type\":\"admin\",\"id\":\"a7\"}}}");

    assertThat(
            ConversationsMapping.nested(records, DEFAULTS)
                .select(
                    "conversation_id",
                    "user_id",
                    "source_message_id",
                    ConversationsMapping.DELIVERED_AS)
                .orderBy("conversation_id")
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly(
            "[a,c1,null,operator_initiated]",
            "[b,c2,null,customer_initiated]",
            "[c,null,null,campaigns_initiated]");
  }

  /**
   * conversation_rating.created_at is when the rating was requested (Intercom's description);
   * updated_at, when given, is when the contact rated. A request never answered is no rating.
   */
  @Test
  void ratedAtIsWhenTheRatingWasGivenNotRequested() {
    Dataset<Row> records =
        records(
            "{\"id\":\"a\",\"conversation_rating\":{\"rating\":4,\"created_at\":1714388400,\"updated_at\":1714392000}}",
            "{\"id\":\"b\",\"conversation_rating\":{\"rating\":5,\"created_at\":1714388400}}",
            "{\"id\":\"c\",\"conversation_rating\":{\"rating\":null,\"remark\":\"\",\"created_at\":1714388400}}");

    assertThat(
            ConversationsMapping.nested(records, DEFAULTS)
                .select("conversation_id", "csat_rating", "rated_at")
                .orderBy("conversation_id")
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly("[a,4,1714392000]", "[b,5,1714388400]", "[c,null,null]");
  }

  /**
   * Ada (u1) replied to m1 at 10:00:00 and to m2 at 10:03:00; c1 (automated) began at 10:03:30:
   * both replies are within 10 minutes, m2 is closer. c2 (Bo, admin_initiated) began 11 minutes
   * after his reply: outside the window. c3 (Cy) began a minute after a reply by someone else. c4
   * (Ada, customer_initiated) began right after her reply: the person wrote first, never linked. c5
   * (Di, admin_initiated, a teammate's ticket) has no reply at all. c6 (Di) began 30 s before her
   * reply, which cannot have started it.
   */
  @Test
  void aReplyByTheSamePersonJustBeforeAConversationLinksItToTheClosestMessage() {
    Dataset<Row> conversations =
        conversations(
            "c1,u1,2024-04-29T10:03:30Z,automated",
            "c2,u2,1714385460,admin_initiated",
            "c3,u3,2024-04-29T10:01:00Z,operator_initiated",
            "c4,u1,2024-04-29T10:00:20Z,customer_initiated",
            "c5,u4,2024-04-29T12:00:00Z,admin_initiated",
            "c6,u4,2024-04-29T13:00:00Z,automated");
    Dataset<Row> exposures =
        exposures(
            "m1,u1,replied,1714384800,",
            "m2,u1,replied,2024-04-29T10:03:00Z,",
            "m3,u1,viewed,2024-04-29T10:03:20Z,",
            "m9,u1,replied,2024-04-29T10:03:10Z,message_id: '9' is not counted: its type",
            "m1,u2,replied,1714384800,",
            "m1,u9,replied,2024-04-29T10:00:00Z,",
            "m1,u4,replied,2024-04-29T13:00:30Z,");

    assertThat(links(ReplyLinks.link(conversations, exposures, Duration.ofMinutes(10), PROACTIVE)))
        .containsExactly(
            "[c1,m2,linked_by_reply]",
            "[c2,null,proactive_without_reply]",
            "[c3,null,proactive_without_reply]",
            "[c4,null,not_proactive]",
            "[c5,null,proactive_without_reply]",
            "[c6,null,proactive_without_reply]");
  }

  /** Two replies at the same second: the smaller message id, whatever order the rows come in. */
  @Test
  void aTieBetweenRepliesGoesToTheSmallestMessageId() {
    Dataset<Row> conversations = conversations("c1,u1,2024-04-29T10:05:00Z,automated");

    assertThat(
            links(
                ReplyLinks.link(
                    conversations,
                    exposures("m7,u1,replied,2024-04-29T10:04:00Z,", "m5,u1,replied,1714385040,"),
                    Duration.ofMinutes(10),
                    PROACTIVE)))
        .containsExactly("[c1,m5,linked_by_reply]");
  }

  private static List<String> topics(Dataset<Row> conversations) {
    return byConversation(conversations, "topic", ConversationsMapping.TOPIC_SOURCE);
  }

  private static List<String> links(Dataset<Row> linked) {
    return byConversation(linked, "source_message_id", ReplyLinks.REPLY_LINK);
  }

  /** conversation_id and these columns of each row, in conversation_id order. */
  private static List<String> byConversation(Dataset<Row> conversations, String... columns) {
    return conversations
        .select("conversation_id", columns)
        .orderBy("conversation_id")
        .collectAsList()
        .stream()
        .map(Row::toString)
        .toList();
  }

  /** Mapped conversations: "conversation_id,user_id,created_at,delivered_as" each. */
  private static Dataset<Row> conversations(String... lines) {
    return strings(
        List.of(
            "conversation_id",
            "user_id",
            "created_at",
            ConversationsMapping.DELIVERED_AS,
            "source_message_id"),
        lines);
  }

  /** Mapped exposures: "message_id,user_id,event_type,occurred_at,reason" each. */
  private static Dataset<Row> exposures(String... lines) {
    return strings(
        List.of("message_id", "user_id", "event_type", "occurred_at", RawFrame.PARSE_ERROR), lines);
  }

  /** String columns from comma-separated lines; a blank or missing trailing value is null. */
  private static Dataset<Row> strings(List<String> columns, String... lines) {
    StructType schema = new StructType();
    for (String c : columns) {
      schema = schema.add(c, DataTypes.StringType);
    }
    List<Row> rows = new ArrayList<>();
    for (String line : lines) {
      String[] given = line.split(",", -1);
      Object[] values = new Object[columns.size()];
      for (int i = 0; i < given.length; i++) {
        values[i] = given[i].isEmpty() ? null : given[i];
      }
      rows.add(RowFactory.create(values));
    }
    return SPARK.createDataFrame(rows, schema);
  }

  private static Dataset<Row> records(String... json) {
    List<Row> rows = new ArrayList<>();
    for (String record : json) {
      rows.add(
          RowFactory.create(
              "inline.json",
              record,
              record,
              null,
              ExportRecords.KIND_RECORD,
              "intercom_api",
              null));
    }
    return SPARK.createDataFrame(rows, ExportRecords.schema());
  }
}
