package io.proactiveinsights.cli;

import io.proactiveinsights.run.Stage;
import picocli.CommandLine.Command;

@Command(
    name = "hygiene",
    mixinStandardHelpOptions = true,
    description = {
      "Flags what needs attention, from the bronze tables and the metrics and impact tables of ds"
          + " D:",
      "hygiene_flags (STALE, RESOLVED_ISSUE_STILL_LIVE, banner conflicts, over-messaging, vague"
          + " CTAs, low reach,",
      "low CTR, high dismissals, no ticket impact) and message_facts. Run ingest, metrics and"
          + " impact for D first."
    })
final class HygieneCommand extends StageCommand {

  HygieneCommand() {
    super(Stage.HYGIENE);
  }
}
