package io.proactiveinsights.text;

/**
 * An exception as one line of a message: Spark's and Delta's messages run to many lines (a
 * conflict's includes the winning commit's JSON), which a one-line summary cannot carry.
 */
public final class ExceptionText {

  private ExceptionText() {}

  /** "ConcurrentAppendException: Files were added to partition [ds=2024-04-30] by …". */
  public static String firstLine(Throwable e) {
    String message = e.getMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    int end = message.indexOf('\n');
    return e.getClass().getSimpleName()
        + ": "
        + (end < 0 ? message : message.substring(0, end)).trim();
  }
}
