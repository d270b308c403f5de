package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import picocli.CommandLine.Option;

/** {@link WarehouseOptions} plus {@code --input}: what a run reads and writes, without its dates. */
public class RunOptions extends WarehouseOptions {

  @Option(names = "--input", paramLabel = "DIR", description = "Input root: one sub-folder per table (default: proactive.paths.input).")
  String input;

  String inputRoot(ProactiveConfig config) {
    return input != null ? input : config.paths().input();
  }
}
