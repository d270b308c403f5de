package io.proactiveinsights.cli;

import io.proactiveinsights.run.Stage;
import picocli.CommandLine.Command;

@Command(
    name = "impact",
    mixinStandardHelpOptions = true,
    description = {
      "Did each message deflect tickets? topic_impact: tickets on its topics before vs after"
          + " launch",
      "(exact rate ratio, weekday-weighted), and viewers vs people who never saw it (difference in",
      "differences), with Benjamini-Hochberg q-values; csat_impact: CSAT of conversations it"
          + " started.",
      "Run ingest for D first."
    })
final class ImpactCommand extends StageCommand {

  ImpactCommand() {
    super(Stage.IMPACT);
  }
}
