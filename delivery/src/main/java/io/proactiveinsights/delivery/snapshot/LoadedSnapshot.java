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
 * serves: which segments is a user in, and is a user in a segment (or held out of it, in its
 * control group). Safe to share between threads.
 */
public final class LoadedSnapshot {
  private final SnapshotManifest manifest;
  private final UserDictionary dictionary;
  private final String[] segmentIds;
  private final RoaringBitmap[] members;
  private final Map<String, Integer> ordinalById;
  private final RoaringBitmap[] heldOut;

  /** Where a person stands with a segment. */
  public enum Membership {
    /** In the audience and served the message. */
    MEMBER,
    /** In the audience, in the holdout's control group: not served the message. */
    HELD_OUT,
    /** Not in the audience (or not a user the snapshot knows). */
    NOT_MEMBER
  }

  /**
   * @param membersInOrder per manifest segment, the people served
   * @param heldOutInOrder per manifest segment, its control group (empty without a holdout)
   */
  LoadedSnapshot(
      SnapshotManifest manifest,
      UserDictionary dictionary,
      List<RoaringBitmap> membersInOrder,
      List<RoaringBitmap> heldOutInOrder) {
    this.manifest = manifest;
    this.dictionary = dictionary;
    this.segmentIds = new String[membersInOrder.size()];
    this.members = membersInOrder.toArray(new RoaringBitmap[0]);
    this.heldOut = heldOutInOrder.toArray(new RoaringBitmap[0]);
    Map<String, Integer> byId = new HashMap<>();
    for (int i = 0; i < segmentIds.length; i++) {
      segmentIds[i] = manifest.segments().get(i).segmentId();
      byId.put(segmentIds[i], i);
    }
    this.ordinalById = Map.copyOf(byId);
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
    return ordinalById.containsKey(segmentId);
  }

  /**
   * The ids of the segments {@code userId} is served, in manifest order; empty for an unknown user.
   * A segment the user is held out of is left out.
   */
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
   * Whether {@code userId} is served the segment: false for a user the dictionary does not hold,
   * and for one held out of it.
   *
   * @throws UnknownSegmentException when the snapshot has no such segment
   */
  public boolean isMember(String segmentId, String userId) {
    return membership(segmentId, userId) == Membership.MEMBER;
  }

  /**
   * Where {@code userId} stands with the segment: served, held out (in the audience, in its control
   * group), or neither (also for a user the dictionary does not hold).
   *
   * @throws UnknownSegmentException when the snapshot has no such segment
   */
  public Membership membership(String segmentId, String userId) {
    Integer ordinal = ordinalById.get(segmentId);
    if (ordinal == null) {
      throw new UnknownSegmentException(SnapshotErrors.unknownSegment(version()));
    }
    int index = dictionary.indexOf(userId.getBytes(StandardCharsets.UTF_8));
    if (index < 0) {
      return Membership.NOT_MEMBER;
    }
    if (members[ordinal].contains(index)) {
      return Membership.MEMBER;
    }
    return heldOut[ordinal].contains(index) ? Membership.HELD_OUT : Membership.NOT_MEMBER;
  }
}
