package io.proactiveinsights.report;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.job.StageJob;
import io.proactiveinsights.report.ReportCharts.Chart;
import io.proactiveinsights.report.ReportView.ActionItem;
import io.proactiveinsights.report.ReportView.EngagementItem;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.run.Stage;
import io.proactiveinsights.run.StageResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the report of ds D into {@code <warehouse>/reports/ds=D/}: {@code report.html} (one
 * self-contained page with inline SVG charts), {@code report.md} (a digest to paste) and {@code
 * report.ipynb} (a notebook that reloads the tables). Reads with {@link ReportReader}, builds the
 * {@link ReportView} with {@link ReportModel}, renders with {@link #render}; the folder is written
 * beside the old one and swapped in by renames, so a reader sees the old report or the new one,
 * never half of one, and a rerun replaces it whole.
 */
public final class ReportJob extends StageJob<ReportJob.Result> {

  private static final Logger LOG = LoggerFactory.getLogger(ReportJob.class);

  public static final String HTML = "report.html";
  public static final String MARKDOWN = "report.md";
  public static final String NOTEBOOK = "report.ipynb";

  /** What a report run wrote. */
  public record Result(LocalDate ds, String folder, List<String> files, int actions, int charts)
      implements StageResult {

    @Override
    public Long rowsIn() {
      return null;
    }

    @Override
    public Long rowsOut() {
      return null;
    }

    @Override
    public List<String> outputs() {
      return List.of("reports/ds=" + ds);
    }

    @Override
    public Map<String, Object> details() {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("folder", folder);
      details.put("files", files);
      details.put("actions", actions);
      details.put("charts", charts);
      return details;
    }
  }

  /** The three files of a report, as text. */
  public record Rendered(String html, String markdown, String notebook, int charts) {
    Map<String, String> files() {
      Map<String, String> files = new LinkedHashMap<>();
      files.put(HTML, html);
      files.put(MARKDOWN, markdown);
      files.put(NOTEBOOK, notebook);
      return files;
    }
  }

  public ReportJob(SparkSession spark, ProactiveConfig config, Warehouse warehouse) {
    super(Stage.REPORT, spark, config, warehouse);
  }

  @Override
  protected Result doRun(RunDate date) {
    LocalDate ds = date.ds();
    ReportView view =
        ReportModel.build(new ReportReader(spark, warehouse, config.ingest()).read(date));
    Rendered rendered = render(view);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Path folder = folder(hadoop, warehouse, ds);
    try {
      publish(folder.getFileSystem(hadoop), folder, rendered.files());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the report to " + folder + ": " + e.getMessage(), e);
    }
    LOG.info(
        "report ds={}: {} actions, {} charts → {}",
        ds,
        view.actions().size(),
        rendered.charts(),
        location(folder));
    return new Result(
        ds,
        location(folder),
        List.copyOf(rendered.files().keySet()),
        view.actions().size(),
        rendered.charts());
  }

  /** Renders the page, the digest and the notebook from one view. No Spark, no I/O. */
  public static Rendered render(ReportView view) {
    ensureHeadless();
    List<Chart> charts = ReportCharts.all(view);
    List<Chart> ticketCharts = charts.stream().filter(c -> c.id().startsWith("tickets-")).toList();
    List<Chart> funnelCharts = charts.stream().filter(c -> c.id().startsWith("funnel-")).toList();
    Chart dismissalChart =
        charts.stream().filter(c -> c.id().equals("dismissals")).findFirst().orElse(null);
    Chart experimentChart =
        charts.stream().filter(c -> c.id().equals("experiments")).findFirst().orElse(null);

    Map<String, Object> context = new HashMap<>();
    context.put("view", view);
    context.put("actionGroups", actionGroups(view.actions()));
    context.put("belowFormat", byTone(view.engagement(), "bad"));
    context.put("aboveFormat", byTone(view.engagement(), "good"));
    context.put("ticketCharts", ticketCharts);
    context.put("funnelCharts", funnelCharts);
    context.put("dismissalChart", dismissalChart);
    context.put("experimentChart", experimentChart);

    ReportTemplates templates = new ReportTemplates();
    return new Rendered(
        templates.html("report.html.peb", context),
        templates.markdown("report.md.peb", context),
        new NotebookWriter(templates)
            .write(context, ticketCharts, funnelCharts, dismissalChart, experimentChart),
        charts.size());
  }

  /** Recommendations of one priority, under the label a support lead reads ("Today", …). */
  public record ActionGroup(String label, List<ActionItem> items) {}

  static List<ActionGroup> actionGroups(List<ActionItem> actions) {
    Map<Integer, List<ActionItem>> byPriority = new LinkedHashMap<>();
    actions.forEach(a -> byPriority.computeIfAbsent(a.priority(), p -> new ArrayList<>()).add(a));
    return byPriority.values().stream()
        .map(items -> new ActionGroup(items.get(0).priorityLabel(), List.copyOf(items)))
        .toList();
  }

  private static List<EngagementItem> byTone(List<EngagementItem> items, String tone) {
    return items.stream().filter(e -> tone.equals(e.positionTone())).toList();
  }

  /**
   * {@code <warehouse>/reports/ds=D}, qualified: a relative local warehouse resolves against the
   * working directory; {@code s3a://} and other Hadoop file systems stay as they are.
   */
  public static Path folder(Configuration hadoop, Warehouse warehouse, LocalDate ds) {
    Path folder = new Path(warehouse.reportsPath(ds));
    try {
      return folder.getFileSystem(hadoop).makeQualified(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the report for ds " + ds + " under " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * Where a person opens the report: the plain path on the local disk, else the URI ({@code
   * s3a://bucket/...}).
   */
  public static String location(Path path) {
    return "file".equals(path.toUri().getScheme()) ? path.toUri().getPath() : path.toString();
  }

  /**
   * Writes the files into a fresh sibling folder, then swaps it in: the old folder is renamed
   * aside, the new one renamed into place, the old one deleted. Through Hadoop's FileSystem, so the
   * report lands wherever the warehouse is. On a local disk (and HDFS) each rename is atomic: a
   * reader sees the old report or the new one. An object store has no rename (S3A copies each file,
   * then deletes), so there a reader may find no report, or part of one, for the moments the two
   * copies take; a reader of the finished run sees it whole. Local files are written without
   * Hadoop's {@code .crc} side files: reports are for people.
   */
  static void publish(FileSystem fs, Path folder, Map<String, String> files) {
    FileSystem target = fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    Path parent = folder.getParent();
    String token = UUID.randomUUID().toString().substring(0, 8);
    Path staging = new Path(parent, "." + folder.getName() + ".new-" + token);
    Path retired = new Path(parent, "." + folder.getName() + ".old-" + token);
    try {
      target.mkdirs(staging);
      for (Map.Entry<String, String> file : files.entrySet()) {
        try (FSDataOutputStream out = target.create(new Path(staging, file.getKey()), true)) {
          out.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        }
      }
      boolean replacing = target.exists(folder);
      if (replacing) {
        rename(target, folder, retired);
      }
      rename(target, staging, folder);
      if (replacing) {
        target.delete(retired, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the report to " + folder + ": " + e.getMessage(), e);
    }
  }

  /** Hadoop's rename answers false instead of throwing; a report half swapped is an error. */
  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("cannot rename " + from + " to " + to);
    }
  }

  /** Charts are drawn off-screen; never try to reach a display. */
  private static void ensureHeadless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }
}
