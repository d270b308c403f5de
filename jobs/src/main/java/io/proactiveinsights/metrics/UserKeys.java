package io.proactiveinsights.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.xxhash64;

import io.proactiveinsights.schema.InputTable;
import it.unimi.dsi.bits.TransformationStrategies;
import it.unimi.dsi.sux4j.io.BucketedHashStore;
import it.unimi.dsi.sux4j.mph.GOVMinimalPerfectHashFunction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Dense integer keys for the people of the exposures a metrics run reads, attached beside each
 * exposure as {@link InputTable#USER_KEY}: the n distinct user_ids those rows name get the keys
 * 0..n-1, one each. (Bronze exposures are an event store shared by every ds, so the keys are made
 * where they are counted, not stored.) Metrics count distinct people exactly as compressed bitmaps
 * of these keys (docs/benchmarks.md measures why); bitmaps need small dense integers, and a plain
 * hash would not be exact.
 *
 * <p>The keys come from a minimal perfect hash function (Sux4J's {@link
 * GOVMinimalPerfectHashFunction}, about 2.2 bits per person), built by Spark over the distinct ids
 * and broadcast: each exposure computes its key where it is read, so the day's exposures are never
 * shuffled to meet an id → key table, and no user id goes through the driver, only the compact
 * functions. The ids are split into buckets by a hash, one function per bucket built in its own
 * task; a key is its bucket's offset plus the function's value.
 *
 * <p>The keys are a function of the rows alone (buckets and function seeds are fixed, each function
 * is built from its ids in sorted order). They mean nothing outside the rows they were built for:
 * only those are ever counted together.
 */
public final class UserKeys {

  private static final String USER_ID = "user_id";
  private static final String BUCKET = "_user_bucket";

  /**
   * At most this many ids per function. One task holds a bucket's ids while it builds its function
   * (~1 s per million); a million people make four buckets, so both local cores build.
   */
  static final long IDS_PER_FUNCTION = 250_000;

  /** Fixed so that a rerun builds the same functions; bucket b uses SEED + b. */
  private static final long SEED = 0x5EED_0F_7E0_1DL;

  private static final StructType BUILT_SCHEMA =
      new StructType()
          .add(BUCKET, DataTypes.IntegerType, false)
          .add("ids", DataTypes.LongType, false)
          .add("function", DataTypes.BinaryType, false);

  private UserKeys() {}

  /**
   * The exposures with {@link InputTable#USER_KEY} added, for small frames (tests, samples): the
   * function's broadcast stays until the session ends. Ingest uses {@link #build} and {@link
   * Keys#attach} and destroys the broadcast after the write.
   */
  public static Dataset<Row> assign(Dataset<Row> exposures) {
    return build(exposures).attach(exposures);
  }

  /** The key function for every non-null user_id of {@code exposures}. */
  public static Keys build(Dataset<Row> exposures) {
    return build(exposures, IDS_PER_FUNCTION);
  }

  /**
   * As {@link #build(Dataset)}, with at most {@code idsPerFunction} ids per bucket (tests use a
   * small value to exercise several buckets).
   */
  static Keys build(Dataset<Row> exposures, long idsPerFunction) {
    Dataset<Row> ids =
        exposures
            .select(col(USER_ID))
            .where(col(USER_ID).isNotNull())
            .distinct()
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long people = ids.count();
      if (people > Integer.MAX_VALUE) {
        throw new IllegalStateException(
            people
                + " distinct user_ids in one ds: more than 2^31 people can no longer be counted as"
                + " 32-bit keys");
      }
      int buckets = (int) Math.max(1, (people + idsPerFunction - 1) / idsPerFunction);
      // Each bucket's ids meet in one task: a shuffle of the distinct ids, not of the exposures.
      // What comes back to the driver is one row per bucket (its size and compact function).
      List<Row> built =
          ids.select(bucketOf(col(USER_ID), buckets).as(BUCKET), col(USER_ID))
              .repartition(buckets, col(BUCKET))
              .mapPartitions(buildFunctions(), Encoders.row(BUILT_SCHEMA))
              .collectAsList();
      byte[][] functions = new byte[buckets][];
      // offsets[b + 1] takes bucket b's size; the running sum then makes offsets[b] the ids before
      // bucket b.
      long[] offsets = new long[buckets + 1];
      for (Row row : built) {
        functions[row.getInt(0)] = (byte[]) row.get(2);
        offsets[row.getInt(0) + 1] = row.getLong(1);
      }
      for (int b = 1; b <= buckets; b++) {
        offsets[b] += offsets[b - 1];
      }
      JavaSparkContext context =
          JavaSparkContext.fromSparkContext(exposures.sparkSession().sparkContext());
      return new Keys(people, context.broadcast(new KeyFunction(offsets, functions)));
    } finally {
      ids.unpersist();
    }
  }

  /** Which function covers an id; the same expression when building and when attaching. */
  private static Column bucketOf(Column userId, int buckets) {
    return pmod(xxhash64(userId), lit((long) buckets)).cast(DataTypes.IntegerType);
  }

  /**
   * Builds one function per bucket present in the partition; emits (bucket, ids, serialized
   * function).
   */
  private static MapPartitionsFunction<Row, Row> buildFunctions() {
    return rows -> {
      Map<Integer, List<String>> byBucket = new TreeMap<>();
      while (rows.hasNext()) {
        Row row = rows.next();
        byBucket.computeIfAbsent(row.getInt(0), b -> new ArrayList<>()).add(row.getString(1));
      }
      List<Row> out = new ArrayList<>();
      for (Map.Entry<Integer, List<String>> bucket : byBucket.entrySet()) {
        List<String> ids = bucket.getValue();
        ids.sort(null); // the function depends on its input order only through this
        out.add(
            RowFactory.create(
                bucket.getKey(),
                (long) ids.size(),
                serialize(perfectHash(ids, SEED + bucket.getKey()))));
      }
      return out.iterator();
    };
  }

  private static GOVMinimalPerfectHashFunction<CharSequence> perfectHash(
      List<String> sortedIds, long seed) throws IOException {
    // A store seeded by us: the builder's own store draws a random seed, and the keys would change
    // on every rerun.
    try (BucketedHashStore<CharSequence> store =
        new BucketedHashStore<>(TransformationStrategies.rawUtf16())) {
      store.reset(seed);
      store.addAll(sortedIds.iterator());
      return new GOVMinimalPerfectHashFunction.Builder<CharSequence>()
          .keys(sortedIds)
          .transform(TransformationStrategies.rawUtf16())
          .store(store)
          .build();
    }
  }

  private static byte[] serialize(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The built key function of one ds, broadcast to the executors. */
  public static final class Keys {
    private final long people;
    private final Broadcast<KeyFunction> function;

    Keys(long people, Broadcast<KeyFunction> function) {
      this.people = people;
      this.function = function;
    }

    /** How many distinct people got keys (the keys are 0..people-1). */
    public long people() {
      return people;
    }

    /**
     * Adds {@link InputTable#USER_KEY} to every row; a row with a null user_id gets a null key.
     * Every user_id must be one the function was built over: a minimal perfect hash gives an
     * unknown id some other person's key.
     */
    public Dataset<Row> attach(Dataset<Row> exposures) {
      Broadcast<KeyFunction> shipped = function;
      // A UDF because no built-in column function evaluates a perfect hash; the bucket it needs is
      // the built-in expression the functions were built with.
      UserDefinedFunction keyOf =
          udf(
                  (UDF2<Integer, String, Integer>)
                      (bucket, userId) ->
                          userId == null ? null : shipped.value().key(bucket, userId),
                  DataTypes.IntegerType)
              .withName("user_key");
      return exposures.withColumn(
          InputTable.USER_KEY,
          keyOf.apply(bucketOf(col(USER_ID), function.value().buckets()), col(USER_ID)));
    }

    /**
     * Frees the broadcast on the executors and the driver; call after the keyed rows are written.
     */
    public void destroy() {
      function.destroy();
    }
  }

  /**
   * Bucket offsets and the serialized functions; each executor deserializes the functions once, on
   * first use (the broadcast value is shared by its tasks). Shipped as bytes so the broadcast works
   * under any {@code spark.serializer}, Kryo included.
   */
  static final class KeyFunction implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] offsets;
    private final byte[][] serialized;
    private transient volatile GOVMinimalPerfectHashFunction<CharSequence>[] functions;

    KeyFunction(long[] offsets, byte[][] serialized) {
      this.offsets = offsets;
      this.serialized = serialized;
    }

    int buckets() {
      return serialized.length;
    }

    int key(int bucket, String userId) {
      GOVMinimalPerfectHashFunction<CharSequence> function = functions()[bucket];
      if (function == null) {
        throw new IllegalStateException(
            "user_id "
                + userId
                + " hashes to bucket "
                + bucket
                + ", which had no ids when the keys were built");
      }
      return (int) (offsets[bucket] + function.getLong(userId));
    }

    @SuppressWarnings("unchecked")
    private GOVMinimalPerfectHashFunction<CharSequence>[] functions() {
      GOVMinimalPerfectHashFunction<CharSequence>[] loaded = functions;
      if (loaded == null) {
        synchronized (this) {
          loaded = functions;
          if (loaded == null) {
            loaded = new GOVMinimalPerfectHashFunction[serialized.length];
            for (int b = 0; b < serialized.length; b++) {
              loaded[b] =
                  serialized[b] == null
                      ? null
                      : (GOVMinimalPerfectHashFunction<CharSequence>) deserialize(serialized[b]);
            }
            functions = loaded;
          }
        }
      }
      return loaded;
    }

    private static Object deserialize(byte[] bytes) {
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
        return in.readObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
