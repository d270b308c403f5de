package io.proactiveinsights.errors;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;

/**
 * The one line a failed run gives as its reason, on stderr and as the JSON summary's {@code error}:
 * {@code Cannot <do X>: <reason> (<detail>)}.
 *
 * <p>A {@link ProactiveException} already says what to do in that form, and is kept as it is. Any
 * other failure is explained by its cause chain, which for a Spark job is several layers deep
 * ({@code SparkException: Job aborted…} → {@code TASK_WRITE_FAILED} → {@code IOException: No space
 * left on device}): the chain is searched for the causes an operator can act on, in this order, and
 * the first found names the reason:
 *
 * <ul>
 *   <li>out of memory, stack overflow (JVM errors, whatever wraps them);
 *   <li>no space left on device;
 *   <li>permission denied ({@link AccessDeniedException}, Hadoop's {@code AccessControlException},
 *       an I/O message saying so);
 *   <li>a concurrent change to a Delta table another run was writing ({@code
 *       ConcurrentAppendException}, {@code ProtocolChangedException} and the rest of Delta's {@link
 *       DeltaConcurrentModificationException}s).
 * </ul>
 *
 * Otherwise the reason is the first line of the root cause's message (Spark's {@code [CONDITION]}
 * prefix and {@code SQLSTATE} suffix moved to the detail), and the detail names the root cause's
 * class and the innermost Spark error around it, which says what Spark was doing (reading which
 * file, writing where). Stack traces are never part of the line; the command line logs them.
 */
public final class FailureMessage {

  /** A line longer than this is cut: it is read in a terminal and kept by orchestrators. */
  static final int MAX_CHARS = 1_000;

  private static final int MAX_CAUSES = 64;
  private static final Pattern SPARK_CONDITION = Pattern.compile("^\\[[A-Za-z0-9_.]+]\\s*");
  private static final Pattern SQL_STATE = Pattern.compile("\\s*SQLSTATE: \\w+\\.?\\s*$");

  /** A cause an operator can act on: how to find it in a chain, and what to say about it. */
  private record KnownCause(
      String reason, Predicate<Throwable> matches, Function<Throwable, String> detail) {}

  private static final List<KnownCause> KNOWN =
      List.of(
          new KnownCause(
              "out of memory",
              t -> t instanceof OutOfMemoryError,
              t ->
                  firstLine(t).map(m -> m + "; ").orElse("")
                      + "give the job more memory: PROACTIVE_JAVA_OPTS=\"-Xmx8g\" for ./proactive,"
                      + " spark.driver.memory and spark.executor.memory on a cluster"),
          new KnownCause(
              "stack overflow",
              t -> t instanceof StackOverflowError,
              t ->
                  "something nested too deeply, such as an audience rule under raised"
                      + " audience_rules limits; rerun with --verbose to see where"),
          new KnownCause(
              "no space left on device",
              t -> says(t, "no space left on device"),
              t ->
                  fileOf(t).map(f -> "writing " + f + "; ").orElse("")
                      + "free space on the warehouse's disk and in Spark's scratch directory"
                      + " (spark.local.dir, /tmp by default), then rerun"),
          new KnownCause(
              "permission denied",
              t ->
                  t instanceof AccessDeniedException
                      || t.getClass().getName().endsWith(".AccessControlException")
                      || says(t, "permission denied")
                      || says(t, "access denied"),
              t ->
                  fileOf(t).or(() -> firstLine(t)).map(f -> f + "; ").orElse("")
                      + "give the user running the job access to it"),
          new KnownCause(
              "another run changed a Delta table this run was writing",
              t -> t instanceof DeltaConcurrentModificationException,
              t ->
                  t.getClass().getSimpleName()
                      + "; runs that write the same tables must not overlap: rerun when the other"
                      + " has finished"));

  private FailureMessage() {}

  /**
   * The one line that says why {@code action} failed.
   *
   * @param action what was being done, as it reads after "Cannot": {@code run segments for ds
   *     2024-05-01}
   */
  public static String of(String action, Throwable failure) {
    if (failure instanceof ProactiveException) {
      return oneLine(failure.getMessage());
    }
    List<Throwable> chain = chain(failure);
    List<Throwable> innermostFirst = new ArrayList<>(chain);
    Collections.reverse(innermostFirst);
    for (KnownCause known : KNOWN) {
      // The innermost match is the most specific: Spark repeats a task's failure in the messages
      // of the exceptions that wrap it.
      for (Throwable t : innermostFirst) {
        if (known.matches().test(t)) {
          return oneLine(
              "Cannot " + action + ": " + known.reason() + " (" + known.detail().apply(t) + ")");
        }
      }
    }
    Throwable root = chain.get(chain.size() - 1);
    String kind = root.getClass().getSimpleName();
    if (root instanceof SparkThrowable spark && spark.getCondition() != null) {
      kind += " " + spark.getCondition();
    }
    // Where Spark was when the root cause struck, e.g. "FAILED_READ_FILE.NO_HINT: Encountered error
    // while reading file …": the root cause alone (an EOFException) does not name the file.
    String where =
        innermostFirst.stream()
            .filter(t -> t != root && t instanceof SparkThrowable s && s.getCondition() != null)
            .findFirst()
            .map(t -> ", in Spark's " + ((SparkThrowable) t).getCondition() + ": " + reason(t))
            .orElse("");
    return oneLine(
        "Cannot "
            + action
            + ": "
            + reason(root)
            + " ("
            + kind
            + where
            + "; rerun with --verbose for the stack trace)");
  }

  /**
   * The first line of the message, without Spark's [CONDITION] prefix and SQLSTATE suffix: a Delta
   * conflict's message runs on with the winning commit's JSON, which one line cannot carry.
   */
  public static String reason(Throwable t) {
    return firstLine(t)
        .map(line -> SPARK_CONDITION.matcher(line).replaceFirst(""))
        .map(line -> SQL_STATE.matcher(line).replaceFirst(""))
        .filter(line -> !line.isEmpty())
        .orElse(t.getClass().getName());
  }

  /**
   * {@code text} on one line: line breaks and the blanks around them become one space, and a text
   * longer than {@link #MAX_CHARS} is cut with "…". For anything that must stay a single line, such
   * as the JSON summary's {@code error}.
   */
  public static String oneLine(String text) {
    if (text == null) {
      return null;
    }
    String line = text.strip().replaceAll("\\s*\\R\\s*", " ");
    return line.length() <= MAX_CHARS ? line : line.substring(0, MAX_CHARS - 1) + "…";
  }

  /** The failure and its causes, outermost first (a cycle, or a chain past 64, is cut). */
  static List<Throwable> chain(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = failure; t != null && chain.size() < MAX_CAUSES && seen.add(t); ) {
      chain.add(t);
      t = t.getCause();
    }
    return chain;
  }

  private static boolean says(Throwable t, String words) {
    String message = t.getMessage();
    return message != null && message.toLowerCase(Locale.ROOT).contains(words);
  }

  private static Optional<String> fileOf(Throwable t) {
    return t instanceof FileSystemException fs
        ? Optional.ofNullable(fs.getFile())
        : Optional.empty();
  }

  private static Optional<String> firstLine(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(message.strip().lines().findFirst().orElse("").strip());
  }
}
