package io.proactiveinsights.cli;

import io.proactiveinsights.errors.FailureMessage;
import io.proactiveinsights.errors.ProactiveException;
import io.proactiveinsights.run.RunDate;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole pipeline for each logical date of a range, one date after the other, printing a
 * progress line per date on stderr and folding the per-date outcomes into one {@link RunSummary}.
 *
 * <p>Dates are independent (a run of D reads the input window it needs and replaces only {@code ds
 * = D}), so the order does not change the tables and a failed date does not stop the others: the
 * summary lists each date's status, to rerun just those. Bad usage or config stops the backfill at
 * once, since it would fail every date the same way.
 */
final class Backfill {

  private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);

  private final Stages stages;
  private final PrintWriter progress;

  Backfill(Stages stages, PrintWriter progress) {
    this.stages = stages;
    this.progress = progress;
  }

  /** Every date of {@code [from, to]}, ascending, or descending when {@code reverse}. */
  static List<LocalDate> days(LocalDate from, LocalDate to, boolean reverse) {
    List<LocalDate> days = new ArrayList<>(from.datesUntil(to.plusDays(1)).toList());
    if (reverse) {
      java.util.Collections.reverse(days);
    }
    return days;
  }

  /** Runs the pipeline for each of {@code days} in the order given. */
  RunSummary run(List<LocalDate> days, boolean reverse) {
    long start = System.nanoTime();
    List<Map<String, Object>> outcomes = new ArrayList<>();
    long rowsIn = 0;
    long rowsOut = 0;
    long quarantined = 0;
    int exitCode = ExitCodes.OK;
    for (int i = 0; i < days.size(); i++) {
      LocalDate ds = days.get(i);
      long dayStart = System.nanoTime();
      RunSummary day = runDay(ds);
      long seconds = Math.round(Stages.elapsedMs(dayStart) / 1000.0);
      progress.printf(
          "[%d/%d] ds=%s %s in %d s%s%n",
          i + 1,
          days.size(),
          ds,
          day.status(),
          seconds,
          day.error() == null ? "" : ": " + day.error());
      progress.flush();
      rowsIn += day.rowsIn() == null ? 0 : day.rowsIn();
      rowsOut += day.rowsOut() == null ? 0 : day.rowsOut();
      quarantined += day.quarantined() == null ? 0 : day.quarantined();
      Map<String, Object> outcome = new LinkedHashMap<>();
      outcome.put("ds", ds.toString());
      outcome.put("status", day.status());
      if (day.runId() != null) {
        outcome.put("run_id", day.runId());
      }
      outcome.put("exit_code", day.exitCode());
      outcome.put("duration_ms", Stages.elapsedMs(dayStart));
      if (day.error() != null) {
        outcome.put("error", day.error());
      }
      outcomes.add(outcome);
      exitCode = worse(exitCode, day.exitCode());
      if (day.exitCode() == ExitCodes.USAGE) {
        break;
      }
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put(
        "from", days.stream().min(LocalDate::compareTo).map(LocalDate::toString).orElse(null));
    details.put(
        "to", days.stream().max(LocalDate::compareTo).map(LocalDate::toString).orElse(null));
    details.put("order", reverse ? "descending" : "ascending");
    details.put("days", outcomes);
    long notOk = outcomes.stream().filter(o -> !RunSummary.OK.equals(o.get("status"))).count();
    String error =
        notOk == 0
            ? null
            : notOk
                + " of "
                + days.size()
                + " days did not finish ok: "
                + String.join(
                    ", ",
                    outcomes.stream()
                        .filter(o -> !RunSummary.OK.equals(o.get("status")))
                        .map(o -> o.get("ds") + " (" + o.get("status") + ")")
                        .toList());
    return new RunSummary(
        "pipeline",
        null,
        statusOf(exitCode),
        exitCode,
        Stages.elapsedMs(start),
        rowsIn,
        rowsOut,
        quarantined,
        null,
        details,
        error);
  }

  private RunSummary runDay(LocalDate ds) {
    try {
      return stages.pipeline(RunDate.of(ds));
    } catch (ProactiveException.QualityGateException gate) {
      return ((RunSummary) gate.summary())
          .withStatus(RunSummary.QUALITY_GATE_FAILED, ExitCodes.QUALITY_GATE, gate.getMessage());
    } catch (ProactiveException e) {
      String status = e.exitCode() == ExitCodes.USAGE ? RunSummary.USAGE_ERROR : RunSummary.FAILED;
      return RunSummary.failure("pipeline", ds.toString(), status, e.exitCode(), e.getMessage());
    } catch (RuntimeException e) {
      // The date's one-line reason is in its progress line and the summary; the trace goes to the
      // log at DEBUG, like the command line's own failures without --verbose.
      LOG.debug("pipeline for ds={} failed", ds, e);
      return RunSummary.failure(
          "pipeline",
          ds.toString(),
          RunSummary.FAILED,
          ExitCodes.FAILED,
          FailureMessage.of("run the pipeline for ds " + ds, e));
    }
  }

  /** A failed date outranks bad usage, which outranks a failed quality gate. */
  private static int worse(int a, int b) {
    return rank(b) > rank(a) ? b : a;
  }

  private static int rank(int code) {
    return switch (code) {
      case ExitCodes.OK -> 0;
      case ExitCodes.QUALITY_GATE -> 1;
      case ExitCodes.USAGE -> 2;
      default -> 3;
    };
  }

  private static String statusOf(int exitCode) {
    return switch (exitCode) {
      case ExitCodes.OK -> RunSummary.OK;
      case ExitCodes.QUALITY_GATE -> RunSummary.QUALITY_GATE_FAILED;
      case ExitCodes.USAGE -> RunSummary.USAGE_ERROR;
      default -> RunSummary.FAILED;
    };
  }
}
