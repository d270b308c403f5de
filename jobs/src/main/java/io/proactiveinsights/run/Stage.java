package io.proactiveinsights.run;

/**
 * The stages of a daily run, in the order {@code proactive pipeline} runs them: each later stage
 * reads the tables earlier ones wrote for the same ds. The name is the command that runs the stage
 * alone and the stage's key in the run summary; the Spark UI labels a stage's jobs with its {@link
 * #name()} and {@link #jobDescription}.
 */
public enum Stage {
  INGEST("ingest", "ingest"),
  METRICS("metrics", "message stats"),
  IMPACT("impact", "ticket impact"),
  EXPERIMENTS("experiments", "experiment impact"),
  HYGIENE("hygiene", "hygiene flags"),
  RECOMMENDATIONS("recommendations", "recommendations"),
  SEGMENTS("segments", "audience segments"),
  REPORT("report", "report");

  private final String cliName;
  private final String work;

  Stage(String cliName, String work) {
    this.cliName = cliName;
    this.work = work;
  }

  /**
   * The command that runs this stage alone ({@code proactive metrics}), and its key in the summary.
   */
  public String cliName() {
    return cliName;
  }

  /** What the Spark UI shows for this stage's jobs in a run of {@code date}. */
  public String jobDescription(RunDate date) {
    return work + " ds=" + date;
  }
}
