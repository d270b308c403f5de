package io.proactiveinsights.delivery.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A serving root on a local or shared file system: a version is staged in a hidden temp folder
 * inside the root, flushed to disk, and renamed into place in one atomic step; {@code CURRENT} is
 * replaced by an atomic rename of a flushed temp file. A reader sees the old version or the new
 * one, never half of one, even across a crash.
 */
public final class LocalSnapshotStore implements SnapshotStore {
  private final Path root;

  public LocalSnapshotStore(Path root) {
    this.root = root;
  }

  @Override
  public String location() {
    return root.toString();
  }

  @Override
  public boolean hasVersion(String version) {
    return Files.exists(root.resolve(version));
  }

  @Override
  public Path newStagingFolder(String version) throws IOException {
    Files.createDirectories(root);
    Path temp =
        root.resolve(
            SnapshotLayout.TEMP_PREFIX
                + version
                + "-"
                + UUID.randomUUID().toString().substring(0, 8));
    Files.createDirectory(temp);
    return temp;
  }

  @Override
  public void installVersion(Path staging, String version) throws IOException {
    SnapshotLayout.fsync(staging.resolve(SnapshotLayout.MANIFEST));
    SnapshotLayout.fsync(staging);
    Files.move(staging, root.resolve(version), StandardCopyOption.ATOMIC_MOVE);
    SnapshotLayout.fsync(root);
  }

  @Override
  public void discardStaging(Path staging) throws IOException {
    deleteRecursively(staging);
  }

  @Override
  public Optional<String> readCurrent() throws IOException {
    return SnapshotLayout.readCurrent(root);
  }

  @Override
  public void writeCurrent(String version) throws IOException {
    Path pointer =
        root.resolve(SnapshotLayout.CURRENT + SnapshotLayout.TEMP_PREFIX + UUID.randomUUID());
    Files.writeString(pointer, version + "\n");
    SnapshotLayout.fsync(pointer);
    Files.move(
        pointer,
        root.resolve(SnapshotLayout.CURRENT),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    SnapshotLayout.fsync(root);
  }

  @Override
  public List<String> versionNames() throws IOException {
    return SnapshotLayout.versionNames(root);
  }

  @Override
  public void deleteVersion(String version) throws IOException {
    deleteRecursively(root.resolve(version));
  }

  @Override
  public void deleteAbandonedStaging(Instant before) throws IOException {
    deleteOlderThan(root, SnapshotLayout.TEMP_PREFIX + "*", before);
  }

  /**
   * Deletes the entries of {@code parent} whose names match {@code glob} and that were last written
   * before {@code before}: the leftovers of crashed publishers.
   */
  public static void deleteOlderThan(Path parent, String glob, Instant before) throws IOException {
    List<Path> abandoned = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(parent, glob)) {
      for (Path child : children) {
        if (Files.getLastModifiedTime(child).compareTo(FileTime.from(before)) < 0) {
          abandoned.add(child);
        }
      }
    }
    for (Path folder : abandoned) {
      deleteRecursively(folder);
    }
  }

  /** Deletes a folder and everything in it; nothing when it does not exist. */
  public static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(LocalSnapshotStore::deleteOrFail);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void deleteOrFail(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
