package io.proactiveinsights.segments;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.delivery.snapshot.Publication;
import io.proactiveinsights.delivery.snapshot.SegmentSpec;
import io.proactiveinsights.delivery.snapshot.SnapshotIds;
import io.proactiveinsights.delivery.snapshot.SnapshotManifest;
import io.proactiveinsights.delivery.snapshot.SnapshotPublisher;
import io.proactiveinsights.delivery.snapshot.SnapshotStore;
import io.proactiveinsights.schema.SegmentsColumns;
import io.proactiveinsights.schema.Vocabulary.Arm;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.roaringbitmap.RoaringBitmap;
import scala.Tuple2;

/**
 * Publishes the serving snapshot the delivery endpoint loads: the user dictionary of ds, streamed
 * to the driver partition by partition in index order ({@code toLocalIterator}: never the whole
 * table at once), and one Roaring bitmap per segment, built per Spark partition on the executors
 * and OR-ed on the driver (only compressed bitmaps travel). A segment with a holdout gets two: its
 * members served (treatment) and its control group, held out (the endpoint answers {@code
 * "held_out": true} for them). The file format and the publish (staging folder, checksums, install,
 * {@code CURRENT}) belong to the delivery module; where the serving root is (a local folder or an
 * object store) is the {@link SnapshotStore}'s.
 */
public final class ServingSnapshot {

  /**
   * What was published, and the segments left out because no request could name their id (see
   * {@link SnapshotIds#segmentIdProblem}).
   */
  public record Published(SnapshotManifest manifest, List<SegmentsJob.Unpublished> unpublished) {}

  /** Key prefixes of {@link #bitmaps}: a segment's members served, and its control group. */
  private static final String SERVED = "s:";

  private static final String HELD_OUT = "h:";

  private ServingSnapshot() {}

  /**
   * @param dictionary user_id, user_index (dense, 0-based, ascending user_id)
   * @param indexedMembers segment_id, user_index, arm (control: held out; null or treatment:
   *     served)
   */
  public static Published publish(
      Dataset<Row> dictionary,
      Dataset<Row> indexedMembers,
      List<SegmentsJob.Segment> segments,
      SnapshotStore servingRoot,
      int keepVersions,
      LocalDate ds,
      Instant createdAt) {
    // One pass over the members: a held-out member's key is its segment's with a prefix of its own.
    Map<String, RoaringBitmap> sets =
        bitmaps(
            indexedMembers.select(
                concat(when(served(), lit(SERVED)).otherwise(lit(HELD_OUT)), col("segment_id"))
                    .as("segment_id"),
                col("user_index")));
    List<SegmentsJob.Unpublished> unpublished = new ArrayList<>();
    try (Publication publication =
        new SnapshotPublisher(servingRoot, keepVersions).begin(ds, createdAt)) {
      Iterator<Row> ids =
          dictionary.orderBy(col("user_index")).select(col("user_id")).toLocalIterator();
      publication.writeDictionary(
          new Iterator<>() {
            @Override
            public boolean hasNext() {
              return ids.hasNext();
            }

            @Override
            public String next() {
              return ids.next().getString(0);
            }
          });
      for (SegmentsJob.Segment s : segments) {
        Optional<String> problem = SnapshotIds.segmentIdProblem(s.segmentId());
        if (problem.isPresent()) {
          unpublished.add(new SegmentsJob.Unpublished(s.segmentId(), problem.get()));
          continue;
        }
        publication.addSegment(
            new SegmentSpec(s.segmentId(), s.rule(), s.runtimeConditions(), s.holdoutShare()),
            sets.getOrDefault(SERVED + s.segmentId(), new RoaringBitmap()),
            sets.getOrDefault(HELD_OUT + s.segmentId(), new RoaringBitmap()));
      }
      return new Published(publication.publish(), List.copyOf(unpublished));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot publish the serving snapshot of ds "
              + ds
              + " under "
              + servingRoot.location()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Members served: no arm (no holdout) or treatment. */
  private static Column served() {
    return col(SegmentsColumns.ARM)
        .isNull()
        .or(col(SegmentsColumns.ARM).notEqual(Arm.CONTROL.wire()));
  }

  /** One bitmap per segment: partial bitmaps per partition, serialized, OR-ed on the driver. */
  static Map<String, RoaringBitmap> bitmaps(Dataset<Row> indexedMembers) {
    MapPartitionsFunction<Row, Tuple2<String, byte[]>> perPartition =
        rows -> {
          Map<String, RoaringBitmap> partial = new HashMap<>();
          while (rows.hasNext()) {
            Row r = rows.next();
            partial
                .computeIfAbsent(r.getString(0), k -> new RoaringBitmap())
                .add(Math.toIntExact(r.getLong(1)));
          }
          List<Tuple2<String, byte[]>> out = new ArrayList<>();
          for (Map.Entry<String, RoaringBitmap> e : partial.entrySet()) {
            e.getValue().runOptimize();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream data = new DataOutputStream(bytes)) {
              e.getValue().serialize(data);
            }
            out.add(new Tuple2<>(e.getKey(), bytes.toByteArray()));
          }
          return out.iterator();
        };
    Map<String, RoaringBitmap> merged = new HashMap<>();
    Iterator<Tuple2<String, byte[]>> parts =
        indexedMembers
            .select(col("segment_id"), col("user_index"))
            .mapPartitions(perPartition, Encoders.tuple(Encoders.STRING(), Encoders.BINARY()))
            .toLocalIterator();
    while (parts.hasNext()) {
      Tuple2<String, byte[]> part = parts.next();
      RoaringBitmap bitmap = new RoaringBitmap();
      try {
        bitmap.deserialize(ByteBuffer.wrap(part._2()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      merged.merge(
          part._1(),
          bitmap,
          (a, b) -> {
            a.or(b);
            return a;
          });
    }
    merged.values().forEach(RoaringBitmap::runOptimize);
    return merged;
  }
}
