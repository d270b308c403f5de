package io.proactiveinsights.delivery.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * One snapshot version in memory, validated and immutable, answering the two questions the endpoint
 * serves: which segments is a user in, and is a user in a segment. Safe to share between threads.
 */
public final class LoadedSnapshot {
  private final SnapshotManifest manifest;
  private final UserDictionary dictionary;
  private final String[] segmentIds;
  private final RoaringBitmap[] members;
  private final Map<String, RoaringBitmap> membersById;

  LoadedSnapshot(
      SnapshotManifest manifest, UserDictionary dictionary, List<RoaringBitmap> membersInOrder) {
    this.manifest = manifest;
    this.dictionary = dictionary;
    this.segmentIds = new String[membersInOrder.size()];
    this.members = membersInOrder.toArray(new RoaringBitmap[0]);
    Map<String, RoaringBitmap> byId = new HashMap<>();
    for (int i = 0; i < segmentIds.length; i++) {
      segmentIds[i] = manifest.segments().get(i).segmentId();
      byId.put(segmentIds[i], members[i]);
    }
    this.membersById = Map.copyOf(byId);
  }

  public SnapshotManifest manifest() {
    return manifest;
  }

  /** The version folder name. */
  public String version() {
    return manifest.version();
  }

  public UserDictionary dictionary() {
    return dictionary;
  }

  public boolean hasSegment(String segmentId) {
    return membersById.containsKey(segmentId);
  }

  /** The ids of the segments {@code userId} is in, in manifest order; empty for an unknown user. */
  public List<String> segmentsOf(String userId) {
    int index = dictionary.indexOf(userId.getBytes(StandardCharsets.UTF_8));
    if (index < 0) {
      return List.of();
    }
    List<String> found = new ArrayList<>();
    for (int i = 0; i < members.length; i++) {
      if (members[i].contains(index)) {
        found.add(segmentIds[i]);
      }
    }
    return Collections.unmodifiableList(found);
  }

  /**
   * Whether {@code userId} is in the segment; false for a user the dictionary does not hold.
   *
   * @throws UnknownSegmentException when the snapshot has no such segment
   */
  public boolean isMember(String segmentId, String userId) {
    RoaringBitmap segment = membersById.get(segmentId);
    if (segment == null) {
      throw new UnknownSegmentException(SnapshotErrors.unknownSegment(version()));
    }
    int index = dictionary.indexOf(userId.getBytes(StandardCharsets.UTF_8));
    return index >= 0 && segment.contains(index);
  }
}
