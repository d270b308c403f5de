package io.proactiveinsights.segments;

import io.proactiveinsights.delivery.snapshot.LocalSnapshotStore;
import io.proactiveinsights.delivery.snapshot.SnapshotStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A serving root on any Hadoop file system the local one is not: {@code s3a://} above all, also
 * {@code abfss://}, {@code gs://}, {@code hdfs://}. Object stores have no atomic rename (S3A copies
 * and deletes), so a version is staged in a local temp folder and uploaded straight into its
 * version folder with {@code manifest.json} last, and {@code CURRENT} is replaced by one
 * whole-object write.
 *
 * <p>What guarantees what on S3: each object appears whole or not at all when its upload completes,
 * and reads and lists are strongly consistent (since December 2020), so once {@code CURRENT} is
 * written every reader that reads it finds the complete version it names. While a version uploads,
 * its folder is listed but has no manifest yet; the endpoint only falls back to versions older than
 * {@code CURRENT}, and would refuse one without a manifest. Pruning deletes old versions file by
 * file; a reader still loading one of them sees it fail and follows {@code CURRENT} again. One
 * publisher per serving root, as everywhere.
 */
final class HadoopSnapshotStore implements SnapshotStore {

  /** Local staging folders are made in the JVM's temp folder under this prefix. */
  static final String STAGING_PREFIX = "proactive-snapshot-";

  private final FileSystem fs;
  private final Path root;

  HadoopSnapshotStore(FileSystem fs, Path root) {
    this.fs = fs;
    this.root = fs.makeQualified(root);
  }

  @Override
  public String location() {
    return root.toString();
  }

  @Override
  public boolean hasVersion(String version) throws IOException {
    return fs.exists(new Path(root, version));
  }

  @Override
  public java.nio.file.Path newStagingFolder(String version) throws IOException {
    java.nio.file.Path parent = Files.createTempDirectory(STAGING_PREFIX);
    return Files.createDirectory(parent.resolve(version));
  }

  @Override
  public void installVersion(java.nio.file.Path staging, String version) throws IOException {
    Path target = new Path(root, version);
    List<java.nio.file.Path> files;
    try (Stream<java.nio.file.Path> listed = Files.list(staging)) {
      files = listed.sorted().toList();
    }
    for (java.nio.file.Path file : files) {
      if (!file.getFileName().toString().equals(MANIFEST)) {
        upload(file, new Path(target, file.getFileName().toString()));
      }
    }
    // Last: a version folder without its manifest is never loaded.
    upload(staging.resolve(MANIFEST), new Path(target, MANIFEST));
    discardStaging(staging);
  }

  private void upload(java.nio.file.Path file, Path to) throws IOException {
    try (InputStream in = Files.newInputStream(file);
        FSDataOutputStream out = fs.create(to, true)) {
      in.transferTo(out);
    }
  }

  @Override
  public void discardStaging(java.nio.file.Path staging) throws IOException {
    LocalSnapshotStore.deleteRecursively(staging.getParent());
  }

  @Override
  public Optional<String> readCurrent() throws IOException {
    Path current = new Path(root, CURRENT);
    String content;
    try (InputStream in = fs.open(current)) {
      content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (FileNotFoundException nothingPublished) {
      return Optional.empty();
    }
    return Optional.of(SnapshotStore.parseCurrent(content, current.toString()));
  }

  @Override
  public void writeCurrent(String version) throws IOException {
    try (OutputStream out = fs.create(new Path(root, CURRENT), true)) {
      out.write((version + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public List<String> versionNames() throws IOException {
    List<String> names = new ArrayList<>();
    try {
      for (FileStatus child : fs.listStatus(root)) {
        String name = child.getPath().getName();
        if (child.isDirectory() && SnapshotStore.isVersionName(name)) {
          names.add(name);
        }
      }
    } catch (FileNotFoundException noRootYet) {
      return List.of();
    }
    names.sort(Comparator.reverseOrder());
    return names;
  }

  @Override
  public void deleteVersion(String version) throws IOException {
    fs.delete(new Path(root, version), true);
  }

  /** Staging folders of crashed publishers of this machine, in the JVM's temp folder. */
  @Override
  public void deleteAbandonedStaging(Instant before) throws IOException {
    LocalSnapshotStore.deleteOlderThan(
        java.nio.file.Path.of(System.getProperty("java.io.tmpdir")), STAGING_PREFIX + "*", before);
  }
}
