package io.proactiveinsights.delivery.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Snapshots in a folder on this machine (or a shared file system mounted here). */
public record LocalSnapshotSource(Path root) implements SnapshotSource {

  public LocalSnapshotSource {
    Objects.requireNonNull(root, "root");
  }

  @Override
  public String location() {
    return root.toString();
  }

  @Override
  public Optional<String> currentVersion() throws IOException {
    return SnapshotLoader.currentVersion(root);
  }

  @Override
  public List<String> versions() throws IOException {
    return SnapshotLoader.versionsOnDisk(root);
  }

  @Override
  public LoadedSnapshot load(String version) throws IOException {
    return SnapshotLoader.load(root.resolve(version));
  }
}
