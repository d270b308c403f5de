package io.proactiveinsights.delivery.snapshot;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The on-disk layout of a serving root, in one place for the publisher and the loader:
 *
 * <pre>
 * serving/
 *   CURRENT                      one line: the name of the version being served
 *   v-2024-05-01-1714608000000/  one folder per version: v-&lt;ds&gt;-&lt;created-at epoch millis, 13 digits&gt;
 *     manifest.json              written last; lists every other file with its SHA-256
 *     users.dict                 the user-id dictionary ({@link UserDictionary})
 *     segment-00000.roar         one portable Roaring bitmap of dictionary indices per segment
 *     held-out-00000.roar        for a segment with a holdout, its control group (same format)
 *   .tmp-v-...-&lt;random&gt;/        a version being written; never read
 * </pre>
 *
 * Version names sort by ds, then creation time, so "newest" is the greatest name.
 */
final class SnapshotLayout {
  static final String CURRENT = "CURRENT";
  static final String MANIFEST = "manifest.json";
  static final String DICTIONARY = "users.dict";
  static final String TEMP_PREFIX = ".tmp-";
  static final Pattern VERSION_NAME = Pattern.compile("v-\\d{4}-\\d{2}-\\d{2}-\\d{13}");

  /** Plain file names only: a manifest must never point outside its version folder. */
  static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private SnapshotLayout() {}

  static String versionName(LocalDate ds, Instant createdAt) {
    return String.format("v-%s-%013d", ds, createdAt.toEpochMilli());
  }

  static String segmentFileName(int ordinal) {
    return String.format("segment-%05d.roar", ordinal);
  }

  static String heldOutFileName(int ordinal) {
    return String.format("held-out-%05d.roar", ordinal);
  }

  /** The version CURRENT names, or empty when nothing was published yet. */
  static Optional<String> readCurrent(Path servingRoot) throws IOException {
    Path current = servingRoot.resolve(CURRENT);
    try {
      return Optional.of(SnapshotStore.parseCurrent(Files.readString(current), current.toString()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * The names of the version folders under servingRoot, newest first; empty when the root does not
   * exist. Temp folders and anything else are left out; a listed version may still be damaged.
   */
  static List<String> versionNames(Path servingRoot) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(servingRoot)) {
      for (Path child : children) {
        String name = child.getFileName().toString();
        if (VERSION_NAME.matcher(name).matches() && Files.isDirectory(child)) {
          names.add(name);
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    }
    names.sort(Comparator.reverseOrder());
    return names;
  }

  static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  static String sha256Hex(Path file) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  /** Flushes a file or a folder to disk, so a rename published after it never names lost data. */
  static void fsync(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some filesystems refuse to open a folder for fsync; the rename is still atomic there.
      if (!Files.isDirectory(path)) {
        throw e;
      }
    }
  }
}
