package io.proactiveinsights.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.SharedSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The report reader's pure transforms, on exposures built in the test. */
class ReportReaderTest {

  @Test
  void seriesMembersAreOneRowPerSeriesAndMessageWithTheSeriesLatestTitle() {
    Dataset<Row> exposures =
        SharedSpark.session()
            .createDataFrame(
                List.of(
                    exposure("e1", "m_tour", "s1", "Getting started", "2024-04-01T10:00:00Z"),
                    exposure("e2", "m_tour", "s1", null, "2024-04-02T10:00:00Z"),
                    exposure("e3", "m_banner", "s1", "Onboarding", "2024-04-20T10:00:00Z"),
                    exposure("e4", "m_banner", "s1", "Onboarding", "2024-04-21T10:00:00Z"),
                    exposure("e5", "m_tour", "s2", "Activation", "2024-04-22T10:00:00Z"),
                    exposure("e6", "m_post", null, null, "2024-04-22T10:00:00Z")),
                InputTable.EXPOSURES.contractSchema());

    // s1 was renamed "Onboarding" after the tour's receipts: both its messages get the new title.
    // The tour is in two series; the post in none.
    assertThat(text(ReportReader.seriesMembers(exposures)))
        .containsExactlyInAnyOrder(
            "s1 Onboarding m_tour", "s1 Onboarding m_banner", "s2 Activation m_tour");
  }

  @Test
  void exposuresWithoutTheSeriesColumnsHaveNoSeries() {
    Dataset<Row> old =
        SharedSpark.session()
            .createDataFrame(
                List.of(exposure("e1", "m_tour", "s1", "Onboarding", "2024-04-01T10:00:00Z")),
                InputTable.EXPOSURES.contractSchema())
            .drop(InputTable.SERIES_ID, InputTable.SERIES_TITLE);

    Dataset<Row> members = ReportReader.seriesMembers(old);

    assertThat(members.columns())
        .containsExactly(InputTable.SERIES_ID, InputTable.SERIES_TITLE, "message_id");
    assertThat(members.collectAsList()).isEmpty();
  }

  private static List<String> text(Dataset<Row> members) {
    return members
        .selectExpr("concat_ws(' ', series_id, series_title, message_id)")
        .as(Encoders.STRING())
        .collectAsList();
  }

  private static Row exposure(
      String id, String message, String series, String title, String occurredAt) {
    return RowFactory.create(
        id,
        message,
        "u1",
        "received",
        Timestamp.from(Instant.parse(occurredAt)),
        null,
        "web",
        null,
        series,
        title);
  }
}
