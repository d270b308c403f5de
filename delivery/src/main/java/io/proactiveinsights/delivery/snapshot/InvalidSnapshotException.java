package io.proactiveinsights.delivery.snapshot;

import java.io.IOException;

/**
 * A snapshot version that must not be served: a missing, truncated or changed file, a manifest that
 * does not parse or does not match its files. The message says which file and what is wrong.
 */
public final class InvalidSnapshotException extends IOException {
  public InvalidSnapshotException(String message) {
    super(message);
  }

  public InvalidSnapshotException(String message, Throwable cause) {
    super(message, cause);
  }
}
