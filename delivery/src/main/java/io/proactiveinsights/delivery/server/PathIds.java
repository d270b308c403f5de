package io.proactiveinsights.delivery.server;

import io.proactiveinsights.delivery.snapshot.SnapshotIds;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns one raw (still percent-encoded) path segment into an id, or says why it is not one:
 * percent-decoding happens exactly once and must yield valid UTF-8, then the {@link SnapshotIds}
 * rule for that kind of id applies. A user id is refused if it looks like a path trick (length,
 * control characters, {@code /}, {@code ..}, a second layer of percent-encoding); a segment id is
 * only a key among the served version's ids, so {@code promo%2F2024} asks for {@code promo/2024}.
 */
final class PathIds {
  /** A decoded id or the reason it was refused (never quoting the id). */
  record Decoded(String id, String problem) {
    boolean ok() {
      return problem == null;
    }
  }

  private PathIds() {}

  static Decoded userId(String rawSegment) {
    Decoded decoded = percentDecode(rawSegment, SnapshotIds.MAX_BYTES);
    if (!decoded.ok()) {
      return decoded;
    }
    return SnapshotIds.problem(decoded.id()).map(PathIds::refused).orElse(decoded);
  }

  static Decoded segmentId(String rawSegment) {
    Decoded decoded = percentDecode(rawSegment, SnapshotIds.MAX_SEGMENT_ID_BYTES);
    if (!decoded.ok()) {
      return decoded;
    }
    return SnapshotIds.segmentIdProblem(decoded.id()).map(PathIds::refused).orElse(decoded);
  }

  private static Decoded percentDecode(String rawSegment, int maxBytes) {
    // Encoded, an id of maxBytes takes at most three times as many characters.
    if (rawSegment.length() > 3 * maxBytes) {
      return refused("it is longer than " + maxBytes + " bytes");
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
    return new Decoded(decoded, null);
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
