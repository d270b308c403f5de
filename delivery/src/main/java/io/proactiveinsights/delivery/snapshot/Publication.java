package io.proactiveinsights.delivery.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One snapshot version being written: the dictionary first, then the segments, then {@link
 * #publish()}, written into a local staging folder and installed through the {@link SnapshotStore}.
 * Closing it without publishing deletes the staging folder, so a failed job leaves nothing a reader
 * could pick up.
 */
public final class Publication implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Publication.class);

  /** Temp folders this old are leftovers of a crashed publisher, not one still writing. */
  private static final Duration ABANDONED_TEMP_AGE = Duration.ofHours(6);

  private final SnapshotStore store;
  private final Path temp;
  private final String version;
  private final LocalDate ds;
  private final Instant createdAt;
  private final int keepVersions;
  private SnapshotManifest.DictionaryEntry dictionary;
  private final List<SnapshotManifest.SegmentEntry> segments = new ArrayList<>();
  private final Set<String> segmentIds = new HashSet<>();
  private boolean finished;

  Publication(
      SnapshotStore store,
      Path temp,
      String version,
      LocalDate ds,
      Instant createdAt,
      int keepVersions) {
    this.store = store;
    this.temp = temp;
    this.version = version;
    this.ds = ds;
    this.createdAt = createdAt;
    this.keepVersions = keepVersions;
  }

  /** The version folder name this publication will have. */
  public String version() {
    return version;
  }

  /**
   * The user-id dictionary: index i = i-th id. Ids MUST be strictly ascending in UTF-8 byte order
   * (Spark's string order); throws IllegalArgumentException naming the offending position
   * otherwise.
   */
  public void writeDictionary(Iterator<String> userIdsAscending) throws IOException {
    checkOpen("write the dictionary");
    if (dictionary != null) {
      throw new IllegalStateException(SnapshotErrors.dictionaryTwice(version));
    }
    Path file = temp.resolve(SnapshotLayout.DICTIONARY);
    UserDictionary.Written written = UserDictionary.write(file, userIdsAscending);
    SnapshotLayout.fsync(file);
    dictionary =
        new SnapshotManifest.DictionaryEntry(
            SnapshotLayout.DICTIONARY, written.sha256(), written.count(), written.bytes());
  }

  /** One segment without a holdout; members are dictionary indices. */
  public void addSegment(SegmentSpec spec, RoaringBitmap members) throws IOException {
    addSegment(spec, members, new RoaringBitmap());
  }

  /**
   * One segment; members (served the message) and heldOut (its audience's control group, not
   * served) are disjoint sets of dictionary indices. The held-out set is written when the segment
   * has a holdout share or anyone held out, so a segment whose control group is empty today still
   * says it has one.
   */
  public void addSegment(SegmentSpec spec, RoaringBitmap members, RoaringBitmap heldOut)
      throws IOException {
    checkOpen("add a segment");
    if (dictionary == null) {
      throw new IllegalStateException(SnapshotErrors.segmentBeforeDictionary(spec.segmentId()));
    }
    Optional<String> badId = SnapshotIds.segmentIdProblem(spec.segmentId());
    if (badId.isPresent()) {
      throw new IllegalArgumentException(
          SnapshotErrors.badSegmentId(spec.segmentId(), badId.get()));
    }
    if (segmentIds.contains(spec.segmentId())) {
      throw new IllegalArgumentException(SnapshotErrors.duplicateSegment(spec.segmentId()));
    }
    for (RoaringBitmap set : List.of(members, heldOut)) {
      if (!set.isEmpty() && Integer.toUnsignedLong(set.last()) >= dictionary.userCount()) {
        throw new IllegalArgumentException(
            SnapshotErrors.memberOutsideDictionary(
                spec.segmentId(), Integer.toUnsignedLong(set.last()), dictionary.userCount()));
      }
    }
    RoaringBitmap both = RoaringBitmap.and(members, heldOut);
    if (!both.isEmpty()) {
      throw new IllegalArgumentException(
          SnapshotErrors.heldOutMember(spec.segmentId(), Integer.toUnsignedLong(both.first())));
    }
    int ordinal = segments.size();
    Written served = writeBitmap(members, SnapshotLayout.segmentFileName(ordinal));
    SnapshotManifest.HeldOutEntry heldOutEntry = null;
    if (spec.holdoutShare() > 0 || !heldOut.isEmpty()) {
      Written control = writeBitmap(heldOut, SnapshotLayout.heldOutFileName(ordinal));
      heldOutEntry =
          new SnapshotManifest.HeldOutEntry(
              control.cardinality(), control.file(), control.sha256(), control.bytes());
    }
    segmentIds.add(spec.segmentId());
    segments.add(
        new SnapshotManifest.SegmentEntry(
            spec.segmentId(),
            spec.rule(),
            spec.runtimeConditions(),
            served.cardinality(),
            served.file(),
            served.sha256(),
            served.bytes(),
            spec.holdoutShare(),
            heldOutEntry));
  }

  /** A bitmap file written into the temp folder. */
  private record Written(String file, long cardinality, String sha256, long bytes) {}

  private Written writeBitmap(RoaringBitmap set, String fileName) throws IOException {
    // A copy: run-length optimising is a change callers would not expect of a write.
    RoaringBitmap compact = set.clone();
    compact.runOptimize();
    ByteBuffer buffer = ByteBuffer.allocate(compact.serializedSizeInBytes());
    compact.serialize(buffer);
    byte[] bytes = buffer.array();
    Path file = temp.resolve(fileName);
    Files.write(file, bytes);
    SnapshotLayout.fsync(file);
    return new Written(
        fileName, compact.getLongCardinality(), SnapshotLayout.sha256Hex(bytes), bytes.length);
  }

  /**
   * Verifies checksums, installs the staging folder as the version, then moves CURRENT; prunes to
   * keepVersions.
   */
  public SnapshotManifest publish() throws IOException {
    checkOpen("publish");
    if (dictionary == null) {
      throw new IllegalStateException(SnapshotErrors.publishWithoutDictionary(version));
    }
    verifyWrittenFiles();
    SnapshotManifest manifest =
        new SnapshotManifest(
            SnapshotManifest.FORMAT_VERSION, version, ds, createdAt, dictionary, segments);
    Files.write(temp.resolve(SnapshotLayout.MANIFEST), manifest.toJson());
    store.installVersion(temp, version);
    finished = true;

    Optional<String> current = currentOrEmpty();
    if (current.isEmpty() || version.compareTo(current.get()) > 0) {
      store.writeCurrent(version);
      LOG.info(
          "Published snapshot {} ({} users, {} segments)",
          version,
          dictionary.userCount(),
          segments.size());
    } else {
      LOG.warn(
          "Published snapshot {} but kept CURRENT at the newer {}: a backfill never replaces what"
              + " is served",
          version,
          current.get());
    }
    prune();
    return manifest;
  }

  /** Deletes the temp folder unless the version was published. */
  @Override
  public void close() throws IOException {
    if (!finished) {
      finished = true;
      store.discardStaging(temp);
    }
  }

  private void checkOpen(String action) {
    if (finished) {
      throw new IllegalStateException(SnapshotErrors.publicationFinished(action, version));
    }
  }

  /** Re-reads every file from disk: what gets published is what was meant to be written. */
  private void verifyWrittenFiles() throws IOException {
    verify(dictionary.file(), dictionary.sha256());
    for (SnapshotManifest.SegmentEntry segment : segments) {
      verify(segment.file(), segment.sha256());
      if (segment.heldOut() != null) {
        verify(segment.heldOut().file(), segment.heldOut().sha256());
      }
    }
  }

  private void verify(String fileName, String expectedSha256) throws IOException {
    String actual = SnapshotLayout.sha256Hex(temp.resolve(fileName));
    if (!actual.equals(expectedSha256)) {
      throw new IOException(
          SnapshotErrors.writtenFileChanged(temp.resolve(fileName), expectedSha256, actual));
    }
  }

  private Optional<String> currentOrEmpty() {
    try {
      return store.readCurrent();
    } catch (IOException unreadable) {
      // A damaged pointer is replaced by the new version rather than blocking every later publish.
      LOG.warn("Replacing an unreadable CURRENT: {}", unreadable.getMessage());
      return Optional.empty();
    }
  }

  /** Keeps the newest keepVersions versions and the one CURRENT names; drops abandoned temps. */
  private void prune() throws IOException {
    String current = currentOrEmpty().orElse(version);
    List<String> versions = store.versionNames();
    for (int i = keepVersions; i < versions.size(); i++) {
      if (!versions.get(i).equals(current)) {
        store.deleteVersion(versions.get(i));
      }
    }
    store.deleteAbandonedStaging(Instant.now().minus(ABANDONED_TEMP_AGE));
  }
}
