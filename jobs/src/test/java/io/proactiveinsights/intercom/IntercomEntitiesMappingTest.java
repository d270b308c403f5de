package io.proactiveinsights.intercom;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.config.ProactiveConfig.IntercomSettings;
import io.proactiveinsights.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The conversation mapping's rules, called directly on records built here. */
class IntercomEntitiesMappingTest {

  private static final SparkSession SPARK = SharedSpark.session();
  private static final IntercomSettings DEFAULTS = SharedSpark.config().intercom();

  @Test
  void topicIsTheAiTopicThenTheFirstTagThenTheConfiguredAttribute() {
    Dataset<Row> records =
        records(
            "{\"id\":\"a\",\"ai_topics\":{\"type\":\"topic.list\",\"topics\":[{\"type\":\"topic\",\"name\":\"Billing\"}]},"
                + "\"tags\":{\"type\":\"tag.list\",\"tags\":[{\"name\":\"Refunds\"}]},\"custom_attributes\":{\"topic\":\"Other\"}}",
            "{\"id\":\"b\",\"ai_topics\":{\"type\":\"topic.list\",\"topics\":[]},"
                + "\"tags\":{\"type\":\"tag.list\",\"tags\":[{\"name\":\"Refunds\"},{\"name\":\"Billing\"}]},\"custom_attributes\":{\"topic\":\"Other\"}}",
            "{\"id\":\"c\",\"tags\":[{\"name\":\"Singer de-nests tags\"}]}",
            "{\"id\":\"d\",\"tags\":{\"type\":\"tag.list\",\"tags\":[]},\"custom_attributes\":{\"topic\":\"Login\",\"Contact"
                + " reason\":\"Shipping\"}}",
            "{\"id\":\"e\"}");

    assertThat(topics(ConversationsMapping.nested(records, DEFAULTS)))
        .containsExactly(
            "[a,Billing]", "[b,Refunds]", "[c,Singer de-nests tags]", "[d,Login]", "[e,null]");
    IntercomSettings contactReason =
        new IntercomSettings(
            "Contact reason",
            DEFAULTS.proactiveDeliveredAs(),
            DEFAULTS.pausedAfterDays(),
            DEFAULTS.inferTopics(),
            DEFAULTS.topicSuggestions());
    assertThat(topics(ConversationsMapping.nested(records, contactReason)))
        .as("an attribute name with a space is looked up as it is")
        .contains("[d,Shipping]");
  }

  @Test
  void onlyProactiveDeliveriesKeepTheirSourceAndAnAdminAuthorIsNeverTheUser() {
    Dataset<Row> records =
        records(
            "{\"id\":\"a\",\"source\":{\"id\":\"s1\",\"delivered_as\":\"operator_initiated\",\"author\":{\"type\":\"bot\",\"id\":\"b9\"}},"
                + "\"contacts\":{\"type\":\"contact.list\",\"contacts\":[{\"id\":\"c1\"}]}}",
            "{\"id\":\"b\",\"source\":{\"id\":\"s2\",\"delivered_as\":\"customer_initiated\",\"author\":{\"type\":\"lead\",\"id\":\"c2\"}}}",
            "{\"id\":\"c\",\"source\":{\"id\":\"s3\",\"delivered_as\":\"Campaigns_Initiated\",\"author\":{\"type\":\"admin\",\"id\":\"a7\"}}}");

    assertThat(
            ConversationsMapping.nested(records, DEFAULTS)
                .select("conversation_id", "user_id", "source_message_id")
                .orderBy("conversation_id")
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly("[a,c1,s1]", "[b,c2,null]", "[c,null,s3]");
  }

  private static List<String> topics(Dataset<Row> conversations) {
    return conversations
        .select("conversation_id", "topic")
        .orderBy("conversation_id")
        .collectAsList()
        .stream()
        .map(Row::toString)
        .toList();
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
