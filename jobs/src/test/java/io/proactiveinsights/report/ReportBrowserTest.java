package io.proactiveinsights.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens report.html as a reader would: headless Chromium loads the page from disk with the network
 * off, takes a full-page screenshot (kept in {@code target/report-browser/report.png} to look at)
 * and dumps the DOM it built. Asserts that nothing logged to the console, that every chart is an
 * inline SVG with drawn marks, and that the charts' own colours show up on the screenshot. Skipped
 * only where Debian's chromium is not installed; CI installs it.
 */
class ReportBrowserTest {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SHOTS = Path.of("target", "report-browser");

  @TempDir static Path tmp;

  private static Path page;

  @BeforeAll
  static void writeReport() {
    Path folder = tmp.resolve("reports").resolve("ds=" + ReportFixtures.DS);
    ReportJob.Rendered rendered = ReportRenderTest.rendered();
    try {
      ReportJob.publish(
          FileSystem.getLocal(new Configuration()),
          new org.apache.hadoop.fs.Path(folder.toUri()),
          java.util.Map.of(ReportJob.HTML, rendered.html()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    page = folder.resolve(ReportJob.HTML);
  }

  @Test
  void pageLoadsWithoutConsoleErrorsAndShowsEveryChart() throws Exception {
    assumeChromium();
    Files.createDirectories(SHOTS);
    Path shot = SHOTS.resolve("report.png").toAbsolutePath();
    Files.deleteIfExists(shot);

    Run screenshot =
        chromium(page, "--screenshot=" + shot, "--window-size=1280,6000", "--hide-scrollbars");
    assertThat(screenshot.exitCode()).as("chromium stderr:%n%s", screenshot.err()).isZero();
    assertThat(consoleMessages(screenshot.err())).isEmpty();
    assertThat(shot).exists();

    BufferedImage image = ImageIO.read(shot.toFile());
    assertThat(image.getWidth()).isEqualTo(1280);
    // The charts' colours on screen: funnel bars, dismissal bars, launch markers.
    assertThat(pixelsNear(image, ReportCharts.FUNNEL[0], 6)).isGreaterThan(500);
    assertThat(pixelsNear(image, ReportCharts.DISMISS, 6)).isGreaterThan(500);
    // Thin lines are anti-aliased when the SVG scales: their colour is matched loosely.
    assertThat(pixelsNear(image, ReportCharts.LAUNCH, 24)).isGreaterThan(50);
    assertThat(pixelsNear(image, ReportCharts.TICKETS, 24)).isGreaterThan(200);

    Run dom = chromium(page, "--dump-dom");
    assertThat(dom.exitCode()).isZero();
    List<String> svgs = svgElements(dom.out());
    assertThat(svgs).hasSize(ReportRenderTest.rendered().charts());
    for (String svg : svgs) {
      assertThat(count(svg, "<path") + count(svg, "<line") + count(svg, "<rect"))
          .as("marks in %s", svg.substring(0, 40))
          .isGreaterThan(10);
      assertThat(svg).contains("<text");
    }
    assertThat(dom.out())
        .contains("What to do")
        .contains("Which messages deflect tickets")
        .contains("Data quality of this run");
    assertThat(dom.out()).doesNotContain("<script");
  }

  @Test
  void theConsoleCheckSeesAnError() throws Exception {
    assumeChromium();
    Path broken = tmp.resolve("broken.html");
    Files.writeString(
        broken,
        "<!DOCTYPE html><html><body><p>x</p><script>console.error('boom');"
            + " undefinedFunction();</script></body></html>");
    Run run = chromium(broken, "--dump-dom");
    assertThat(consoleMessages(run.err())).anySatisfy(line -> assertThat(line).contains("boom"));
    assertThat(consoleMessages(run.err()))
        .anySatisfy(line -> assertThat(line).contains("Uncaught"));
  }

  private static void assumeChromium() {
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        "Skipping the browser test: "
            + CHROMIUM
            + " is not installed (apt-get install -y chromium; .ci/run installs it)");
  }

  record Run(int exitCode, String out, String err) {}

  static Run chromium(Path file, String... extra) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(tmp, "chromium-profile");
    List<String> command =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--enable-logging=stderr",
                "--v=0"));
    command.addAll(List.of(extra));
    command.add(file.toUri().toString());
    Path out = tmp.resolve("chromium-" + System.nanoTime() + ".out");
    Path err = tmp.resolve("chromium-" + System.nanoTime() + ".err");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s: " + command);
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Chromium's log lines for what the page wrote to the console, including uncaught errors. */
  static List<String> consoleMessages(String stderr) {
    return stderr.lines().filter(l -> l.contains("CONSOLE") || l.contains("Uncaught")).toList();
  }

  private static List<String> svgElements(String dom) {
    List<String> svgs = new ArrayList<>();
    Matcher m = Pattern.compile("<svg[\\s\\S]*?</svg>").matcher(dom);
    while (m.find()) {
      svgs.add(m.group());
    }
    return svgs;
  }

  private static int pixelsNear(BufferedImage image, Color colour, int tolerance) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        if (Math.abs(((rgb >> 16) & 0xff) - colour.getRed()) <= tolerance
            && Math.abs(((rgb >> 8) & 0xff) - colour.getGreen()) <= tolerance
            && Math.abs((rgb & 0xff) - colour.getBlue()) <= tolerance) {
          n++;
        }
      }
    }
    return n;
  }

  private static int count(String text, String needle) {
    return ReportRenderTest.count(text, needle);
  }
}
