package io.proactiveinsights.delivery.snapshot;

import java.io.IOException;

/** The serving root has no {@code CURRENT} yet: nothing was published there. Not a bad version. */
public final class NoSnapshotException extends IOException {
  public NoSnapshotException(String message) {
    super(message);
  }
}
