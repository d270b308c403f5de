package io.proactiveinsights.impact;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.impact.TopicImpactCalculator.Cohort;
import io.proactiveinsights.impact.TopicImpactCalculator.ExposedGroup;
import io.proactiveinsights.impact.TopicImpactCalculator.MessageTopic;
import io.proactiveinsights.impact.TopicImpactCalculator.UnexposedGroup;
import io.proactiveinsights.impact.TopicSuggestions.TopicLift;
import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.job.StageJob;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.run.Stage;
import io.proactiveinsights.run.StageResult;
import io.proactiveinsights.run.Window;
import io.proactiveinsights.schema.InputTable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code topic_impact} and {@code csat_impact} for ds D from the bronze tables of D. Spark
 * aggregates conversations to (topic, day), the viewers' and the never-exposed audience's tickets
 * to (message, topic, day) and their time at risk to (message, day); those small aggregates are
 * brought to the driver for the statistics, which are plain Java.
 */
public final class ImpactJob extends StageJob<ImpactJob.Result> {

  private static final Logger LOG = LoggerFactory.getLogger(ImpactJob.class);

  /** What an impact run wrote. */
  /**
   * @param suggestionRows the {@code topic_suggestions} rows written; null when the table was not
   *     written (no message without topics, and no earlier run wrote it)
   */
  public record Result(
      LocalDate ds,
      long topicRows,
      long csatRows,
      Map<String, Long> verdicts,
      Long suggestionRows,
      long topicsSuggested)
      implements StageResult {

    @Override
    public Long rowsIn() {
      return null;
    }

    @Override
    public Long rowsOut() {
      return topicRows + csatRows;
    }

    @Override
    public List<String> outputs() {
      return suggestionRows == null
          ? List.of(Warehouse.TOPIC_IMPACT, Warehouse.CSAT_IMPACT)
          : List.of(Warehouse.TOPIC_IMPACT, Warehouse.CSAT_IMPACT, Warehouse.TOPIC_SUGGESTIONS);
    }

    @Override
    public Map<String, Object> details() {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("topic_rows", topicRows);
      details.put("csat_rows", csatRows);
      details.put("verdicts", verdicts);
      if (suggestionRows != null) {
        details.put("topics_suggested", topicsSuggested);
      }
      return details;
    }
  }

  public ImpactJob(SparkSession spark, ProactiveConfig config, Warehouse warehouse) {
    super(Stage.IMPACT, spark, config, warehouse);
  }

  @Override
  protected Result doRun(RunDate date) {
    LocalDate ds = date.ds();
    Instant asOf = date.asOf();
    Instant historyStart = date.trailing(config.ingest().lookbackDays()).start();
    Dataset<Row> messages =
        DeltaTables.readDs(
            spark, warehouse.bronzePath(InputTable.MESSAGES), ds, Stage.IMPACT, Stage.INGEST);
    Dataset<Row> conversations =
        DeltaTables.readBronze(spark, warehouse, InputTable.CONVERSATIONS, ds, config.ingest());
    Dataset<Row> inbound = TicketAggregates.inbound(conversations);
    Dataset<Row> exposures =
        DeltaTables.readBronze(spark, warehouse, InputTable.EXPOSURES, ds, config.ingest());
    Dataset<Row> users = DeltaTables.readBronze(spark, warehouse, InputTable.USERS, ds);

    List<TopicLift> suggestions = topicSuggestions(messages, exposures, conversations);
    Date dsValue = Date.valueOf(ds);
    Long suggestionRows = null;
    String suggestionsPath = warehouse.path(Warehouse.TOPIC_SUGGESTIONS);
    // Written whenever there is something to say or an earlier run said something: a rerun must
    // replace what it wrote; a warehouse whose messages all name topics never gets the table.
    if (!suggestions.isEmpty() || DeltaTables.readIfExists(spark, suggestionsPath).isPresent()) {
      writer.replaceDs(
          spark
              .createDataFrame(
                  suggestions.stream().map(TopicSuggestions::toRow).toList(),
                  TopicSuggestions.SCHEMA)
              .withColumn(InputTable.DS, lit(dsValue)),
          suggestionsPath,
          ds);
      suggestionRows = (long) suggestions.size();
    }
    long topicsSuggested = suggestions.stream().filter(TopicLift::suggested).count();
    if (config.intercom().inferTopics() && topicsSuggested > 0) {
      messages = TopicSuggestions.withSuggestedTopics(messages, suggestions);
    }

    Dataset<Row> messageTopics = TicketAggregates.messageTopics(messages, asOf);
    List<MessageTopic> topics = new ArrayList<>();
    Map<String, Row> messageRules = new TreeMap<>();
    for (Row r : messageTopics.orderBy("message_id", TicketAggregates.TOPIC).collectAsList()) {
      topics.add(
          new MessageTopic(
              r.getAs("message_id"),
              r.getAs(TicketAggregates.TOPIC),
              r.getAs("type"),
              r.getAs("known_issue_id"),
              r.<Timestamp>getAs("live_since").toInstant()));
      messageRules.put(r.getAs("message_id"), r);
    }
    Map<String, Map<LocalDate, Long>> ticketsByTopicDay =
        TicketAggregates.ticketsByTopicDay(inbound);
    Duration window = Duration.ofDays(config.impact().impactWindowDays());
    Dataset<Row> firstViews = TicketAggregates.firstViews(messageTopics, exposures).cache();
    Map<String, Map<LocalDate, Long>> viewerTicketsByDay =
        byKeyAndDay(
            TicketAggregates.viewerTicketDays(messageTopics, firstViews, inbound),
            TicketAggregates.VIEWER_TICKETS);
    Map<String, List<Cohort>> cohorts = new HashMap<>();
    for (Row r : TicketAggregates.viewerCohorts(firstViews, users, window).collectAsList()) {
      Date riskDay = r.getAs(TicketAggregates.RISK_DAY);
      cohorts
          .computeIfAbsent(r.getAs("message_id"), k -> new ArrayList<>())
          .add(
              new Cohort(
                  r.<Date>getAs(TicketAggregates.FIRST_DAY).toLocalDate(),
                  riskDay == null ? null : riskDay.toLocalDate(),
                  r.getAs(TicketAggregates.VIEWERS)));
    }
    Map<String, ExposedGroup> exposed = new HashMap<>();
    for (Row r :
        TicketAggregates.exposedGroups(
                messageTopics, firstViews, inbound, users, asOf, historyStart, window)
            .collectAsList()) {
      String key =
          TopicImpactCalculator.key(r.getAs("message_id"), r.getAs(TicketAggregates.TOPIC));
      exposed.put(
          key,
          new ExposedGroup(
              r.getAs(TicketAggregates.EXPOSED_USERS),
              r.getAs(TicketAggregates.EXPOSED_BEFORE),
              r.getAs(TicketAggregates.EXPOSED_AFTER),
              r.getAs(TicketAggregates.EXPOSED_BEFORE_USER_DAYS),
              r.getAs(TicketAggregates.EXPOSED_AFTER_USER_DAYS),
              r.getAs(TicketAggregates.EXPOSED_PLACEBO_BEFORE),
              r.getAs(TicketAggregates.EXPOSED_PLACEBO_BEFORE_USER_DAYS),
              cohorts.getOrDefault(r.<String>getAs("message_id"), List.of()),
              viewerTicketsByDay.getOrDefault(key, Map.of())));
    }
    Dataset<Row> audience =
        TicketAggregates.audience(
            List.copyOf(messageRules.values()),
            users,
            () -> DeltaTables.readUserEventHistory(spark, warehouse, ds, Stage.IMPACT),
            asOf,
            config.audienceRules().limits());
    Map<String, UnexposedGroup> unexposed =
        unexposedGroups(
            topics,
            TicketAggregates.nonViewers(audience, firstViews, users),
            inbound,
            messageTopics,
            asOf,
            historyStart);
    firstViews.unpersist();
    List<TopicImpact> impacts =
        new TopicImpactCalculator(
                config.impact(),
                config.hygiene().noImpactMinExcludedDeflection(),
                config.experiments().alpha(),
                historyStart,
                asOf)
            .compute(topics, ticketsByTopicDay, exposed, unexposed);
    writer.replaceDs(
        spark
            .createDataFrame(impacts.stream().map(TopicImpact::toRow).toList(), TopicImpact.SCHEMA)
            .withColumn(InputTable.DS, lit(dsValue)),
        warehouse.path(Warehouse.TOPIC_IMPACT),
        ds);

    Window csatWindow = date.trailing(config.metrics().metricsWindowDays());
    List<Row> csatRows = new ArrayList<>();
    for (Row g :
        CsatImpact.groups(messages, conversations, csatWindow.start(), csatWindow.end())
            .collectAsList()) {
      csatRows.add(
          CsatImpact.compare(
                  g, config.impact().minCsatRatings(), csatWindow.start(), csatWindow.end())
              .toRow());
    }
    writer.replaceDs(
        spark.createDataFrame(csatRows, CsatImpact.SCHEMA).withColumn(InputTable.DS, lit(dsValue)),
        warehouse.path(Warehouse.CSAT_IMPACT),
        ds);

    Map<String, Long> verdicts = new java.util.TreeMap<>();
    impacts.forEach(i -> verdicts.merge(i.verdict().wire(), 1L, Long::sum));
    LOG.info(
        "impact ds={}: {} message×topic rows {}, {} csat rows",
        ds,
        impacts.size(),
        verdicts,
        csatRows.size());
    return new Result(
        ds, impacts.size(), csatRows.size(), verdicts, suggestionRows, topicsSuggested);
  }

  /**
   * The topic lifts of the messages that name no topic ({@link TopicSuggestions}); none, and no
   * Spark job beyond reading the catalogue, when every message names one.
   */
  private List<TopicLift> topicSuggestions(
      Dataset<Row> messages, Dataset<Row> exposures, Dataset<Row> conversations) {
    // size() of a null list is -1: null and empty lists alike.
    List<String> withoutTopics =
        messages
            .where(size(col("topics")).leq(0))
            .select("message_id")
            .as(Encoders.STRING())
            .collectAsList();
    if (withoutTopics.isEmpty()) {
      return List.of();
    }
    Dataset<Row> theirExposures = exposures.where(col("message_id").isin(withoutTopics.toArray()));
    return TopicSuggestions.judge(
        TopicSuggestions.collectFollowUps(
            TopicSuggestions.followUps(
                theirExposures,
                conversations,
                config.intercom().topicSuggestions().followUpDays())),
        TopicSuggestions.collectTotals(TopicSuggestions.topicTotals(conversations)),
        config.intercom().topicSuggestions());
  }

  /**
   * The never-exposed side of each (message, topic), from the message's audience as of the run
   * minus its viewers: their person-days at risk per day and their tickets per day. Per-message and
   * per-day aggregates only reach the driver.
   */
  private static Map<String, UnexposedGroup> unexposedGroups(
      List<MessageTopic> topics,
      Dataset<Row> audienceNonViewers,
      Dataset<Row> inbound,
      Dataset<Row> messageTopics,
      Instant asOf,
      Instant historyStart) {
    Dataset<Row> nonViewers = audienceNonViewers.cache();
    Map<String, Long> always = new HashMap<>();
    Map<String, Long> people = new HashMap<>();
    Map<String, Map<LocalDate, Long>> signups = new HashMap<>();
    Map<String, Map<LocalDate, Double>> signupShare = new HashMap<>();
    for (Row r : TicketAggregates.unexposedRisk(nonViewers, historyStart).collectAsList()) {
      String m = r.getAs("message_id");
      long n = r.getAs(TicketAggregates.PEOPLE);
      people.merge(m, n, Long::sum);
      Date day = r.getAs(TicketAggregates.RISK_DAY);
      if (day == null) {
        always.merge(m, n, Long::sum);
      } else {
        signups.computeIfAbsent(m, k -> new HashMap<>()).put(day.toLocalDate(), n);
        signupShare
            .computeIfAbsent(m, k -> new HashMap<>())
            .put(day.toLocalDate(), r.<Double>getAs(TicketAggregates.RISK_DAY_SHARE));
      }
    }
    Map<String, Map<LocalDate, Long>> tickets =
        byKeyAndDay(
            TicketAggregates.unexposedTicketDays(messageTopics, nonViewers, inbound),
            TicketAggregates.UNEXPOSED_TICKETS);
    nonViewers.unpersist();
    LocalDate from = LocalDate.ofInstant(historyStart, ZoneOffset.UTC);
    LocalDate to = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
    Map<String, Map<LocalDate, Double>> personDays = new HashMap<>();
    Map<String, UnexposedGroup> groups = new HashMap<>();
    for (MessageTopic mt : topics) {
      String m = mt.messageId();
      if (!people.containsKey(m)) {
        continue;
      }
      Map<LocalDate, Double> days =
          personDays.computeIfAbsent(
              m,
              k ->
                  UnexposedGroup.personDays(
                      always.getOrDefault(m, 0L),
                      signups.getOrDefault(m, Map.of()),
                      signupShare.getOrDefault(m, Map.of()),
                      from,
                      to));
      String key = TopicImpactCalculator.key(m, mt.topic());
      groups.put(key, new UnexposedGroup(people.get(m), days, tickets.getOrDefault(key, Map.of())));
    }
    return groups;
  }

  /** (message, topic, day, count) rows to {@link TopicImpactCalculator#key} → day → count. */
  private static Map<String, Map<LocalDate, Long>> byKeyAndDay(
      Dataset<Row> rows, String countColumn) {
    Map<String, Map<LocalDate, Long>> out = new HashMap<>();
    for (Row r : rows.collectAsList()) {
      String key =
          TopicImpactCalculator.key(r.getAs("message_id"), r.getAs(TicketAggregates.TOPIC));
      out.computeIfAbsent(key, k -> new HashMap<>())
          .put(r.<Date>getAs(TicketAggregates.DAY).toLocalDate(), r.getAs(countColumn));
    }
    return out;
  }
}
