package io.proactiveinsights.run;

import java.util.List;
import java.util.Map;

/**
 * What a stage's job reports of its run: the figures of the one-line JSON summary the command
 * prints, which is built from this in one place ({@code cli.Stages}) for every stage.
 */
public interface StageResult {

  /** The rows the stage read and counted ({@code rows_in}), or null when it counts none. */
  Long rowsIn();

  /** The rows the stage wrote ({@code rows_out}), or null when it writes files, not rows. */
  Long rowsOut();

  /** The rows the stage rejected into {@code quarantine}. */
  default long quarantined() {
    return 0;
  }

  /** The tables (or folders) the stage wrote, by name. */
  List<String> outputs();

  /** The stage's own figures, in the order the summary prints them. */
  Map<String, Object> details();

  /**
   * The data quality gates the run failed, each a sentence naming the table, the figure and the
   * limit; the outputs are written all the same, and a failure ends the run with exit code 3.
   */
  default List<String> gateFailures() {
    return List.of();
  }
}
