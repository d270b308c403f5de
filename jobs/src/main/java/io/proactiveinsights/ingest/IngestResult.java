package io.proactiveinsights.ingest;

import io.proactiveinsights.rules.RuleValidation;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The outcome of an ingest run: per-table counts, the tables written, any quality-gate failures,
 * the accepted messages whose audience rule does not parse (kept, but reported by message id), and
 * what the input source reports of its own (empty for the contract layout; see InputSource#report).
 */
public record IngestResult(
    LocalDate ds, Map<String, TableCounts> tables, List<String> outputs, List<String> gateFailures, List<RuleValidation.RuleError> ruleErrors,
    Map<String, Object> sourceReport) {

  public long rowsRead() {
    return tables.values().stream().mapToLong(TableCounts::read).sum();
  }

  public long rowsAccepted() {
    return tables.values().stream().mapToLong(TableCounts::accepted).sum();
  }

  public long rowsQuarantined() {
    return tables.values().stream().mapToLong(TableCounts::quarantined).sum();
  }
}
