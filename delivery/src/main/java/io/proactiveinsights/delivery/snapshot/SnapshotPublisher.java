package io.proactiveinsights.delivery.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Writes snapshot versions into a serving root and publishes them safely for readers: a version is
 * staged in a local folder, its checksums verified, installed as a version folder ({@link
 * SnapshotStore#installVersion}) and only then the one-line {@code CURRENT} pointer replaced, so a
 * reader that follows {@code CURRENT} sees the old version or the new one and never half of one.
 * After publishing it keeps the {@code keepVersions} newest versions (and always the one {@code
 * CURRENT} names).
 *
 * <p>{@code CURRENT} only moves forward: publishing a version older than the current one (a
 * backfill of an earlier {@code ds}) writes the folder but keeps serving the newer one. One
 * publisher per serving root at a time.
 */
public final class SnapshotPublisher {
  private final SnapshotStore store;
  private final int keepVersions;

  /** A publisher into a serving root on a local or shared file system. */
  public SnapshotPublisher(Path servingRoot, int keepVersions) {
    this(new LocalSnapshotStore(Objects.requireNonNull(servingRoot, "servingRoot")), keepVersions);
  }

  public SnapshotPublisher(SnapshotStore store, int keepVersions) {
    this.store = Objects.requireNonNull(store, "store");
    if (keepVersions < 1) {
      throw new IllegalArgumentException(SnapshotErrors.badKeepVersions(keepVersions));
    }
    this.keepVersions = keepVersions;
  }

  /** Starts a new version in a staging folder. */
  public Publication begin(LocalDate ds, Instant createdAt) throws IOException {
    Objects.requireNonNull(ds, "ds");
    Instant created = createdAt.truncatedTo(ChronoUnit.MILLIS);
    String version = SnapshotLayout.versionName(ds, created);
    if (store.hasVersion(version)) {
      throw new IOException(SnapshotErrors.versionExists(store.location() + "/" + version));
    }
    Path staging = store.newStagingFolder(version);
    return new Publication(store, staging, version, ds, created, keepVersions);
  }
}
