package io.proactiveinsights.testing;

import io.proactiveinsights.schema.InputTable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A small workspace whose product events go back further than ingest's 120-day lookback, for the
 * per-person event history and the rules that read it. As of ds 2024-04-30 (as-of time
 * 2024-05-01T00:00Z; the lookback starts 2024-01-02T00:00Z):
 *
 * <ul>
 *   <li>{@code u_old} exported on 2023-11-01 and on 2023-12-02 (150 days before ds): both before
 *       the lookback;
 *   <li>{@code u_recent} exported on 2024-03-01, 2024-04-20 and 2024-04-30 (the last one after the
 *       as-of time of ds 2024-04-29);
 *   <li>{@code u_never} never exported: it logged in on 2023-06-01 and 2024-04-29, and has an
 *       export row without a UTC offset (quarantined) and one at the as-of time itself (not before
 *       it).
 * </ul>
 *
 * <p>user_events: 9 rows read; 4 accepted (u_recent's three, u_never's 2024 login), 4 out of the
 * window, 1 quarantined.
 */
public final class EventHistoryInputs {

  public static final LocalDate DS = LocalDate.parse("2024-04-30");

  private EventHistoryInputs() {}

  /**
   * Writes the workspace under {@code root}; its three live messages' rules are on {@code
   * exported}.
   */
  public static InputFolder write(Path root) {
    InputFolder folder = new InputFolder(root);
    folder.write(
        InputTable.MESSAGES,
        "m.csv",
        List.of(
            message("m_never", "event.exported NEVER"),
            message("m_within_200d", "event.exported WITHIN 200d"),
            message("m_within_120d", "event.exported WITHIN 120d")));
    folder.write(
        InputTable.USERS,
        "u.jsonl",
        List.of(
            Rows.user("u_old", "Pro"), Rows.user("u_recent", "Pro"), Rows.user("u_never", "Free")));
    folder.write(
        InputTable.USER_EVENTS,
        "e.csv",
        List.of(
            event("u_old", "exported", "2023-11-01T09:00:00Z"),
            event("u_old", "exported", "2023-12-02T10:00:00Z"),
            event("u_recent", "exported", "2024-03-01T12:00:00Z"),
            event("u_recent", "exported", "2024-04-20T12:00:00Z"),
            event("u_recent", "exported", "2024-04-30T08:00:00Z"),
            event("u_never", "login", "2023-06-01T09:00:00Z"),
            event("u_never", "login", "2024-04-29T09:00:00Z"),
            event("u_never", "exported", "2024-04-10T10:00:00"),
            event("u_never", "exported", "2024-05-01T00:00:00Z")));
    folder.write(
        InputTable.EXPOSURES,
        "x.jsonl",
        List.of(Rows.exposure("e1", "m_never", "u_never", "received", "2024-04-28T08:00:00Z")));
    folder.write(
        InputTable.CONVERSATIONS,
        "c.csv",
        List.of(Rows.conversation("c1", "u_never", "2024-04-28T12:00:00Z", "billing", null)));
    return folder;
  }

  private static Map<String, Object> message(String id, String rule) {
    return Rows.with(Rows.message(id, "post"), "audience_rule", rule);
  }

  private static Map<String, Object> event(String user, String name, String at) {
    return Rows.row("user_id", user, "event_name", name, "occurred_at", at);
  }
}
