package io.proactiveinsights.segments;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.delivery.snapshot.LoadedSnapshot;
import io.proactiveinsights.delivery.snapshot.LocalSnapshotSource;
import io.proactiveinsights.delivery.snapshot.Publication;
import io.proactiveinsights.delivery.snapshot.SegmentSpec;
import io.proactiveinsights.delivery.snapshot.SnapshotPublisher;
import io.proactiveinsights.delivery.snapshot.SnapshotStore;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/**
 * The serving snapshot published through Hadoop's FileSystem, the way it is on {@code s3a://}: the
 * order of the writes is what keeps a reader safe where nothing can be renamed, so a file system
 * that records each file it creates checks it. Hadoop's raw local file system stands in for S3.
 */
class HadoopSnapshotStoreTest {

  private static final LocalDate DS = LocalDate.of(2026, 11, 23);
  private static final Instant CREATED = Instant.parse("2026-11-24T02:00:00Z");

  @TempDir java.nio.file.Path dir;

  /** Hadoop's local file system, remembering the names of the files created, in order. */
  static final class RecordingFileSystem extends FilterFileSystem {
    final List<String> created = new ArrayList<>();

    RecordingFileSystem() throws IOException {
      super(new RawLocalFileSystem());
      initialize(java.net.URI.create("file:///"), new Configuration());
    }

    @Override
    public FSDataOutputStream create(
        Path f,
        FsPermission permission,
        boolean overwrite,
        int bufferSize,
        short replication,
        long blockSize,
        Progressable progress)
        throws IOException {
      created.add(f.getParent().getName() + "/" + f.getName());
      return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    }
  }

  @Test
  void uploadsEveryFileThenTheManifestThenCurrent() throws IOException {
    RecordingFileSystem fs = new RecordingFileSystem();
    HadoopSnapshotStore store = new HadoopSnapshotStore(fs, new Path(dir.toUri()));

    String version = publish(store, CREATED);

    assertThat(fs.created)
        .containsExactly(
            version + "/held-out-00000.roar",
            version + "/segment-00000.roar",
            version + "/users.dict",
            version + "/" + SnapshotStore.MANIFEST,
            dir.getFileName() + "/" + SnapshotStore.CURRENT);
    LoadedSnapshot loaded = new LocalSnapshotSource(dir).load(version);
    assertThat(loaded.manifest().segments()).hasSize(1);
    assertThat(store.readCurrent()).contains(version);
  }

  @Test
  void keepsTheNewestVersionsAndNeverMovesCurrentBack() throws IOException {
    RecordingFileSystem fs = new RecordingFileSystem();
    HadoopSnapshotStore store = new HadoopSnapshotStore(fs, new Path(dir.toUri()));
    String first = publish(store, CREATED);
    String second = publish(store, CREATED.plusSeconds(60));
    String third = publish(store, CREATED.plusSeconds(120));

    assertThat(store.versionNames()).containsExactly(third, second);
    assertThat(store.readCurrent()).contains(third);
    // Local staging folders are gone once their version is uploaded.
    try (var staging =
        Files.newDirectoryStream(
            java.nio.file.Path.of(System.getProperty("java.io.tmpdir")),
            HadoopSnapshotStore.STAGING_PREFIX + "*")) {
      for (java.nio.file.Path folder : staging) {
        assertThat(folder.resolve(first)).doesNotExist();
        assertThat(folder.resolve(third)).doesNotExist();
      }
    }
  }

  private static String publish(SnapshotStore store, Instant created) throws IOException {
    try (Publication publication = new SnapshotPublisher(store, 2).begin(DS, created)) {
      publication.writeDictionary(List.of("u-1", "u-2", "u-3").iterator());
      publication.addSegment(
          new SegmentSpec("msg-welcome", "plan = 'pro'", List.of(), 0.1),
          RoaringBitmap.bitmapOf(0, 2),
          RoaringBitmap.bitmapOf(1));
      publication.publish();
      return publication.version();
    }
  }
}
