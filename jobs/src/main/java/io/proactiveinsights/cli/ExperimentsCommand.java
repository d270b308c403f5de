package io.proactiveinsights.cli;

import io.proactiveinsights.run.Stage;
import picocli.CommandLine.Command;

@Command(
    name = "experiments",
    mixinStandardHelpOptions = true,
    description = {
      "Did each holdout message change what its audience does? experiment_impact: everyone"
          + " assigned to treatment",
      "against everyone held out (intention to treat), per topic's tickets, goal rate, CSAT and"
          + " the format's",
      "primary metric, with CUPED, a sample-ratio-mismatch check and always-valid intervals that"
          + " may be read daily.",
      "Run ingest for D first."
    })
final class ExperimentsCommand extends StageCommand {

  ExperimentsCommand() {
    super(Stage.EXPERIMENTS);
  }
}
