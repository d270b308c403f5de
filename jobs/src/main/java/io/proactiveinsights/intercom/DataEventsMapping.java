package io.proactiveinsights.intercom;

import static io.proactiveinsights.intercom.JsonFields.first;
import static io.proactiveinsights.intercom.JsonFields.instant;
import static io.proactiveinsights.intercom.JsonFields.record;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode_outer;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;

import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.schema.UserEventHistoryColumns;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Data events to the contract's user_events: user_id is the event's {@code user_id} (the
 * workspace's external id) when set, else {@code intercom_user_id} (Intercom's contact id), both
 * resolved to a users user_id later; event_name; occurred_at = {@code created_at}. Shape: the REST
 * API's {@code event.list} ({@code GET /events?type=user}), also when Airbyte or Singer wrap it. An
 * event that names its person only by email keeps a null user_id and is quarantined for it.
 *
 * <p>{@code event.list} holds only the last 90 days. What Intercom keeps beyond that is the
 * per-person summary ({@code GET /events?type=user&summary=true}: {@code {"type": "event.summary",
 * "user_id", "intercom_user_id", "email", "events": [{"name", "first", "last", "count",
 * "description"}]}}, REST API 1.x "View User Event Summaries" and the 2.x client's
 * DataEventSummaryItem); such a record in {@code data_events/} gives one history row per event name
 * ({@link #summaries}), not user_events rows.
 */
final class DataEventsMapping {

  static final Set<String> FIELDS =
      Set.of("user_id", "intercom_user_id", "event_name", "created_at", "events");

  private DataEventsMapping() {}

  /** The value of {@code $.type} that marks a record as a summary rather than an event. */
  static final String SUMMARY_TYPE = "event.summary";

  static Column isSummary() {
    return coalesce(get_json_object(record(), "$.type").equalTo(SUMMARY_TYPE), lit(false));
  }

  /**
   * One row per summary record and event name, in {@code bronze_user_event_history}'s columns with
   * {@code user_id} still Intercom's reference (resolved later, like the events'): first_at and
   * last_at as the instants the summary gives (ISO-8601 or epoch seconds), event_count its count.
   * Entries without a name or a first time are left out here and counted by the caller.
   */
  static Dataset<Row> summaries(Dataset<Row> summaryRecords) {
    String entry = "_summary_entry";
    return summaryRecords
        .select(
            first("$.user_id", "$.intercom_user_id").as(UserEventHistoryColumns.USER_ID),
            explode_outer(
                    from_json(
                        get_json_object(record(), "$.events"),
                        DataTypes.createArrayType(DataTypes.StringType)))
                .as(entry))
        .select(
            col(UserEventHistoryColumns.USER_ID),
            get_json_object(col(entry), "$.name").as(UserEventHistoryColumns.EVENT_NAME),
            instant(get_json_object(col(entry), "$.first")).as(UserEventHistoryColumns.FIRST_AT),
            instant(get_json_object(col(entry), "$.last")).as(UserEventHistoryColumns.LAST_AT),
            get_json_object(col(entry), "$.count")
                .try_cast(DataTypes.LongType)
                .as(UserEventHistoryColumns.EVENT_COUNT));
  }

  static Dataset<Row> nested(Dataset<Row> records) {
    return records.select(
        first("$.user_id", "$.intercom_user_id").as("user_id"),
        first("$.event_name").as("event_name"),
        first("$.created_at").as("occurred_at"),
        col(RawFrame.SOURCE_FILE),
        col(RawFrame.RAW_RECORD),
        col(RawFrame.PARSE_ERROR));
  }
}
