package io.proactiveinsights.cli;

import io.proactiveinsights.run.Stage;
import picocli.CommandLine.Command;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Renders what the jobs found for ds D into <warehouse>/reports/ds=D/: report.html (one"
          + " self-contained page",
      "with charts, for support leads), report.md (a digest to paste into Slack or an email) and"
          + " report.ipynb",
      "(a notebook that reloads each table). Run the other jobs for D first; a rerun replaces the"
          + " folder whole."
    })
final class ReportCommand extends StageCommand {

  ReportCommand() {
    super(Stage.REPORT);
  }
}
