package io.proactiveinsights.ingest;

import io.proactiveinsights.io.UnreadableFile;
import io.proactiveinsights.rules.RuleValidation;
import io.proactiveinsights.run.StageResult;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of an ingest run: the input source it read ({@code --source}), per-table counts, the
 * tables written, any quality-gate failures, the accepted messages whose audience rule does not
 * parse (kept, but reported by message id), the files that could not be read whole, per table the
 * accepted rows naming people missing from users, and what the input source reports of its own
 * (empty for the contract layout; see InputSource#report).
 */
public record IngestResult(
    LocalDate ds,
    String source,
    Map<String, TableCounts> tables,
    List<String> outputs,
    List<String> gateFailures,
    List<RuleValidation.RuleError> ruleErrors,
    List<UnreadableFile> unreadableFiles,
    Map<String, Long> unknownUsers,
    Map<String, Object> sourceReport)
    implements StageResult {

  public long rowsRead() {
    return tables.values().stream().mapToLong(TableCounts::read).sum();
  }

  public long rowsAccepted() {
    return tables.values().stream().mapToLong(TableCounts::accepted).sum();
  }

  public long rowsQuarantined() {
    return tables.values().stream().mapToLong(TableCounts::quarantined).sum();
  }

  @Override
  public Long rowsIn() {
    return rowsRead();
  }

  @Override
  public Long rowsOut() {
    return rowsAccepted();
  }

  @Override
  public long quarantined() {
    return rowsQuarantined();
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("source", source);
    details.put("tables", tables);
    if (!sourceReport.isEmpty()) {
      details.put("mapping", sourceReport);
    }
    details.put(
        "rule_errors", ruleErrors.stream().map(RuleValidation.RuleError::toSummary).toList());
    details.put(
        "unreadable_files", unreadableFiles.stream().map(UnreadableFile::toSummary).toList());
    details.put("unknown_users", unknownUsers);
    return details;
  }
}
