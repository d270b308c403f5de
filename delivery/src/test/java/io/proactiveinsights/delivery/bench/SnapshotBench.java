package io.proactiveinsights.delivery.bench;

import io.proactiveinsights.delivery.snapshot.LoadedSnapshot;
import io.proactiveinsights.delivery.snapshot.Publication;
import io.proactiveinsights.delivery.snapshot.SegmentSpec;
import io.proactiveinsights.delivery.snapshot.SnapshotLoader;
import io.proactiveinsights.delivery.snapshot.SnapshotManifest;
import io.proactiveinsights.delivery.snapshot.SnapshotPublisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.roaringbitmap.RoaringBitmap;

/**
 * The snapshot benchmark (not a test; run by delivery/bench/run.sh): publishes the two reference
 * snapshots, reports bytes per member and load time, and writes the URL list the HTTP benchmark
 * replays.
 *
 * <p>Usage: {@code SnapshotBench DIR} — writes {@code DIR/wide} (1 M users × 50 segments), {@code
 * DIR/deep} (12 M users, one 10 M-member segment) and {@code DIR/paths-*.txt}.
 *
 * <p>Members are drawn at random (no correlation with id order), the worst case for Roaring's run
 * containers; segment densities span 0.1 % to 60 % of users, as audience rules do. User ids are 16
 * hex characters, ascending.
 */
public final class SnapshotBench {
  static final LocalDate DS = LocalDate.of(2024, 5, 1);
  static final Instant CREATED = Instant.parse("2024-05-02T00:10:00Z");
  static final double[] DENSITIES = {0.6, 0.3, 0.15, 0.08, 0.04, 0.02, 0.01, 0.005, 0.001, 0.25};

  private SnapshotBench() {}

  /** The i-th user id: fixed-width hex of a spread-out number, so ids ascend with i. */
  static String userId(long i) {
    return String.format("%016x", i * 0x9E3779B1L + 0x1234567L);
  }

  static Iterator<String> userIds(int count) {
    return new Iterator<>() {
      int next;

      @Override
      public boolean hasNext() {
        return next < count;
      }

      @Override
      public String next() {
        if (next >= count) {
          throw new NoSuchElementException();
        }
        return userId(next++);
      }
    };
  }

  static RoaringBitmap randomMembers(int users, double density, SplittableRandom random) {
    RoaringBitmap members = new RoaringBitmap();
    for (int i = 0; i < users; i++) {
      if (random.nextDouble() < density) {
        members.add(i);
      }
    }
    return members;
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    SplittableRandom random = new SplittableRandom(42);

    int wideUsers = 1_000_000;
    Path wide = dir.resolve("wide");
    long start = System.nanoTime();
    SnapshotManifest wideManifest;
    try (Publication publication = new SnapshotPublisher(wide, 2).begin(DS, CREATED)) {
      publication.writeDictionary(userIds(wideUsers));
      for (int s = 0; s < 50; s++) {
        double density = DENSITIES[s % DENSITIES.length];
        publication.addSegment(
            new SegmentSpec(String.format("msg-%02d", s), "plan = 'pro'", List.of()),
            randomMembers(wideUsers, density, random));
      }
      wideManifest = publication.publish();
    }
    report("wide: 1M users x 50 segments", wide, wideManifest, System.nanoTime() - start);

    int deepUsers = 12_000_000;
    Path deep = dir.resolve("deep");
    start = System.nanoTime();
    SnapshotManifest deepManifest;
    try (Publication publication = new SnapshotPublisher(deep, 2).begin(DS, CREATED)) {
      publication.writeDictionary(userIds(deepUsers));
      publication.addSegment(
          new SegmentSpec("msg-big", "last_seen_at WITHIN 90d", List.of()),
          randomMembers(deepUsers, 10.0 / 12.0, random));
      deepManifest = publication.publish();
    }
    report(
        "deep: 12M users, one 10M-member segment", deep, deepManifest, System.nanoTime() - start);

    writePaths(dir, wideManifest, wideUsers, random);
  }

  /** 20 000 request paths: membership lookups (half of them members) and user lookups. */
  static void writePaths(Path dir, SnapshotManifest manifest, int users, SplittableRandom random)
      throws IOException {
    LoadedSnapshot snapshot = SnapshotLoader.load(dir.resolve("wide").resolve(manifest.version()));
    List<String> membership = new ArrayList<>();
    List<String> userSegments = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      String user = userId(random.nextInt(users));
      String segment = manifest.segments().get(random.nextInt(10)).segmentId();
      membership.add("/v1/segments/" + segment + "/members/" + user);
      userSegments.add("/v1/users/" + user + "/segments");
    }
    long members =
        membership.stream()
            .filter(p -> snapshot.isMember(p.split("/")[3], p.split("/")[5]))
            .count();
    Files.write(dir.resolve("paths-membership.txt"), membership);
    Files.write(dir.resolve("paths-users.txt"), userSegments);
    System.out.printf(
        Locale.ROOT,
        "paths: %d membership lookups (%.0f%% members), %d user lookups%n",
        membership.size(),
        100.0 * members / membership.size(),
        userSegments.size());
  }

  static void report(String name, Path root, SnapshotManifest manifest, long publishNanos)
      throws IOException {
    long members =
        manifest.segments().stream().mapToLong(SnapshotManifest.SegmentEntry::memberCount).sum();
    long segmentBytes =
        manifest.segments().stream().mapToLong(SnapshotManifest.SegmentEntry::bytes).sum();
    long dictionaryBytes = manifest.dictionary().bytes();
    Path version = root.resolve(manifest.version());
    double[] loads = new double[6];
    for (int i = 0; i < loads.length; i++) {
      long t = System.nanoTime();
      LoadedSnapshot loaded = SnapshotLoader.load(version);
      loads[i] = (System.nanoTime() - t) / 1e6;
      if (loaded.dictionary().size() != manifest.dictionary().userCount()) {
        throw new IllegalStateException("loaded the wrong snapshot");
      }
    }
    double first = loads[0];
    double[] warm = Arrays.copyOfRange(loads, 1, loads.length);
    Arrays.sort(warm);
    System.out.printf(
        Locale.ROOT,
        "%s%n  members %,d; segment files %,d bytes = %.3f bytes/member%n"
            + "  dictionary %,d users, %,d bytes (%.1f bytes/user)%n"
            + "  publish %.0f ms; load first-in-JVM %.0f ms, warm median %.0f ms (min %.0f)%n",
        name,
        members,
        segmentBytes,
        (double) segmentBytes / members,
        manifest.dictionary().userCount(),
        dictionaryBytes,
        (double) dictionaryBytes / manifest.dictionary().userCount(),
        publishNanos / 1e6,
        first,
        warm[warm.length / 2],
        warm[0]);
  }
}
