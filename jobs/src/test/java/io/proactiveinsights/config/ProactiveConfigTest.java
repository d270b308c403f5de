package io.proactiveinsights.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proactiveinsights.errors.ProactiveException.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the config from real files: both key forms, unknown keys, values out of range. */
class ProactiveConfigTest {

  @TempDir Path tmp;

  private Path conf(String text) throws IOException {
    return Files.writeString(tmp.resolve("my.conf"), text);
  }

  @Test
  void keysWithoutThePrefixAreAppliedAndMergeWithPrefixedOnesInOneFile() throws IOException {
    ProactiveConfig config =
        ProactiveConfig.load(
            conf(
                """
                metrics.window_days = 35
                hygiene { review_interval_days = 60 }
                proactive.ingest.lookback_days = 90
                proactive { impact.min_tickets = 20 }
                """));

    assertThat(config.metrics().metricsWindowDays()).isEqualTo(35);
    assertThat(config.hygiene().reviewIntervalDays()).isEqualTo(60);
    assertThat(config.ingest().lookbackDays()).isEqualTo(90);
    assertThat(config.impact().minTickets()).isEqualTo(20);
    assertThat(config.metrics().goalWindowDays()).as("a default left alone").isEqualTo(7);
  }

  @Test
  void anUnknownKeyIsBadUsageNamingTheKeyTheFileTheLineAndTheNearestKnownKey() throws IOException {
    Path file =
        conf(
            """
            # my overrides
            metrics.window_day = 14
            proactive.hygeine.review_interval_days = 60
            """);

    assertThatThrownBy(() -> ProactiveConfig.load(file))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("Cannot load config " + file + ": ")
        .hasMessageContaining(
            "unknown key metrics.window_day (line 2) (did you mean metrics.window_days?)")
        .hasMessageContaining(
            "unknown key proactive.hygeine.review_interval_days (line 3) (did you mean"
                + " proactive.hygiene.review_interval_days?)");
  }

  @Test
  void anUnknownSectionOrAnEmptyOneIsNamedToo() throws IOException {
    assertThatThrownBy(() -> ProactiveConfig.load(conf("metric {}\nhygiene {}\n")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("unknown key metric (line 1)")
        .hasMessageNotContaining("unknown key hygiene");
  }

  @Test
  void anOutOfRangeValueWithoutThePrefixStillFailsFast() throws IOException {
    Path file = conf("metrics.window_days = -1\n");

    assertThatThrownBy(() -> ProactiveConfig.load(file))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "Cannot load config "
                + file
                + ": proactive.metrics.window_days must be between 1 and ingest.lookback_days"
                + " (120), since ingest keeps only that much history (got -1)");
  }

  @Test
  void oneKeyGivenWithAndWithoutThePrefixIsRefused() throws IOException {
    Path file = conf("proactive.metrics.window_days = 14\nmetrics.window_days = 21\n");

    assertThatThrownBy(() -> ProactiveConfig.load(file))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(
            "metrics.window_days is set twice, as proactive.metrics.window_days (line 1) and as"
                + " metrics.window_days (line 2) (keep one)");
  }

  @Test
  void theFreeFormMapsTakeAnyKeyInEitherForm() throws IOException {
    ProactiveConfig config =
        ProactiveConfig.load(
            conf(
                """
                spark.extra { "spark.driver.memory" = "4g" }
                proactive.maintain.zorder_by { bronze_users = "user_id" }
                recommend.format_alternatives.survey = ["chat"]
                """));

    assertThat(config.spark().extra()).containsEntry("spark.driver.memory", "4g");
    assertThat(config.maintain().zorderBy()).containsEntry("bronze_users", "user_id");
    assertThat(config.recommend().formatAlternatives()).containsEntry("survey", List.of("chat"));
  }

  @Test
  void anIncludedFileKeepsWorkingAndItsKeysAreCheckedToo() throws IOException {
    Path base =
        Files.writeString(tmp.resolve("base.conf"), "proactive.spark.master = \"local[2]\"\n");
    Path file = conf("include file(\"" + base + "\")\nspark.log_level = \"ERROR\"\n");

    ProactiveConfig config = ProactiveConfig.load(file);
    assertThat(config.spark().master()).isEqualTo("local[2]");
    assertThat(config.spark().logLevel()).isEqualTo("ERROR");

    Files.writeString(base, "spark.mastr = \"local[2]\"\n");
    assertThatThrownBy(() -> ProactiveConfig.load(file))
        .hasMessageContaining(
            "unknown key spark.mastr (line 1 of " + base + ") (did you mean spark.master?)");
  }

  @Test
  void systemPropertiesAreCheckedUnderTheKnownSectionsOnly() {
    Properties applied = new Properties();
    applied.setProperty("proactive.metrics.window_days", "35");
    // The proactive. namespace is shared with the build: Maven passes -Dproactive.test.jvm.
    applied.setProperty("proactive.test.jvm", "-Xmx2g");
    applied.setProperty("spark.master", "yarn");
    assertThat(ProactiveConfig.load(null, applied).metrics().metricsWindowDays()).isEqualTo(35);

    Properties misspelled = new Properties();
    misspelled.setProperty("proactive.metrics.windowdays", "35");
    assertThatThrownBy(() -> ProactiveConfig.load(null, misspelled))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "Cannot load config: unknown system property -Dproactive.metrics.windowdays (did you"
                + " mean -Dproactive.metrics.window_days?)");
  }

  /**
   * Every HOCON example of the docs, written to a file and loaded as {@code --conf}: each is
   * exactly what works.
   */
  @Test
  void everyConfExampleInTheDocsLoads() throws IOException {
    List<String> examples = new ArrayList<>();
    for (Path doc : List.of(Path.of("../README.md"), Path.of("../docs/configuration.md"))) {
      Matcher block =
          Pattern.compile("```hocon\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(doc));
      while (block.find()) {
        examples.add(block.group(1));
      }
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(2);
    for (String example : examples) {
      ProactiveConfig config = ProactiveConfig.load(conf(example));
      assertThat(config).as(example).isNotEqualTo(ProactiveConfig.defaults());
    }
  }
}
