package io.proactiveinsights.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class RecommendationTest {

  @Test
  void aRowReadsBackAsTheSameRecommendationWithTheContractsSpellings() {
    Recommendation r =
        new Recommendation(
            "m1",
            Action.REDUCE_FREQUENCY,
            1,
            "Shown 9 times a week.",
            Map.of("estimate", 0.41, "reference", "median of 3 other banners"),
            "once_per_session");
    Row row = r.toRow();

    assertThat(Recommendation.fromRow(row)).isEqualTo(r);
    assertThat(row.<String>getAs("action")).isEqualTo("REDUCE_FREQUENCY");
    assertThat(row.<Integer>getAs("priority")).isEqualTo(1);
    assertThat(row.<String>getAs("evidence"))
        .isEqualTo("{\"estimate\":0.41,\"reference\":\"median of 3 other banners\"}");
  }
}
