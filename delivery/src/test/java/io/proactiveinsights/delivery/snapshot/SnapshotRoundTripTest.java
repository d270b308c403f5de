package io.proactiveinsights.delivery.snapshot;

import static io.proactiveinsights.delivery.snapshot.SnapshotFixtures.CREATED;
import static io.proactiveinsights.delivery.snapshot.SnapshotFixtures.DS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

class SnapshotRoundTripTest {
  @TempDir Path root;

  @Test
  void publishedSnapshotLoadsBackWithDictionarySegmentsAndManifest() throws IOException {
    // UTF-8 byte order differs from Java's UTF-16 order: U+FF61 sorts before an emoji in bytes.
    List<String> users = List.of("alice", "bob", "carol", "dave", "\uFF61x", "\uD83D\uDE00");
    RoaringBitmap pro = RoaringBitmap.bitmapOf(0, 2, 5);
    try (Publication publication = new SnapshotPublisher(root, 3).begin(DS, CREATED)) {
      publication.writeDictionary(users.iterator());
      publication.addSegment(
          new SegmentSpec("msg-pro", "plan = 'pro'", List.of("page.url CONTAINS '/billing'")), pro);
      publication.addSegment(
          new SegmentSpec("msg-empty", "plan = 'none'", List.of()), new RoaringBitmap());
      SnapshotManifest published = publication.publish();
      assertThat(published.version()).isEqualTo("v-2024-05-01-1714608600000");
    }

    LoadedSnapshot snapshot = SnapshotLoader.loadCurrent(root);

    assertThat(snapshot.version()).isEqualTo("v-2024-05-01-1714608600000");
    assertThat(snapshot.dictionary().size()).isEqualTo(6);
    for (int i = 0; i < users.size(); i++) {
      assertThat(snapshot.dictionary().indexOf(users.get(i))).isEqualTo(i);
      assertThat(snapshot.dictionary().userId(i)).isEqualTo(users.get(i));
    }
    assertThat(snapshot.segmentsOf("alice")).containsExactly("msg-pro");
    assertThat(snapshot.segmentsOf("\uD83D\uDE00")).containsExactly("msg-pro");
    assertThat(snapshot.segmentsOf("bob")).isEmpty();
    assertThat(snapshot.segmentsOf("nobody")).isEmpty();
    assertThat(snapshot.isMember("msg-pro", "carol")).isTrue();
    assertThat(snapshot.isMember("msg-pro", "dave")).isFalse();
    assertThat(snapshot.isMember("msg-pro", "nobody")).isFalse();
    assertThat(snapshot.hasSegment("msg-empty")).isTrue();
    assertThatThrownBy(() -> snapshot.isMember("msg-unknown", "alice"))
        .isInstanceOf(UnknownSegmentException.class);
    assertThat(pro.getCardinality()).as("the caller's bitmap is not changed").isEqualTo(3);

    SnapshotManifest manifest = snapshot.manifest();
    assertThat(manifest.ds()).isEqualTo(DS);
    assertThat(manifest.createdAt()).isEqualTo(CREATED);
    assertThat(manifest.dictionary().userCount()).isEqualTo(6);
    assertThat(manifest.segments())
        .extracting(
            SnapshotManifest.SegmentEntry::segmentId, SnapshotManifest.SegmentEntry::memberCount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("msg-pro", 3L),
            org.assertj.core.groups.Tuple.tuple("msg-empty", 0L));
    assertThat(manifest.segments().get(0).runtimeConditions())
        .containsExactly("page.url CONTAINS '/billing'");

    JsonNode json =
        SnapshotLayout.JSON.readTree(
            root.resolve(manifest.version()).resolve("manifest.json").toFile());
    assertThat(json.get("ds").asText()).isEqualTo("2024-05-01");
    assertThat(json.get("created_at").asText()).isEqualTo("2024-05-02T00:10:00Z");
    assertThat(json.get("dictionary").get("user_count").asInt()).isEqualTo(6);
    assertThat(json.get("segments").get(0).get("sha256").asText()).hasSize(64);
    assertThat(json.get("segments").get(0).get("runtime_conditions").get(0).asText())
        .startsWith("page.url");
    assertThat(Files.readString(root.resolve("CURRENT")).strip()).isEqualTo(manifest.version());
  }

  @Test
  void aHoldoutsControlGroupLoadsBackHeldOutAndTheManifestShowsItsShare() throws IOException {
    List<String> users = List.of("alice", "bob", "carol", "dave");
    try (Publication publication = new SnapshotPublisher(root, 3).begin(DS, CREATED)) {
      publication.writeDictionary(users.iterator());
      publication.addSegment(
          new SegmentSpec("msg-tour", "everyone", List.of(), 0.2),
          RoaringBitmap.bitmapOf(0, 2),
          RoaringBitmap.bitmapOf(1));
      publication.addSegment(
          new SegmentSpec("msg-new", "everyone", List.of(), 0.1),
          RoaringBitmap.bitmapOf(0, 1, 2, 3),
          new RoaringBitmap());
      publication.addSegment(
          new SegmentSpec("msg-plain", "everyone", List.of()), RoaringBitmap.bitmapOf(1));
      publication.publish();
    }

    LoadedSnapshot snapshot = SnapshotLoader.loadCurrent(root);

    assertThat(snapshot.membership("msg-tour", "alice"))
        .isEqualTo(LoadedSnapshot.Membership.MEMBER);
    assertThat(snapshot.membership("msg-tour", "bob"))
        .isEqualTo(LoadedSnapshot.Membership.HELD_OUT);
    assertThat(snapshot.isMember("msg-tour", "bob")).isFalse();
    assertThat(snapshot.membership("msg-tour", "dave"))
        .isEqualTo(LoadedSnapshot.Membership.NOT_MEMBER);
    assertThat(snapshot.membership("msg-tour", "nobody"))
        .isEqualTo(LoadedSnapshot.Membership.NOT_MEMBER);
    assertThat(snapshot.segmentsOf("bob")).containsExactly("msg-new", "msg-plain");
    JsonNode segments =
        SnapshotLayout.JSON
            .readTree(root.resolve(snapshot.version()).resolve("manifest.json").toFile())
            .get("segments");
    assertThat(segments.get(0).get("member_count").asLong()).isEqualTo(2);
    assertThat(segments.get(0).get("holdout_share").asDouble()).isEqualTo(0.2);
    assertThat(segments.get(0).get("held_out").get("count").asLong()).isEqualTo(1);
    assertThat(segments.get(0).get("held_out").get("file").asText())
        .isEqualTo("held-out-00000.roar");
    assertThat(segments.get(1).get("held_out").get("count").asLong())
        .as("a holdout whose control group is empty today still says it has one")
        .isZero();
    assertThat(segments.get(2).get("holdout_share").asDouble()).isZero();
    assertThat(segments.get(2).has("held_out")).isFalse();
  }

  @Test
  void aPersonBothServedAndHeldOutOrAShareAboveHalfIsRefused() throws IOException {
    try (Publication publication = new SnapshotPublisher(root, 3).begin(DS, CREATED)) {
      publication.writeDictionary(List.of("alice", "bob").iterator());
      assertThatThrownBy(
              () ->
                  publication.addSegment(
                      new SegmentSpec("m1", "everyone", List.of(), 0.2),
                      RoaringBitmap.bitmapOf(0, 1),
                      RoaringBitmap.bitmapOf(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("dictionary index 1 is both a member and held out");
    }
    assertThatThrownBy(() -> new SegmentSpec("m1", "everyone", List.of(), 0.6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holdout share 0.6 is outside 0..0.5");
  }

  @Test
  void aSnapshotPublishedBeforeHoldoutsExistedStillLoads() throws Exception {
    // Written by the publisher of the release before holdouts (no holdout_share, no held_out).
    Path published =
        Path.of(
            SnapshotRoundTripTest.class
                .getResource("/snapshots/published-before-holdouts")
                .toURI());

    LoadedSnapshot snapshot = SnapshotLoader.loadCurrent(published);

    assertThat(Files.readString(published.resolve(snapshot.version()).resolve("manifest.json")))
        .doesNotContain("holdout");
    assertThat(snapshot.segmentsOf("u001")).containsExactly("m1");
    assertThat(snapshot.membership("m1", "u000")).isEqualTo(LoadedSnapshot.Membership.NOT_MEMBER);
    assertThat(snapshot.manifest().segments().get(0).holdoutShare()).isZero();
    assertThat(snapshot.manifest().segments().get(0).heldOut()).isNull();
  }

  /** Larger than the loader's 1 MiB read slice, so reading and hashing cross slice borders. */
  @Test
  void multiMegabyteDictionaryRoundTrips() throws IOException {
    int users = 150_000;
    java.util.Iterator<String> ids =
        java.util.stream.IntStream.range(0, users)
            .mapToObj(i -> String.format("user-%08d", i))
            .iterator();
    RoaringBitmap even = new RoaringBitmap();
    for (int i = 0; i < users; i += 2) {
      even.add(i);
    }
    try (Publication publication = new SnapshotPublisher(root, 3).begin(DS, CREATED)) {
      publication.writeDictionary(ids);
      publication.addSegment(new SegmentSpec("even", "everyone", List.of()), even);
      publication.publish();
    }
    LoadedSnapshot snapshot = SnapshotLoader.loadCurrent(root);
    assertThat(snapshot.manifest().dictionary().bytes()).isGreaterThan(2L << 20);
    assertThat(snapshot.dictionary().size()).isEqualTo(users);
    assertThat(snapshot.dictionary().indexOf("user-00149999")).isEqualTo(149_999);
    assertThat(snapshot.isMember("even", "user-00123456")).isTrue();
    assertThat(snapshot.isMember("even", "user-00123457")).isFalse();
  }

  @Test
  void dictionaryOutOfOrderIsRejectedNamingThePosition() throws IOException {
    try (Publication publication = new SnapshotPublisher(root, 3).begin(DS, CREATED)) {
      assertThatThrownBy(() -> publication.writeDictionary(List.of("a", "c", "b").iterator()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("position 2")
          .hasMessageContaining("strictly ascending in UTF-8 byte order");
    }
    try (Publication publication = new SnapshotPublisher(root, 3).begin(DS, CREATED)) {
      assertThatThrownBy(() -> publication.writeDictionary(List.of("a", "b", "b").iterator()))
          .hasMessageContaining("position 2 repeats the one at position 1");
    }
    try (Publication publication = new SnapshotPublisher(root, 3).begin(DS, CREATED)) {
      // Java's String order puts the emoji first; Spark's (UTF-8 bytes) does not.
      assertThatThrownBy(
              () -> publication.writeDictionary(List.of("\uD83D\uDE00", "\uFF61").iterator()))
          .hasMessageContaining("position 1");
    }
  }

  @Test
  void segmentsAreCheckedAgainstTheDictionary() throws IOException {
    try (Publication publication = new SnapshotPublisher(root, 3).begin(DS, CREATED)) {
      SegmentSpec spec = new SegmentSpec("m1", "everyone", List.of());
      assertThatThrownBy(() -> publication.addSegment(spec, RoaringBitmap.bitmapOf(0)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("write the dictionary first");
      publication.writeDictionary(List.of("a", "b").iterator());
      assertThatThrownBy(() -> publication.addSegment(spec, RoaringBitmap.bitmapOf(2)))
          .hasMessageContaining("member index 2 is outside the dictionary of 2 users");
      assertThatThrownBy(
              () ->
                  publication.addSegment(
                      new SegmentSpec("", "everyone", List.of()), new RoaringBitmap()))
          .hasMessageContaining("it is empty");
      publication.addSegment(spec, RoaringBitmap.bitmapOf(1));
      assertThatThrownBy(() -> publication.addSegment(spec, RoaringBitmap.bitmapOf(1)))
          .hasMessageContaining("already added");
    }
  }

  @Test
  void closingWithoutPublishingLeavesNothingBehind() throws IOException {
    try (Publication publication = new SnapshotPublisher(root, 3).begin(DS, CREATED)) {
      publication.writeDictionary(List.of("a").iterator());
    }
    try (Stream<Path> children = Files.list(root)) {
      assertThat(children).isEmpty();
    }
    assertThatThrownBy(() -> SnapshotLoader.loadCurrent(root))
        .isInstanceOf(NoSnapshotException.class)
        .hasMessageContaining("has no CURRENT file yet");
  }
}
