package io.proactiveinsights.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;
import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.ingest.IngestClassifier.Outcome;
import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.SharedSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The classifier's duplicate handling on its own: repeats are found by hashing the key, so a hash
 * shared by two different keys must not turn either row into a duplicate.
 */
class IngestClassifierTest {

  private static final SparkSession SPARK = SharedSpark.session();
  private static final Instant WINDOW_START = Instant.parse("2026-10-01T00:00:00Z");
  private static final Instant AS_OF = Instant.parse("2026-11-24T00:00:00Z");

  /**
   * What {@link IngestClassifier#checkRows} hands on: the contract's columns, the reason, the
   * source.
   */
  private static final StructType CHECKED =
      InputTable.EXPOSURES
          .contractSchema()
          .add(InputTable.DROP_DS, DataTypes.DateType)
          .add(InputNormalizer.REASON, DataTypes.StringType)
          .add(RawFrame.SOURCE_FILE, DataTypes.StringType)
          .add(RawFrame.RAW_RECORD, DataTypes.StringType);

  private static Row event(String eventId, String user, String at, String reason) {
    return RowFactory.create(
        eventId,
        "msg_a",
        user,
        "viewed",
        Timestamp.from(Instant.parse(at)),
        null,
        "web",
        null,
        null,
        null,
        null,
        reason,
        "f.csv",
        reason == null ? null : "raw");
  }

  /** Outcome per (event_id, user_id), the user telling repeated rows apart. */
  private static Map<String, String> outcomes(Dataset<Row> classified) {
    Map<String, String> byRow = new TreeMap<>();
    for (Row row :
        classified.select("event_id", "user_id", IngestClassifier.OUTCOME).collectAsList()) {
      byRow.put(row.getString(0) + "/" + row.getString(1), row.getString(2));
    }
    return byRow;
  }

  private static Dataset<Row> rows() {
    return SPARK.createDataFrame(
        List.of(
            event("e1", "u1", "2026-11-20T10:00:00Z", null),
            event(
                "e1",
                "u2",
                "2026-11-20T10:00:00Z",
                null), // same key, different content: one survives
            event("e2", "u1", "2026-11-21T10:00:00Z", null),
            event("e3", "u3", "2026-11-22T10:00:00Z", null),
            event(
                "e3",
                "u3",
                "2026-11-22T10:00:00Z",
                "occurred_at: bad"), // invalid rows never count as repeats
            event("e4", "u4", "2026-09-01T10:00:00Z", null)), // before the window
        CHECKED);
  }

  @Test
  void repeatedKeysFindsTheHashOfEachKeyThatRepeatsAmongValidRows() {
    List<Long> hashes =
        IngestClassifier.repeatedKeys(rows(), InputTable.EXPOSURES)
            .as(Encoders.LONG())
            .collectAsList();
    long e1 = SPARK.range(1).select(xxhash64(lit("e1"))).as(Encoders.LONG()).first();

    assertThat(hashes).containsExactly(e1);
  }

  @Test
  void onlyRowsThatShareTheKeyItselfBecomeDuplicates() {
    Dataset<Row> rows = rows();
    // As if "e2" and "e3" hashed to the same value as a repeated key: their rows become
    // candidates for ranking, and ranking by the key itself must accept each of them.
    Dataset<Row> collidingHashes =
        rows.where(col("event_id").isin("e1", "e2", "e3"))
            .select(xxhash64(col("event_id")).as(IngestClassifier.KEY_HASH))
            .distinct();

    Map<String, String> withCollisions =
        outcomes(
            IngestClassifier.classify(
                rows, InputTable.EXPOSURES, WINDOW_START, AS_OF, collidingHashes));
    Map<String, String> rankingAll =
        outcomes(IngestClassifier.classify(rows, InputTable.EXPOSURES, WINDOW_START, AS_OF, null));

    // Hand-derived: of the two e1 rows the smaller content (u1 < u2) survives; e3's invalid row
    // is quarantined and its valid twin accepted; e4 is before the window.
    assertThat(withCollisions)
        .containsEntry("e1/u1", Outcome.ACCEPTED.name())
        .containsEntry("e1/u2", Outcome.DUPLICATE.name())
        .containsEntry("e2/u1", Outcome.ACCEPTED.name())
        .containsEntry("e4/u4", Outcome.OUT_OF_WINDOW.name());
    assertThat(
            IngestClassifier.classify(
                    rows, InputTable.EXPOSURES, WINDOW_START, AS_OF, collidingHashes)
                .where(col("event_id").equalTo("e3"))
                .select(IngestClassifier.OUTCOME)
                .as(Encoders.STRING())
                .collectAsList())
        .containsExactlyInAnyOrder(Outcome.ACCEPTED.name(), Outcome.QUARANTINED.name());
    assertThat(withCollisions).isEqualTo(rankingAll);
  }
}
