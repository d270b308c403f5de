package io.proactiveinsights.hygiene;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.impact.CsatImpact;
import io.proactiveinsights.impact.TicketAggregates;
import io.proactiveinsights.impact.TopicImpact;
import io.proactiveinsights.io.DeltaTables;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.run.Stage;
import io.proactiveinsights.run.Window;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.MessageStatsColumns;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads what the hygiene rules need for ds D — bronze tables, {@code message_stats}, {@code
 * topic_impact} — and reduces it with {@link HygieneAggregates} to {@link MessageFacts}. Only
 * per-message (or per topic-day) rows reach the driver.
 */
public final class HygieneFactsLoader {

  /** The facts of every message of the catalogue, with the cross-message aggregates. */
  public record Loaded(
      List<MessageFacts> facts, List<BannerOverlap> overlaps, WeeklyLoad weeklyLoad) {}

  private final SparkSession spark;
  private final ProactiveConfig config;
  private final Warehouse warehouse;

  public HygieneFactsLoader(SparkSession spark, ProactiveConfig config, Warehouse warehouse) {
    this.spark = spark;
    this.config = config;
    this.warehouse = warehouse;
  }

  public Loaded load(RunDate date) {
    LocalDate ds = date.ds();
    Instant asOf = date.asOf();
    Window window = date.trailing(config.metrics().metricsWindowDays());
    Instant lookbackStart = date.trailing(config.ingest().lookbackDays()).start();
    Dataset<Row> messages =
        DeltaTables.readDs(
            spark, warehouse.bronzePath(InputTable.MESSAGES), ds, Stage.HYGIENE, Stage.INGEST);
    Dataset<Row> stats =
        DeltaTables.readDs(
            spark, warehouse.path(Warehouse.MESSAGE_STATS), ds, Stage.HYGIENE, Stage.METRICS);
    // Either may be empty for a ds: a workspace whose messages name no topics, or whose
    // conversations none started.
    List<Row> impact =
        DeltaTables.readDsRows(
            spark, warehouse.path(Warehouse.TOPIC_IMPACT), ds, Stage.HYGIENE, Stage.IMPACT);
    List<Row> csat =
        DeltaTables.readDsRows(
            spark, warehouse.path(Warehouse.CSAT_IMPACT), ds, Stage.HYGIENE, Stage.IMPACT);
    Dataset<Row> exposures =
        DeltaTables.readBronze(spark, warehouse, InputTable.EXPOSURES, ds, config.ingest());
    Dataset<Row> users = DeltaTables.readBronze(spark, warehouse, InputTable.USERS, ds);
    Dataset<Row> inbound =
        TicketAggregates.inbound(
            DeltaTables.readBronze(
                spark, warehouse, InputTable.CONVERSATIONS, ds, config.ingest()));

    Map<String, Row> statsByMessage = byMessage(stats.collectAsList());
    Map<String, Map<LocalDate, Long>> ticketsByTopicDay =
        TicketAggregates.ticketsByTopicDay(inbound);
    List<Row> messageRows = messages.orderBy("message_id").collectAsList();
    List<String> liveBanners =
        messageRows.stream()
            .filter(r -> "banner".equals(r.getAs("type")) && "live".equals(r.getAs("state")))
            .map(r -> r.<String>getAs("message_id"))
            .toList();
    int maxPerWeek = config.hygiene().overMessagingMaxPerWeek();
    List<BannerOverlap> overlaps =
        liveBanners.size() < 2
            ? List.of()
            : overlaps(
                HygieneAggregates.bannerOverlaps(
                        exposures, liveBanners, window.start(), window.end())
                    .collectAsList());
    WeeklyLoad weeklyLoad =
        new WeeklyLoad(
            maxPerWeek,
            HygieneAggregates.weeklyLoad(exposures, asOf, maxPerWeek).collectAsList().stream()
                .map(
                    r ->
                        new WeeklyLoad.Group(
                            r.<Integer>getAs(HygieneAggregates.LOAD),
                            r.<Long>getAs("people"),
                            r.<Long>getAs(HygieneAggregates.VIEWS),
                            r.<Long>getAs(HygieneAggregates.DISMISSALS)))
                .sorted(java.util.Comparator.comparingInt(WeeklyLoad.Group::messages))
                .toList());
    Map<String, MessageFacts.Showings> showings = new HashMap<>();
    HygieneAggregates.showings(exposures, messages, window.start(), window.end())
        .collectAsList()
        .forEach(r -> showings.put(r.getAs("message_id"), MessageFactsBuilder.showings(r)));

    MessageFactsBuilder.Inputs inputs =
        new MessageFactsBuilder.Inputs(
            messageRows,
            statsByMessage,
            impact.stream().map(TopicImpact::fromRow).toList(),
            DeltaTables.readBronze(spark, warehouse, InputTable.KNOWN_ISSUES, ds).collectAsList(),
            ticketsByTopicDay,
            HygieneAggregates.weeklyPrimary(
                    exposures, messages, asOf, config.hygiene().decayWeeks())
                .collectAsList(),
            HygieneAggregates.overMessaging(exposures, asOf, maxPerWeek).collectAsList(),
            AudienceFacts.of(
                messageRows,
                users,
                () -> DeltaTables.readUserEventHistory(spark, warehouse, ds, Stage.HYGIENE),
                exposures,
                inbound,
                lookbackStart,
                asOf,
                config.audienceRules().limits()),
            showings,
            csat.stream()
                .map(CsatImpact::fromRow)
                .collect(Collectors.toMap(CsatImpact::messageId, c -> c)),
            users.count());
    return new Loaded(
        new MessageFactsBuilder(config.hygiene(), config.metrics().baselineMinViewers(), asOf)
            .build(inputs),
        overlaps,
        weeklyLoad);
  }

  private static Map<String, Row> byMessage(List<Row> rows) {
    Map<String, Row> map = new HashMap<>();
    rows.forEach(r -> map.put(r.getAs(MessageStatsColumns.MESSAGE_ID), r));
    return map;
  }

  /**
   * Pairs from {@link HygieneAggregates#bannerOverlaps}: the diagonal rows carry each banner's
   * recipients.
   */
  static List<BannerOverlap> overlaps(List<Row> rows) {
    Map<String, Long> recipients = new HashMap<>();
    for (Row r : rows) {
      if (r.getString(0).equals(r.getString(1))) {
        recipients.put(r.getString(0), r.getLong(2));
      }
    }
    List<BannerOverlap> pairs = new ArrayList<>();
    for (Row r : rows) {
      if (!r.getString(0).equals(r.getString(1))) {
        pairs.add(
            new BannerOverlap(
                r.getString(0),
                r.getString(1),
                recipients.getOrDefault(r.getString(0), 0L),
                recipients.getOrDefault(r.getString(1), 0L),
                r.getLong(2)));
      }
    }
    // Collected rows come in no fixed order; the rules list a banner's overlaps in this order
    // (BLOCKING_BANNER's evidence), so it is fixed here: most shared recipients first, then by ids.
    pairs.sort(
        Comparator.comparingLong(BannerOverlap::shared)
            .reversed()
            .thenComparing(BannerOverlap::bannerA)
            .thenComparing(BannerOverlap::bannerB));
    return pairs;
  }
}
