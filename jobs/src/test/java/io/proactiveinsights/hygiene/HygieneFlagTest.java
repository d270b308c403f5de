package io.proactiveinsights.hygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;

/** A hygiene_flags row is what the recommendations job and the report read back. */
class HygieneFlagTest {

  private static final HygieneFlag FLAG =
      new HygieneFlag(
          "b1",
          Flag.BLOCKING_BANNER,
          Severity.HIGH,
          Instant.parse("2024-04-20T00:00:00Z"),
          "Blocks 2 banners.",
          Map.of("blocked", List.of("b2", "b3"), "shared", 1_200, "share_of_smaller", 0.8));

  @Test
  void aRowReadsBackAsTheSameFlagWithTheContractsSpellings() {
    Row row = FLAG.toRow();

    assertThat(HygieneFlag.fromRow(row)).isEqualTo(FLAG);
    assertThat(row.<String>getAs("flag")).isEqualTo("BLOCKING_BANNER");
    assertThat(row.<String>getAs("severity")).isEqualTo("high");
    assertThat(row.<String>getAs("evidence"))
        .as("keys sorted")
        .isEqualTo("{\"blocked\":[\"b2\",\"b3\"],\"share_of_smaller\":0.8,\"shared\":1200}");
  }

  @Test
  void evidenceThatIsNotJsonSaysWhichMessage() {
    Object[] values = {"b1", "STALE", "low", null, "Stale.", "{shared: 3"};

    assertThatThrownBy(
            () -> HygieneFlag.fromRow(new GenericRowWithSchema(values, HygieneFlag.SCHEMA)))
        .hasMessageContaining("Cannot read hygiene_flags evidence of b1");
  }
}
