package io.proactiveinsights.experiments;

import static io.proactiveinsights.experiments.ExperimentFixtures.assignment;
import static io.proactiveinsights.experiments.ExperimentFixtures.conversation;
import static io.proactiveinsights.experiments.ExperimentFixtures.exposure;
import static io.proactiveinsights.experiments.ExperimentFixtures.frame;
import static io.proactiveinsights.experiments.ExperimentFixtures.message;
import static io.proactiveinsights.experiments.ExperimentFixtures.user;
import static io.proactiveinsights.experiments.ExperimentFixtures.userEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.proactiveinsights.impact.TicketAggregates;
import io.proactiveinsights.schema.InputTable;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The sums per (message, metric, arm), as of 2024-05-01T00:00Z with a 28-day pre-period and the
 * history starting 2024-01-02. Banner m (topics billing and login, goal event "upgraded"): t1 and
 * t2 in treatment from 04-21 (t2 signed up 04-26 12:00), c1 in control from 04-11, c2 assigned at
 * the as-of time itself (too late for this run). Each expected sum is worked out in a comment from
 * the people's rows.
 */
class ArmAggregatesTest {

  private static final Instant AS_OF = Instant.parse("2024-05-01T00:00:00Z");
  private static final Instant HISTORY_START = Instant.parse("2024-01-02T00:00:00Z");
  private static final Duration PRE_PERIOD = Duration.ofDays(28);

  @Test
  void eachArmsPeopleSumUpFromTheirAssignmentOnWhetherTheySawTheMessageOrNot() {
    Dataset<Row> messages =
        frame(
            InputTable.MESSAGES,
            List.of(message("m", "banner", List.of("billing", "login"), "upgraded")));
    Dataset<Row> assigned =
        ArmAggregates.assignedBefore(
            ExperimentFixtures.assignments(
                List.of(
                    assignment("m", "t1", "treatment", "2024-04-21T00:00:00Z", 0.25),
                    assignment("m", "t2", "treatment", "2024-04-21T00:00:00Z", 0.25),
                    assignment("m", "c1", "control", "2024-04-11T00:00:00Z", 0.25),
                    assignment("m", "c2", "control", "2024-05-01T00:00:00Z", 0.25),
                    // a message no longer in the catalogue
                    assignment("gone", "t1", "treatment", "2024-04-21T00:00:00Z", 0.25))),
            messages,
            AS_OF);
    Dataset<Row> users =
        frame(
            InputTable.USERS,
            List.of(
                user("t1", null),
                user("t2", "2024-04-26T12:00:00Z"),
                user("c1", "2023-01-01T00:00:00Z"),
                user("c2", "2023-01-01T00:00:00Z")));
    Dataset<Row> conversations =
        frame(
            InputTable.CONVERSATIONS,
            List.of(
                conversation("t1", "billing", "2024-04-10T09:00:00Z", null, null), // pre-period
                conversation("t1", "billing", "2024-04-25T09:00:00Z", null, 4),
                // started as a reply to a message: no ticket, but its rating counts for csat
                conversation("t1", "billing", "2024-04-26T09:00:00Z", "m", 5),
                conversation("t2", "billing", "2024-04-28T09:00:00Z", null, null),
                conversation("c1", "billing", "2024-03-01T09:00:00Z", null, null), // before pre
                conversation("c1", "billing", "2024-04-01T09:00:00Z", null, 5), // pre-period
                conversation("c1", "billing", "2024-04-15T09:00:00Z", null, 2),
                conversation("c1", "billing", "2024-04-20T09:00:00Z", null, null),
                conversation("c2", "billing", "2024-04-20T09:00:00Z", null, 1)));
    Dataset<Row> userEvents =
        frame(
            InputTable.USER_EVENTS,
            List.of(
                userEvent("t1", "upgraded", "2024-04-15T00:00:00Z"), // pre-period
                userEvent("t1", "upgraded", "2024-04-22T00:00:00Z"),
                userEvent("t2", "logged_in", "2024-04-27T00:00:00Z"), // not the goal
                userEvent("c1", "upgraded", "2024-04-25T00:00:00Z")));
    Dataset<Row> exposures =
        frame(
            InputTable.EXPOSURES,
            List.of(
                exposure("m", "t1", "viewed", "2024-04-22T10:00:00Z"),
                exposure("m", "t1", "clicked", "2024-04-22T10:01:00Z"),
                exposure("m", "t2", "clicked", "2024-04-20T10:00:00Z"), // before assignment
                exposure("m", "t2", "viewed", "2024-04-27T10:00:00Z")));

    Map<String, List<Object>> sums = new TreeMap<>();
    for (Row r :
        ArmAggregates.armSums(
                assigned,
                messages,
                TicketAggregates.inbound(conversations),
                conversations,
                users,
                userEvents,
                exposures,
                AS_OF,
                HISTORY_START,
                PRE_PERIOD)
            .collectAsList()) {
      sums.put(
          r.getAs("metric") + "/" + r.getAs("arm"),
          List.of(
              r.getAs(ArmAggregates.N),
              r.getAs(ArmAggregates.SUM_Y),
              r.getAs(ArmAggregates.SUM_Y2),
              r.getAs(ArmAggregates.SUM_D),
              r.getAs(ArmAggregates.SUM_D2),
              r.getAs(ArmAggregates.SUM_YD),
              r.getAs(ArmAggregates.SUM_X),
              r.getAs(ArmAggregates.SUM_X2),
              r.getAs(ArmAggregates.SUM_XY),
              r.getAs(ArmAggregates.SUM_XD)));
    }

    // Order: n, Σy, Σy², Σd, Σd², Σyd, Σx, Σx², Σxy, Σxd.
    assertThat(sums)
        .containsOnlyKeys(
            "tickets:billing/treatment",
            "tickets:billing/control",
            "tickets:login/treatment",
            "tickets:login/control",
            "goal_rate/treatment",
            "goal_rate/control",
            "csat/treatment",
            "csat/control",
            "ctr/treatment");
    // t1: y 1 (04-25; the 04-26 reply is no ticket), d 10 (04-21..05-01), x 1 (04-10).
    // t2: at risk from signup 04-26 12:00, d 4.5, y 1 (04-28), x 0.
    assertThat(sums.get("tickets:billing/treatment"))
        .containsExactly(2L, 2.0, 2.0, 14.5, 120.25, 14.5, 1.0, 1.0, 1.0, 10.0);
    // c1: d 20 (04-11..05-01), y 2 (04-15, 04-20), x 1 (04-01; 03-01 is before the pre-period
    // starting 03-14). c2 was assigned at the as-of time: not yet in the run.
    assertThat(sums.get("tickets:billing/control"))
        .containsExactly(1L, 2.0, 4.0, 20.0, 400.0, 40.0, 1.0, 1.0, 2.0, 20.0);
    // No login tickets: only the time at risk.
    assertThat(sums.get("tickets:login/treatment"))
        .containsExactly(2L, 0.0, 0.0, 14.5, 120.25, 0.0, 0.0, 0.0, 0.0, 0.0);
    // t1 upgraded after (y 1) and before (x 1) assignment; t2 never; c1 after.
    assertThat(sums.get("goal_rate/treatment"))
        .containsExactly(2L, 1.0, 1.0, 2.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0);
    assertThat(sums.get("goal_rate/control"))
        .containsExactly(1L, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0);
    // t1 rated 4 and 5 after assignment (y 9, d 2); t2 rated nothing, so is no unit. c1's 5 was
    // before assignment: only the 2 counts.
    assertThat(sums.get("csat/treatment"))
        .containsExactly(1L, 9.0, 81.0, 2.0, 4.0, 18.0, 0.0, 0.0, 0.0, 0.0);
    assertThat(sums.get("csat/control"))
        .containsExactly(1L, 2.0, 4.0, 1.0, 1.0, 2.0, 0.0, 0.0, 0.0, 0.0);
    // A banner's ctr: both viewed after assignment; t1 clicked, t2's click came before it.
    assertThat(sums.get("ctr/treatment"))
        .containsExactly(2L, 1.0, 1.0, 2.0, 2.0, 1.0, 0.0, 0.0, 0.0, 0.0);

    // Shares 0.25 each: treatment 2 people, control 1 (c2 is too late), 0.75 declared in all; the
    // first assignment c1's.
    assertThat(ArmAggregates.messageArms(assigned).collectAsList())
        .extracting(
            r -> r.getAs("message_id"),
            r -> r.getAs(ArmAggregates.TREATMENT_USERS),
            r -> r.getAs(ArmAggregates.CONTROL_USERS),
            r -> r.<Double>getAs(ArmAggregates.SHARE_SUM),
            r -> r.getAs(ArmAggregates.SHARE_COUNT),
            r -> r.<Timestamp>getAs(ArmAggregates.FIRST_ASSIGNED_AT).toInstant().toString())
        .containsExactly(tuple("m", 2L, 1L, 0.75, 3L, "2024-04-11T00:00:00Z"));
  }
}
