package io.proactiveinsights.cli;

import io.proactiveinsights.run.Stage;
import picocli.CommandLine.Command;

@Command(
    name = "segments",
    mixinStandardHelpOptions = true,
    description = {
      "Audience segments from the bronze tables of ds D: for each live message, the users its",
      "audience rule matches as of the end of D, written to the segments table. A rule that does",
      "not parse gives no segment and is listed in the summary (rule_errors). Run ingest for D"
          + " first."
    })
final class SegmentsCommand extends StageCommand {

  SegmentsCommand() {
    super(Stage.SEGMENTS);
  }
}
