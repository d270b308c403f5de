package io.proactiveinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class BackfillTest {

  @Test
  void exactlyOneOfDsAndARangeIsAccepted() {
    CliRun both =
        CliRun.run("pipeline", "--ds", "2024-04-30", "--from", "2024-04-29", "--to", "2024-04-30");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("mutually exclusive");
    assertThat(both.summary().get("status").asText()).isEqualTo("usage_error");

    CliRun neither = CliRun.run("pipeline");
    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(neither.err()).contains("--ds").contains("--from");

    CliRun halfARange = CliRun.run("pipeline", "--from", "2024-04-29");
    assertThat(halfARange.exitCode()).isEqualTo(2);
    assertThat(halfARange.err()).contains("--to");

    CliRun backwards = CliRun.run("pipeline", "--from", "2024-04-30", "--to", "2024-04-29");
    assertThat(backwards.exitCode()).isEqualTo(2);
    assertThat(backwards.err())
        .contains("Cannot backfill: --from 2024-04-30 is after --to 2024-04-29");
  }

  @Test
  void daysAreListedInEitherOrder() {
    LocalDate may1 = LocalDate.parse("2024-05-01");
    assertThat(Backfill.days(may1, may1.plusDays(2), false))
        .containsExactly(may1, may1.plusDays(1), may1.plusDays(2));
    assertThat(Backfill.days(may1, may1.plusDays(2), true))
        .containsExactly(may1.plusDays(2), may1.plusDays(1), may1);
    assertThat(Backfill.days(may1, may1, true)).containsExactly(may1);
  }
}
