package io.proactiveinsights.delivery.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes snapshot versions into a serving root and publishes them atomically: a version is built in
 * a hidden temp folder, its checksums verified, the folder renamed into place and only then the
 * one-line {@code CURRENT} pointer replaced by an atomic rename, so a reader sees the old version
 * or the new one and never half of one. After publishing it keeps the {@code keepVersions} newest
 * versions (and always the one {@code CURRENT} names).
 *
 * <p>{@code CURRENT} only moves forward: publishing a version older than the current one (a
 * backfill of an earlier {@code ds}) writes the folder but keeps serving the newer one. One
 * publisher per serving root at a time.
 */
public final class SnapshotPublisher {
  private final Path servingRoot;
  private final int keepVersions;

  public SnapshotPublisher(Path servingRoot, int keepVersions) {
    this.servingRoot = Objects.requireNonNull(servingRoot, "servingRoot");
    if (keepVersions < 1) {
      throw new IllegalArgumentException(SnapshotErrors.badKeepVersions(keepVersions));
    }
    this.keepVersions = keepVersions;
  }

  /** Starts a new version in a temp folder under servingRoot. */
  public Publication begin(LocalDate ds, Instant createdAt) throws IOException {
    Objects.requireNonNull(ds, "ds");
    Instant created = createdAt.truncatedTo(ChronoUnit.MILLIS);
    Files.createDirectories(servingRoot);
    String version = SnapshotLayout.versionName(ds, created);
    if (Files.exists(servingRoot.resolve(version))) {
      throw new IOException(SnapshotErrors.versionExists(servingRoot.resolve(version)));
    }
    Path temp =
        servingRoot.resolve(
            SnapshotLayout.TEMP_PREFIX
                + version
                + "-"
                + UUID.randomUUID().toString().substring(0, 8));
    Files.createDirectory(temp);
    return new Publication(servingRoot, temp, version, ds, created, keepVersions);
  }
}
