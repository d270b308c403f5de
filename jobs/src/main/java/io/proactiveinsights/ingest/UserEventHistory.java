package io.proactiveinsights.ingest;

import static io.proactiveinsights.schema.UserEventHistoryColumns.EVENT_COUNT;
import static io.proactiveinsights.schema.UserEventHistoryColumns.EVENT_NAME;
import static io.proactiveinsights.schema.UserEventHistoryColumns.FIRST_AT;
import static io.proactiveinsights.schema.UserEventHistoryColumns.LAST_AT;
import static io.proactiveinsights.schema.UserEventHistoryColumns.USER_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.schema.UserEventHistoryColumns;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The per-person, per-event summary ({@code bronze_user_event_history}) of the {@code user_events}
 * a run for ds may use from before its as-of time: first and last occurrence and count. Unlike what
 * runs read of bronze {@code user_events}, it is not cut to {@code ingest.lookback_days}, so an
 * audience rule's {@code event.X NEVER} means "no X in all the history the inputs held" and a
 * {@code WITHIN} longer than the lookback sees the older events too. Pure transform: no reads,
 * writes or clock.
 *
 * <p>Ingest summarises the event store ({@link
 * io.proactiveinsights.io.BronzeEventStore#readAllBefore}), which keeps every accepted user event
 * once however many drops carried it, so a daily run that reads only its new drop still summarises
 * all history, and a product event two drops carried counts once. An event at or after the as-of
 * time is left out, so the summary of ds depends only on the inputs and ds.
 */
public final class UserEventHistory {

  private UserEventHistory() {}

  /**
   * @param events accepted user_events rows: user_id, event_name, occurred_at
   * @param asOf end of the run's logical date (exclusive)
   * @return user_id, event_name, first_at, last_at, event_count: one row per person and event name
   */
  public static Dataset<Row> summarize(Dataset<Row> events, Instant asOf) {
    String occurredAt = InputTable.USER_EVENTS.eventTimeColumn().orElseThrow();
    return events
        .where(col(occurredAt).lt(lit(Timestamp.from(asOf))))
        .groupBy(col(USER_ID), col(EVENT_NAME))
        .agg(
            min(col(occurredAt)).as(FIRST_AT),
            max(col(occurredAt)).as(LAST_AT),
            count(lit(1)).as(EVENT_COUNT));
  }

  /**
   * {@link #summarize(Dataset, Instant)} merged with a source's own summaries ({@code
   * SourceTable#eventSummaries}, Intercom's {@code event.summary}, which reach back further than
   * the events it lists: {@code GET /events} holds 90 days). Per person and name: the earliest
   * first_at, the latest last_at and the larger count (a summary counts every event Intercom holds,
   * the listed ones among them, so adding the two would count those twice).
   *
   * <p>Only what was true before the as-of time counts, so that the history of ds depends on ds: a
   * summary entry whose first time is at or after it is left out. One whose last time is at or
   * after it (a summary exported after ds, outside any drop) cannot say when before as-of the
   * person last did it: its first time stands in as the latest sure one, and its count, which
   * includes the later events, is left out.
   *
   * @param summaries rows in {@link UserEventHistoryColumns#SCHEMA}; null when the source has none
   */
  public static Dataset<Row> summarize(Dataset<Row> events, Instant asOf, Dataset<Row> summaries) {
    Dataset<Row> listed = summarize(events, asOf);
    return summaries == null ? listed : merge(listed, summaries, asOf);
  }

  private static Dataset<Row> merge(Dataset<Row> listed, Dataset<Row> summaries, Instant asOf) {
    Column before = lit(Timestamp.from(asOf));
    Column lastKnown = col(LAST_AT).lt(before);
    Dataset<Row> summarized =
        summaries
            .where(col(FIRST_AT).lt(before))
            .select(
                col(USER_ID),
                col(EVENT_NAME),
                col(FIRST_AT),
                when(lastKnown, col(LAST_AT)).otherwise(col(FIRST_AT)).as(LAST_AT),
                when(lastKnown, col(EVENT_COUNT)).as(EVENT_COUNT));
    return listed
        .unionByName(summarized)
        .groupBy(col(USER_ID), col(EVENT_NAME))
        .agg(
            min(col(FIRST_AT)).as(FIRST_AT),
            max(col(LAST_AT)).as(LAST_AT),
            max(col(EVENT_COUNT)).as(EVENT_COUNT));
  }
}
