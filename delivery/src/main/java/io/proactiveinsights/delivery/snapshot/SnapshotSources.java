package io.proactiveinsights.delivery.snapshot;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Opens the {@link SnapshotSource} a location names. */
public final class SnapshotSources {

  private SnapshotSources() {}

  /**
   * {@code s3://bucket/prefix}: the S3 client is configured the way every AWS tool is, from the
   * environment ({@code AWS_REGION}, {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} or a
   * profile or an instance role, and {@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL} for an
   * S3-compatible server) or the matching {@code aws.*} system properties. {@code pathStyle} sends
   * the bucket in the path instead of the host name, as most S3-compatible servers (MinIO, Ceph,
   * S3Mock) need. Anything else is a local folder.
   */
  public static SnapshotSource open(String location, boolean pathStyle) {
    if (!isObjectStore(location)) {
      return new LocalSnapshotSource(Path.of(location));
    }
    URI uri = URI.create(location);
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException(SnapshotErrors.badObjectStoreLocation(location));
    }
    String prefix = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
    S3Client client =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .forcePathStyle(pathStyle)
            .build();
    return new S3SnapshotSource(client, uri.getHost(), prefix);
  }

  /**
   * Whether a location is on S3 ({@code s3://}; {@code s3a://}, Hadoop's name, is accepted too).
   */
  public static boolean isObjectStore(String location) {
    String lower = location.toLowerCase(Locale.ROOT);
    return lower.startsWith("s3://") || lower.startsWith("s3a://");
  }
}
