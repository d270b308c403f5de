package io.proactiveinsights.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.exceptions.ConcurrentAppendException;
import io.proactiveinsights.errors.ProactiveException.JobFailedException;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delta writes from two writers at once, on real tables: two threads of one session stand in for
 * two runs (two processes are in {@code ConcurrentRunsIT}).
 */
class DeltaWriterTest {

  private static final LocalDate D1 = LocalDate.parse("2024-04-29");
  private static final LocalDate D2 = LocalDate.parse("2024-04-30");

  @TempDir Path tmp;

  private static Dataset<Row> rowsOf(SparkSession spark, LocalDate ds, int n) {
    return spark.sql(
        "SELECT concat('m', id) AS message_id, id AS n, DATE'"
            + ds
            + "' AS ds FROM range("
            + n
            + ")");
  }

  /** Runs both writes at the same moment and waits for both. */
  private static void atOnce(Runnable first, Runnable second) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (Runnable write : List.of(first, second)) {
        writes.add(
            pool.submit(
                () -> {
                  start.await();
                  write.run();
                  return null;
                }));
      }
      for (Future<?> write : writes) {
        write.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoDsWrittenAtOnceIntoATableThatDoesNotExistYetBothLand() throws Exception {
    SparkSession spark = SharedSpark.session();
    String path = tmp.resolve("message_stats").toString();
    // No retries: the first writes must not conflict at all.
    DeltaWriter writer = new DeltaWriter(0, Duration.ZERO);

    atOnce(
        () -> writer.replaceDs(rowsOf(spark, D1, 30), path, D1),
        () -> writer.replaceDs(rowsOf(spark, D2, 40), path, D2));

    Dataset<Row> table = spark.read().format("delta").load(path);
    assertThat(table.where(DeltaTables.dsPredicate(D1)).count()).isEqualTo(30);
    assertThat(table.where(DeltaTables.dsPredicate(D2)).count()).isEqualTo(40);
  }

  @Test
  void twoDsReplacedAtOnceInAnExistingTableDoNotConflict() throws Exception {
    SparkSession spark = SharedSpark.session();
    String path = tmp.resolve("segments").toString();
    DeltaWriter writer = new DeltaWriter(0, Duration.ZERO);
    writer.replaceDs(rowsOf(spark, D1, 5), path, D1);
    writer.replaceDs(rowsOf(spark, D2, 5), path, D2);

    for (int round = 0; round < 2; round++) {
      atOnce(
          () -> writer.replaceDsWhere(rowsOf(spark, D1, 30), path, D1, "n >= 0"),
          () -> writer.replaceDs(rowsOf(spark, D2, 40), path, D2));
    }

    Dataset<Row> table = spark.read().format("delta").load(path);
    assertThat(table.where(DeltaTables.dsPredicate(D1)).count()).isEqualTo(30);
    assertThat(table.where(DeltaTables.dsPredicate(D2)).count()).isEqualTo(40);
  }

  @Test
  void aWriteThatLosesToAWriteOfTheSamePartitionIsWrittenAgain() throws Exception {
    SparkSession spark = SharedSpark.session();
    String path = tmp.resolve("quarantine").toString();
    DeltaWriter writer = new DeltaWriter(3, Duration.ofMillis(50));
    writer.replaceDs(rowsOf(spark, D1, 5), path, D1);

    atOnce(
        () -> writer.replaceDs(rowsOf(spark, D1, 30), path, D1),
        () -> writer.replaceDs(rowsOf(spark, D1, 30), path, D1));

    assertThat(spark.read().format("delta").load(path).count())
        .as("one copy of the partition, not two")
        .isEqualTo(30);
  }

  @Test
  void aConflictThatOutlastsTheRetriesFailsNamingIt() {
    DeltaWriter writer = new DeltaWriter(2, Duration.ZERO);
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(
            () ->
                writer.retryingConflicts(
                    "write /wh/quarantine for ds 2024-04-30",
                    () -> {
                      attempts.incrementAndGet();
                      // As Delta words it: a condition, the class, then the winning commit.
                      throw new ConcurrentAppendException(
                          "[DELTA_CONCURRENT_APPEND] ConcurrentAppendException: Files were added"
                              + " to partition [ds=2024-04-30] by a concurrent update. Please try"
                              + " the operation again.\nConflicting commit: {\"version\":7}");
                    }))
        .isInstanceOf(JobFailedException.class)
        .hasMessage(
            "Cannot write /wh/quarantine for ds 2024-04-30: it lost to a concurrent writer of the"
                + " table on all 3 attempts (ConcurrentAppendException: Files were added to"
                + " partition [ds=2024-04-30] by a concurrent update. Please try the operation"
                + " again.; runs.conflict_retries = 2)");
    assertThat(attempts).hasValue(3);
  }

  @Test
  void aConflictThatClearsIsRetriedAndTheWriteSucceeds() {
    DeltaWriter writer = new DeltaWriter(3, Duration.ZERO);
    AtomicInteger attempts = new AtomicInteger();

    String written =
        writer.retryingConflicts(
            "write /wh/segments for ds 2024-04-30",
            () -> {
              if (attempts.incrementAndGet() < 3) {
                throw new ConcurrentAppendException("Files were added by a concurrent update.");
              }
              return "written";
            });

    assertThat(written).isEqualTo("written");
    assertThat(attempts).hasValue(3);
  }
}
