package io.proactiveinsights.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.SharedSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CsatImpactTest {

  private static final Instant FROM = Instant.parse("2024-04-03T00:00:00Z");
  private static final Instant TO = Instant.parse("2024-05-01T00:00:00Z");

  @Test
  void conversationsStartedFromTheMessageAreComparedWithTheRestOfItsTopicsByWelch() {
    List<Row> conversations = new ArrayList<>();
    int[] fromChat = {5, 4, 5, 3, 5, 4, 4, 5, 2, 5};
    int[] others = {3, 4, 2, 5, 3, 3, 4, 1, 2, 3, 4, 3};
    for (int r : fromChat) {
      conversations.add(conversation("sso", "chat1", r, "2024-04-20T10:00:00Z"));
    }
    for (int r : others) {
      conversations.add(conversation("sso", null, r, "2024-04-20T10:00:00Z"));
    }
    conversations.add(
        conversation("sso", null, 1, "2024-03-01T10:00:00Z")); // before the window: not counted
    conversations.add(
        conversation("billing", null, 1, "2024-04-20T10:00:00Z")); // another topic: not counted
    conversations.add(
        conversation("sso", null, null, "2024-04-20T10:00:00Z")); // unrated: not counted
    Dataset<Row> convFrame =
        SharedSpark.session().createDataFrame(conversations, withoutDs(InputTable.CONVERSATIONS));
    Dataset<Row> messages =
        SharedSpark.session()
            .createDataFrame(
                List.of(
                    RowFactory.create(
                        "chat1",
                        scala.jdk.javaapi.CollectionConverters.asScala(List.of("sso")).toSeq())),
                new StructType().add("message_id", "string").add("topics", "array<string>"));

    List<Row> groups = CsatImpact.groups(messages, convFrame, FROM, TO).collectAsList();
    Row row = CsatImpact.compare(groups.get(0), 10, FROM, TO).toRow();

    assertThat(groups).hasSize(1);
    assertThat(row.<Long>getAs("from_message_n")).isEqualTo(10L);
    assertThat(row.<Long>getAs("others_n")).isEqualTo(12L);
    assertThat(row.<Double>getAs("from_message_mean")).isCloseTo(4.2, within(1e-12));
    // R: t.test(c(5,4,5,3,5,4,4,5,2,5), c(3,4,2,5,3,3,4,1,2,3,4,3)) → diff 1.116666666667,
    //    CI [0.172060108337, 2.061273224997], p 0.0228787171526
    assertThat(row.<Double>getAs("difference")).isCloseTo(1.116666666667, within(1e-9));
    assertThat(row.<Double>getAs("ci_low")).isCloseTo(0.172060108337, within(1e-8));
    assertThat(row.<Double>getAs("ci_high")).isCloseTo(2.061273224997, within(1e-8));
    assertThat(row.<Double>getAs("p_value")).isCloseTo(0.0228787171526, within(1e-9));
    assertThat(row.<String>getAs("method")).isEqualTo("welch_t");
    assertThat(row.<String>getAs("design"))
        .as("nobody was held out at random")
        .isEqualTo("observational");
    assertThat(CsatImpact.compare(groups.get(0), 11, FROM, TO).toRow().<String>getAs("method"))
        .as("fewer ratings than impact.min_csat_ratings")
        .isEqualTo("insufficient_data");
    assertThat(CsatImpact.fromRow(row))
        .as("the row reads back as the same comparison")
        .isEqualTo(CsatImpact.compare(groups.get(0), 10, FROM, TO));
  }

  private static int id;

  private static Row conversation(String topic, String source, Integer rating, String at) {
    Timestamp t = Timestamp.from(Instant.parse(at));
    return RowFactory.create(
        "c" + (id++), "u" + id, t, topic, source, rating, rating == null ? null : t);
  }

  private static StructType withoutDs(InputTable table) {
    StructType schema = table.bronzeSchema();
    return new StructType(Arrays.copyOf(schema.fields(), schema.fields().length - 1));
  }
}
