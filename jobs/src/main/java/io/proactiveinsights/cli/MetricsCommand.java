package io.proactiveinsights.cli;

import io.proactiveinsights.run.Stage;
import picocli.CommandLine.Command;

@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    description = {
      "Per-message engagement from the bronze tables of ds D: message_stats_daily (day D) and",
      "message_stats (trailing metrics.window_days), rates with 95% Wilson intervals, each message",
      "judged by its format's primary metric against that format's baseline. Run ingest for D"
          + " first."
    })
final class MetricsCommand extends StageCommand {

  MetricsCommand() {
    super(Stage.METRICS);
  }
}
