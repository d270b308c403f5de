package io.proactiveinsights.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.proactiveinsights.errors.FailureMessage;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * The one-line JSON summary every job prints as the last line of stdout, for an orchestrator to
 * keep (Airflow pushes it to XCom). Failures print one too, with {@code status} and {@code error}
 * (one line: {@code Cannot <do X>: <reason> (<detail>)}). A run that wrote to the warehouse names
 * its {@code run_id}, the id its Delta commits carry (what {@code proactive rollback --run} takes).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"job", "ds", "run_id"})
public record RunSummary(
    @JsonProperty("job") String job,
    @JsonProperty("ds") String ds,
    @JsonProperty("status") String status,
    @JsonProperty("exit_code") int exitCode,
    @JsonProperty("duration_ms") Long durationMs,
    @JsonProperty("rows_in") Long rowsIn,
    @JsonProperty("rows_out") Long rowsOut,
    @JsonProperty("quarantined") Long quarantined,
    @JsonProperty("outputs") List<String> outputs,
    @JsonProperty("details") Map<String, Object> details,
    @JsonProperty("error") String error,
    @JsonProperty("run_id") String runId) {

  public static final String OK = "ok";
  public static final String FAILED = "failed";
  public static final String USAGE_ERROR = "usage_error";
  public static final String QUALITY_GATE_FAILED = "quality_gate_failed";

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).findAndRegisterModules();

  /** {@code error} is always one line (see {@link FailureMessage#oneLine}), whoever built it. */
  public RunSummary {
    error = FailureMessage.oneLine(error);
  }

  /** A summary of no particular run (a backfill, maintenance, the sample generator). */
  public RunSummary(
      String job,
      String ds,
      String status,
      int exitCode,
      Long durationMs,
      Long rowsIn,
      Long rowsOut,
      Long quarantined,
      List<String> outputs,
      Map<String, Object> details,
      String error) {
    this(
        job,
        ds,
        status,
        exitCode,
        durationMs,
        rowsIn,
        rowsOut,
        quarantined,
        outputs,
        details,
        error,
        null);
  }

  public static RunSummary failure(
      String job, String ds, String status, int exitCode, String error) {
    return new RunSummary(job, ds, status, exitCode, null, null, null, null, null, null, error);
  }

  public RunSummary withStatus(String newStatus, int newExitCode, String newError) {
    return copy(newStatus, newExitCode, newError, runId);
  }

  public RunSummary withRunId(String newRunId) {
    return copy(status, exitCode, error, newRunId);
  }

  private RunSummary copy(String newStatus, int newExitCode, String newError, String newRunId) {
    return new RunSummary(
        job,
        ds,
        newStatus,
        newExitCode,
        durationMs,
        rowsIn,
        rowsOut,
        quarantined,
        outputs,
        details,
        newError,
        newRunId);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write run summary as JSON", e);
    }
  }

  public void print(PrintWriter out) {
    out.println(toJson());
    out.flush();
  }

  static ObjectMapper json() {
    return JSON;
  }
}
