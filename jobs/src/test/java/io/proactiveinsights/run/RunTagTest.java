package io.proactiveinsights.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RunTagTest {

  private static final LocalDate D = LocalDate.parse("2024-04-30");

  @Test
  void aTagReadsBackFromItsCommitMetadata() {
    RunTag run = RunTag.start("pipeline", D, Instant.parse("2024-05-01T03:15:00Z"));
    RunTag undo = RunTag.rollback(run.runId(), D, Instant.parse("2024-05-01T04:00:00Z"));

    assertThat(run.runId()).matches("20240501T031500Z-[0-9a-f]{6}");
    assertThat(RunTag.parse(run.toJson())).contains(run);
    assertThat(RunTag.parse(undo.toJson())).contains(undo);
    assertThat(undo.isRollback()).isTrue();
    assertThat(undo.job()).isEqualTo(RunTag.ROLLBACK);
  }

  @Test
  void twoRunsStartedInTheSameSecondGetDifferentIds() {
    Instant now = Instant.parse("2024-05-01T03:15:00Z");
    assertThat(RunTag.start("metrics", D, now).runId())
        .isNotEqualTo(RunTag.start("metrics", D, now).runId());
  }

  @Test
  void metadataThatIsNotARunTagIsNoRun() {
    assertThat(RunTag.parse(null)).isEmpty();
    assertThat(RunTag.parse("nightly fix by ana")).isEmpty();
    assertThat(RunTag.parse("{\"ticket\": \"OPS-12\"}")).isEmpty();
    assertThat(RunTag.parse("{\"run_id\": \"x\", \"ds\": \"not a date\", \"job\": \"j\"}"))
        .isEmpty();
  }
}
