package io.proactiveinsights.cli;

import io.proactiveinsights.run.Stage;
import picocli.CommandLine.Command;

@Command(
    name = "recommendations",
    mixinStandardHelpOptions = true,
    description = {
      "What to do about each live message on ds D: recommendations with a priority, a one-sentence",
      "reason with the numbers and a concrete suggestion (a rule, a format, a frequency), from the",
      "hygiene flags of D and a search for the audience slice that engages. Run hygiene for D"
          + " first."
    })
final class RecommendationsCommand extends StageCommand {

  RecommendationsCommand() {
    super(Stage.RECOMMENDATIONS);
  }
}
