package io.proactiveinsights.report;

import static io.proactiveinsights.text.Numbers.num;
import static io.proactiveinsights.text.Numbers.pctCell;
import static io.proactiveinsights.text.Numbers.pctChange;
import static io.proactiveinsights.text.Numbers.signed;

import io.proactiveinsights.hygiene.Flag;
import io.proactiveinsights.hygiene.Severity;
import io.proactiveinsights.impact.TopicImpact.Comparison;
import io.proactiveinsights.impact.TopicImpact.Verdict;
import io.proactiveinsights.impact.TopicSuggestions.TopicLift;
import io.proactiveinsights.report.ReportInputs.FlagRow;
import io.proactiveinsights.report.ReportInputs.ImpactRow;
import io.proactiveinsights.report.ReportInputs.MessageInfo;
import io.proactiveinsights.report.ReportInputs.ReasonCount;
import io.proactiveinsights.report.ReportInputs.RecommendationRow;
import io.proactiveinsights.report.ReportInputs.StatsRow;
import io.proactiveinsights.report.ReportInputs.TableCount;
import io.proactiveinsights.report.ReportInputs.TicketDay;
import io.proactiveinsights.report.ReportView.ActionItem;
import io.proactiveinsights.report.ReportView.CsatItem;
import io.proactiveinsights.report.ReportView.DataQuality;
import io.proactiveinsights.report.ReportView.Digest;
import io.proactiveinsights.report.ReportView.EngagementItem;
import io.proactiveinsights.report.ReportView.FlagItem;
import io.proactiveinsights.report.ReportView.GoalItem;
import io.proactiveinsights.report.ReportView.HygieneGroup;
import io.proactiveinsights.report.ReportView.ImpactItem;
import io.proactiveinsights.report.ReportView.Launch;
import io.proactiveinsights.report.ReportView.ReasonItem;
import io.proactiveinsights.report.ReportView.SuggestionItem;
import io.proactiveinsights.report.ReportView.Summary;
import io.proactiveinsights.report.ReportView.TableQuality;
import io.proactiveinsights.report.ReportView.TopicSeries;
import io.proactiveinsights.schema.MessageStatsColumns.BaselinePosition;
import io.proactiveinsights.text.Numbers;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns the rows a report reads ({@link ReportInputs}) into what it shows ({@link ReportView}):
 * recommendations ordered by priority with how sure each is ({@link HowSure}), impact rows with the
 * comparison the verdict rests on, engagement against the format's baseline, goals and CSAT ({@link
 * GoalsAndCsat}), holdout experiments ({@link ExperimentsSection}), A/B variants ({@link
 * VariantsSection}), series ({@link SeriesSection}), hygiene flags grouped the way a support lead
 * thinks of them, and the ingest counts. Pure: no Spark, no I/O, no clock.
 */
public final class ReportModel {

  /** Most quarantine reasons the report lists; the rest are summed up in one line. */
  static final int MAX_REASONS = 10;

  /** Most topics that get a ticket-volume chart (those with the most launches first). */
  static final int MAX_TOPIC_CHARTS = 8;

  private static final DateTimeFormatter SINCE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ReportModel() {}

  public static ReportView build(ReportInputs in) {
    Map<String, MessageInfo> messages =
        in.messages().stream()
            .collect(Collectors.toMap(MessageInfo::messageId, Function.identity(), (a, b) -> a));
    List<ActionItem> actions = actions(in.recommendations(), messages);
    List<ImpactItem> impacts = impacts(in.impacts(), messages);
    List<EngagementItem> engagement = engagement(in.stats(), messages);
    List<HygieneGroup> hygiene = hygiene(in.flags(), messages);
    DataQuality quality = quality(in.tableCounts(), in.quarantineReasons());
    List<GoalItem> goals = GoalsAndCsat.goals(in.goals(), messages);
    List<CsatItem> csat = GoalsAndCsat.csat(in.csat(), messages);
    Summary summary = summary(in, actions);
    Digest digest =
        new Digest(GoalsAndCsat.goalsDigest(goals), GoalsAndCsat.csatDigest(in.csat(), messages));
    return new ReportView(
        in.ds().toString(),
        DateTimeFormatter.ISO_INSTANT.format(in.asOf()),
        in.warehouseRoot(),
        summary,
        digest,
        actions,
        impacts,
        engagement,
        goals,
        csat,
        hygiene,
        quality,
        ticketSeries(in, messages),
        ExperimentsSection.items(in.experiments(), messages),
        suggestions(in.topicSuggestions(), messages),
        VariantsSection.tests(in.variants(), messages),
        SeriesSection.items(in.series(), messages, in.stats()));
  }

  /**
   * The suggested topics, by message and lift; "used for ticket impact" when the message's topics
   * in the catalogue are the suggested ones (the run had {@code intercom.infer_topics} on).
   */
  static List<SuggestionItem> suggestions(
      List<TopicLift> lifts, Map<String, MessageInfo> messages) {
    return lifts.stream()
        .filter(TopicLift::suggested)
        .map(
            l -> {
              MessageInfo info = messages.get(l.messageId());
              long elsewhere = l.allConversations() - l.messageFollowUps();
              return new SuggestionItem(
                  l.messageId(),
                  info == null || info.name() == null ? l.messageId() : info.name(),
                  l.topic(),
                  String.format(
                      Locale.ROOT,
                      "%s of %s, %s",
                      Numbers.count(l.followUps()),
                      Numbers.count(l.messageFollowUps()),
                      Numbers.pct((double) l.followUps() / l.messageFollowUps())),
                  elsewhere <= 0
                      ? "–"
                      : Numbers.pct((double) (l.topicConversations() - l.followUps()) / elsewhere),
                  l.lift().ratio() == null
                      ? "only its receivers asked"
                      : String.format(
                          Locale.ROOT,
                          "%s× [%s, %s]",
                          num(l.lift().ratio()),
                          num(l.lift().low()),
                          num(l.lift().high())),
                  info != null && info.topics() != null && info.topics().contains(l.topic())
                      ? "used for ticket impact"
                      : "to confirm");
            })
        .toList();
  }

  /** Priority first (1 = today), then the contract's order of actions, then message id. */
  static List<ActionItem> actions(List<RecommendationRow> rows, Map<String, MessageInfo> messages) {
    return rows.stream()
        .sorted(
            Comparator.comparingInt(RecommendationRow::priority)
                .thenComparing(RecommendationRow::action)
                .thenComparing(RecommendationRow::messageId))
        .map(
            r ->
                new ActionItem(
                    r.priority(),
                    priorityLabel(r.priority()),
                    r.messageId(),
                    name(messages, r.messageId()),
                    type(messages, r.messageId()),
                    r.action().name(),
                    label(r.action().name()),
                    r.reason(),
                    r.suggestion(),
                    HowSure.describe(r.evidence(), r.messageId(), r.action().name())))
        .toList();
  }

  static String priorityLabel(int priority) {
    return switch (priority) {
      case 1 -> "Today";
      case 2 -> "This week";
      case 3 -> "Next time you edit it";
      default -> "Priority " + priority;
    };
  }

  /**
   * Deflecting first, then the ones that change nothing or add tickets, then the ones too young to
   * judge.
   */
  static List<ImpactItem> impacts(List<ImpactRow> rows, Map<String, MessageInfo> messages) {
    return rows.stream()
        .sorted(
            Comparator.comparingInt((ImpactRow r) -> verdictOrder(r.verdict()))
                .thenComparing(ImpactRow::messageId)
                .thenComparing(ImpactRow::topic))
        .map(
            r ->
                new ImpactItem(
                    r.messageId(),
                    name(messages, r.messageId()),
                    r.topic(),
                    r.launchDay() == null ? "" : r.launchDay().toString(),
                    r.verdict().wire(),
                    verdictLabel(r.verdict()),
                    beforeAfter(r),
                    change(r),
                    exposedVsUnexposed(r),
                    r.trustedComparison() == Comparison.EXPOSED_VS_UNEXPOSED
                        ? "viewers vs never exposed"
                        : "before vs after launch",
                    r.note() == null ? "" : r.note()))
        .toList();
  }

  private static int verdictOrder(Verdict verdict) {
    return switch (verdict) {
      case FEWER_TICKETS -> 0;
      case MORE_TICKETS -> 1;
      case NO_CHANGE -> 2;
      case TOO_FEW_VIEWERS, INSUFFICIENT_DATA -> 3;
    };
  }

  static String verdictLabel(Verdict verdict) {
    return switch (verdict) {
      case FEWER_TICKETS -> "Fewer tickets";
      case MORE_TICKETS -> "More tickets";
      case NO_CHANGE -> "No change";
      case INSUFFICIENT_DATA -> "Too early to tell";
      case TOO_FEW_VIEWERS -> "Too few viewers to tell";
    };
  }

  private static String beforeAfter(ImpactRow r) {
    return String.format(
        Locale.ROOT,
        "%d → %d tickets (%s → %s a day)",
        r.beforeTickets(),
        r.afterTickets(),
        num(r.beforeRate()),
        num(r.afterRate()));
  }

  /**
   * The weekday-weighted before/after ratio as a percentage change with its always-valid 95%
   * interval: the interval the verdict reads, valid on whichever day the report is read.
   */
  private static String change(ImpactRow r) {
    if (r.weekdayRatio() == null) {
      return "–";
    }
    String text = pctChange(r.weekdayRatio());
    if (r.weekdayAlwaysValidLow() != null && r.weekdayAlwaysValidHigh() != null) {
      text +=
          " ["
              + pctChange(r.weekdayAlwaysValidLow())
              + ", "
              + pctChange(r.weekdayAlwaysValidHigh())
              + "]";
    }
    return text;
  }

  private static String exposedVsUnexposed(ImpactRow r) {
    if (r.didPer1000UserWeeks() == null) {
      return r.exposedUsers() == 0 ? "no viewers yet" : "too few viewers to compare";
    }
    String interval =
        r.didAlwaysValidLow() == null || r.didAlwaysValidHigh() == null
            ? ""
            : " [" + signed(r.didAlwaysValidLow()) + ", " + signed(r.didAlwaysValidHigh()) + "]";
    return String.format(
        Locale.ROOT,
        "viewers %s → %s, never exposed %s → %s per 1,000 people a week; difference %s%s; %s",
        num(r.exposedBeforeRate()),
        num(r.exposedAfterRate()),
        num(r.unexposedBeforeRate()),
        num(r.unexposedAfterRate()),
        signed(r.didPer1000UserWeeks()),
        interval,
        pretrend(r.pretrendParallel()));
  }

  /** What the pre-launch trend check said, in a lead's words. */
  private static String pretrend(Boolean parallel) {
    if (parallel == null) {
      return "trends before launch not checked";
    }
    return parallel ? "trends before launch parallel" : "trends before launch differ";
  }

  static List<EngagementItem> engagement(List<StatsRow> rows, Map<String, MessageInfo> messages) {
    return rows.stream()
        .sorted(Comparator.comparing(StatsRow::type).thenComparing(StatsRow::messageId))
        .map(
            r ->
                new EngagementItem(
                    r.messageId(),
                    name(messages, r.messageId()),
                    r.type(),
                    messages.containsKey(r.messageId()) ? messages.get(r.messageId()).state() : "",
                    r.receivers(),
                    r.viewers(),
                    r.clickers(),
                    r.repliers(),
                    r.completers(),
                    r.dismissers(),
                    metricLabel(r.primaryMetric()),
                    pctCell(r.primaryRate()),
                    r.primaryLow() == null || r.primaryHigh() == null
                        ? ""
                        : "[" + pctCell(r.primaryLow()) + ", " + pctCell(r.primaryHigh()) + "]",
                    pctCell(r.baselineMedian()),
                    positionLabel(r.baselinePosition()),
                    positionTone(r.baselinePosition(), r.primaryMetric()),
                    pctCell(r.dismissRate()),
                    pctCell(r.dismissBaselineMedian()),
                    r.dismissRate(),
                    r.dismissLow(),
                    r.dismissHigh(),
                    r.dismissBaselineMedian()))
        .toList();
  }

  static String metricLabel(String metric) {
    if (metric == null) {
      return "–";
    }
    return switch (metric) {
      case "ctr" -> "click-through";
      default -> metric.replace('_', ' ');
    };
  }

  static String positionLabel(BaselinePosition position) {
    if (position == null) {
      return "–";
    }
    return switch (position) {
      case ABOVE -> "above its format";
      case BELOW -> "below its format";
      case WITHIN -> "in line with its format";
      case INSUFFICIENT_DATA -> "too few viewers";
      case NO_BASELINE -> "no baseline";
    };
  }

  /** good / bad / neutral, for colouring; a high dismiss rate is bad, a high anything else good. */
  static String positionTone(BaselinePosition position, String metric) {
    boolean higherIsWorse = "dismiss_rate".equals(metric);
    if (position == BaselinePosition.ABOVE) {
      return higherIsWorse ? "bad" : "good";
    }
    if (position == BaselinePosition.BELOW) {
      return higherIsWorse ? "good" : "bad";
    }
    return "neutral";
  }

  private static final List<HygieneSection> HYGIENE_SECTIONS =
      List.of(
          new HygieneSection(
              "Resolved-issue banners still live",
              "Known-issue messages whose incident is over: customers are told about a problem that"
                  + " is gone.",
              Set.of(Flag.RESOLVED_ISSUE_STILL_LIVE)),
          new HygieneSection(
              "Stale messages",
              "Live for long without an edit, or engagement falling week over week.",
              Set.of(Flag.STALE)),
          new HygieneSection(
              "Banner conflicts",
              "Banners that block or queue behind each other for the same people.",
              Set.of(Flag.BLOCKING_BANNER, Flag.OVERLAPPING_BANNERS)),
          new HygieneSection(
              "Over-messaging",
              "Messages behind much of what people who get too many messages a week receive.",
              Set.of(Flag.OVER_MESSAGING)),
          new HygieneSection(
              "Other flags",
              "Vague calls to action, low reach, low click-through, many dismissals, no effect on"
                  + " tickets.",
              Set.of()));

  private record HygieneSection(String title, String explanation, Set<Flag> flags) {}

  static List<HygieneGroup> hygiene(List<FlagRow> rows, Map<String, MessageInfo> messages) {
    Map<HygieneSection, List<FlagItem>> grouped = new LinkedHashMap<>();
    HYGIENE_SECTIONS.forEach(s -> grouped.put(s, new ArrayList<>()));
    HygieneSection other = HYGIENE_SECTIONS.get(HYGIENE_SECTIONS.size() - 1);
    rows.stream()
        .sorted(
            Comparator.comparing(FlagRow::severity)
                .thenComparing(f -> f.flag().name())
                .thenComparing(FlagRow::messageId))
        .forEach(
            f -> {
              HygieneSection section =
                  HYGIENE_SECTIONS.stream()
                      .filter(s -> s.flags().contains(f.flag()))
                      .findFirst()
                      .orElse(other);
              grouped
                  .get(section)
                  .add(
                      new FlagItem(
                          f.messageId(),
                          name(messages, f.messageId()),
                          label(f.flag().name()),
                          f.severity().wire(),
                          f.since() == null ? "" : SINCE.format(f.since()),
                          f.detail()));
            });
    List<HygieneGroup> groups = new ArrayList<>();
    grouped.forEach(
        (s, items) -> groups.add(new HygieneGroup(s.title(), s.explanation(), List.copyOf(items))));
    return groups;
  }

  static DataQuality quality(List<TableCount> tables, List<ReasonCount> reasons) {
    List<TableQuality> rows =
        tables.stream()
            .map(
                t ->
                    new TableQuality(
                        t.table(),
                        t.accepted(),
                        t.quarantined(),
                        t.accepted() + t.quarantined() == 0
                            ? "–"
                            : pctCell((double) t.quarantined() / (t.accepted() + t.quarantined()))))
            .toList();
    List<ReasonCount> sorted =
        reasons.stream()
            .sorted(
                Comparator.comparingLong(ReasonCount::rows)
                    .reversed()
                    .thenComparing(ReasonCount::table)
                    .thenComparing(ReasonCount::reason))
            .toList();
    List<ReasonItem> top =
        sorted.stream()
            .limit(MAX_REASONS)
            .map(r -> new ReasonItem(r.table(), r.reason(), r.rows()))
            .toList();
    List<ReasonCount> rest = sorted.subList(top.size(), sorted.size());
    return new DataQuality(
        rows, top, rest.size(), rest.stream().mapToLong(ReasonCount::rows).sum());
  }

  private static Summary summary(ReportInputs in, List<ActionItem> actions) {
    int live = (int) in.messages().stream().filter(m -> "live".equals(m.state())).count();
    Set<String> deflecting = new LinkedHashSet<>();
    Set<String> notDeflecting = new LinkedHashSet<>();
    for (ImpactRow i : in.impacts()) {
      if (i.verdict() == Verdict.FEWER_TICKETS) {
        deflecting.add(i.messageId());
      } else if (i.verdict() == Verdict.NO_CHANGE || i.verdict() == Verdict.MORE_TICKETS) {
        notDeflecting.add(i.messageId());
      }
    }
    notDeflecting.removeAll(deflecting);
    int high = (int) in.flags().stream().filter(f -> f.severity() == Severity.HIGH).count();
    return new Summary(
        live,
        count(actions, 1),
        count(actions, 2),
        (int) actions.stream().filter(a -> a.priority() >= 3).count(),
        deflecting.size(),
        notDeflecting.size(),
        high,
        in.flags().size(),
        in.tableCounts().stream().mapToLong(TableCount::accepted).sum(),
        in.tableCounts().stream().mapToLong(TableCount::quarantined).sum());
  }

  private static int count(List<ActionItem> actions, int priority) {
    return (int) actions.stream().filter(a -> a.priority() == priority).count();
  }

  /**
   * One series per topic that a message with a launch names, every day from the earliest
   * before-window start to ds (days without tickets as 0), with the launches on the topic marked.
   */
  static List<TopicSeries> ticketSeries(ReportInputs in, Map<String, MessageInfo> messages) {
    Map<String, List<Launch>> launchesByTopic = new TreeMap<>();
    Map<String, LocalDate> startByTopic = new HashMap<>();
    for (ImpactRow r : in.impacts()) {
      if (r.launchDay() == null) {
        continue;
      }
      List<Launch> launches = launchesByTopic.computeIfAbsent(r.topic(), t -> new ArrayList<>());
      if (launches.stream().noneMatch(l -> l.messageId().equals(r.messageId()))) {
        launches.add(new Launch(r.messageId(), name(messages, r.messageId()), r.launchDay()));
      }
      LocalDate start = r.beforeStart() == null ? r.launchDay() : r.beforeStart();
      startByTopic.merge(r.topic(), start, (a, b) -> a.isBefore(b) ? a : b);
    }
    Map<String, Map<LocalDate, Long>> tickets = new HashMap<>();
    for (TicketDay d : in.ticketDays()) {
      tickets
          .computeIfAbsent(d.topic(), t -> new HashMap<>())
          .merge(d.day(), d.tickets(), Long::sum);
    }
    return launchesByTopic.entrySet().stream()
        .sorted(
            Comparator.comparingInt((Map.Entry<String, List<Launch>> e) -> -e.getValue().size())
                .thenComparing(Map.Entry::getKey))
        .limit(MAX_TOPIC_CHARTS)
        .map(
            e -> {
              List<LocalDate> days = new ArrayList<>();
              List<Long> counts = new ArrayList<>();
              Map<LocalDate, Long> perDay = tickets.getOrDefault(e.getKey(), Map.of());
              for (LocalDate d = startByTopic.get(e.getKey());
                  !d.isAfter(in.ds());
                  d = d.plusDays(1)) {
                days.add(d);
                counts.add(perDay.getOrDefault(d, 0L));
              }
              List<Launch> launches =
                  e.getValue().stream()
                      .sorted(Comparator.comparing(Launch::day).thenComparing(Launch::messageId))
                      .toList();
              return new TopicSeries(e.getKey(), days, counts, launches);
            })
        .toList();
  }

  private static String name(Map<String, MessageInfo> messages, String messageId) {
    MessageInfo m = messages.get(messageId);
    return m == null || m.name() == null ? messageId : m.name();
  }

  private static String type(Map<String, MessageInfo> messages, String messageId) {
    MessageInfo m = messages.get(messageId);
    return m == null ? "" : m.type();
  }

  /**
   * {@code REDUCE_FREQUENCY} → "Reduce frequency", {@code IMPROVE_COPY_OR_CTA} → "Improve copy or
   * CTA".
   */
  static String label(String constant) {
    String words =
        (" " + constant.toLowerCase(Locale.ROOT).replace('_', ' ') + " ")
            .replace(" cta ", " CTA ")
            .strip();
    return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
