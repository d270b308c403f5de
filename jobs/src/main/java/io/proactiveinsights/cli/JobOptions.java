package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.io.Warehouse;
import java.nio.file.Path;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/** The options every job takes: the logical date, the config file, and where data is read and written. */
public final class JobOptions {

  @Option(
      names = "--ds",
      required = true,
      paramLabel = "YYYY-MM-DD",
      converter = DateConverter.class,
      description = "Logical date of the run (UTC). Windows end at the end of this day, never at the wall clock.")
  LocalDate ds;

  @Option(names = "--conf", paramLabel = "FILE", description = "HOCON file overriding conf/proactive-defaults.conf.")
  Path confFile;

  @Option(names = "--input", paramLabel = "DIR", description = "Input root: one sub-folder per table (default: proactive.paths.input).")
  String input;

  @Option(names = "--warehouse", paramLabel = "DIR", description = "Warehouse root for the Delta tables (default: proactive.paths.warehouse).")
  String warehouse;

  ProactiveConfig config() {
    return ProactiveConfig.load(confFile);
  }

  String inputRoot(ProactiveConfig config) {
    return input != null ? input : config.paths().input();
  }

  Warehouse warehouse(ProactiveConfig config) {
    return new Warehouse(warehouse != null ? warehouse : config.paths().warehouse());
  }
}
