package io.proactiveinsights.intercom;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.io.InputSource;
import io.proactiveinsights.schema.InputTable;
import org.apache.spark.sql.SparkSession;

/** {@code --source intercom}: what Intercom and the common loaders export, mapped to the contract's tables. */
public final class IntercomInputSource implements InputSource {

  public static final String NAME = "intercom";

  private final SparkSession spark;
  private final ProactiveConfig config;
  private final String inputRoot;

  public IntercomInputSource(SparkSession spark, ProactiveConfig config, String inputRoot) {
    this.spark = spark;
    this.config = config;
    this.inputRoot = inputRoot;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void requireRoot() {
    throw new UsageException("--source intercom is being built; use --source contract (" + inputRoot + ")");
  }

  @Override
  public SourceTable read(InputTable table) {
    throw new UsageException("--source intercom is being built; use --source contract");
  }
}
