package io.proactiveinsights.delivery.snapshot;

import static io.proactiveinsights.delivery.snapshot.SnapshotFixtures.CREATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged version is refused with a message naming the file and what is wrong. */
class SnapshotLoaderTest {
  @TempDir Path root;
  Path version;

  @BeforeEach
  void publish() throws IOException {
    SnapshotManifest manifest =
        SnapshotFixtures.publish(
            root,
            CREATED,
            SnapshotFixtures.users(100),
            Map.of("m1", new int[] {1, 2, 3}, "m2", new int[] {50, 99}));
    version = root.resolve(manifest.version());
    assertThat(SnapshotLoader.loadCurrent(root).manifest().segments()).hasSize(2);
  }

  @Test
  void changedByteIsAChecksumMismatch() throws IOException {
    Path segment = version.resolve("segment-00000.roar");
    try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
      file.seek(file.length() - 1);
      int last = file.read();
      file.seek(file.length() - 1);
      file.write(last ^ 0x01);
    }
    assertThatThrownBy(() -> SnapshotLoader.loadCurrent(root))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("checksum mismatch for " + segment)
        .hasMessageContaining("rerun the segments job");
  }

  @Test
  void truncatedFileIsRefused() throws IOException {
    Path dictionary = version.resolve("users.dict");
    long size = Files.size(dictionary);
    try (RandomAccessFile file = new RandomAccessFile(dictionary.toFile(), "rw")) {
      file.setLength(size - 10);
    }
    assertThatThrownBy(() -> SnapshotLoader.load(version))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining(dictionary.toString())
        .hasMessageContaining("has " + (size - 10) + " bytes, the manifest says " + size)
        .hasMessageContaining("truncated");
  }

  @Test
  void missingFileIsRefused() throws IOException {
    Files.delete(version.resolve("segment-00001.roar"));
    assertThatThrownBy(() -> SnapshotLoader.load(version))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("segment-00001.roar is missing, though the manifest lists it");
  }

  @Test
  void missingOrBrokenManifestIsRefused() throws IOException {
    Path manifest = version.resolve("manifest.json");
    String json = Files.readString(manifest);

    Files.writeString(manifest, json.replace("\"users.dict\"", "\"../../etc/passwd\""));
    assertThatThrownBy(() -> SnapshotLoader.load(version))
        .hasMessageContaining("dictionary.file must be a plain file name");

    Files.writeString(manifest, json.replace("\"format_version\" : 1", "\"format_version\" : 7"));
    assertThatThrownBy(() -> SnapshotLoader.load(version))
        .hasMessageContaining("has format_version 7, this endpoint reads 1");

    Files.writeString(manifest, json.substring(0, json.length() / 2));
    assertThatThrownBy(() -> SnapshotLoader.load(version))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("is not a valid manifest");

    Files.delete(manifest);
    assertThatThrownBy(() -> SnapshotLoader.load(version))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("manifest.json is missing");
  }

  @Test
  void currentNamingSomethingElseIsRefused() throws IOException {
    Files.writeString(root.resolve("CURRENT"), "../elsewhere\n");
    assertThatThrownBy(() -> SnapshotLoader.loadCurrent(root))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("does not name a version folder");
  }
}
