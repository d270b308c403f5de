package io.proactiveinsights.hygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proactiveinsights.hygiene.MessageFacts.Csat;
import io.proactiveinsights.hygiene.MessageFacts.Impact;
import io.proactiveinsights.hygiene.MessageFacts.Incident;
import io.proactiveinsights.hygiene.MessageFacts.OverMessaging;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * A message_facts row carries the whole record, so the recommendations job judges exactly what
 * hygiene judged.
 */
class MessageFactsTest {

  @Test
  void aRowReadsBackAsTheSameFacts() {
    MessageFacts facts =
        Facts.post("chat")
            .type("chat")
            .frequency("multiple")
            .rule("plan = 'Free'")
            .topics(List.of("sso", "billing"))
            .audience(9_000L)
            .reach(8_000, 7_100)
            .topicOpeners(400, 120)
            .goal("exported", 300, 0.3)
            .dismissals(1_640, null)
            .showings(Facts.naggingShowings())
            .csat(new Csat(120, 3.2, 800, 4.0, -0.8, -1.1, -0.5, 1e-6))
            .incident(
                new Incident(
                    "KI-1",
                    "Slow exports",
                    Facts.AS_OF.minus(Duration.ofDays(9)),
                    null,
                    4.0,
                    20.0,
                    4.2,
                    5.0,
                    4.1,
                    0.7,
                    0.3))
            .impact(new Impact(2, 1, 1, 0, 0.3, "sso: no change; billing: fewer"))
            .overMessaging(new OverMessaging(60, 240, 0.2))
            .build();

    Row row = facts.toRow();

    assertThat(MessageFacts.fromRow(new GenericRowWithSchema(values(row), MessageFacts.SCHEMA)))
        .isEqualTo(facts);
  }

  @Test
  void aRowFromAnOlderHygieneRunSaysToRerunIt() {
    Row old =
        new GenericRowWithSchema(
            new Object[] {"m1", "{\"catalogue\": 3}"},
            new StructType().add("message_id", "string").add(MessageFacts.FACTS_JSON, "string"));

    assertThatThrownBy(() -> MessageFacts.fromRow(old))
        .hasMessageContaining("Cannot read message_facts of m1")
        .hasMessageContaining("rerun `proactive hygiene`");
  }

  private static Object[] values(Row row) {
    Object[] values = new Object[row.length()];
    for (int i = 0; i < row.length(); i++) {
      values[i] = row.get(i);
    }
    return values;
  }
}
