package io.proactiveinsights.delivery.snapshot;

/** A lookup named a segment id the loaded snapshot does not have. */
public final class UnknownSegmentException extends RuntimeException {
  public UnknownSegmentException(String message) {
    super(message);
  }
}
