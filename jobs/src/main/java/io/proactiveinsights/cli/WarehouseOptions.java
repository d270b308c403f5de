package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.io.Warehouse;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of every command that reads the config and the warehouse: {@code --conf} and {@code
 * --warehouse}.
 */
public class WarehouseOptions {

  @Option(
      names = "--conf",
      paramLabel = "FILE",
      description = "HOCON file overriding conf/proactive-defaults.conf.")
  Path confFile;

  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      description = "Warehouse root for the Delta tables (default: proactive.paths.warehouse).")
  String warehouse;

  ProactiveConfig config() {
    return ProactiveConfig.load(confFile);
  }

  Warehouse warehouse(ProactiveConfig config) {
    return new Warehouse(warehouse != null ? warehouse : config.paths().warehouse());
  }
}
