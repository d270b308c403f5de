package io.proactiveinsights.delivery.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer <token>} (RFC 6750) against the configured token in constant
 * time: both sides are hashed to SHA-256 first and compared with {@link MessageDigest#isEqual}, so
 * neither the content nor the length of the token leaks through timing. Only the token's digest is
 * kept in memory.
 */
final class BearerAuth {
  enum Result {
    /** No Authorization header, or not the Bearer scheme. */
    MISSING,
    /** A bearer token that is not the configured one. */
    INVALID,
    OK
  }

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("Every Java runtime has SHA-256", e);
            }
          });

  private final byte[] expectedDigest;

  BearerAuth(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(
          "Cannot check bearer tokens: the configured token is empty");
    }
    this.expectedDigest = digest(token);
  }

  Result check(String authorization) {
    if (authorization == null
        || authorization.length() < 7
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Result.MISSING;
    }
    String token = authorization.substring(7).strip();
    return MessageDigest.isEqual(digest(token), expectedDigest) ? Result.OK : Result.INVALID;
  }

  private static byte[] digest(String token) {
    MessageDigest sha = SHA256.get();
    sha.reset();
    return sha.digest(token.getBytes(StandardCharsets.UTF_8));
  }
}
