package io.proactiveinsights.impact;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.config.ProactiveConfig.IntercomSettings;
import io.proactiveinsights.ingest.IngestJob;
import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.Rows;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The impact stage on a workspace with a message that names no topic: it writes that message's
 * topic suggestions, and uses them for ticket impact only with {@code intercom.infer_topics}.
 *
 * <p>300 people. {@code m_quiet} (no topics) reached u0–u99 on 04-10, {@code m_login} (topic login)
 * u100–u199. u0–u29 opened a billing conversation two days later; u200–u219 one on billing on
 * 04-05; u200–u299 two on login each, u100–u149 one. So billing is 50 of 300 conversations, and all
 * 30 of m_quiet's follow-ups: a lift of (30/30) / (20/270) = 13.5.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopicSuggestionsImpactTest {

  private static final LocalDate DS = LocalDate.parse("2024-04-30");

  private Warehouse warehouse;

  @BeforeAll
  void ingestTheWorkspace(@TempDir Path dir) {
    InputFolder input = new InputFolder(dir.resolve("input"));
    List<Map<String, Object>> users = new ArrayList<>();
    List<Map<String, Object>> exposures = new ArrayList<>();
    List<Map<String, Object>> conversations = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String u = "u" + i;
      users.add(Rows.user(u, "Free"));
      if (i < 200) {
        String message = i < 100 ? "m_quiet" : "m_login";
        exposures.add(Rows.exposure("e" + i, message, u, "received", "2024-04-10T09:00:00Z"));
      }
      if (i < 30) {
        conversations.add(Rows.conversation("b" + i, u, "2024-04-12T09:00:00Z", "billing", null));
      }
      if (i >= 200 && i < 220) {
        conversations.add(Rows.conversation("o" + i, u, "2024-04-05T09:00:00Z", "billing", null));
      }
      if (i >= 200) {
        conversations.add(Rows.conversation("l" + i, u, "2024-04-02T09:00:00Z", "login", null));
        conversations.add(Rows.conversation("k" + i, u, "2024-04-20T09:00:00Z", "login", null));
      }
      if (i >= 100 && i < 150) {
        conversations.add(Rows.conversation("j" + i, u, "2024-04-12T09:00:00Z", "login", null));
      }
    }
    input.write(
        InputTable.MESSAGES,
        "part-0.jsonl",
        List.of(
            Rows.with(Rows.message("m_quiet", "post"), "topics", List.of()),
            Rows.with(Rows.message("m_login", "post"), "topics", List.of("login"))));
    input.write(InputTable.USERS, "part-0.jsonl", users);
    input.write(InputTable.EXPOSURES, "part-0.jsonl", exposures);
    input.write(InputTable.CONVERSATIONS, "part-0.jsonl", conversations);
    warehouse = new Warehouse(dir.resolve("warehouse").toString());
    new IngestJob(SharedSpark.session(), SharedSpark.config(), input.root().toString(), warehouse)
        .run(RunDate.of(DS));
  }

  @Test
  void theSuggestionIsWrittenAndUsedForImpactOnlyWhenAskedFor() {
    ImpactJob.Result plain =
        new ImpactJob(SharedSpark.session(), SharedSpark.config(), warehouse).run(RunDate.of(DS));

    assertThat(plain.outputs()).contains(Warehouse.TOPIC_SUGGESTIONS);
    assertThat(plain.topicsSuggested()).isEqualTo(1);
    List<Row> suggestions = suggestions();
    assertThat(suggestions).hasSize(1);
    Row billing = suggestions.get(0);
    assertThat(billing.<String>getAs("message_id")).isEqualTo("m_quiet");
    assertThat(billing.<String>getAs("topic")).isEqualTo("billing");
    assertThat(billing.<Long>getAs(TopicSuggestions.FOLLOW_UPS)).isEqualTo(30L);
    assertThat(billing.<Long>getAs(TopicSuggestions.TOPIC_CONVERSATIONS)).isEqualTo(50L);
    assertThat(billing.<Long>getAs(TopicSuggestions.ALL_CONVERSATIONS)).isEqualTo(300L);
    assertThat(billing.<Double>getAs(TopicSuggestions.LIFT)).isEqualTo(13.5);
    assertThat(billing.<Boolean>getAs(TopicSuggestions.SUGGESTED)).isTrue();
    assertThat(impactTopics())
        .as("a suggestion is not used unless asked for")
        .containsExactly("m_login/login");

    ImpactJob.Result inferred =
        new ImpactJob(SharedSpark.session(), withInferredTopics(), warehouse).run(RunDate.of(DS));

    assertThat(inferred.topicsSuggested()).isEqualTo(1);
    assertThat(suggestions()).as("the rerun replaced its ds").hasSize(1);
    assertThat(impactTopics()).containsExactly("m_login/login", "m_quiet/billing");
  }

  private List<Row> suggestions() {
    return DeltaTables.readIfExists(
            SharedSpark.session(), warehouse.path(Warehouse.TOPIC_SUGGESTIONS))
        .orElseThrow()
        .where(DeltaTables.dsPredicate(DS))
        .collectAsList();
  }

  private List<String> impactTopics() {
    return SharedSpark.session()
        .read()
        .format("delta")
        .load(warehouse.path(Warehouse.TOPIC_IMPACT))
        .where(DeltaTables.dsPredicate(DS))
        .orderBy("message_id", "topic")
        .collectAsList()
        .stream()
        .map(r -> r.getAs("message_id") + "/" + r.getAs("topic"))
        .toList();
  }

  private static ProactiveConfig withInferredTopics() {
    ProactiveConfig c = SharedSpark.config();
    IntercomSettings i = c.intercom();
    return new ProactiveConfig(
        c.paths(),
        c.spark(),
        c.ingest(),
        c.metrics(),
        c.impact(),
        c.hygiene(),
        c.recommend(),
        c.segments(),
        c.sample(),
        c.maintain(),
        new IntercomSettings(
            i.topicAttribute(),
            i.proactiveDeliveredAs(),
            i.replyLinkMinutes(),
            i.pausedAfterDays(),
            true,
            i.topicSuggestions()),
        c.audienceRules(),
        c.runs(),
        c.experiments());
  }
}
