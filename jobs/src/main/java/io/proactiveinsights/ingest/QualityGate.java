package io.proactiveinsights.ingest;

import io.proactiveinsights.config.ProactiveConfig.IngestSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ingest's data quality gate: a table fails when more than {@code ingest.max_quarantined_fraction}
 * of its rows, and more than {@code ingest.gate_min_quarantined} rows, were quarantined (the
 * minimum keeps a handful of bad rows in a small table from failing a run). Plain Java: counts in,
 * failures out.
 */
public final class QualityGate {

  private QualityGate() {}

  /** One line per failing table, in the map's order; empty when every table passes. */
  public static List<String> failures(Map<String, TableCounts> counts, IngestSettings settings) {
    double limit = settings.maxQuarantinedFraction();
    List<String> failures = new ArrayList<>();
    counts.forEach(
        (table, c) -> {
          if (c.quarantinedFraction() > limit && c.quarantined() > settings.gateMinQuarantined()) {
            failures.add(
                String.format(
                    Locale.ROOT,
                    "%s: %.1f%% of %,d rows quarantined (limit %.1f%%,"
                        + " ingest.max_quarantined_fraction)",
                    table,
                    100 * c.quarantinedFraction(),
                    c.read(),
                    100 * limit));
          }
        });
    return failures;
  }
}
