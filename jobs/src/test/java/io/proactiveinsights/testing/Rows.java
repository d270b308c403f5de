package io.proactiveinsights.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for input rows, so a test names only the columns it is about. */
public final class Rows {

  private Rows() {}

  /**
   * A row from alternating column names and values: {@code row("event_id", "e1", "user_id", "u1")}.
   */
  public static Map<String, Object> row(Object... namesAndValues) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      row.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return row;
  }

  /**
   * A copy of {@code base} with some columns replaced (a null value removes nothing: it sets null).
   */
  public static Map<String, Object> with(Map<String, Object> base, Object... namesAndValues) {
    Map<String, Object> row = new LinkedHashMap<>(base);
    row.putAll(row(namesAndValues));
    return row;
  }

  public static Map<String, Object> message(String id, String type) {
    return row(
        "message_id",
        id,
        "name",
        "Message " + id,
        "type",
        type,
        "state",
        "live",
        "style",
        "banner".equals(type) ? "info" : null,
        "dismissible",
        "banner".equals(type) || "post".equals(type) ? Boolean.TRUE : null,
        "frequency",
        "once",
        "audience_rule",
        "everyone",
        "body",
        "Body of " + id + ", with a comma",
        "cta_text",
        "Open settings",
        "created_at",
        "2024-03-01T09:00:00Z",
        "updated_at",
        "2024-04-20T09:00:00Z",
        "live_since",
        "2024-04-20T09:00:00Z",
        "paused_at",
        null,
        "topics",
        List.of("Billing", "data-export"),
        "known_issue_id",
        null,
        "goal_event",
        null);
  }

  public static Map<String, Object> exposure(
      String eventId, String messageId, String userId, String type, String at) {
    return row(
        "event_id", eventId,
        "message_id", messageId,
        "user_id", userId,
        "event_type", type,
        "occurred_at", at,
        "session_id", "s-" + userId,
        "platform", "web");
  }

  public static Map<String, Object> user(String id, String plan) {
    return row(
        "user_id",
        id,
        "plan",
        plan,
        "role",
        "user",
        "signed_up_at",
        "2023-01-01T00:00:00Z",
        "last_seen_at",
        "2024-04-29T00:00:00Z",
        "attributes",
        Map.of("company_size", "small"));
  }

  public static Map<String, Object> conversation(
      String id, String userId, String at, String topic, Object rating) {
    return row(
        "conversation_id", id,
        "user_id", userId,
        "created_at", at,
        "topic", topic,
        "source_message_id", null,
        "csat_rating", rating,
        "rated_at", rating == null ? null : at);
  }

  public static List<Map<String, Object>> list(
      List<Map<String, Object>> first, Map<String, Object> more) {
    List<Map<String, Object>> all = new ArrayList<>(first);
    all.add(more);
    return all;
  }
}
