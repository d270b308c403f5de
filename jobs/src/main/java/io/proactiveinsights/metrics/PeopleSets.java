package io.proactiveinsights.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/**
 * One message's event counts and exact sets of people, one slot per kind of event, while {@link
 * EngagementAggregator} folds that message's exposures. People are the dense per-ds user keys
 * ingest writes, held in compressed (Roaring) bitmaps.
 *
 * <p>Keys arrive in random order. Adding them one by one to Roaring's sorted array containers
 * shifts memory on every insert (it was most of the aggregation's time in a profile), so each slot
 * gathers keys in a buffer and adds them in sorted batches ({@link RoaringBitmap#bitmapOfUnordered}
 * radix-sorts them, then one union merges them in).
 */
final class PeopleSets {

  /**
   * Keys gathered per slot before a batch goes into its bitmap. Large, so that most slots are built
   * in one batch per partition (one sort, no union): unions of array containers near their
   * 4,096-key limit convert to bitmaps and back, and were a tenth of the fold's time with batches
   * of 16,384. Buffers grow only with their slot's events, so a partition's buffers together hold
   * at most about four ints per row it folds, whatever the size of the catalogue.
   */
  private static final int BATCH = 1 << 20;

  private static final int FIRST_BUFFER = 64;

  private final long[] events;
  private final RoaringBitmap[] people;
  private final int[][] pending;
  private final int[] pendingCount;

  PeopleSets(int slots) {
    events = new long[slots];
    people = new RoaringBitmap[slots];
    pending = new int[slots][];
    pendingCount = new int[slots];
    for (int i = 0; i < slots; i++) {
      people[i] = new RoaringBitmap();
      pending[i] = new int[FIRST_BUFFER];
    }
  }

  /** One event of slot {@code slot} by person {@code key}. */
  void add(int slot, int key) {
    events[slot]++;
    addPerson(slot, key);
  }

  /** Person {@code key} is in slot {@code slot}, without counting an event. */
  void addPerson(int slot, int key) {
    int count = pendingCount[slot];
    if (count == pending[slot].length) {
      if (count < BATCH) {
        pending[slot] = Arrays.copyOf(pending[slot], count * 2);
      } else {
        flush(slot);
        count = 0;
      }
    }
    pending[slot][count] = key;
    pendingCount[slot] = count + 1;
  }

  long events(int slot) {
    return events[slot];
  }

  /** The people of a slot, with every pending key added. */
  RoaringBitmap people(int slot) {
    flush(slot);
    return people[slot];
  }

  /**
   * The union of partials given as {@link #toBytes} bytes: events added, people united slot by slot
   * in one aggregation each ({@link FastAggregation#or}, which unites lazily and settles each
   * container's kind once; uniting two by two converted containers at every step).
   */
  static PeopleSets union(List<byte[]> partials) {
    List<PeopleSets> parts = new ArrayList<>(partials.size());
    for (byte[] bytes : partials) {
      parts.add(fromBytes(bytes));
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    PeopleSets union = new PeopleSets(parts.get(0).events.length);
    RoaringBitmap[] slot = new RoaringBitmap[parts.size()];
    for (int s = 0; s < union.events.length; s++) {
      for (int p = 0; p < parts.size(); p++) {
        union.events[s] += parts.get(p).events[s];
        slot[p] = parts.get(p).people[s];
      }
      union.people[s] = FastAggregation.or(slot);
    }
    return union;
  }

  private void flush(int slot) {
    int count = pendingCount[slot];
    if (count > 0) {
      // A full buffer goes as it is: its keys are not read again once flushed.
      int[] keys =
          count == pending[slot].length ? pending[slot] : Arrays.copyOf(pending[slot], count);
      RoaringBitmap batch = RoaringBitmap.bitmapOfUnordered(keys);
      if (people[slot].isEmpty()) {
        people[slot] = batch;
      } else {
        people[slot].or(batch);
      }
      pendingCount[slot] = 0;
    }
  }

  /**
   * The counts and sets as bytes (Roaring's portable format, run-compressed), for the shuffle
   * between a partition's fold and the merge: bytes travel the same under any {@code
   * spark.serializer}. Written through a ByteBuffer, not a DataOutputStream: Roaring's stream
   * methods go a few bytes at a time, and were 7% (writing) and 11% (reading) of the metrics
   * stage's executor time in a profile (docs/benchmarks.md).
   */
  byte[] toBytes() {
    int size = Integer.BYTES + events.length * Long.BYTES;
    for (int slot = 0; slot < events.length; slot++) {
      RoaringBitmap set = people(slot);
      set.runOptimize();
      size += set.serializedSizeInBytes();
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.putInt(events.length);
    for (int slot = 0; slot < events.length; slot++) {
      out.putLong(events[slot]);
      people[slot].serialize(out);
    }
    return out.array();
  }

  static PeopleSets fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    PeopleSets sets = new PeopleSets(in.getInt());
    try {
      for (int slot = 0; slot < sets.events.length; slot++) {
        sets.events[slot] = in.getLong();
        RoaringBitmap set = sets.people[slot];
        set.deserialize(in);
        // Roaring reads from the buffer's position without moving it.
        in.position(in.position() + set.serializedSizeInBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sets;
  }
}
