package io.proactiveinsights.cli;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.sample.SampleDataGenerator;
import io.proactiveinsights.sample.SampleResult;
import io.proactiveinsights.sample.SampleSpec;
import io.proactiveinsights.sample.Workspace;
import io.proactiveinsights.sample.WorkspaceGenerator;
import io.proactiveinsights.spark.SparkSessions;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a realistic input set in the contract's shape (all message types, incidents, bad"
          + " rows),",
      "with planted situations the jobs must find, listed in PLANTED.md and planted.json."
    })
final class SampleCommand implements Callable<Integer> {

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Input root to write (one sub-folder per table).")
  Path out;

  @Option(
      names = "--users",
      paramLabel = "N",
      description = "Number of users (default: proactive.sample.users).")
  Integer users;

  @Option(
      names = "--days",
      paramLabel = "N",
      description = "Days of history (default: proactive.sample.days).")
  Integer days;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description =
          "Random seed; the same seed writes the same data (default: proactive.sample.seed).")
  Long seed;

  @Option(
      names = "--ds",
      paramLabel = "YYYY-MM-DD",
      converter = DateConverter.class,
      description =
          "Last day of data, the logical date to run the jobs for (default: yesterday, UTC).")
  LocalDate ds;

  @Option(
      names = "--conf",
      paramLabel = "FILE",
      description = "HOCON file overriding conf/proactive-defaults.conf.")
  Path confFile;

  @Option(
      names = "--workspace",
      paramLabel = "KIND",
      description = {
        "Instead of the demo sample, a randomly generated workspace drawn from --seed: 'healthy'"
            + " (every message",
        "works; the jobs should propose nothing) or 'planted' (healthy plus every situation of"
            + " docs/judgement.md)."
      })
  WorkspaceKind workspace;

  /** The generated workspaces `--workspace` can ask for. */
  enum WorkspaceKind {
    healthy,
    planted
  }

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    long start = System.nanoTime();
    ProactiveConfig config = ProactiveConfig.load(confFile);
    SampleResult result =
        workspace == null
            ? generate(config, out, users, days, seed, ds)
            : generateWorkspace(config);
    summary(result, Stages.elapsedMs(start)).print(spec.commandLine().getOut());
    return ExitCodes.OK;
  }

  static SampleResult generate(
      ProactiveConfig config, Path out, Integer users, Integer days, Long seed, LocalDate ds) {
    return generate(config, out, null, users, days, seed, ds);
  }

  /**
   * As above, and the same sample in Intercom's shapes under {@code intercomOut} unless it is null.
   */
  static SampleResult generate(
      ProactiveConfig config,
      Path out,
      Path intercomOut,
      Integer users,
      Integer days,
      Long seed,
      LocalDate ds) {
    SampleSpec sampleSpec =
        new SampleSpec(
            out,
            users != null ? users : config.sample().users(),
            days != null ? days : config.sample().days(),
            seed != null ? seed : config.sample().seed(),
            ds != null ? ds : defaultDs());
    return SampleDataGenerator.generate(
        SparkSessions.getOrCreate(config.spark()), sampleSpec, intercomOut);
  }

  private SampleResult generateWorkspace(ProactiveConfig config) {
    if (days != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--days applies to the demo sample only; a generated workspace has 150 days");
    }
    long workspaceSeed = seed != null ? seed : config.sample().seed();
    int people = users != null ? users : config.sample().users();
    Workspace w =
        workspace == WorkspaceKind.healthy
            ? Workspace.healthy(workspaceSeed, people)
            : Workspace.planted(workspaceSeed, people, EnumSet.allOf(Workspace.Plant.class));
    return WorkspaceGenerator.generate(
        SparkSessions.getOrCreate(config.spark()), w, out, ds != null ? ds : defaultDs());
  }

  static LocalDate defaultDs() {
    return LocalDate.now(ZoneOffset.UTC).minusDays(1);
  }

  static RunSummary summary(SampleResult result, long durationMs) {
    long rows = result.rowsPerTable().values().stream().mapToLong(Long::longValue).sum();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("rows_per_table", result.rowsPerTable());
    details.put("planted", result.planted().size());
    details.put("out", result.outDir().toString());
    return new RunSummary(
        "sample",
        null,
        RunSummary.OK,
        ExitCodes.OK,
        durationMs,
        null,
        rows,
        null,
        List.of(result.outDir().toString()),
        details,
        null);
  }
}
