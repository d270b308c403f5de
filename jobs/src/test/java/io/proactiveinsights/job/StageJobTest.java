package io.proactiveinsights.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.metrics.MetricsJob;
import io.proactiveinsights.run.RunDate;
import io.proactiveinsights.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageJobTest {

  @TempDir Path tmp;

  @Test
  void aRunThatFailsLeavesNoSparkJobGroupBehind() {
    MetricsJob job =
        new MetricsJob(
            SharedSpark.session(),
            SharedSpark.config(),
            new Warehouse(tmp.resolve("empty").toString()));

    assertThatThrownBy(() -> job.run(RunDate.of(LocalDate.parse("2024-04-30"))))
        .isInstanceOf(UsageException.class);

    assertThat(SharedSpark.session().sparkContext().getLocalProperty("spark.jobGroup.id")).isNull();
  }
}
