package io.proactiveinsights.segments;

import static io.proactiveinsights.schema.UserEventHistoryColumns.EVENT_NAME;
import static io.proactiveinsights.schema.UserEventHistoryColumns.LAST_AT;
import static io.proactiveinsights.schema.UserEventHistoryColumns.USER_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.rules.Rule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code event.<name>} conditions of a set of rules, decided together: one aggregation of the
 * per-person event history ({@code bronze_user_event_history}, all the history the inputs held, not
 * cut to the lookback) gives, per user, one column per referenced event name holding the user's
 * last occurrence before the as-of time ({@code _last_event_0}, {@code _last_event_1}, … in event
 * name order). Joined once to the users, it serves every rule's {@code event.X WITHIN d} and {@code
 * event.X NEVER}, however many rules there are.
 */
public final class EventColumns {

  private static final String PREFIX = "_last_event_";

  private final Map<String, String> columnByEvent;

  private EventColumns(Map<String, String> columnByEvent) {
    this.columnByEvent = columnByEvent;
  }

  /** The event names the rules refer to. */
  public static EventColumns of(Collection<Rule> rules) {
    Set<String> names = new TreeSet<>();
    rules.forEach(r -> names.addAll(r.eventNames()));
    Map<String, String> columns = new LinkedHashMap<>();
    for (String name : names) {
      columns.put(name, PREFIX + columns.size());
    }
    return new EventColumns(columns);
  }

  public boolean isEmpty() {
    return columnByEvent.isEmpty();
  }

  public Set<String> eventNames() {
    return columnByEvent.keySet();
  }

  /** The column holding a user's last {@code eventName} (null: none up to the as-of time). */
  public Column lastOccurrence(String eventName) {
    String column = columnByEvent.get(eventName);
    if (column == null) {
      throw new IllegalArgumentException(
          "Cannot compile event." + eventName + ": the event columns were built without it");
    }
    return col(column);
  }

  /**
   * One row per user with any referenced event in the history: {@code user_id} and one
   * last-occurrence column per event name (the history's {@code last_at}). Users without such
   * events have no row (a left join gives them nulls, which {@code NEVER} reads as "never").
   *
   * @param eventHistory {@code bronze_user_event_history} of the same as-of time the rules are
   *     compiled for (user_id, event_name, last_at, …): every event the inputs held before it, not
   *     only the lookback window, so {@code NEVER} means never
   */
  public Dataset<Row> lastOccurrences(Dataset<Row> eventHistory) {
    if (isEmpty()) {
      throw new IllegalStateException("Cannot aggregate user events: no rule refers to an event");
    }
    List<Column> aggregates = new ArrayList<>();
    for (Map.Entry<String, String> e : columnByEvent.entrySet()) {
      // One history row per (user, event): the max only picks that row's last_at into its column.
      aggregates.add(
          max(when(col(EVENT_NAME).equalTo(lit(e.getKey())), col(LAST_AT))).as(e.getValue()));
    }
    return eventHistory
        .where(col(EVENT_NAME).isin(columnByEvent.keySet().toArray()))
        .groupBy(col(USER_ID))
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
  }
}
