package io.proactiveinsights.impact;

import static org.apache.spark.sql.functions.lit;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.impact.TopicImpactCalculator.ExposedGroup;
import io.proactiveinsights.impact.TopicImpactCalculator.MessageTopic;
import io.proactiveinsights.ingest.IngestJob;
import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.schema.InputTable;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code topic_impact} and {@code csat_impact} for ds D from the bronze tables of D. Spark
 * aggregates conversations to (topic, day) and the viewers' tickets to (message, topic); those
 * small aggregates — one row per topic and day, one per message and topic — are brought to the
 * driver for the statistics, which are plain Java.
 */
public final class ImpactJob {

  private static final Logger LOG = LoggerFactory.getLogger(ImpactJob.class);

  /** What an impact run wrote. */
  public record Result(LocalDate ds, long topicRows, long csatRows, Map<String, Long> verdicts) {}

  private final SparkSession spark;
  private final ProactiveConfig config;
  private final Warehouse warehouse;

  public ImpactJob(SparkSession spark, ProactiveConfig config, Warehouse warehouse) {
    this.spark = spark;
    this.config = config;
    this.warehouse = warehouse;
  }

  public Result run(LocalDate ds) {
    spark.sparkContext().setJobGroup("IMPACT", "ticket impact ds=" + ds, false);
    Instant asOf = IngestJob.asOf(ds);
    Instant historyStart = asOf.minus(Duration.ofDays(config.ingest().lookbackDays()));
    Dataset<Row> messages = DeltaTables.readDs(spark, warehouse.bronzePath(InputTable.MESSAGES), ds, "impact", "ingest");
    Dataset<Row> conversations = DeltaTables.readBronze(spark, warehouse, InputTable.CONVERSATIONS, ds);
    Dataset<Row> inbound = TicketAggregates.inbound(conversations);
    Dataset<Row> exposures = DeltaTables.readBronze(spark, warehouse, InputTable.EXPOSURES, ds);
    long audience = DeltaTables.readBronze(spark, warehouse, InputTable.USERS, ds).count();

    Dataset<Row> messageTopics = TicketAggregates.messageTopics(messages, asOf);
    List<MessageTopic> topics = new ArrayList<>();
    for (Row r : messageTopics.orderBy("message_id", TicketAggregates.TOPIC).collectAsList()) {
      topics.add(new MessageTopic(r.getAs("message_id"), r.getAs(TicketAggregates.TOPIC), r.getAs("type"),
          r.getAs("known_issue_id"), r.<java.sql.Timestamp>getAs("live_since").toInstant()));
    }
    Map<String, Map<LocalDate, Long>> ticketsByTopicDay = new HashMap<>();
    for (Row r : TicketAggregates.topicDays(inbound).collectAsList()) {
      ticketsByTopicDay.computeIfAbsent(r.getString(0), t -> new HashMap<>()).put(r.getDate(1).toLocalDate(), r.getLong(2));
    }
    Duration window = Duration.ofDays(config.impact().windowDays());
    Dataset<Row> firstViews = TicketAggregates.firstViews(messageTopics, exposures).cache();
    Map<String, Map<LocalDate, Long>> firstViewsByDay = new HashMap<>();
    Map<String, Map<LocalDate, Long>> viewerTicketsByDay = new HashMap<>();
    for (Row r : TicketAggregates.viewerDays(messageTopics, firstViews, inbound).collectAsList()) {
      String key = TopicImpactCalculator.key(r.getAs("message_id"), r.getAs(TicketAggregates.TOPIC));
      LocalDate day = r.<java.sql.Date>getAs(TicketAggregates.DAY).toLocalDate();
      if (!r.isNullAt(r.fieldIndex(TicketAggregates.FIRST_VIEWERS))) {
        firstViewsByDay.computeIfAbsent(key, k -> new HashMap<>()).put(day, r.getAs(TicketAggregates.FIRST_VIEWERS));
      }
      if (!r.isNullAt(r.fieldIndex(TicketAggregates.VIEWER_TICKETS))) {
        viewerTicketsByDay.computeIfAbsent(key, k -> new HashMap<>()).put(day, r.getAs(TicketAggregates.VIEWER_TICKETS));
      }
    }
    Map<String, ExposedGroup> exposed = new HashMap<>();
    for (Row r : TicketAggregates.exposedGroups(messageTopics, firstViews, inbound, asOf, historyStart, window).collectAsList()) {
      String key = TopicImpactCalculator.key(r.getAs("message_id"), r.getAs(TicketAggregates.TOPIC));
      exposed.put(key,
          new ExposedGroup(r.getAs(TicketAggregates.EXPOSED_USERS), r.getAs(TicketAggregates.EXPOSED_BEFORE),
              r.getAs(TicketAggregates.EXPOSED_AFTER), r.getAs(TicketAggregates.EXPOSED_BEFORE_USER_DAYS),
              r.getAs(TicketAggregates.EXPOSED_AFTER_USER_DAYS), firstViewsByDay.getOrDefault(key, Map.of()),
              viewerTicketsByDay.getOrDefault(key, Map.of())));
    }
    firstViews.unpersist();
    List<TopicImpact> impacts =
        new TopicImpactCalculator(config.impact(), config.hygiene().noImpactMinExcludedDeflection(), historyStart, asOf).compute(topics, ticketsByTopicDay, exposed, audience);
    Date dsValue = Date.valueOf(ds);
    DeltaTables.replaceDs(
        spark.createDataFrame(impacts.stream().map(TopicImpact::toRow).toList(), TopicImpact.SCHEMA).withColumn(InputTable.DS, lit(dsValue)),
        warehouse.path(Warehouse.TOPIC_IMPACT), ds);

    Instant csatFrom = asOf.minus(Duration.ofDays(config.metrics().windowDays()));
    List<Row> csatRows = new ArrayList<>();
    for (Row g : CsatImpact.groups(messages, conversations, csatFrom, asOf).collectAsList()) {
      csatRows.add(CsatImpact.compare(g, config.impact().minCsatRatings(), csatFrom, asOf));
    }
    DeltaTables.replaceDs(
        spark.createDataFrame(csatRows, CsatImpact.SCHEMA).withColumn(InputTable.DS, lit(dsValue)), warehouse.path(Warehouse.CSAT_IMPACT), ds);
    spark.sparkContext().clearJobGroup();

    Map<String, Long> verdicts = new java.util.TreeMap<>();
    impacts.forEach(i -> verdicts.merge(i.verdict(), 1L, Long::sum));
    LOG.info("impact ds={}: {} message×topic rows {}, {} csat rows", ds, impacts.size(), verdicts, csatRows.size());
    return new Result(ds, impacts.size(), csatRows.size(), verdicts);
  }

}
