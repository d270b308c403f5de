package io.proactiveinsights.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Runs a test class with Spark's code generation on ({@link ShippedCodegen}), and never beside
 * another such class: the setting is the shared session's, so when test classes run concurrently
 * the first to finish would turn it off under the other.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ShippedCodegen.class)
@ResourceLock(ShippedCodegen.SESSION_CODEGEN)
public @interface WithShippedCodegen {}
