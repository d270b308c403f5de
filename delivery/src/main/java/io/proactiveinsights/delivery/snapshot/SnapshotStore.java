package io.proactiveinsights.delivery.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a serving root lives, as the publisher sees it: version folders and the {@code CURRENT}
 * pointer ({@link SnapshotLayout}). A version's files are always written into a local staging
 * folder first (checksummed there); the store then installs the finished folder as the version and
 * moves {@code CURRENT}. {@link LocalSnapshotStore} is a folder on this machine (atomic renames);
 * the jobs add a store over Hadoop's FileSystem for object stores, where installing is an upload
 * with {@code manifest.json} last and {@code CURRENT} is replaced by one whole-object write.
 *
 * <p>What keeps a reader safe on every store: {@code CURRENT} is written only after the version it
 * names is complete, so a reader that follows {@code CURRENT} never reads a version being written,
 * and a version's {@code manifest.json} (which the loader reads first and checks every other file
 * against) appears last.
 */
public interface SnapshotStore {

  /** The file naming the served version. */
  String CURRENT = SnapshotLayout.CURRENT;

  /** Written last into a version folder; lists every other file with its SHA-256. */
  String MANIFEST = SnapshotLayout.MANIFEST;

  /** The serving root, for messages: a path or a URI. */
  String location();

  /** Whether a version folder of this name exists. */
  boolean hasVersion(String version) throws IOException;

  /** A fresh, empty local folder to write the files of {@code version} into. */
  Path newStagingFolder(String version) throws IOException;

  /**
   * Makes the finished staging folder the version {@code version} (its manifest written); the
   * staging folder is gone afterwards.
   */
  void installVersion(Path staging, String version) throws IOException;

  /** Deletes a staging folder whose version will not be installed. */
  void discardStaging(Path staging) throws IOException;

  /** The version {@code CURRENT} names, or empty when nothing was published yet. */
  Optional<String> readCurrent() throws IOException;

  /** Points {@code CURRENT} at an installed version, replacing it in one step. */
  void writeCurrent(String version) throws IOException;

  /** The version folders, newest first (names sort by ds, then creation time). */
  List<String> versionNames() throws IOException;

  /** Deletes a version folder and everything in it. */
  void deleteVersion(String version) throws IOException;

  /** Deletes staging folders of crashed publishers last written before {@code before}. */
  void deleteAbandonedStaging(Instant before) throws IOException;

  /** Whether {@code name} is a version folder's name ({@code v-<ds>-<13-digit millis>}). */
  static boolean isVersionName(String name) {
    return SnapshotLayout.VERSION_NAME.matcher(name).matches();
  }

  /**
   * The version a {@code CURRENT} file's content names; {@code where} (the file's location) is for
   * the message of an {@link InvalidSnapshotException} when it names none.
   */
  static String parseCurrent(String content, String where) throws InvalidSnapshotException {
    String name = content.strip();
    if (!isVersionName(name)) {
      throw new InvalidSnapshotException(SnapshotErrors.badCurrent(where, name));
    }
    return name;
  }
}
