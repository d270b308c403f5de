package io.proactiveinsights.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.function.ForeachFunction;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-line reason of a failed run, built from real failures: Spark's, the JVM's, the disk's.
 */
class FailureMessageTest {

  private static final String ACTION = "run ingest for ds 2024-04-30";

  @TempDir Path tmp;

  @Test
  void aSparkAnalysisErrorIsItsFirstLineWithTheConditionInTheDetail() {
    Path missing = tmp.resolve("no-such-table");
    Throwable failure =
        catchThrowable(() -> SharedSpark.session().read().parquet(missing.toString()));

    assertThat(FailureMessage.of(ACTION, failure))
        .isEqualTo(
            "Cannot run ingest for ds 2024-04-30: Path does not exist: file:"
                + missing
                + ". (AnalysisException PATH_NOT_FOUND; rerun with --verbose for the stack trace)");
  }

  @Test
  void aFailedSparkReadNamesTheRootCauseAndTheFileSparkWasReading() throws IOException {
    byte[] gzip = gzip("{\"id\": 1}\n".repeat(20_000));
    Path truncated = Files.createDirectories(tmp.resolve("events")).resolve("e.jsonl.gz");
    Files.write(truncated, Arrays.copyOf(gzip, gzip.length / 2));
    Throwable failure =
        catchThrowable(
            () -> SharedSpark.session().read().json(truncated.getParent().toString()).count());

    assertThat(FailureMessage.of(ACTION, failure))
        .isEqualTo(
            "Cannot run ingest for ds 2024-04-30: Unexpected end of input stream (EOFException, in"
                + " Spark's FAILED_READ_FILE.NO_HINT: Encountered error while reading file file://"
                + truncated
                + ".; rerun with --verbose for the stack trace)");
  }

  @Test
  void aFullDiskUnderASparkTaskFailureIsNamed() {
    // A task that writes to /dev/full fails the way a task writing to a full disk does: Spark
    // aborts the job with the executor's stack trace in its message, the IOException as its cause.
    Throwable failure =
        catchThrowable(
            () ->
                SharedSpark.session()
                    .range(1)
                    .foreach((ForeachFunction<Long>) id -> writeToAFullDisk()));
    assertThat(failure).isInstanceOf(SparkException.class);
    assertThat(failure.getMessage()).contains("\n");

    assertThat(FailureMessage.of(ACTION, failure))
        .isEqualTo(
            "Cannot run ingest for ds 2024-04-30: no space left on device (free space on the"
                + " warehouse's disk and in Spark's scratch directory (spark.local.dir, /tmp by"
                + " default), then rerun)");
  }

  @Test
  void aPermissionDenialNamesTheFile() {
    AccessDeniedException denied = permissionDenied();

    assertThat(FailureMessage.of(ACTION, new UncheckedIOException(denied)))
        .isEqualTo(
            "Cannot run ingest for ds 2024-04-30: permission denied ("
                + denied.getFile()
                + "; give the user running the job access to it)");
  }

  @Test
  void aStackOverflowAndAnOutOfMemoryErrorAreNamedWhateverWrapsThem() {
    Throwable overflow = catchThrowable(() -> recurse(0));
    Throwable outOfMemory = catchThrowable(() -> new long[Integer.MAX_VALUE].hashCode());
    assertThat(overflow).isInstanceOf(StackOverflowError.class);
    assertThat(outOfMemory).isInstanceOf(OutOfMemoryError.class);

    assertThat(FailureMessage.of(ACTION, new RuntimeException("wrapped", overflow)))
        .startsWith("Cannot run ingest for ds 2024-04-30: stack overflow (something nested too");
    assertThat(FailureMessage.of(ACTION, outOfMemory))
        .isEqualTo(
            "Cannot run ingest for ds 2024-04-30: out of memory (Requested array size exceeds VM"
                + " limit; give the job more memory: PROACTIVE_JAVA_OPTS=\"-Xmx8g\" for"
                + " ./proactive, spark.driver.memory and spark.executor.memory on a cluster)");
  }

  @Test
  void aFatalErrorInATaskReachesTheDriverAsTheJobsCause() {
    // Spark's default would end this JVM (exit 50) here; the local session tells it not to.
    Throwable failure =
        catchThrowable(
            () -> SharedSpark.session().range(1).foreach((ForeachFunction<Long>) id -> recurse(0)));

    assertThat(failure).isInstanceOf(SparkException.class);
    assertThat(FailureMessage.of(ACTION, failure))
        .startsWith("Cannot run ingest for ds 2024-04-30: stack overflow (");
  }

  @Test
  void aDeltaWriteConflictIsNamed() {
    DeltaConcurrentModificationException conflict =
        new io.delta.exceptions.ConcurrentAppendException(
            "Files were added to the root of the table by a concurrent update.");

    assertThat(FailureMessage.of(ACTION, new SparkException("Job aborted.", conflict)))
        .isEqualTo(
            "Cannot run ingest for ds 2024-04-30: another run changed a Delta table this run was"
                + " writing (ConcurrentAppendException; runs that write the same tables must not"
                + " overlap: rerun when the other has finished)");
  }

  @Test
  void ourOwnFailuresKeepTheirMessage() {
    assertThat(
            FailureMessage.of(
                ACTION, new UsageException("Cannot load config x.conf: no such file (pass …)")))
        .isEqualTo("Cannot load config x.conf: no such file (pass …)");
  }

  @Test
  void theLineIsAlwaysOneLineAndBounded() {
    assertThat(FailureMessage.oneLine("  first\n\tat a.b(C.java:1)\r\n  second  "))
        .isEqualTo("first at a.b(C.java:1) second");
    assertThat(FailureMessage.oneLine("x".repeat(5_000)))
        .hasSize(FailureMessage.MAX_CHARS)
        .endsWith("…");
    assertThat(FailureMessage.of(ACTION, new IllegalStateException()))
        .isEqualTo(
            "Cannot run ingest for ds 2024-04-30: java.lang.IllegalStateException"
                + " (IllegalStateException; rerun with --verbose for the stack trace)");
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static void writeToAFullDisk() throws IOException {
    Files.write(Path.of("/dev/full"), new byte[4096]);
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  /**
   * A real refusal from the file system: an unreadable file, or (when the tests run as root, whom
   * file modes do not stop) init's environment, which only a process allowed to trace it may read.
   */
  private AccessDeniedException permissionDenied() {
    try {
      Path secret = Files.writeString(tmp.resolve("secret"), "x");
      Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
      Files.readAllBytes(secret);
      Files.readAllBytes(Path.of("/proc/1/environ"));
    } catch (AccessDeniedException denied) {
      return denied;
    } catch (IOException other) {
      throw new UncheckedIOException(other);
    }
    Assumptions.abort("this user is denied nothing: no permission error to test with");
    return null;
  }
}
