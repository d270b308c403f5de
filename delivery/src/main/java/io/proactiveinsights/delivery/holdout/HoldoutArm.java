package io.proactiveinsights.delivery.holdout;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The holdout arm of a person for a message, as the segments job assigns it and as any delivery
 * service can compute it without the snapshot: control iff the first 8 bytes of SHA-256 of the
 * UTF-8 bytes of {@code messageId + "\u0000" + userId}, read as an unsigned big-endian number, are
 * below {@code share × 2^64}. The NUL separator keeps ({@code "ab"}, {@code "c"}) and ({@code "a"},
 * {@code "bc"}) apart; hashing the message id with the user id makes each message's control group
 * an independent draw, so the same people are not held out of every message.
 *
 * <p>The Spark side computes the same test without a UDF: the first 16 hex digits of {@code sha2}
 * compared as text with {@link #thresholdHex} (equal-length lowercase hex sorts as the unsigned
 * numbers it spells).
 */
public final class HoldoutArm {

  /**
   * The largest share a holdout may have: above half, the control group would be the larger arm,
   * and the message would be withheld from most of its audience.
   */
  public static final double MAX_SHARE = 0.5;

  private static final BigDecimal TWO_TO_64 =
      new BigDecimal(java.math.BigInteger.ONE.shiftLeft(64));

  private HoldoutArm() {}

  /**
   * Whether {@code userId} is in the control group of {@code messageId} for a holdout of {@code
   * share}.
   *
   * @throws IllegalArgumentException when share is not in 0..{@link #MAX_SHARE}
   */
  public static boolean isControl(String messageId, String userId, double share) {
    long threshold = threshold(share);
    byte[] digest =
        sha256().digest((messageId + "\u0000" + userId).getBytes(StandardCharsets.UTF_8));
    long prefix = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      prefix = (prefix << 8) | (digest[i] & 0xff);
    }
    return Long.compareUnsigned(prefix, threshold) < 0;
  }

  /**
   * {@code floor(share × 2^64)} as 16 lowercase hex digits: a hash prefix below it (as text) is
   * control. {@code 0000000000000000} for a share of 0 (nobody), {@code 8000000000000000} for 0.5.
   *
   * @throws IllegalArgumentException when share is not in 0..{@link #MAX_SHARE}
   */
  public static String thresholdHex(double share) {
    return String.format(Locale.ROOT, "%016x", threshold(share));
  }

  /** floor(share × 2^64), exact (the double's own value times a power of two), as unsigned. */
  private static long threshold(double share) {
    if (!(share >= 0 && share <= MAX_SHARE)) {
      throw new IllegalArgumentException(
          "Cannot assign holdout arms: share "
              + share
              + " is outside 0.."
              + MAX_SHARE
              + " (a share is the fraction of the audience held out; above half the control group"
              + " would outnumber the treatment group)");
    }
    return new BigDecimal(share).multiply(TWO_TO_64).toBigInteger().longValue();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
