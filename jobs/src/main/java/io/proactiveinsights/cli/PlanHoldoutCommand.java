package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.experiments.HoldoutPlanner;
import io.proactiveinsights.experiments.HoldoutPlanner.Plan;
import io.proactiveinsights.experiments.HoldoutPlanner.TopicPlan;
import io.proactiveinsights.spark.SparkSessions;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Before launching a holdout: how many days until a change of a given size in a topic's tickets
 * would show ({@link HoldoutPlanner}). Reads the warehouse, writes nothing; prints one sentence per
 * topic, then the JSON summary with the plan and its inputs.
 */
@Command(
    name = "plan-holdout",
    mixinStandardHelpOptions = true,
    description = {
      "How many days a holdout needs before a change in a topic's tickets would show, at 80%"
          + " power with the",
      "always-valid interval the experiments job reads: from the message's audience as of D, its"
          + " newcomers and",
      "the topic's tickets per person-day over ingest's lookback. Writes nothing. Run ingest for D"
          + " first."
    })
final class PlanHoldoutCommand implements Callable<Integer> {

  /** The largest holdout share the contract allows. */
  static final double MAX_SHARE = 0.5;

  @Mixin WarehouseOptions options;

  @Spec CommandSpec spec;

  @Option(names = "--message", required = true, paramLabel = "ID", description = "The message.")
  String messageId;

  @Option(
      names = "--share",
      required = true,
      paramLabel = "H",
      description = "The control share to hold out, within (0, " + MAX_SHARE + "].")
  double share;

  @Option(
      names = "--lift",
      required = true,
      paramLabel = "L",
      description =
          "The size of the change to detect, either way, within (0, 1): 0.2 = 20% fewer or more"
              + " tickets.")
  double lift;

  @Option(
      names = "--ds",
      paramLabel = "YYYY-MM-DD",
      converter = DateConverter.class,
      description = "Plan from the warehouse as of this date (default: the latest ingested).")
  LocalDate ds;

  @Option(
      names = "--topic",
      paramLabel = "T",
      description = "Plan for this topic only (default: each of the message's topics).")
  List<String> topics = new ArrayList<>();

  @Override
  public Integer call() {
    long start = System.nanoTime();
    if (!(share > 0 && share <= MAX_SHARE)) {
      throw new ParameterException(
          spec.commandLine(),
          "Cannot plan a holdout: --share must be within (0, "
              + MAX_SHARE
              + "] (got "
              + share
              + ")");
    }
    if (!(lift > 0 && lift < 1)) {
      throw new ParameterException(
          spec.commandLine(),
          "Cannot plan a holdout: --lift is the size of the change, within (0, 1) (got "
              + lift
              + "; 0.2 = 20% fewer or more tickets)");
    }
    ProactiveConfig config = options.config();
    HoldoutPlanner planner =
        new HoldoutPlanner(
            SparkSessions.getOrCreate(config.spark()), config, options.warehouse(config));
    LocalDate planDs = ds != null ? ds : planner.latestDs();
    Plan plan = planner.plan(messageId, topics, share, lift, planDs);

    PrintWriter out = spec.commandLine().getOut();
    plan.topics().forEach(t -> out.println(sentence(plan, t)));
    new RunSummary(
            spec.name(),
            planDs.toString(),
            RunSummary.OK,
            ExitCodes.OK,
            Stages.elapsedMs(start),
            null,
            null,
            null,
            List.of(),
            details(plan),
            null)
        .print(out);
    return ExitCodes.OK;
  }

  /** "billing: a 20% change in tickets would show after 34 days with a 10% holdout (…)." */
  static String sentence(Plan plan, TopicPlan t) {
    String change =
        String.format(
            Locale.ROOT,
            "%s: a %.0f%% change in tickets (either way) with a %.0f%% holdout",
            t.topic(),
            100 * plan.lift(),
            100 * plan.share());
    if (t.days() == null) {
      return change + " cannot be planned: " + t.note() + ".";
    }
    return String.format(
        Locale.ROOT,
        "%s would show after %d days (80%% power, always-valid 95%% interval; %,.0f people held"
            + " out by then; %.4f tickets per person-day).",
        change,
        t.days(),
        t.controlUsers(),
        t.ticketsPerPersonDay());
  }

  private static Map<String, Object> details(Plan plan) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("message_id", plan.messageId());
    details.put("share", plan.share());
    details.put("lift", plan.lift());
    details.put("power", plan.power());
    details.put("audience_users", plan.audienceUsers());
    details.put("daily_new_users", plan.dailyNewUsers());
    details.put("lookback_days", plan.lookbackDays());
    List<Map<String, Object>> topics = new ArrayList<>();
    for (TopicPlan t : plan.topics()) {
      Map<String, Object> topic = new LinkedHashMap<>();
      topic.put("topic", t.topic());
      topic.put("days", t.days());
      topic.put("days_if_fewer", t.daysIfFewer());
      topic.put("days_if_more", t.daysIfMore());
      topic.put("tickets", t.tickets());
      topic.put("person_days", t.personDays());
      topic.put("tickets_per_person_day", t.ticketsPerPersonDay());
      topic.put("variance_to_mean_ratio", t.varianceToMeanRatio());
      topic.put("treatment_users", t.treatmentUsers());
      topic.put("control_users", t.controlUsers());
      if (t.note() != null) {
        topic.put("note", t.note());
      }
      topics.add(topic);
    }
    details.put("topics", topics);
    return details;
  }
}
