package io.proactiveinsights.maintain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class StatisticsColumnsTest {

  private static final StructType EXPOSURES =
      new StructType()
          .add("event_id", DataTypes.StringType)
          .add("message_id", DataTypes.StringType)
          .add("user_key", DataTypes.IntegerType);

  @Test
  void theListedStatsColumnsAloneKeepStatisticsWhateverTheirPosition() {
    Map<String, String> userKeyOnly = Map.of(StatisticsColumns.STATS_COLUMNS, "user_key");

    assertThat(StatisticsColumns.whyNoStatistics(EXPOSURES, userKeyOnly, "user_key")).isEmpty();
    assertThat(StatisticsColumns.whyNoStatistics(EXPOSURES, userKeyOnly, "message_id"))
        .contains(
            "the table keeps statistics only on the columns delta.dataSkippingStatsColumns lists"
                + " (user_key), not on message_id");
    assertThat(
            StatisticsColumns.whyNoStatistics(
                EXPOSURES,
                Map.of(StatisticsColumns.STATS_COLUMNS, "user_key, `Message_ID`"),
                "message_id"))
        .as("trimmed, backquoted, any case")
        .isEmpty();
  }

  @Test
  void withoutAListTheFirstNLeafColumnsKeepStatisticsAStructCountingAsItsFields() {
    StructType wide =
        new StructType()
            .add(
                "context",
                new StructType()
                    .add("a", DataTypes.StringType)
                    .add("b", DataTypes.StringType)
                    .add("c", DataTypes.StringType))
            .add("message_id", DataTypes.StringType);

    assertThat(StatisticsColumns.whyNoStatistics(wide, Map.of(), "message_id"))
        .as("Delta's default, 32")
        .isEmpty();
    assertThat(
            StatisticsColumns.whyNoStatistics(
                wide, Map.of(StatisticsColumns.NUM_INDEXED_COLS, "3"), "message_id"))
        .contains(
            "message_id is leaf column 4 of the table, and statistics are kept on the first 3"
                + " (delta.dataSkippingNumIndexedCols)");
    assertThat(
            StatisticsColumns.whyNoStatistics(
                wide, Map.of(StatisticsColumns.NUM_INDEXED_COLS, "4"), "message_id"))
        .isEmpty();
    assertThat(
            StatisticsColumns.whyNoStatistics(
                wide, Map.of(StatisticsColumns.NUM_INDEXED_COLS, "-1"), "message_id"))
        .as("negative: every column")
        .isEmpty();
  }

  @Test
  void theDataSchemaLeavesThePartitionColumnsOut() {
    StructType table = EXPOSURES.add("ds", DataTypes.DateType);

    assertThat(StatisticsColumns.dataSchema(table, List.of("ds")).fieldNames())
        .containsExactly("event_id", "message_id", "user_key");
  }
}
