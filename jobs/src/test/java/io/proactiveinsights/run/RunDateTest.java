package io.proactiveinsights.run;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proactiveinsights.testing.SharedSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RunDateTest {

  private static final RunDate DATE = RunDate.of(LocalDate.parse("2024-04-30"));

  @Test
  void theAsOfTimeIsTheEndOfTheDayInUtc() {
    assertThat(DATE.asOf()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
    assertThat(DATE).hasToString("2024-04-30");
  }

  @Test
  void aTrailingWindowEndsAtTheAsOfTime() {
    assertThat(DATE.trailing(28))
        .isEqualTo(
            new Window(
                Instant.parse("2024-04-03T00:00:00Z"), Instant.parse("2024-05-01T00:00:00Z")));
    assertThat(DATE.day())
        .isEqualTo(
            new Window(
                Instant.parse("2024-04-30T00:00:00Z"), Instant.parse("2024-05-01T00:00:00Z")));
    assertThat(DATE.trailing(28)).hasToString("[2024-04-03T00:00:00Z, 2024-05-01T00:00:00Z)");
    assertThatThrownBy(() -> DATE.trailing(-1))
        .hasMessageContaining("Cannot take a trailing window of -1 days");
  }

  @Test
  void aWindowHoldsItsStartAndNotItsEnd() {
    StructType schema = new StructType().add("at", DataTypes.TimestampType, false);
    List<Row> rows =
        List.of(
            RowFactory.create(Timestamp.from(Instant.parse("2024-04-29T23:59:59Z"))),
            RowFactory.create(Timestamp.from(Instant.parse("2024-04-30T00:00:00Z"))),
            RowFactory.create(Timestamp.from(Instant.parse("2024-04-30T23:59:59Z"))),
            RowFactory.create(Timestamp.from(Instant.parse("2024-05-01T00:00:00Z"))));

    List<Row> inDay =
        SharedSpark.session()
            .createDataFrame(rows, schema)
            .where(DATE.day().contains(col("at")))
            .collectAsList();

    assertThat(inDay)
        .extracting(r -> r.<Timestamp>getAs("at").toInstant())
        .containsExactlyInAnyOrder(
            Instant.parse("2024-04-30T00:00:00Z"), Instant.parse("2024-04-30T23:59:59Z"));
  }
}
