package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.intercom.IntercomInputSource;
import io.proactiveinsights.io.ContractInputSource;
import io.proactiveinsights.io.InputSource;
import org.apache.spark.sql.SparkSession;

/** What {@code --input} holds, chosen with {@code --source}. */
public enum SourceKind {
  /** One sub-folder per contract table (README, "Inputs"). */
  contract,
  /** Intercom's content data export, conversations, contacts and data events (docs/intercom.md). */
  intercom;

  InputSource open(SparkSession spark, ProactiveConfig config, String inputRoot) {
    return switch (this) {
      case contract -> new ContractInputSource(spark, inputRoot);
      case intercom -> new IntercomInputSource(spark, config, inputRoot);
    };
  }
}
