package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import picocli.CommandLine.Option;

/**
 * {@code --input} and {@code --source}: the options of the commands that read the input tables
 * (ingest, pipeline).
 */
public final class InputOptions {

  @Option(
      names = "--input",
      paramLabel = "DIR",
      description = "Input root: one sub-folder per table (default: proactive.paths.input).")
  String input;

  @Option(
      names = "--source",
      paramLabel = "KIND",
      defaultValue = "contract",
      description =
          "What --input holds: ${COMPLETION-CANDIDATES}. `contract`: one sub-folder per table"
              + " (README, Inputs); `intercom`: Intercom's content data export, conversations,"
              + " contacts and data events as Intercom, Airbyte, Singer or Fivetran give them"
              + " (docs/intercom.md). Default: ${DEFAULT-VALUE}.")
  SourceKind source;

  Inputs inputs(ProactiveConfig config) {
    return new Inputs(input != null ? input : config.paths().input(), source);
  }
}
