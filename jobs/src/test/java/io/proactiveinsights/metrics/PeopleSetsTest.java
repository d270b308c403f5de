package io.proactiveinsights.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class PeopleSetsTest {

  @Test
  void bytesCarryEveryCountAndEveryKindOfContainer() {
    PeopleSets sets = new PeopleSets(4);
    // Slot 0: a run of 70,000 keys (run containers), each seen 16 times in shuffled order: 1.12 M
    // events, past one full buffer (2^20 keys) into a second batch that is united with the first.
    // Slot 1: scattered keys (array containers). Slot 2: every other key of
    // 0..200,000 (bitmap containers). Slot 3: people without events, as goal markers are.
    int[] run = shuffled(70_000, 7);
    for (int round = 0; round < 16; round++) {
      for (int key : run) {
        sets.add(0, key);
      }
    }
    TreeSet<Integer> scattered = new TreeSet<>();
    Random random = new Random(11);
    for (int i = 0; i < 3_000; i++) {
      int key = random.nextInt(5_000_000);
      scattered.add(key);
      sets.add(1, key);
    }
    for (int key = 0; key < 200_000; key += 2) {
      sets.add(2, key);
    }
    sets.addPerson(3, 42);
    sets.addPerson(3, 42);

    PeopleSets copy = PeopleSets.fromBytes(sets.toBytes());

    assertThat(copy.events(0)).isEqualTo(1_120_000);
    assertThat(copy.people(0)).isEqualTo(RoaringBitmap.bitmapOfRange(0, 70_000));
    assertThat(copy.events(1)).isEqualTo(3_000);
    assertThat(copy.people(1).toArray())
        .containsExactly(scattered.stream().mapToInt(Integer::intValue).toArray());
    assertThat(copy.events(2)).isEqualTo(100_000);
    assertThat(copy.people(2).getCardinality()).isEqualTo(100_000);
    assertThat(copy.people(2).contains(199_998)).isTrue();
    assertThat(copy.people(2).contains(199_999)).isFalse();
    assertThat(copy.events(3)).isZero();
    assertThat(copy.people(3).toArray()).containsExactly(42);
  }

  @Test
  void unionAddsEventsAndUnitesPeopleOfEveryPartial() {
    // Three partials of 3,000 keys each from one 65,536-key chunk (array containers), overlapping:
    // their union, 7,000 keys, is past the 4,096 at which Roaring holds a chunk as a bitmap.
    PeopleSets[] partials = {new PeopleSets(2), new PeopleSets(2), new PeopleSets(2)};
    TreeSet<Integer> expected = new TreeSet<>();
    for (int p = 0; p < partials.length; p++) {
      for (int key = 2_000 * p; key < 2_000 * p + 3_000; key++) {
        partials[p].add(0, key);
        expected.add(key);
      }
      partials[p].addPerson(1, 300_000 + p);
    }

    PeopleSets union =
        PeopleSets.union(
            List.of(partials[0].toBytes(), partials[1].toBytes(), partials[2].toBytes()));

    assertThat(union.events(0)).isEqualTo(9_000);
    assertThat(union.people(0).toArray())
        .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
    assertThat(union.events(1)).isZero();
    assertThat(union.people(1).toArray()).containsExactly(300_000, 300_001, 300_002);
    PeopleSets alone = PeopleSets.union(List.of(partials[0].toBytes()));
    assertThat(alone.events(0)).isEqualTo(3_000);
    assertThat(alone.people(0).getCardinality()).isEqualTo(3_000);
  }

  private static int[] shuffled(int n, long seed) {
    int[] keys = new int[n];
    for (int i = 0; i < n; i++) {
      keys[i] = i;
    }
    Random random = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = keys[i];
      keys[i] = keys[j];
      keys[j] = t;
    }
    return keys;
  }
}
