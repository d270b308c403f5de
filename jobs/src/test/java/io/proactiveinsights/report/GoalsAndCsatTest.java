package io.proactiveinsights.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.impact.CsatImpact.Method;
import io.proactiveinsights.report.ReportInputs.CsatRow;
import io.proactiveinsights.report.ReportInputs.GoalRow;
import io.proactiveinsights.report.ReportInputs.MessageInfo;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The digest's goal and CSAT sentences in the cases the report fixture does not reach. */
class GoalsAndCsatTest {

  private static MessageInfo message(String id, String type, String goal, String... topics) {
    return new MessageInfo(id, id.replace('_', ' '), type, "live", null, List.of(topics), goal);
  }

  private static Map<String, MessageInfo> catalogue(MessageInfo... messages) {
    return java.util.Arrays.stream(messages)
        .collect(Collectors.toMap(MessageInfo::messageId, Function.identity()));
  }

  private static String goals(Map<String, MessageInfo> messages, GoalRow... rows) {
    return GoalsAndCsat.goalsDigest(GoalsAndCsat.goals(List.of(rows), messages));
  }

  @Test
  void goalSentences() {
    assertThat(goals(catalogue(message("a", "banner", null))))
        .isEqualTo("no live message has a goal set.");
    assertThat(goals(catalogue(message("a", "banner", "x"))))
        .isEqualTo("1 live message has a goal, but nobody received it in the metrics window.");
    // The only chat with a goal: no peer, said so.
    assertThat(
            goals(
                catalogue(message("sso_chat", "chat", "sso.done")),
                new GoalRow("sso_chat", 400, 164, 0.41, 0.36, 0.46, true)))
        .isEqualTo(
            "1 live message has a goal; sso chat reaches its goal for 41% (95% CI 36–46%) of"
                + " receivers, with no other live chat with a goal to compare with.");
    // Nobody below: the message most people received is named.
    assertThat(
            goals(
                catalogue(message("t1", "product_tour", "a"), message("t2", "product_tour", "b")),
                new GoalRow("t1", 400, 164, 0.41, 0.36, 0.46, true),
                new GoalRow("t2", 900, 380, 0.42, 0.39, 0.45, true)))
        .isEqualTo(
            "2 live messages have a goal, none below its format; t2 reaches its goal for 42% (95%"
                + " CI 39–45%) of receivers, in line with the 41% of the other product tour with a"
                + " goal.");
    // Two below: the one furthest below is named, the other counted.
    assertThat(
            goals(
                catalogue(
                    message("t1", "product_tour", "a"),
                    message("t2", "product_tour", "b"),
                    message("t3", "product_tour", "c"),
                    message("t4", "product_tour", "d")),
                new GoalRow("t1", 400, 80, 0.20, 0.16, 0.24, true),
                new GoalRow("t2", 400, 120, 0.30, 0.26, 0.35, true),
                new GoalRow("t3", 400, 280, 0.70, 0.65, 0.74, true),
                new GoalRow("t4", 400, 300, 0.75, 0.70, 0.79, true)))
        .isEqualTo(
            "4 live messages have a goal; t1 reaches its goal for 20% (95% CI 16–24%) of receivers,"
                + " below the 70% median of 3 other product tours with a goal; 1 more below their"
                + " format.");
  }

  private static CsatRow rated(
      String id, long n, double mean, double others, double low, double high) {
    return new CsatRow(id, n, mean, 300, others, mean - others, low, high, 0.01, Method.WELCH_T);
  }

  @Test
  void csatSentences() {
    Map<String, MessageInfo> messages =
        catalogue(
            message("sso_chat", "chat", null, "sso"),
            message("bill", "post", null, "billing", "invoices", "tax"));
    assertThat(GoalsAndCsat.csatDigest(List.of(), messages))
        .isEqualTo("no conversation started from a message was rated in the metrics window.");
    assertThat(
            GoalsAndCsat.csatDigest(
                List.of(
                    new CsatRow(
                        "sso_chat",
                        4,
                        4.5,
                        300,
                        4.0,
                        null,
                        null,
                        null,
                        null,
                        Method.INSUFFICIENT_DATA)),
                messages))
        .isEqualTo(
            "conversations started from 1 message were rated, too few times yet to compare with the"
                + " rest on its topics.");
    assertThat(
            GoalsAndCsat.csatDigest(List.of(rated("sso_chat", 120, 4.3, 3.9, 0.1, 0.7)), messages))
        .isEqualTo(
            "conversations started from sso chat rate 4.3 against 3.9 on sso (+0.4, 95% CI +0.1 to"
                + " +0.7).");
    // A clearly lower one comes before a clearly higher one.
    assertThat(
            GoalsAndCsat.csatDigest(
                List.of(
                    rated("sso_chat", 120, 4.3, 3.9, 0.1, 0.7),
                    rated("bill", 50, 3.0, 4.0, -1.4, -0.6)),
                messages))
        .isEqualTo(
            "conversations started from bill rate 3.0 against 4.0 on billing, invoices and tax"
                + " (-1.0, 95% CI -1.4 to -0.6).");
    assertThat(
            GoalsAndCsat.csatDigest(
                List.of(
                    rated("sso_chat", 120, 4.0, 3.9, -0.2, 0.4),
                    rated("bill", 50, 4.1, 4.0, -0.3, 0.5)),
                messages))
        .isEqualTo(
            "no message's conversations rate clearly apart from the rest on their topics;"
                + " conversations started from sso chat rate 4.0 against 3.9 on sso (+0.1, 95% CI"
                + " -0.2 to +0.4).");
  }
}
