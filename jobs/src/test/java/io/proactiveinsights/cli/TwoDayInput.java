package io.proactiveinsights.cli;

import static io.proactiveinsights.testing.Rows.exposure;

import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.Rows;
import java.nio.file.Path;
import java.util.List;

/**
 * A small input with events on 2024-04-29 and 2024-04-30: two messages, three people, exposures e1
 * to e7 and two conversations, for tests that run the whole pipeline more than once.
 */
final class TwoDayInput {

  private TwoDayInput() {}

  static InputFolder write(Path root) {
    InputFolder input = new InputFolder(root);
    input.write(
        InputTable.MESSAGES,
        "m.csv",
        List.of(Rows.message("m1", "banner"), Rows.message("m2", "post")));
    input.write(
        InputTable.USERS,
        "u.jsonl",
        List.of(Rows.user("u1", "Pro"), Rows.user("u2", "Free"), Rows.user("u3", "Pro")));
    input.write(
        InputTable.EXPOSURES,
        "e.jsonl",
        List.of(
            exposure("e1", "m1", "u1", "received", "2024-04-29T08:00:00Z"),
            exposure("e2", "m1", "u1", "viewed", "2024-04-29T08:01:00Z"),
            exposure("e3", "m1", "u2", "received", "2024-04-29T09:00:00Z"),
            exposure("e4", "m2", "u2", "received", "2024-04-30T10:00:00Z"),
            exposure("e5", "m2", "u2", "viewed", "2024-04-30T10:00:05Z"),
            exposure("e6", "m2", "u2", "clicked", "2024-04-30T10:00:09Z"),
            exposure("e7", "m1", "u3", "received", "2024-04-30T11:00:00Z")));
    input.write(
        InputTable.CONVERSATIONS,
        "c.csv",
        List.of(
            Rows.conversation("c1", "u1", "2024-04-28T12:00:00Z", "billing", 4),
            Rows.conversation("c2", "u3", "2024-04-30T12:00:00Z", "billing", 2)));
    return input;
  }
}
