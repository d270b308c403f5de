package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import picocli.CommandLine.Option;

/** {@link WarehouseOptions} plus {@code --input}: what a run reads and writes, without its dates. */
public class RunOptions extends WarehouseOptions {

  @Option(names = "--input", paramLabel = "DIR", description = "Input root: one sub-folder per table (default: proactive.paths.input).")
  String input;

  @Option(names = "--source", paramLabel = "KIND", defaultValue = "contract",
      description = "What --input holds: ${COMPLETION-CANDIDATES}. `contract`: one sub-folder per table (README, Inputs);"
          + " `intercom`: Intercom's content data export, conversations, contacts and data events as Intercom, Airbyte,"
          + " Singer or Fivetran give them (docs/intercom.md). Default: ${DEFAULT-VALUE}.")
  SourceKind source;

  String inputRoot(ProactiveConfig config) {
    return input != null ? input : config.paths().input();
  }
}
