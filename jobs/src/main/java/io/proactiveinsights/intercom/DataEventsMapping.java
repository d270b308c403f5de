package io.proactiveinsights.intercom;

import static io.proactiveinsights.intercom.JsonFields.first;
import static org.apache.spark.sql.functions.col;

import io.proactiveinsights.io.RawFrame;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Data events to the contract's user_events: user_id is the event's {@code user_id} (the
 * workspace's external id) when set, else {@code intercom_user_id} (Intercom's contact id), both
 * resolved to a users user_id later; event_name; occurred_at = {@code created_at}. Shape: the REST
 * API's {@code event.list} ({@code GET /events?type=user}), also when Airbyte or Singer wrap it. An
 * event that names its person only by email keeps a null user_id and is quarantined for it.
 */
final class DataEventsMapping {

  static final Set<String> FIELDS =
      Set.of("user_id", "intercom_user_id", "event_name", "created_at");

  private DataEventsMapping() {}

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
