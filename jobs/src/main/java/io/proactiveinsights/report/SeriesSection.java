package io.proactiveinsights.report;

import io.proactiveinsights.report.ReportInputs.MessageInfo;
import io.proactiveinsights.report.ReportInputs.SeriesMember;
import io.proactiveinsights.report.ReportInputs.StatsRow;
import io.proactiveinsights.report.ReportView.SeriesItem;
import io.proactiveinsights.report.ReportView.SeriesMessage;
import io.proactiveinsights.text.Numbers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The report's series: which messages were delivered as part of which series (Intercom's {@code
 * series_id}, kept on each exposure), per series by title, its messages by name with their
 * receivers over the metrics window. A message sent in two series is listed under both. Empty, and
 * the section not shown, when no exposure ds reads belongs to a series. Pure: no Spark, no I/O.
 */
final class SeriesSection {

  /** Titles and names compared as a reader would: case aside first, then exactly. */
  private static final Comparator<String> READER_ORDER =
      Comparator.comparing((String s) -> s, String.CASE_INSENSITIVE_ORDER)
          .thenComparing(Comparator.naturalOrder());

  private SeriesSection() {}

  static List<SeriesItem> items(
      List<SeriesMember> members, Map<String, MessageInfo> messages, List<StatsRow> stats) {
    Map<String, Long> receivers = new HashMap<>();
    stats.forEach(s -> receivers.put(s.messageId(), s.receivers()));
    Map<String, List<SeriesMember>> bySeries = new TreeMap<>();
    members.forEach(m -> bySeries.computeIfAbsent(m.seriesId(), k -> new ArrayList<>()).add(m));
    List<SeriesItem> items = new ArrayList<>();
    bySeries.forEach(
        (seriesId, own) -> {
          // The reader gives one title per series; should two differ, the same one every run.
          String title =
              own.stream()
                  .map(SeriesMember::seriesTitle)
                  .filter(Objects::nonNull)
                  .min(Comparator.naturalOrder())
                  .orElse(seriesId);
          List<SeriesMessage> lines =
              own.stream()
                  .map(SeriesMember::messageId)
                  .distinct()
                  .map(id -> line(id, messages.get(id), receivers.get(id)))
                  .sorted(
                      Comparator.comparing(SeriesMessage::messageName, READER_ORDER)
                          .thenComparing(SeriesMessage::messageId))
                  .toList();
          items.add(new SeriesItem(seriesId, title, lines));
        });
    items.sort(
        Comparator.comparing(SeriesItem::title, READER_ORDER).thenComparing(SeriesItem::seriesId));
    return List.copyOf(items);
  }

  private static SeriesMessage line(String messageId, MessageInfo info, Long receivers) {
    return new SeriesMessage(
        messageId,
        info == null || info.name() == null ? messageId : info.name(),
        receivers == null ? "–" : Numbers.count(receivers));
  }
}
