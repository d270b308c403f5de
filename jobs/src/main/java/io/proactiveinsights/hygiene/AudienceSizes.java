package io.proactiveinsights.hygiene;

import static org.apache.spark.sql.functions.col;

import io.proactiveinsights.rules.RuleSyntaxException;
import io.proactiveinsights.segments.CompiledRule;
import io.proactiveinsights.segments.SegmentEvaluation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How many people each live message's audience rule matches as of ds: the same one-pass
 * evaluation the segments job uses, counted instead of written. A rule that does not parse has no
 * size (the rule check of ingest and segments reports it).
 */
final class AudienceSizes {

  private AudienceSizes() {}

  /** @param eventHistory bronze_user_event_history of ds, asked for only when a rule has an event condition */
  static Map<String, Long> of(List<Row> messages, Dataset<Row> users, Supplier<Dataset<Row>> eventHistory, Instant asOf) {
    List<CompiledRule> rules = new ArrayList<>();
    for (Row m : messages) {
      String rule = m.getAs("audience_rule");
      if (!"live".equals(m.getAs("state")) || rule == null) {
        continue;
      }
      try {
        rules.add(CompiledRule.parse(m.getAs("message_id"), rule));
      } catch (RuleSyntaxException e) {
        // No size: LOW_REACH then says the rule could not be evaluated.
      }
    }
    Map<String, Long> sizes = new HashMap<>();
    if (rules.isEmpty()) {
      return sizes;
    }
    for (CompiledRule r : rules) {
      sizes.put(r.segmentId(), 0L);
    }
    for (Row r : SegmentEvaluation.members(users, eventHistory, rules, asOf).groupBy(col("segment_id")).count().collectAsList()) {
      sizes.put(r.getString(0), r.getLong(1));
    }
    return sizes;
  }
}
