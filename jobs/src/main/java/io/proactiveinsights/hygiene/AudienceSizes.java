package io.proactiveinsights.hygiene;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** How many people each message's audience rule matches as of ds. */
final class AudienceSizes {

  private AudienceSizes() {}

  static Map<String, Long> of(List<Row> messages, Dataset<Row> users, Dataset<Row> userEvents, Instant asOf) {
    // Filled once the audience-rule compiler lands (segments stage); until then LOW_REACH says the size is unknown.
    return Map.of();
  }
}
