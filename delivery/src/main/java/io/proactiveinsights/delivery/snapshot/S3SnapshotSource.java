package io.proactiveinsights.delivery.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Snapshots under an S3 prefix ({@code s3://bucket/prefix}, the serving root the jobs publish to
 * through {@code s3a://}), read with the AWS SDK's S3 client. {@code CURRENT} is one object, read
 * whole; a version is downloaded into a local temp folder, loaded and checked there by {@link
 * SnapshotLoader} exactly as a local one, and the folder deleted: the endpoint needs local disk for
 * one version while it loads.
 *
 * <p>S3 has been strongly consistent since December 2020 (a read after a write sees it, a list
 * after a write lists it), and the publisher writes {@code CURRENT} only after every file of the
 * version it names, so following {@code CURRENT} never meets a version being written.
 */
public final class S3SnapshotSource implements SnapshotSource {
  private final S3Client client;
  private final String bucket;
  private final String prefix;

  /**
   * @param prefix the serving root's key prefix, without leading or trailing slash ("" for the
   *     bucket's root)
   */
  public S3SnapshotSource(S3Client client, String bucket, String prefix) {
    this.client = Objects.requireNonNull(client, "client");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  @Override
  public String location() {
    return "s3://" + bucket + "/" + prefix;
  }

  private String key(String name) {
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  @Override
  public Optional<String> currentVersion() throws IOException {
    String key = key(SnapshotLayout.CURRENT);
    try {
      String content =
          client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
      return Optional.of(SnapshotStore.parseCurrent(content, "s3://" + bucket + "/" + key));
    } catch (NoSuchKeyException nothingPublished) {
      return Optional.empty();
    } catch (SdkException e) {
      throw unreachable("read " + key, e);
    }
  }

  @Override
  public List<String> versions() throws IOException {
    List<String> names = new ArrayList<>();
    String folder = key("");
    try {
      for (CommonPrefix child :
          client
              .listObjectsV2Paginator(b -> b.bucket(bucket).prefix(folder).delimiter("/"))
              .commonPrefixes()) {
        String name = child.prefix().substring(folder.length()).replaceAll("/$", "");
        if (SnapshotStore.isVersionName(name)) {
          names.add(name);
        }
      }
    } catch (SdkException e) {
      throw unreachable("list " + folder, e);
    }
    names.sort(Comparator.reverseOrder());
    return names;
  }

  @Override
  public LoadedSnapshot load(String version) throws IOException {
    if (!SnapshotStore.isVersionName(version)) {
      throw new IllegalArgumentException("not a version name: " + version);
    }
    Path temp = Files.createTempDirectory("proactive-snapshot-");
    try {
      Path local = Files.createDirectory(temp.resolve(version));
      String folder = key(version) + "/";
      for (S3Object object :
          client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(folder)).contents()) {
        String name = object.key().substring(folder.length());
        // Only the plain file names a manifest may list; anything else is not part of the version.
        if (SnapshotLayout.FILE_NAME.matcher(name).matches()) {
          client.getObject(
              b -> b.bucket(bucket).key(object.key()),
              ResponseTransformer.toFile(local.resolve(name)));
        }
      }
      return SnapshotLoader.load(local);
    } catch (SdkException e) {
      throw unreachable("download " + key(version), e);
    } finally {
      LocalSnapshotStore.deleteRecursively(temp);
    }
  }

  private IOException unreachable(String action, SdkException e) {
    return new IOException("Cannot " + action + " in bucket " + bucket + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    client.close();
  }
}
