package io.proactiveinsights.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bronze event store on real Delta tables: each event once, the first drop's copy, whatever
 * order the runs come in; and what a run for D reads of it.
 */
class BronzeEventStoreTest {

  private static final InputTable TABLE = InputTable.EXPOSURES;
  private static final LocalDate DROP_1 = LocalDate.parse("2024-04-28");
  private static final LocalDate DROP_2 = LocalDate.parse("2024-04-29");
  private static final LocalDate DROP_3 = LocalDate.parse("2024-04-30");

  @TempDir Path tmp;

  /** An exposure as ingest accepts it: contract columns and the drop it came from. */
  private static Row exposure(String eventId, String type, String at, LocalDate drop) {
    return RowFactory.create(
        eventId,
        "m1",
        "u1",
        type,
        Timestamp.from(Instant.parse(at)),
        null,
        "web",
        null,
        null,
        null,
        drop == null ? null : Date.valueOf(drop));
  }

  private static Dataset<Row> rows(Row... rows) {
    return SharedSpark.session()
        .createDataFrame(
            Arrays.asList(rows), TABLE.contractSchema().add(InputTable.DROP_DS, "date", true));
  }

  /** What each run (one merge per ds, as ingest of that ds does) hands the store. */
  private static final List<Dataset<Row>> RUNS_IN_DATE_ORDER =
      List.of(
          // ds 04-28 reads drop 1: e1 as viewed.
          rows(exposure("e1", "viewed", "2024-04-27T10:00:00Z", DROP_1)),
          // ds 04-29 reads drops 1-2: e1 again (drop 1's copy wins within the run), e2.
          rows(
              exposure("e1", "viewed", "2024-04-27T10:00:00Z", DROP_1),
              exposure("e2", "clicked", "2024-04-28T11:00:00Z", DROP_2)),
          // ds 04-30 reads drops 1-3 and a loose file (e0); drop 3 re-sends e2 changed, and drop
          // 2's copy wins within the run.
          rows(
              exposure("e0", "received", "2024-04-20T09:00:00Z", null),
              exposure("e1", "viewed", "2024-04-27T10:00:00Z", DROP_1),
              exposure("e2", "clicked", "2024-04-28T11:00:00Z", DROP_2)));

  private static List<String> stored(String path) {
    List<String> rows = new ArrayList<>();
    for (Row row : SharedSpark.session().read().format("delta").load(path).collectAsList()) {
      rows.add(row.toString());
    }
    rows.sort(String::compareTo);
    return rows;
  }

  private static DeltaWriter writer() {
    return new DeltaWriter(0, Duration.ZERO);
  }

  @Test
  void eachEventIsStoredOnceAsItsFirstDropsCopyWhateverTheOrderOfRuns() {
    String inOrder = tmp.resolve("in-order").toString();
    String backfilled = tmp.resolve("backfilled").toString();
    for (Dataset<Row> run : RUNS_IN_DATE_ORDER) {
      BronzeEventStore.store(writer(), run, inOrder, TABLE);
    }
    // The newest ds first, then the older ones (a backfill), then a rerun of the newest: its
    // drop-3 copy of e2 must not replace drop 2's.
    BronzeEventStore.store(
        writer(),
        rows(
            exposure("e0", "received", "2024-04-20T09:00:00Z", null),
            exposure("e2", "dismissed", "2024-04-28T11:00:00Z", DROP_3)),
        backfilled,
        TABLE);
    for (int i = RUNS_IN_DATE_ORDER.size() - 1; i >= 0; i--) {
      BronzeEventStore.store(writer(), RUNS_IN_DATE_ORDER.get(i), backfilled, TABLE);
    }
    BronzeEventStore.store(
        writer(),
        rows(exposure("e2", "dismissed", "2024-04-28T11:00:00Z", DROP_3)),
        backfilled,
        TABLE);

    assertThat(stored(backfilled)).isEqualTo(stored(inOrder));
    assertThat(stored(inOrder))
        .containsExactly(
            "[e0,m1,u1,received,2024-04-20 09:00:00.0,null,web,null,null,null,null,2024-04-20]",
            "[e1,m1,u1,viewed,2024-04-27 10:00:00.0,null,web,null,null,null,2024-04-28,2024-04-27]",
            "[e2,m1,u1,clicked,2024-04-28"
                + " 11:00:00.0,null,web,null,null,null,2024-04-29,2024-04-28]");
  }

  @Test
  void copiesFromOneDropAreSettledByContentWhicheverCameFirst() {
    String smallerFirst = tmp.resolve("smaller-first").toString();
    String largerFirst = tmp.resolve("larger-first").toString();
    Row clicked = exposure("e1", "clicked", "2024-04-27T10:00:00Z", DROP_1);
    Row viewed = exposure("e1", "viewed", "2024-04-27T10:00:00Z", DROP_1);
    BronzeEventStore.store(writer(), rows(clicked), smallerFirst, TABLE);
    BronzeEventStore.store(writer(), rows(viewed), smallerFirst, TABLE);
    BronzeEventStore.store(writer(), rows(viewed), largerFirst, TABLE);
    BronzeEventStore.store(writer(), rows(clicked), largerFirst, TABLE);

    assertThat(stored(largerFirst)).isEqualTo(stored(smallerFirst)).hasSize(1);
    assertThat(stored(smallerFirst).get(0)).contains(",clicked,");
  }

  @Test
  void aRunForDReadsTheDropsUpToDInItsWindowAndNothingLater() {
    SparkSession spark = SharedSpark.session();
    String path = tmp.resolve("store").toString();
    BronzeEventStore.store(
        writer(),
        rows(
            exposure("old", "viewed", "2024-01-01T10:00:00Z", DROP_1),
            exposure("loose", "viewed", "2024-04-27T10:00:00Z", null),
            exposure("d1", "viewed", "2024-04-27T23:59:59Z", DROP_1),
            exposure("d2", "viewed", "2024-04-28T12:00:00Z", DROP_2),
            exposure("late", "viewed", "2024-04-29T00:00:00Z", DROP_2),
            exposure("d3", "viewed", "2024-04-28T13:00:00Z", DROP_3)),
        path,
        TABLE);

    Dataset<Row> store = spark.read().format("delta").load(path);
    // ds 04-28: as-of 04-29T00:00Z, a 30-day lookback.
    Dataset<Row> read =
        BronzeEventStore.read(store, TABLE, DROP_1, RunDate.of(DROP_1).trailing(30));
    assertThat(read.columns()).containsExactly(TABLE.columnNames().toArray(String[]::new));
    assertThat(eventIds(read)).containsExactly("d1", "loose");
    Dataset<Row> laterRead =
        BronzeEventStore.read(store, TABLE, DROP_2, RunDate.of(DROP_2).trailing(30));
    assertThat(eventIds(laterRead)).containsExactly("d1", "d2", "late", "loose");
  }

  @Test
  void aBronzeTableAnEarlierVersionWroteByDsIsRefusedNamingIt() {
    String path = tmp.resolve("old-layout").toString();
    writer()
        .replaceDs(
            rows(exposure("e1", "viewed", "2024-04-27T10:00:00Z", null))
                .withColumn("ds", org.apache.spark.sql.functions.lit(Date.valueOf(DROP_1))),
            path,
            DROP_1);

    assertThatThrownBy(
            () ->
                BronzeEventStore.store(
                    writer(),
                    rows(exposure("e2", "viewed", "2024-04-27T10:00:00Z", null)),
                    path,
                    TABLE))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("Cannot store exposures events in " + path)
        .hasMessageContaining("partitioned by [ds], not event_date");
  }

  @Test
  void aStoreWrittenBeforeVariantAndSeriesExistedGainsTheColumnsAndKeepsItsRows() {
    String path = tmp.resolve("before-variants").toString();
    BronzeEventStore.store(
        writer(),
        rows(exposure("e1", "viewed", "2024-04-27T10:00:00Z", DROP_1))
            .drop(InputTable.VARIANT_ID, InputTable.SERIES_ID, InputTable.SERIES_TITLE),
        path,
        TABLE);
    Row withVariant =
        RowFactory.create(
            "e2",
            "m1",
            "u2",
            "viewed",
            Timestamp.from(Instant.parse("2024-04-28T10:00:00Z")),
            null,
            "web",
            "B",
            "s1",
            "Onboarding",
            Date.valueOf(DROP_2));

    BronzeEventStore.store(writer(), rows(withVariant), path, TABLE);

    assertThat(
            SharedSpark.session()
                .read()
                .format("delta")
                .load(path)
                .orderBy("event_id")
                .select(
                    "event_id",
                    InputTable.VARIANT_ID,
                    InputTable.SERIES_ID,
                    InputTable.SERIES_TITLE)
                .collectAsList()
                .toString())
        .isEqualTo("[[e1,null,null,null], [e2,B,s1,Onboarding]]");
  }

  private static List<String> eventIds(Dataset<Row> rows) {
    return rows.select("event_id").collectAsList().stream()
        .map(r -> r.getString(0))
        .sorted()
        .toList();
  }
}
