package io.proactiveinsights.ingest;

import io.proactiveinsights.config.ProactiveConfig.IngestSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ingest's data quality gate, two checks per table:
 *
 * <ul>
 *   <li>more than {@code ingest.max_quarantined_fraction} of its rows quarantined;
 *   <li>more than {@code ingest.max_unknown_user_fraction} of its accepted rows naming a user_id
 *       missing from users (exposures and conversations).
 * </ul>
 *
 * <p>Either fails the table only above {@code ingest.gate_min_quarantined} rows as well: a handful
 * of bad rows in a small table is worth fixing but is not a broken export. Plain Java: counts in,
 * failures out.
 */
public final class QualityGate {

  private QualityGate() {}

  /**
   * One line per failing check, table by table in the order of {@code counts}; empty when every
   * table passes.
   *
   * @param unknownUsers per table, the accepted rows naming a user missing from users
   */
  public static List<String> failures(
      Map<String, TableCounts> counts, Map<String, Long> unknownUsers, IngestSettings settings) {
    List<String> failures = new ArrayList<>();
    counts.forEach(
        (table, c) -> {
          double quarantineLimit = settings.maxQuarantinedFraction();
          if (c.quarantinedFraction() > quarantineLimit
              && c.quarantined() > settings.gateMinQuarantined()) {
            failures.add(
                String.format(
                    Locale.ROOT,
                    "%s: %.1f%% of %,d rows quarantined (limit %.1f%%,"
                        + " ingest.max_quarantined_fraction)",
                    table,
                    100 * c.quarantinedFraction(),
                    c.read(),
                    100 * quarantineLimit));
          }
          long unknown = unknownUsers.getOrDefault(table, 0L);
          double unknownFraction = c.accepted() == 0 ? 0.0 : (double) unknown / c.accepted();
          double unknownLimit = settings.maxUnknownUserFraction();
          if (unknownFraction > unknownLimit && unknown > settings.gateMinQuarantined()) {
            failures.add(
                String.format(
                    Locale.ROOT,
                    "%s: %.1f%% of %,d accepted rows name a user_id missing from users (limit"
                        + " %.1f%%, ingest.max_unknown_user_fraction)",
                    table,
                    100 * unknownFraction,
                    c.accepted(),
                    100 * unknownLimit));
          }
        });
    return failures;
  }
}
