package io.proactiveinsights.delivery.snapshot;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;

/**
 * The user-id dictionary of a snapshot: maps a user id to its index (the integer the member bitmaps
 * hold) by binary search over the ids' UTF-8 bytes, kept packed in one array.
 *
 * <p>File layout ({@code users.dict}, little-endian): {@code "PIUDICT1"} (8 bytes), the ids' UTF-8
 * bytes back to back (ascending, unsigned byte order — Spark's string order), then {@code count +
 * 1} int32 offsets into those bytes (offset {@code i} is where id {@code i} starts, the last one is
 * their total length), then {@code count} (int32) and the data length (int32). Offsets go last so
 * the writer streams ids from an iterator without knowing their number. Loading is one read plus
 * one bulk copy of the offsets: no per-id objects, so 10 M ids load in tens of milliseconds and a
 * lookup costs about log2(n) short byte comparisons.
 */
public final class UserDictionary {
  static final byte[] MAGIC = "PIUDICT1".getBytes(StandardCharsets.US_ASCII);
  private static final int FOOTER = 8;

  private final byte[] data;
  private final int dataStart;
  private final int[] offsets;

  private UserDictionary(byte[] data, int dataStart, int[] offsets) {
    this.data = data;
    this.dataStart = dataStart;
    this.offsets = offsets;
  }

  /** Number of user ids. */
  public int size() {
    return offsets.length - 1;
  }

  /** The index of {@code userId}, or -1 when the dictionary does not hold it. */
  public int indexOf(String userId) {
    return indexOf(userId.getBytes(StandardCharsets.UTF_8));
  }

  /** The index of the id with these UTF-8 bytes, or -1 when the dictionary does not hold it. */
  public int indexOf(byte[] userIdUtf8) {
    int low = 0;
    int high = size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int cmp =
          Arrays.compareUnsigned(
              data,
              dataStart + offsets[mid],
              dataStart + offsets[mid + 1],
              userIdUtf8,
              0,
              userIdUtf8.length);
      if (cmp < 0) {
        low = mid + 1;
      } else if (cmp > 0) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /** The id at {@code index}. */
  public String userId(int index) {
    return new String(
        data,
        dataStart + offsets[index],
        offsets[index + 1] - offsets[index],
        StandardCharsets.UTF_8);
  }

  /** What {@link #write} put on disk. */
  record Written(int count, long bytes, String sha256) {}

  /**
   * Streams ids into {@code file}, checking they are non-empty and strictly ascending in UTF-8 byte
   * order.
   */
  static Written write(Path file, Iterator<String> userIdsAscending) throws IOException {
    MessageDigest digest = SnapshotLayout.sha256();
    int[] offsets = new int[1 << 16];
    int count = 0;
    long dataLength = 0;
    byte[] previous = null;
    try (OutputStream out =
        new DigestOutputStream(
            new BufferedOutputStream(Files.newOutputStream(file), 1 << 20), digest)) {
      out.write(MAGIC);
      while (userIdsAscending.hasNext()) {
        String id = userIdsAscending.next();
        if (id == null || id.isEmpty()) {
          throw new IllegalArgumentException(SnapshotErrors.emptyUserId(count));
        }
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        if (previous != null) {
          int cmp = Arrays.compareUnsigned(previous, bytes);
          if (cmp >= 0) {
            throw new IllegalArgumentException(SnapshotErrors.userIdsOutOfOrder(count, cmp == 0));
          }
        }
        if (count + 1 >= offsets.length) {
          offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[count++] = (int) dataLength;
        dataLength += bytes.length;
        if (dataLength > Integer.MAX_VALUE - 64) {
          throw new IllegalArgumentException(SnapshotErrors.dictionaryTooLarge(count));
        }
        out.write(bytes);
        previous = bytes;
      }
      offsets[count] = (int) dataLength;
      ByteBuffer tail =
          ByteBuffer.allocate(4 * (count + 1) + FOOTER).order(ByteOrder.LITTLE_ENDIAN);
      tail.asIntBuffer().put(offsets, 0, count + 1);
      tail.position(4 * (count + 1));
      tail.putInt(count).putInt((int) dataLength);
      out.write(tail.array());
    }
    long bytes = MAGIC.length + dataLength + 4L * (count + 1) + FOOTER;
    return new Written(count, bytes, HexFormat.of().formatHex(digest.digest()));
  }

  /** Reads a dictionary from the bytes of its file; {@code where} names the file in errors. */
  static UserDictionary parse(byte[] file, String where) throws InvalidSnapshotException {
    if (file.length < MAGIC.length + 4 + FOOTER
        || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new InvalidSnapshotException(SnapshotErrors.notADictionary(where));
    }
    ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int count = buffer.getInt(file.length - 8);
    int dataLength = buffer.getInt(file.length - 4);
    long expected = MAGIC.length + (long) dataLength + 4L * (count + 1) + FOOTER;
    if (count < 0 || dataLength < 0 || expected != file.length) {
      throw new InvalidSnapshotException(
          SnapshotErrors.dictionaryLayout(where, count, dataLength, file.length));
    }
    int[] offsets = new int[count + 1];
    buffer.position(MAGIC.length + dataLength);
    buffer.asIntBuffer().get(offsets);
    if (offsets[0] != 0 || offsets[count] != dataLength) {
      throw new InvalidSnapshotException(
          SnapshotErrors.dictionaryLayout(where, count, dataLength, file.length));
    }
    for (int i = 0; i < count; i++) {
      // Empty ids are never written, so offsets strictly increase; this also keeps lookups in
      // bounds.
      if (offsets[i] >= offsets[i + 1]) {
        throw new InvalidSnapshotException(SnapshotErrors.dictionaryOffsets(where, i));
      }
    }
    return new UserDictionary(file, MAGIC.length, offsets);
  }
}
