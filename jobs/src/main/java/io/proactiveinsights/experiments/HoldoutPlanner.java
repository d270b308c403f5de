package io.proactiveinsights.experiments;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.config.ProactiveConfig.ExperimentSettings;
import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.impact.TicketAggregates;
import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.rules.RuleSyntaxException;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.run.Stage;
import io.proactiveinsights.run.Window;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.segments.CompiledRule;
import io.proactiveinsights.segments.SegmentEvaluation;
import io.proactiveinsights.stats.HoldoutPower;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Before a holdout starts: how many days one of a given share needs before a given change in a
 * topic's tickets would show, with the always-valid interval the experiments job reads ({@link
 * HoldoutPower}), from what the warehouse holds for ds D.
 *
 * <p>The inputs, over the {@code ingest.lookback_days} before the end of D: the audience is the
 * people the message's rule matches as of D, evaluated on bronze users as the segments job does (so
 * a draft can be planned before it goes live), all assigned on the holdout's first day; the
 * newcomers a day are those of them who signed up in the lookback, per day; a topic's rate is its
 * inbound tickets from the audience per person-day at risk (each person from the later of the
 * lookback's start and their signup), and its variance-to-mean ratio is Pearson's dispersion of
 * each person's tickets around that rate (at least 1: people who write in more often than others
 * need a longer holdout than Poisson would say). CUPED, which the job applies, only shortens the
 * answer. The answer is the slower of "that many percent fewer" and "that many percent more".
 */
public final class HoldoutPlanner {

  /**
   * A plan for one message.
   *
   * @param share the planned control share
   * @param lift the size of the change to detect, either way (0.2: 20% fewer or more tickets)
   * @param audienceUsers people the rule matches as of ds, assigned on the first day
   * @param dailyNewUsers people of the audience who signed up in the lookback, per day
   */
  public record Plan(
      String messageId,
      LocalDate ds,
      double share,
      double lift,
      long audienceUsers,
      double dailyNewUsers,
      int lookbackDays,
      double power,
      List<TopicPlan> topics) {}

  /**
   * One topic's answer.
   *
   * @param days the slower of {@code daysIfFewer} and {@code daysIfMore}; null when either would
   *     not show within the horizon, or the topic had no tickets
   * @param note why there is no day, or null
   */
  public record TopicPlan(
      String topic,
      long tickets,
      double personDays,
      Double ticketsPerPersonDay,
      Double varianceToMeanRatio,
      Integer daysIfFewer,
      Integer daysIfMore,
      Integer days,
      Double treatmentUsers,
      Double controlUsers,
      String note) {}

  /** One topic's sums over the audience, from Spark. */
  record TopicTickets(String topic, long tickets, double ticketsSquaredPerDay) {}

  private static final double SECONDS_PER_DAY = Duration.ofDays(1).toSeconds();

  private static final String TOPIC = "topic";
  private static final String START = "at_risk_from";
  private static final String DAYS = "days_at_risk";
  private static final String TICKETS = "tickets";

  private final SparkSession spark;
  private final ProactiveConfig config;
  private final Warehouse warehouse;

  public HoldoutPlanner(SparkSession spark, ProactiveConfig config, Warehouse warehouse) {
    this.spark = spark;
    this.config = config;
    this.warehouse = warehouse;
  }

  /** The latest ds ingest wrote the message catalogue for. */
  public LocalDate latestDs() {
    return DeltaTables.readIfExists(spark, warehouse.bronzePath(InputTable.MESSAGES))
        .map(t -> t.agg(max(col(InputTable.DS))).first())
        .filter(r -> !r.isNullAt(0))
        .map(r -> r.getDate(0).toLocalDate())
        .orElseThrow(
            () ->
                new UsageException(
                    "Cannot plan a holdout: "
                        + warehouse.bronzePath(InputTable.MESSAGES)
                        + " holds no catalogue (run `proactive ingest --ds D` first)"));
  }

  /**
   * The plan for {@code messageId} on {@code topics} (empty: every topic of the message) as of ds.
   */
  public Plan plan(String messageId, List<String> topics, double share, double lift, LocalDate ds) {
    RunDate date = RunDate.of(ds);
    Instant asOf = date.asOf();
    int lookbackDays = config.ingest().lookbackDays();
    Window lookback = date.trailing(lookbackDays);
    Row message = message(messageId, ds);
    int catalogueTopics = message.fieldIndex("topics");
    List<String> planned =
        !topics.isEmpty()
            ? topics
            : message.isNullAt(catalogueTopics) ? List.of() : message.getList(catalogueTopics);
    if (planned.isEmpty()) {
      throw new UsageException(
          "Cannot plan a holdout for "
              + messageId
              + ": it has no topics whose tickets it could change (name one with --topic)");
    }
    CompiledRule rule;
    try {
      rule =
          CompiledRule.parse(
              messageId, message.getAs("audience_rule"), config.audienceRules().limits());
    } catch (RuleSyntaxException e) {
      throw new UsageException(
          "Cannot plan a holdout for " + messageId + ": its audience rule " + e.summary(), e);
    }
    Dataset<Row> users = DeltaTables.readBronze(spark, warehouse, InputTable.USERS, ds);
    Dataset<Row> audience =
        atRisk(
                SegmentEvaluation.members(
                    users,
                    () -> DeltaTables.readUserEventHistory(spark, warehouse, ds, Stage.SEGMENTS),
                    List.of(rule),
                    asOf),
                users,
                lookback)
            .cache();
    try {
      Row people =
          audience
              .agg(
                  count(lit(1)),
                  sum(col(DAYS)),
                  count(when(col("signed_up_at").geq(lit(Timestamp.from(lookback.start()))), 1)))
              .first();
      long audienceUsers = people.getLong(0);
      double personDays = people.isNullAt(1) ? 0 : people.getDouble(1);
      double dailyNew = (double) people.getLong(2) / lookbackDays;
      Map<String, TopicTickets> tickets = new HashMap<>();
      for (Row r :
          topicTickets(
                  audience,
                  TicketAggregates.inbound(
                      DeltaTables.readBronze(
                          spark, warehouse, InputTable.CONVERSATIONS, ds, config.ingest())),
                  planned,
                  asOf)
              .collectAsList()) {
        tickets.put(r.getString(0), new TopicTickets(r.getString(0), r.getLong(1), r.getDouble(2)));
      }
      List<TopicPlan> plans = new ArrayList<>();
      for (String topic : planned) {
        plans.add(
            topicPlan(
                tickets.getOrDefault(topic, new TopicTickets(topic, 0, 0)),
                audienceUsers,
                personDays,
                dailyNew,
                share,
                lift,
                lookbackDays));
      }
      return new Plan(
          messageId,
          ds,
          share,
          lift,
          audienceUsers,
          dailyNew,
          lookbackDays,
          HoldoutPower.DEFAULT_POWER,
          plans);
    } finally {
      audience.unpersist();
    }
  }

  /**
   * One topic's plan from its sums: the rate per person-day, the dispersion around it, and the days
   * a change of {@code lift} either way needs. Plain Java.
   */
  TopicPlan topicPlan(
      TopicTickets t,
      long audienceUsers,
      double personDays,
      double dailyNew,
      double share,
      double lift,
      int lookbackDays) {
    if (t.tickets() == 0 || personDays <= 0) {
      return new TopicPlan(
          t.topic(),
          t.tickets(),
          personDays,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          String.format(
              Locale.ROOT,
              "no tickets on %s from its %d people in the %d days before, so no change in them"
                  + " can show",
              t.topic(),
              audienceUsers,
              lookbackDays));
    }
    double rate = t.tickets() / personDays;
    double dispersion = dispersion(t, rate, audienceUsers);
    ExperimentSettings settings = config.experiments();
    DoubleFunction<HoldoutPower.Answer> answer =
        signedLift ->
            HoldoutPower.daysToDetect(
                share,
                audienceUsers,
                dailyNew,
                rate,
                signedLift,
                settings.alpha(),
                settings.sequentialTuningUsers(),
                dispersion,
                HoldoutPower.DEFAULT_POWER,
                HoldoutPower.DEFAULT_HORIZON_DAYS);
    HoldoutPower.Answer fewer = answer.apply(-lift);
    HoldoutPower.Answer more = answer.apply(lift);
    Integer days =
        fewer.days() == null || more.days() == null ? null : Math.max(fewer.days(), more.days());
    // The people by the answer's day; by the horizon when a direction never shows.
    HoldoutPower.Answer slower =
        fewer.days() == null
            ? fewer
            : more.days() == null || more.days() > fewer.days() ? more : fewer;
    return new TopicPlan(
        t.topic(),
        t.tickets(),
        personDays,
        rate,
        dispersion,
        fewer.days(),
        more.days(),
        days,
        slower.treatmentUsers(),
        slower.controlUsers(),
        days == null
            ? "would not show within " + HoldoutPower.DEFAULT_HORIZON_DAYS + " days"
            : null);
  }

  /**
   * Pearson's dispersion of each person's tickets y around their expected λ·d: χ² / (n − 1) with χ²
   * = Σ (y − λd)² / (λd) = Σ(y²/d) / λ − Σy (as Σ λd = Σy), at least 1.
   */
  static double dispersion(TopicTickets t, double rate, long people) {
    if (people < 2) {
      return 1.0;
    }
    double chiSquared = t.ticketsSquaredPerDay() / rate - t.tickets();
    return Math.max(1.0, chiSquared / (people - 1));
  }

  /** The message's catalogue row of ds, or a usage error naming what is missing. */
  private Row message(String messageId, LocalDate ds) {
    String path = warehouse.bronzePath(InputTable.MESSAGES);
    List<Row> rows =
        DeltaTables.readIfExists(spark, path)
            .map(
                t ->
                    t.where(DeltaTables.dsPredicate(ds))
                        .where(col("message_id").equalTo(messageId))
                        .collectAsList())
            .orElse(List.of());
    if (rows.isEmpty()) {
      boolean ingested =
          DeltaTables.readIfExists(spark, path)
              .map(t -> !t.where(DeltaTables.dsPredicate(ds)).isEmpty())
              .orElse(false);
      throw new UsageException(
          ingested
              ? "Cannot plan a holdout for "
                  + messageId
                  + ": no such message in the catalogue of ds "
                  + ds
                  + " (`proactive show bronze_messages --ds "
                  + ds
                  + "` lists them)"
              : "Cannot plan a holdout for "
                  + messageId
                  + ": "
                  + path
                  + " has no rows for ds "
                  + ds
                  + " (run `proactive ingest --ds "
                  + ds
                  + "` first)");
    }
    return rows.get(0);
  }

  /**
   * Each member with the time they are at risk in the lookback: from the later of its start and
   * their signup (unknown: its start) to the as-of time. Pure transform.
   */
  static Dataset<Row> atRisk(Dataset<Row> members, Dataset<Row> users, Window lookback) {
    Timestamp start = Timestamp.from(lookback.start());
    Timestamp end = Timestamp.from(lookback.end());
    Dataset<Row> people =
        members
            .select(col("user_id"))
            .distinct()
            .join(users.select(col("user_id"), col("signed_up_at")), "user_id")
            .withColumn(
                START,
                when(col("signed_up_at").isNull(), lit(start))
                    .otherwise(greatest(col("signed_up_at"), lit(start))))
            .where(col(START).lt(lit(end)));
    return people.withColumn(
        DAYS,
        unix_timestamp(lit(end))
            .minus(unix_timestamp(col(START)))
            .cast("double")
            .divide(SECONDS_PER_DAY));
  }

  /**
   * Per topic: the audience's inbound tickets in their time at risk, and Σ y²/d over the people
   * with any (y their tickets, d their days at risk). Pure transform.
   */
  static Dataset<Row> topicTickets(
      Dataset<Row> atRisk, Dataset<Row> inbound, List<String> topics, Instant asOf) {
    return inbound
        .where(
            col(TOPIC).isin(topics.toArray()).and(col("created_at").lt(lit(Timestamp.from(asOf)))))
        .join(atRisk, "user_id")
        .where(col("created_at").geq(col(START)))
        .groupBy(col(TOPIC), col("user_id"), col(DAYS))
        .agg(count(lit(1)).as(TICKETS))
        .groupBy(col(TOPIC))
        .agg(
            sum(col(TICKETS)).as(TICKETS),
            sum(pow(col(TICKETS), 2).divide(col(DAYS))).as("tickets_squared_per_day"));
  }
}
