package io.proactiveinsights.report;

import io.proactiveinsights.report.ReportView.EngagementItem;
import io.proactiveinsights.report.ReportView.ExperimentItem;
import io.proactiveinsights.report.ReportView.ExperimentMetric;
import io.proactiveinsights.report.ReportView.Launch;
import io.proactiveinsights.report.ReportView.TopicSeries;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.time.Day;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.XIntervalSeries;
import org.jfree.data.xy.XIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The report's charts, drawn with JFreeChart from the {@link ReportView}: daily inbound tickets per
 * topic with each launch marked, a funnel per message, dismissal rates against each format's
 * baseline, and the holdouts' lifts as a forest plot. Each chart is rendered twice: as an SVG
 * element (scales with the page, text stays text) for the HTML page, and as a PNG for the notebook,
 * whose viewers all show PNG outputs.
 */
public final class ReportCharts {

  /**
   * A rendered chart: {@code svg} is an {@code <svg>} element with a view box and no fixed size.
   */
  public record Chart(
      String id, String title, String caption, String svg, byte[] png, int width, int height) {}

  static final Color INK = new Color(0x1f2933);
  static final Color GRID = new Color(0xd9dee3);
  static final Color TICKETS = new Color(0x3563a8);
  static final Color LAUNCH = new Color(0xc2410c);
  static final Color BASELINE = new Color(0x111827);
  static final Color[] FUNNEL = {
    new Color(0x9db4d6), new Color(0x5f87c0), new Color(0x3563a8), new Color(0x1f3f73)
  };
  static final Color DISMISS = new Color(0xd97757);
  static final Color FOREST_GOOD = new Color(0x1e7d4f);
  static final Color FOREST_BAD = new Color(0xb42318);
  static final Color FOREST_NEUTRAL = new Color(0x5b6672);

  /** Formats people complete (a tour, a checklist, a survey, a carousel) rather than click. */
  static final List<String> COMPLETION_FORMATS =
      List.of("product_tour", "checklist", "survey", "mobile_carousel");

  private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
  private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

  private ReportCharts() {}

  /** Every chart of the report, in page order. */
  public static List<Chart> all(ReportView view) {
    List<Chart> charts = new ArrayList<>();
    for (int i = 0; i < view.ticketSeries().size(); i++) {
      charts.add(tickets(view.ticketSeries().get(i), "tickets-" + i));
    }
    List<EngagementItem> received =
        view.engagement().stream().filter(e -> e.receivers() > 0).toList();
    for (int i = 0; i < received.size(); i++) {
      charts.add(funnel(received.get(i), "funnel-" + i));
    }
    // Messages people can dismiss: dismissed at least once, or of a format others dismiss.
    List<EngagementItem> dismissible =
        view.engagement().stream()
            .filter(
                e ->
                    e.dismissRateValue() != null
                        && (e.dismissers() > 0
                            || (e.dismissBaselineValue() != null && e.dismissBaselineValue() > 0)))
            .toList();
    if (!dismissible.isEmpty()) {
      charts.add(dismissals(dismissible, "dismissals"));
    }
    List<ForestRow> compared = forestRows(view.experiments());
    if (!compared.isEmpty()) {
      charts.add(experiments(compared, "experiments"));
    }
    return charts;
  }

  /** One line of the forest plot: a message's metric with its lift and interval, in percent. */
  record ForestRow(String label, String tone, double lift, double low, double high) {}

  /** The metrics whose arms were compared (a lift with an interval), in the section's order. */
  static List<ForestRow> forestRows(List<ExperimentItem> experiments) {
    List<ForestRow> rows = new ArrayList<>();
    for (ExperimentItem e : experiments) {
      for (ExperimentMetric m : e.metrics()) {
        if (m.liftValue() != null && m.lowValue() != null && m.highValue() != null) {
          rows.add(
              new ForestRow(
                  shorten(e.messageName(), 30) + " · " + m.metricLabel(),
                  m.tone(),
                  100 * m.liftValue(),
                  100 * m.lowValue(),
                  100 * m.highValue()));
        }
      }
    }
    return rows;
  }

  /**
   * A forest plot: each holdout metric's lift (dot) and always-valid 95% interval (bar), one line
   * each, against a line at zero; green where it helps, red where it harms.
   */
  static Chart experiments(List<ForestRow> rows, String id) {
    Map<String, XIntervalSeries> byTone = new LinkedHashMap<>();
    for (String tone : List.of("good", "bad", "neutral")) {
      byTone.put(tone, new XIntervalSeries(tone));
    }
    String[] labels = new String[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      ForestRow r = rows.get(i);
      labels[i] = r.label();
      byTone.getOrDefault(r.tone(), byTone.get("neutral")).add(r.lift(), r.low(), r.high(), i);
    }
    XIntervalSeriesCollection data = new XIntervalSeriesCollection();
    byTone.values().forEach(data::addSeries);
    NumberAxis lift = new NumberAxis("lift, treatment against the held-out group (%)");
    lift.setAutoRangeIncludesZero(true);
    SymbolAxis names = new SymbolAxis(null, labels);
    names.setInverted(true);
    names.setGridBandsVisible(false);
    XYErrorRenderer marks = new XYErrorRenderer();
    marks.setDrawYError(false);
    marks.setCapLength(6);
    marks.setErrorStroke(new BasicStroke(2f));
    marks.setDefaultLinesVisible(false);
    Color[] tones = {FOREST_GOOD, FOREST_BAD, FOREST_NEUTRAL};
    for (int s = 0; s < tones.length; s++) {
      marks.setSeriesPaint(s, tones[s]);
      marks.setSeriesShape(s, new java.awt.geom.Ellipse2D.Double(-4, -4, 8, 8));
      marks.setSeriesShapesVisible(s, true);
    }
    // x is the lift (its interval drawn as a horizontal bar), y the line of each metric.
    XYPlot plot = new XYPlot(data, lift, names, marks);
    style(plot);
    plot.getDomainAxis().setLabelFont(LABEL_FONT);
    ValueMarker zero = new ValueMarker(0);
    zero.setPaint(BASELINE);
    zero.setStroke(new BasicStroke(1.2f));
    plot.addDomainMarker(zero);
    String title = "Holdout lifts with their always-valid 95% intervals";
    JFreeChart chart = chart(title, plot, false);
    return render(
        chart,
        id,
        title,
        "Each line is a holdout message's metric: the dot is the lift of the people assigned to"
            + " see it over the people held out, the bar its always-valid 95% interval; a bar"
            + " that crosses the black line at 0 shows no clear effect.",
        900,
        90 + 30 * rows.size());
  }

  /** Daily inbound tickets on a topic, with a dashed line and the message's name at each launch. */
  static Chart tickets(TopicSeries series, String id) {
    TimeSeries perDay = new TimeSeries("tickets a day");
    for (int i = 0; i < series.days().size(); i++) {
      LocalDate d = series.days().get(i);
      perDay.add(
          new Day(d.getDayOfMonth(), d.getMonthValue(), d.getYear()), series.tickets().get(i));
    }
    DateAxis time = new DateAxis();
    time.setTimeZone(java.util.TimeZone.getTimeZone(ZoneOffset.UTC));
    time.setDateFormatOverride(new java.text.SimpleDateFormat("MMM d", Locale.ROOT));
    NumberAxis count = new NumberAxis("tickets a day");
    count.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
    line.setSeriesPaint(0, TICKETS);
    line.setSeriesStroke(0, new BasicStroke(1.6f));
    XYPlot plot =
        new XYPlot(
            new TimeSeriesCollection(perDay, java.util.TimeZone.getTimeZone(ZoneOffset.UTC)),
            time,
            count,
            line);
    style(plot);
    long first = series.days().isEmpty() ? 0 : epochMillis(series.days().get(0));
    long last =
        series.days().isEmpty() ? 1 : epochMillis(series.days().get(series.days().size() - 1));
    for (int i = 0; i < series.launches().size(); i++) {
      Launch launch = series.launches().get(i);
      long at = epochMillis(launch.day());
      ValueMarker marker = new ValueMarker(at);
      marker.setPaint(LAUNCH);
      marker.setStroke(
          new BasicStroke(
              2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 3f}, 0f));
      marker.setLabel(shorten(launch.messageName(), 34) + " live");
      marker.setLabelFont(LABEL_FONT);
      marker.setLabelPaint(LAUNCH);
      marker.setLabelBackgroundColor(new Color(255, 255, 255, 230));
      // Labels of launches in the right half of the chart go to the left of their line, so they
      // stay inside.
      boolean rightHalf = at - first > (last - first) / 2;
      marker.setLabelAnchor(rightHalf ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT);
      marker.setLabelTextAnchor(rightHalf ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
      marker.setLabelOffset(new RectangleInsets(4 + 15 * i, 4, 4, 4));
      plot.addDomainMarker(marker);
    }
    String title = "Tickets on \u201c" + series.topic() + "\u201d";
    JFreeChart chart = chart(title, plot, false);
    return render(
        chart,
        id,
        title,
        "Inbound conversations a day on \u201c"
            + series.topic()
            + "\u201d; the dashed lines mark launches.",
        620,
        260);
  }

  /** People at each step of one message's funnel, with the share of receivers on each bar. */
  static Chart funnel(EngagementItem m, String id) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    data.addValue(m.receivers(), "people", "received");
    data.addValue(m.viewers(), "people", "viewed");
    boolean replies = m.repliers() > 0 || "chat".equals(m.type());
    boolean completes = m.completers() > 0 || COMPLETION_FORMATS.contains(m.type());
    if (m.clickers() > 0 || !(replies || completes)) {
      data.addValue(m.clickers(), "people", "clicked");
    }
    if (replies) {
      data.addValue(m.repliers(), "people", "replied");
    }
    if (completes) {
      data.addValue(m.completers(), "people", "completed");
    }
    CategoryAxis steps = new CategoryAxis();
    NumberAxis people = new NumberAxis();
    people.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    people.setUpperMargin(0.3);
    // Each bar carries its count and share: an axis would only repeat them.
    people.setVisible(false);
    BarRenderer bars = new FunnelRenderer(data.getColumnCount());
    bars.setBarPainter(new StandardBarPainter());
    bars.setShadowVisible(false);
    bars.setMaximumBarWidth(0.7);
    long receivers = m.receivers();
    bars.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator(
            "{2}", NumberFormat.getIntegerInstance(Locale.ROOT)) {
          @Override
          public String generateLabel(
              org.jfree.data.category.CategoryDataset dataset, int row, int column) {
            Number v = dataset.getValue(row, column);
            String n = NumberFormat.getIntegerInstance(Locale.ROOT).format(v);
            return column == 0 || receivers == 0
                ? n
                : n
                    + " ("
                    + new DecimalFormat("0.#").format(100.0 * v.longValue() / receivers)
                    + "%)";
          }
        });
    labelsRightOfBars(bars);
    bars.setDefaultItemLabelPaint(INK);
    CategoryPlot plot = new CategoryPlot(data, steps, people, bars);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    style(plot);
    String title = shorten(m.messageName(), 40);
    JFreeChart chart = chart(title, plot, false);
    chart.addSubtitle(new TextTitle(m.type() + " · people over the metrics window", LABEL_FONT));
    return render(
        chart,
        id,
        "Funnel: " + m.messageName(),
        "Distinct people at each step of the message, with their share of the people who received"
            + " it.",
        400,
        190);
  }

  /** Each message's dismissal rate (bar) against the median of its format (black tick). */
  static Chart dismissals(List<EngagementItem> messages, String id) {
    DefaultCategoryDataset rate = new DefaultCategoryDataset();
    DefaultCategoryDataset baseline = new DefaultCategoryDataset();
    for (EngagementItem m : messages) {
      String label = shorten(m.messageName(), 32) + " (" + m.type() + ")";
      rate.addValue(100 * m.dismissRateValue(), "dismissal rate", label);
      baseline.addValue(
          m.dismissBaselineValue() == null ? null : 100 * m.dismissBaselineValue(),
          "format median",
          label);
    }
    CategoryAxis names = new CategoryAxis();
    names.setMaximumCategoryLabelWidthRatio(0.45f);
    NumberAxis percent = new NumberAxis("% of viewers who dismissed it");
    percent.setUpperMargin(0.15);
    BarRenderer bars = new BarRenderer();
    bars.setBarPainter(new StandardBarPainter());
    bars.setShadowVisible(false);
    bars.setSeriesPaint(0, DISMISS);
    bars.setMaximumBarWidth(0.6);
    bars.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator("{2}%", new DecimalFormat("0.0")));
    labelsRightOfBars(bars);
    LineAndShapeRenderer ticks = new LineAndShapeRenderer(false, true);
    ticks.setSeriesPaint(0, BASELINE);
    ticks.setSeriesShape(0, new Rectangle2D.Double(-1.5, -9, 3, 18));
    CategoryPlot plot = new CategoryPlot(rate, names, percent, bars);
    plot.setDataset(1, baseline);
    plot.setRenderer(1, ticks);
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
    style(plot);
    String title = "Dismissal rate against the format's median";
    JFreeChart chart = chart(title, plot, true);
    int height = 90 + 30 * messages.size();
    return render(
        chart,
        id,
        title,
        "Share of viewers who dismissed each message over the metrics window; the black tick is the"
            + " median of its format.",
        900,
        height);
  }

  private static void labelsRightOfBars(BarRenderer bars) {
    bars.setDefaultItemLabelsVisible(true);
    bars.setDefaultItemLabelFont(LABEL_FONT);
    bars.setDefaultPositiveItemLabelPosition(
        new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
    bars.setItemLabelAnchorOffset(4);
  }

  /** A funnel's bars darken step by step. */
  private static final class FunnelRenderer extends BarRenderer {
    private final int steps;

    FunnelRenderer(int steps) {
      this.steps = steps;
    }

    @Override
    public java.awt.Paint getItemPaint(int row, int column) {
      return FUNNEL[Math.min(FUNNEL.length - 1, column * FUNNEL.length / Math.max(1, steps))];
    }
  }

  private static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot, boolean legend) {
    JFreeChart chart = new JFreeChart(title, TITLE_FONT, plot, legend);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setPadding(new RectangleInsets(4, 6, 4, 18));
    chart.getTitle().setPaint(INK);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    if (legend) {
      chart.getLegend().setItemFont(LABEL_FONT);
      chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
    }
    return chart;
  }

  private static void style(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlineVisible(false);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    plot.getDomainAxis().setTickLabelFont(LABEL_FONT);
    plot.getRangeAxis().setTickLabelFont(LABEL_FONT);
    plot.getRangeAxis().setLabelFont(LABEL_FONT);
  }

  private static void style(CategoryPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlineVisible(false);
    plot.setRangeGridlinePaint(GRID);
    plot.getDomainAxis().setTickLabelFont(LABEL_FONT);
    plot.getRangeAxis().setTickLabelFont(LABEL_FONT);
    plot.getRangeAxis().setLabelFont(LABEL_FONT);
  }

  private static Chart render(
      JFreeChart chart, String id, String title, String caption, int width, int height) {
    SVGGraphics2D svg = new SVGGraphics2D(width, height);
    // Several charts share one page: their clip paths and gradients need ids of their own.
    svg.setDefsKeyPrefix(id + "-");
    chart.draw(svg, new Rectangle(0, 0, width, height));
    String element = svg.getSVGElement(id, false, new ViewBox(0, 0, width, height), null, null);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(png, chart, width, height);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot render chart " + id + " as PNG", e);
    }
    return new Chart(id, title, caption, element, png.toByteArray(), width, height);
  }

  private static long epochMillis(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
