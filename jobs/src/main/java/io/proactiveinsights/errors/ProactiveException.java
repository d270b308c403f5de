package io.proactiveinsights.errors;

/**
 * A failure a user can act on. Each subclass maps to one of the command line's exit codes, so an
 * orchestrator can tell bad usage (2) from a failed quality gate (3) from a failed job (1).
 * Messages follow one form: "Cannot &lt;do X&gt;: &lt;reason&gt; (&lt;detail or fix&gt;)".
 */
public abstract class ProactiveException extends RuntimeException {

  protected ProactiveException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The process exit code the command line returns for this failure. */
  public abstract int exitCode();

  /** Bad arguments, a missing input folder, an invalid config value: exit code 2. */
  public static final class UsageException extends ProactiveException {
    public UsageException(String message) {
      super(message, null);
    }

    public UsageException(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public int exitCode() {
      return 2;
    }
  }

  /** The job ran and wrote its outputs, but the data failed a quality gate: exit code 3. */
  public static final class QualityGateException extends ProactiveException {
    private final transient Object summary;

    public QualityGateException(String message, Object summary) {
      super(message, null);
      this.summary = summary;
    }

    /** The job's result, still printed as the JSON summary so the orchestrator sees the counts. */
    public Object summary() {
      return summary;
    }

    @Override
    public int exitCode() {
      return 3;
    }
  }

  /** The job itself could not complete: exit code 1. */
  public static final class JobFailedException extends ProactiveException {
    public JobFailedException(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public int exitCode() {
      return 1;
    }
  }
}
