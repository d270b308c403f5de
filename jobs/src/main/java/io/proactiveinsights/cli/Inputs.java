package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.io.InputSource;
import org.apache.spark.sql.SparkSession;

/** What ingest reads: the input root and what it holds ({@code --input}, {@code --source}). */
record Inputs(String root, SourceKind kind) {

  InputSource open(SparkSession spark, ProactiveConfig config) {
    return kind.open(spark, config, root);
  }
}
