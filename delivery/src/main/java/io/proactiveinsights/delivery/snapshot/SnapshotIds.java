package io.proactiveinsights.delivery.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What an id may look like to be served. Segment ids and user ids follow different rules because
 * they come from different places:
 *
 * <ul>
 *   <li>A <b>segment id</b> is a message id from the catalogue, a CSV cell anyone can edit. It is
 *       never a file name (segment files are numbered, {@code segment-00000.roar}, and the manifest
 *       maps each id to its file) and the endpoint only looks it up among the ids of the served
 *       version, so any text that can be percent-encoded in a URL can be published and asked for:
 *       {@code promo/2024}, {@code a..b}, {@code 50%}. Only ids no request could name are refused:
 *       empty, unpaired surrogates (not UTF-8), or longer than {@link #MAX_SEGMENT_ID_BYTES} (a
 *       request line must stay within the server's header limit).
 *   <li>A <b>user id</b> arrives only in request paths; the endpoint refuses anything that looks
 *       like a path trick or a log hazard ({@link #problem}).
 * </ul>
 */
public final class SnapshotIds {
  /** Longest user id in UTF-8 bytes. */
  public static final int MAX_BYTES = 256;

  /**
   * Longest segment id in UTF-8 bytes: percent-encoded, three times as many characters, which keeps
   * a request line far below the endpoint's 16 KiB header limit.
   */
  public static final int MAX_SEGMENT_ID_BYTES = 1024;

  private SnapshotIds() {}

  /**
   * Why {@code segmentId} cannot be published and asked for, or empty when it can. The segments job
   * reports a message whose id fails this instead of failing the publication.
   */
  public static Optional<String> segmentIdProblem(String segmentId) {
    if (segmentId == null || segmentId.isEmpty()) {
      return Optional.of("it is empty");
    }
    Optional<String> unpaired = unpairedSurrogate(segmentId);
    if (unpaired.isPresent()) {
      return unpaired;
    }
    if (segmentId.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_ID_BYTES) {
      return Optional.of("it is longer than " + MAX_SEGMENT_ID_BYTES + " bytes of UTF-8");
    }
    return Optional.empty();
  }

  /** Why {@code id} cannot be served as a user id taken from a URL path, or empty when it can. */
  public static Optional<String> problem(String id) {
    if (id == null || id.isEmpty()) {
      return Optional.of("it is empty");
    }
    if (id.length() > MAX_BYTES || id.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return Optional.of("it is longer than " + MAX_BYTES + " bytes");
    }
    Optional<String> unpaired = unpairedSurrogate(id);
    if (unpaired.isPresent()) {
      return unpaired;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        return Optional.of("it holds a control character at position " + i);
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

  private static Optional<String> unpairedSurrogate(String id) {
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < id.length()
          && Character.isLowSurrogate(id.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return Optional.of("it holds an unpaired surrogate at position " + i);
      }
    }
    return Optional.empty();
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
