package io.proactiveinsights.delivery.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.roaringbitmap.RoaringBitmap;

/** Builds small real snapshots on disk for tests. */
public final class SnapshotFixtures {
  public static final LocalDate DS = LocalDate.of(2024, 5, 1);
  public static final Instant CREATED = Instant.parse("2024-05-02T00:10:00Z");

  private SnapshotFixtures() {}

  /** Users u000..u(n-1), zero-padded so string order is numeric order. */
  public static List<String> users(int n) {
    return IntStream.range(0, n).mapToObj(i -> String.format("u%03d", i)).toList();
  }

  /**
   * Publishes one version with the given users and segments (segment id to member indices) and
   * returns its manifest.
   */
  public static SnapshotManifest publish(
      Path root, Instant createdAt, List<String> users, Map<String, int[]> segments)
      throws IOException {
    SnapshotPublisher publisher = new SnapshotPublisher(root, 3);
    try (Publication publication = publisher.begin(DS, createdAt)) {
      publication.writeDictionary(users.iterator());
      for (Map.Entry<String, int[]> segment : segments.entrySet()) {
        publication.addSegment(
            new SegmentSpec(segment.getKey(), "plan = 'pro'", List.of()),
            RoaringBitmap.bitmapOf(segment.getValue()));
      }
      return publication.publish();
    }
  }
}
