package io.proactiveinsights.cli;

import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.InputFolder;
import io.proactiveinsights.testing.Rows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A way to make a real run die of a {@link StackOverflowError}, with nothing planted in the code:
 * audience rule limits raised far past what the stack holds, and a catalogue whose one rule nests
 * 50,000 parentheses, which ingest's rule check then overflows on.
 */
final class OverflowingRule {

  private OverflowingRule() {}

  /**
   * The arguments of {@code proactive ingest} for ds 2024-04-30 over that input and conf, both
   * written under {@code dir}, and a warehouse there.
   */
  static List<String> ingest(Path dir) throws IOException {
    return List.of(
        "ingest",
        "--ds",
        "2024-04-30",
        "--input",
        input(dir.resolve("in")).toString(),
        "--warehouse",
        dir.resolve("wh").toString(),
        "--conf",
        conf(dir).toString());
  }

  /** An input folder under {@code root} that ingest accepts but for the overflowing rule. */
  private static Path input(Path root) {
    InputFolder input = new InputFolder(root);
    input.write(
        InputTable.MESSAGES,
        "m.csv",
        List.of(
            Rows.with(
                Rows.message("m1", "banner"),
                "audience_rule",
                "(".repeat(50_000) + "plan = 'Pro'" + ")".repeat(50_000))));
    input.write(InputTable.USERS, "u.jsonl", List.of(Rows.user("u1", "Pro")));
    input.write(InputTable.EXPOSURES, "x.jsonl", List.of());
    input.write(InputTable.CONVERSATIONS, "c.jsonl", List.of());
    return input.root();
  }

  /** The tests' conf with the audience rule limits raised to a million. */
  private static Path conf(Path dir) throws IOException {
    return Files.writeString(
        dir.resolve("unbounded-rules.conf"),
        "include file(\""
            + CliRun.TEST_CONF
            + "\")\nproactive.audience_rules { max_length = 1000000, max_nesting = 1000000 }\n");
  }
}
