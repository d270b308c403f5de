package io.proactiveinsights.delivery.server;

import io.proactiveinsights.delivery.snapshot.SnapshotIds;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns one raw (still percent-encoded) path segment into an id, or says why it is not one:
 * percent-decoding happens exactly once and must yield valid UTF-8, then {@link SnapshotIds} rules
 * apply (length, control characters, {@code /}, {@code ..}, a second layer of percent-encoding).
 */
final class PathIds {
  /** A decoded id or the reason it was refused (never quoting the id). */
  record Decoded(String id, String problem) {
    boolean ok() {
      return problem == null;
    }
  }

  private PathIds() {}

  static Decoded decode(String rawSegment) {
    // Encoded, an id of MAX_BYTES takes at most three times as many characters.
    if (rawSegment.length() > 3 * SnapshotIds.MAX_BYTES) {
      return refused("it is longer than " + SnapshotIds.MAX_BYTES + " bytes");
    }
    String decoded;
    if (isPlainAscii(rawSegment)) {
      decoded = rawSegment;
    } else {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawSegment.length());
      for (int i = 0; i < rawSegment.length(); i++) {
        char c = rawSegment.charAt(i);
        if (c == '%') {
          if (i + 2 >= rawSegment.length()) {
            return refused("it has an incomplete percent-escape at position " + i);
          }
          int high = Character.digit(rawSegment.charAt(i + 1), 16);
          int low = Character.digit(rawSegment.charAt(i + 2), 16);
          if (high < 0 || low < 0) {
            return refused("it has an invalid percent-escape at position " + i);
          }
          bytes.write(high * 16 + low);
          i += 2;
        } else if (c < 0x80) {
          bytes.write(c);
        } else {
          return refused("it has a non-ASCII character that is not percent-encoded");
        }
      }
      try {
        decoded =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes.toByteArray()))
                .toString();
      } catch (CharacterCodingException e) {
        return refused("its percent-escapes are not valid UTF-8");
      }
    }
    Optional<String> problem = SnapshotIds.problem(decoded);
    return problem.map(PathIds::refused).orElseGet(() -> new Decoded(decoded, null));
  }

  private static boolean isPlainAscii(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' || c >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static Decoded refused(String problem) {
    return new Decoded(null, problem);
  }
}
