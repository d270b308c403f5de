package io.proactiveinsights.experiments;

import static io.proactiveinsights.experiments.ExperimentFixtures.assignment;
import static io.proactiveinsights.experiments.ExperimentFixtures.conversation;
import static io.proactiveinsights.experiments.ExperimentFixtures.exposure;
import static io.proactiveinsights.experiments.ExperimentFixtures.message;
import static io.proactiveinsights.experiments.ExperimentFixtures.user;
import static io.proactiveinsights.experiments.ExperimentFixtures.userEvent;
import static io.proactiveinsights.experiments.ExperimentFixtures.writeBronze;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.schema.ExperimentImpactColumns;
import io.proactiveinsights.schema.ExperimentImpactColumns.Verdict;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.SharedSpark;
import io.proactiveinsights.testing.TableRows;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The experiments job on a small warehouse written straight to Delta: 2,000 people assigned on
 * 04-02 to three holdout messages declared at a 30% share, each message with its own topic, read as
 * of ds 04-30 (29 days in). Tickets are Poisson per person, each person heavy or light alike before
 * and after assignment (so the pre-period predicts the post-period, as CUPED needs).
 *
 * <ul>
 *   <li>{@code cut} (banner, billing): control 3 in 10 people; treatment opens 40% fewer tickets.
 *   <li>{@code same} (post, login): control 3 in 10 people; no effect.
 *   <li>{@code broken} (tour, export): the source held out 22% while declaring 30%.
 * </ul>
 */
class ExperimentsJobTest {

  private static final LocalDate DS = LocalDate.parse("2024-04-30");
  private static final Instant ASSIGNED = Instant.parse("2024-04-02T00:00:00Z");
  private static final Instant AS_OF = Instant.parse("2024-05-01T00:00:00Z");
  private static final int PEOPLE = 2_000;

  /** Tickets per person on a topic over the 29 days, for the control arm and a light person. */
  private static final double BASE_TICKETS = 0.4;

  @TempDir Path tmp;

  @Test
  void aPlantedReductionIsFoundNoEffectIsNotAndABrokenSplitIsCaught() {
    Warehouse warehouse = new Warehouse(tmp.resolve("wh").toString());
    plant(warehouse);
    ExperimentsJob job = new ExperimentsJob(SharedSpark.session(), SharedSpark.config(), warehouse);

    ExperimentsJob.Result result = job.run(RunDate.of(DS));
    List<String> first =
        TableRows.sorted(SharedSpark.session(), warehouse.path(Warehouse.EXPERIMENT_IMPACT));
    job.run(RunDate.of(DS));

    assertThat(TableRows.sorted(SharedSpark.session(), warehouse.path(Warehouse.EXPERIMENT_IMPACT)))
        .as("a rerun of the ds replaces its rows with the same")
        .isEqualTo(first);
    Map<String, ExperimentImpact> rows =
        SharedSpark.session()
            .read()
            .format("delta")
            .load(warehouse.path(Warehouse.EXPERIMENT_IMPACT))
            .collectAsList()
            .stream()
            .map(ExperimentImpact::fromRow)
            .collect(Collectors.toMap(r -> r.arms().messageId() + "/" + r.metric(), r -> r));
    assertThat(rows)
        .containsOnlyKeys(
            "cut/tickets:billing",
            "cut/goal_rate",
            "cut/csat",
            "cut/ctr",
            "same/tickets:login",
            "same/csat",
            "broken/tickets:export",
            "broken/csat");
    assertThat(result.rows()).isEqualTo(8);
    assertThat(result.messages()).isEqualTo(3);

    ExperimentImpact cut = rows.get("cut/tickets:billing");
    assertThat(cut.arms().treatmentUsers())
        .as("intention to treat: all 1,400 assigned, viewers or not; not those assigned at as-of")
        .isEqualTo(1_400);
    assertThat(cut.arms().controlUsers()).isEqualTo(600);
    assertThat(cut.arms().expectedControlShare()).isCloseTo(0.3, within(1e-12));
    assertThat(cut.arms().srmPValue()).isGreaterThan(0.5);
    assertThat(cut.arms().daysRun()).isEqualTo(29);
    assertThat(cut.verdict()).isEqualTo(Verdict.FEWER_TICKETS);
    assertThat(cut.ciLow()).isLessThan(-0.4);
    assertThat(cut.ciHigh()).isBetween(-0.4, 0.0);
    assertThat(cut.method()).isEqualTo("always_valid_delta_cuped");

    ExperimentImpact same = rows.get("same/tickets:login");
    assertThat(same.verdict()).isIn(Verdict.NO_EFFECT, Verdict.INCONCLUSIVE);
    assertThat(same.ciLow()).isNegative();
    assertThat(same.ciHigh()).isPositive();

    ExperimentImpact broken = rows.get("broken/tickets:export");
    assertThat(broken.arms().controlUsers()).isEqualTo(440);
    assertThat(broken.arms().srmPValue()).isLessThan(1e-6);
    assertThat(broken.verdict()).isEqualTo(Verdict.SRM);
    assertThat(broken.lift()).isNull();
    assertThat(broken.ciLow()).isNull();
    assertThat(rows.get("broken/csat").verdict())
        .as("a broken split voids every metric of the message")
        .isEqualTo(Verdict.SRM);

    ExperimentImpact ctr = rows.get("cut/ctr");
    assertThat(ctr.method()).isEqualTo(ExperimentImpactColumns.TREATMENT_ONLY);
    assertThat(ctr.controlValue()).as("the control arm never sees the message").isNull();
    assertThat(ctr.lift()).isNull();
    // One treatment person in ten viewed it (200), one in four of those clicked.
    assertThat(ctr.treatmentUnits()).isEqualTo(200);
    assertThat(ctr.treatmentValue()).isCloseTo(0.25, within(1e-12));
    assertThat(rows.get("cut/goal_rate").treatmentUnits()).isEqualTo(1_400);
    assertThat(rows.get("cut/csat").method()).isEqualTo("always_valid_delta");
  }

  @Test
  void aWarehouseWithoutAssignmentsGetsAnEmptyPartition() {
    Warehouse warehouse = new Warehouse(tmp.resolve("none").toString());
    writeBronze(
        warehouse,
        InputTable.MESSAGES,
        List.of(message("m", "banner", List.of("billing"), null)),
        DS);

    ExperimentsJob.Result result =
        new ExperimentsJob(SharedSpark.session(), SharedSpark.config(), warehouse)
            .run(RunDate.of(DS));

    assertThat(result.rows()).isZero();
    assertThat(
            SharedSpark.session()
                .read()
                .format("delta")
                .load(warehouse.path(Warehouse.EXPERIMENT_IMPACT))
                .columns())
        .contains(ExperimentImpactColumns.VERDICT, ExperimentImpactColumns.SRM_P_VALUE, "ds");
  }

  /** Writes the three experiments' bronze tables and assignments (see the class javadoc). */
  private static void plant(Warehouse warehouse) {
    Random random = new Random(23);
    List<Row> users = new ArrayList<>();
    List<Row> assignments = new ArrayList<>();
    List<Row> conversations = new ArrayList<>();
    List<Row> events = new ArrayList<>();
    List<Row> exposures = new ArrayList<>();
    IntPredicate cutControl = i -> i % 10 < 3;
    IntPredicate sameControl = i -> (i / 10) % 10 < 3;
    IntPredicate brokenControl = i -> i % 50 < 11;
    for (int i = 0; i < PEOPLE; i++) {
      String id = "u" + i;
      users.add(user(id, "2023-01-01T00:00:00Z"));
      double heavy = random.nextBoolean() ? 2.0 : 1.0;
      boolean cutTreated = !cutControl.test(i);
      assign(assignments, "cut", id, cutTreated);
      assign(assignments, "same", id, !sameControl.test(i));
      assign(assignments, "broken", id, !brokenControl.test(i));
      tickets(conversations, random, id, "billing", heavy * BASE_TICKETS * (cutTreated ? 0.6 : 1));
      tickets(conversations, random, id, "login", heavy * BASE_TICKETS);
      tickets(conversations, random, id, "export", heavy * BASE_TICKETS);
      if (random.nextDouble() < 0.2) {
        events.add(userEvent(id, "upgraded", at(random, ASSIGNED, AS_OF)));
      }
      if (i % 10 == 5) { // treatment in cut
        exposures.add(exposure("cut", id, "viewed", "2024-04-03T10:00:00Z"));
        if (i % 40 == 5) {
          exposures.add(exposure("cut", id, "clicked", "2024-04-03T10:01:00Z"));
        }
      }
    }
    // Assigned at the as-of time: for tomorrow's run.
    for (int i = 0; i < 10; i++) {
      assignments.add(assignment("cut", "late" + i, "treatment", AS_OF.toString(), 0.3));
    }
    writeBronze(
        warehouse,
        InputTable.MESSAGES,
        List.of(
            message("cut", "banner", List.of("billing"), "upgraded"),
            message("same", "post", List.of("login"), null),
            message("broken", "product_tour", List.of("export"), null)),
        DS);
    writeBronze(warehouse, InputTable.USERS, users, DS);
    writeBronze(warehouse, InputTable.CONVERSATIONS, conversations, DS);
    writeBronze(warehouse, InputTable.USER_EVENTS, events, DS);
    writeBronze(warehouse, InputTable.EXPOSURES, exposures, DS);
    ExperimentFixtures.writeAssignments(warehouse, assignments);
  }

  private static void assign(List<Row> assignments, String message, String user, boolean treated) {
    assignments.add(
        assignment(message, user, treated ? "treatment" : "control", ASSIGNED.toString(), 0.3));
  }

  /**
   * A Poisson number of tickets with mean {@code mean} after assignment and as many (in mean) in
   * the 28 days before it; every third one after it rated 1 to 5.
   */
  private static void tickets(
      List<Row> conversations, Random random, String user, String topic, double mean) {
    Instant preStart = ASSIGNED.minus(Duration.ofDays(28));
    for (int k = poisson(random, mean); k > 0; k--) {
      conversations.add(
          conversation(
              user,
              topic,
              at(random, ASSIGNED, AS_OF),
              null,
              random.nextInt(3) == 0 ? 1 + random.nextInt(5) : null));
    }
    for (int k = poisson(random, mean * 28 / 29); k > 0; k--) {
      conversations.add(conversation(user, topic, at(random, preStart, ASSIGNED), null, null));
    }
  }

  private static int poisson(Random random, double mean) {
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int count = 0;
    while (product > limit) {
      product *= random.nextDouble();
      count++;
    }
    return count;
  }

  private static String at(Random random, Instant from, Instant to) {
    long seconds = Duration.between(from, to).toSeconds();
    return from.plusSeconds((long) (random.nextDouble() * seconds)).toString();
  }
}
