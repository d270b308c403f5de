package io.proactiveinsights.testing;

import java.util.Map;
import org.apache.spark.sql.RuntimeConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class with Spark's code generation on, as every user run has it. The test JVMs turn
 * it off ({@link SharedSpark#TEST_CODEGEN}) because compiling each small query costs more than it
 * saves on fixtures; but some paths exist only with it: the vectorized Parquet reader, and so the
 * metrics stage's column-batch fold ({@code ExposureScan}), needs whole-stage code generation.
 * Classes that check those paths are annotated {@link WithShippedCodegen}. End to end, the cluster
 * IT's driver runs the whole pipeline with code generation on (test-shipped-codegen.conf) and must
 * write what a local run with interpreted evaluation writes.
 */
public final class ShippedCodegen implements BeforeAllCallback, AfterAllCallback {

  /** The lock of the shared session's code generation settings ({@link WithShippedCodegen}). */
  static final String SESSION_CODEGEN = "spark.sql.codegen";

  /** Spark's own defaults for the settings the test JVMs change. */
  private static final Map<String, String> SHIPPED =
      Map.of("spark.sql.codegen.wholeStage", "true", "spark.sql.codegen.factoryMode", "FALLBACK");

  @Override
  public void beforeAll(ExtensionContext context) {
    RuntimeConfig conf = SharedSpark.session().conf();
    SHIPPED.forEach(conf::set);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    RuntimeConfig conf = SharedSpark.session().conf();
    // Back to the test session's settings, so later classes in this JVM are unaffected.
    SharedSpark.TEST_CODEGEN.forEach(conf::set);
  }
}
