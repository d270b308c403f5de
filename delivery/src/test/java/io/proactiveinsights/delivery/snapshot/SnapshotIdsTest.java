package io.proactiveinsights.delivery.snapshot;

import static io.proactiveinsights.delivery.snapshot.SnapshotFixtures.CREATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/** Segment ids are published whatever they hold, unless no request could name them. */
class SnapshotIdsTest {
  @TempDir Path root;

  @Test
  void segmentIdsWithSlashesDotsPercentsOrControlsArePublishable() {
    for (String id :
        List.of("a/b", "a\\b", "../..", "50%2F", "tab\there", "x".repeat(1024), "é".repeat(512))) {
      assertThat(SnapshotIds.segmentIdProblem(id)).as(id).isEmpty();
      assertThat(SnapshotIds.problem(id)).as("as a user id: " + id).isPresent();
    }
  }

  @Test
  void segmentIdsNoRequestCouldNameAreRefused() {
    assertThat(SnapshotIds.segmentIdProblem("")).hasValue("it is empty");
    assertThat(SnapshotIds.segmentIdProblem("x".repeat(1025)))
        .hasValue("it is longer than 1024 bytes of UTF-8");
    assertThat(SnapshotIds.segmentIdProblem("é".repeat(513)))
        .hasValue("it is longer than 1024 bytes of UTF-8");
    assertThat(SnapshotIds.segmentIdProblem("a\uD800b"))
        .hasValue("it holds an unpaired surrogate at position 1");
    assertThat(SnapshotIds.segmentIdProblem("\uD83D\uDE00")).isEmpty();
  }

  @Test
  void oddSegmentIdsRoundTripThroughTheFilesAndALongOneIsRefusedByThePublisher()
      throws IOException {
    String long308 = "campaign/" + "y".repeat(299);
    SnapshotManifest manifest =
        SnapshotFixtures.publish(
            root,
            CREATED,
            SnapshotFixtures.users(5),
            Map.of("a/b", new int[] {1}, long308, new int[] {2}));
    LoadedSnapshot snapshot = SnapshotLoader.loadCurrent(root);
    assertThat(snapshot.manifest()).isEqualTo(manifest);
    assertThat(snapshot.isMember("a/b", "u001")).isTrue();
    assertThat(snapshot.isMember(long308, "u002")).isTrue();
    assertThat(snapshot.segmentsOf("u002")).containsExactly(long308);

    try (Publication publication =
        new SnapshotPublisher(root, 3).begin(SnapshotFixtures.DS, CREATED.plusSeconds(1))) {
      publication.writeDictionary(SnapshotFixtures.users(5).iterator());
      assertThatThrownBy(
              () ->
                  publication.addSegment(
                      new SegmentSpec("z".repeat(1025), "everyone", List.of()),
                      new RoaringBitmap()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("it is longer than 1024 bytes of UTF-8");
    }
  }
}
