package io.proactiveinsights.delivery.snapshot;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where the endpoint reads published snapshots from: a local folder ({@link LocalSnapshotSource})
 * or an object store ({@link S3SnapshotSource}). {@link SnapshotSources#open} picks one from a
 * location.
 */
public interface SnapshotSource extends AutoCloseable {

  /** The serving root, for messages: a path or a URI. */
  String location();

  /** The version CURRENT names, or empty when nothing was published. */
  Optional<String> currentVersion() throws IOException;

  /** The version folders, newest first: what an endpoint can fall back to. */
  List<String> versions() throws IOException;

  /** Loads and validates one version ({@link SnapshotLoader#load}). */
  LoadedSnapshot load(String version) throws IOException;

  @Override
  default void close() {}
}
