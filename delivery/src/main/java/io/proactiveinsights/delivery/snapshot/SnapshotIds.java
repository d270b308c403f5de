package io.proactiveinsights.delivery.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a user or segment id may look like to be served: the endpoint takes ids from URL paths, so
 * it refuses anything that is a path trick or a log hazard, and the publisher refuses segment ids
 * the endpoint could never be asked about. The segments job can call {@link #problem} to skip (and
 * report) such a message instead of failing the publication.
 */
public final class SnapshotIds {
  /** Longest id in UTF-8 bytes. */
  public static final int MAX_BYTES = 256;

  private SnapshotIds() {}

  /** Why {@code id} cannot be served, or empty when it can. */
  public static Optional<String> problem(String id) {
    if (id == null || id.isEmpty()) {
      return Optional.of("it is empty");
    }
    if (id.length() > MAX_BYTES || id.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return Optional.of("it is longer than " + MAX_BYTES + " bytes");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        return Optional.of("it holds a control character at position " + i);
      }
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < id.length()
                && Character.isLowSurrogate(id.charAt(i + 1));
        if (!paired) {
          return Optional.of("it holds an unpaired surrogate at position " + i);
        }
        i++;
        continue;
      }
      if (c == '/' || c == '\\') {
        return Optional.of("it holds a path separator at position " + i);
      }
      if (c == '%' && i + 2 < id.length() && isHex(id.charAt(i + 1)) && isHex(id.charAt(i + 2))) {
        return Optional.of("it holds a percent-encoded sequence at position " + i);
      }
    }
    if (id.contains("..")) {
      return Optional.of("it holds '..'");
    }
    return Optional.empty();
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
