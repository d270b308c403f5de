package io.proactiveinsights.delivery.snapshot;

import static io.proactiveinsights.delivery.snapshot.SnapshotFixtures.CREATED;
import static io.proactiveinsights.delivery.snapshot.SnapshotFixtures.DS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

class SnapshotPublisherTest {
  @TempDir Path root;

  @Test
  void retentionKeepsTheNewestVersions() throws IOException {
    SnapshotPublisher publisher = new SnapshotPublisher(root, 2);
    for (int i = 0; i < 5; i++) {
      publishGeneration(publisher, i);
    }
    assertThat(children()).containsExactly("CURRENT", version(3), version(4));
    assertThat(SnapshotLoader.loadCurrent(root).version()).isEqualTo(version(4));
  }

  @Test
  void backfillForAnEarlierDayDoesNotReplaceWhatIsServed() throws IOException {
    SnapshotPublisher publisher = new SnapshotPublisher(root, 3);
    publishGeneration(publisher, 0);
    try (Publication backfill = publisher.begin(DS.minusDays(7), CREATED.plusSeconds(60))) {
      backfill.writeDictionary(List.of("a").iterator());
      backfill.publish();
    }
    assertThat(SnapshotLoader.loadCurrent(root).version()).isEqualTo(version(0));
    assertThat(children())
        .contains("v-2024-04-24-" + String.format("%013d", CREATED.plusSeconds(60).toEpochMilli()));
  }

  /**
   * A reader loading CURRENT in a loop while versions are published (and pruned down to two) always
   * gets a whole version: generation g has g+1 users and one segment holding all of them.
   */
  @Test
  void concurrentReaderNeverSeesHalfAVersion() throws Exception {
    SnapshotPublisher publisher = new SnapshotPublisher(root, 2);
    publishGeneration(publisher, 0);
    AtomicBoolean publishing = new AtomicBoolean(true);
    AtomicInteger loads = new AtomicInteger();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    Thread reader =
        new Thread(
            () -> {
              while (publishing.get()) {
                try {
                  LoadedSnapshot snapshot = SnapshotLoader.loadCurrent(root);
                  int users = snapshot.dictionary().size();
                  int generation = users - 1;
                  assertThat(snapshot.version()).isEqualTo(version(generation));
                  assertThat(snapshot.manifest().segments().get(0).memberCount()).isEqualTo(users);
                  assertThat(snapshot.isMember("everyone", String.format("u%03d", generation)))
                      .isTrue();
                  loads.incrementAndGet();
                } catch (Throwable t) {
                  failures.add(t);
                }
              }
            });
    reader.start();
    for (int g = 1; g < 60; g++) {
      publishGeneration(publisher, g);
    }
    publishing.set(false);
    reader.join(Duration.ofSeconds(10).toMillis());

    assertThat(failures).isEmpty();
    assertThat(loads.get()).isPositive();
    assertThat(SnapshotLoader.loadCurrent(root).version()).isEqualTo(version(59));
    assertThat(children())
        .noneMatch(name -> name.startsWith(".tmp-") || name.startsWith("CURRENT.tmp"));
  }

  private static String version(int generation) {
    return SnapshotLayout.versionName(DS, CREATED.plusSeconds(generation));
  }

  private static void publishGeneration(SnapshotPublisher publisher, int generation)
      throws IOException {
    try (Publication publication = publisher.begin(DS, CREATED.plusSeconds(generation))) {
      publication.writeDictionary(SnapshotFixtures.users(generation + 1).iterator());
      RoaringBitmap everyone = new RoaringBitmap();
      everyone.add(0L, generation + 1L);
      publication.addSegment(new SegmentSpec("everyone", "everyone", List.of()), everyone);
      publication.publish();
    }
  }

  private List<String> children() throws IOException {
    try (Stream<Path> paths = Files.list(root)) {
      return paths.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
