package io.proactiveinsights.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HowSureTest {

  private static String describe(String json) {
    return HowSure.describe(json, "m_x", "PAUSE");
  }

  @Test
  void sharesReadAsPercentagesWithTheIntervalAndTheReference() {
    assertThat(
            describe(
                "{\"estimate\":0.41,\"ci_low\":0.37,\"ci_high\":0.45,\"reference\":\"median of 3"
                    + " other product tours\",\"reference_value\":0.6}"))
        .isEqualTo("41% (95% CI 37–45%) vs 60%, median of 3 other product tours");
    // Under 10%, one decimal, as everywhere in the jobs' sentences.
    assertThat(
            describe(
                "{\"estimate\":0.047,\"ci_low\":0.035,\"ci_high\":0.06,\"reference_value\":0.12}"))
        .isEqualTo("4.7% (95% CI 3.5–6.0%) vs 12%");
    assertThat(
            describe(
                "{\"estimate\":0.82,\"ci_low\":0.78,\"ci_high\":0.85,\"reference\":\"absolute guard"
                    + " rail\",\"reference_value\":0.5}"))
        .isEqualTo("82% (95% CI 78–85%) vs 50%, absolute guard rail");
  }

  @Test
  void otherNumbersStayNumbersAndNegativeBoundsAreJoinedWithTo() {
    // A CSAT difference: negative, so not a share.
    assertThat(
            describe(
                "{\"estimate\":-0.6,\"ci_low\":-0.9,\"ci_high\":-0.3,\"reference\":\"no"
                    + " difference\",\"reference_value\":0}"))
        .isEqualTo("-0.6 (95% CI -0.9 to -0.3) vs 0, no difference");
    // A mean rating and days.
    assertThat(
            describe(
                "{\"estimate\":3.25,\"reference\":\"the rest on sso\",\"reference_value\":4.1}"))
        .isEqualTo("3.25 vs 4.1, the rest on sso");
    assertThat(
            describe(
                "{\"estimate\":213,\"reference_value\":90,\"reference\":\"review interval"
                    + " (days)\"}"))
        .isEqualTo("213 vs 90, review interval (days)");
    // The unit, when the evidence gives it, wins over the guess: a rate ratio of 0.7 is not 70%.
    assertThat(
            describe(
                "{\"estimate\":0.7,\"ci_low\":0.5,\"ci_high\":0.9,\"reference_value\":1,\"unit\":\"ratio\"}"))
        .isEqualTo("0.7 (95% CI 0.5–0.9) vs 1");
    assertThat(describe("{\"estimate\":0.25,\"unit\":\"share\"}")).isEqualTo("25%");
  }

  @Test
  void relativeChangesReadAsSignedPercentages() {
    assertThat(
            describe(
                "{\"estimate\":-0.02,\"ci_low\":-0.08,\"ci_high\":0.05,\"reference\":\"the"
                    + " held-out control group\",\"unit\":\"change\"}"))
        .isEqualTo("-2% (95% CI -8% to +5%) vs the held-out control group");
    assertThat(describe("{\"ci_low\":0.06,\"ci_high\":0.31,\"unit\":\"change\"}"))
        .isEqualTo("95% CI +6% to +31%");
    assertThat(describe("{\"reference\":\"the held-out control group\",\"unit\":\"change\"}"))
        .isEqualTo("Compared with the held-out control group");
  }

  @Test
  void saysWhatIsThereWhenKeysAreMissing() {
    assertThat(describe("{\"estimate\":0.41}")).isEqualTo("41%");
    assertThat(describe("{\"estimate\":0.41,\"ci_low\":0.37}")).isEqualTo("41%");
    assertThat(describe("{\"ci_low\":0.37,\"ci_high\":0.45}")).isEqualTo("95% CI 37–45%");
    assertThat(describe("{\"reference\":\"absolute guard rail\"}"))
        .isEqualTo("Compared with absolute guard rail");
    assertThat(describe("{\"reference_value\":0.5}")).isEqualTo("Compared with 50%");
    assertThat(describe("{\"estimate\":0.41,\"reference\":\"median of 3 other banners\"}"))
        .isEqualTo("41% vs median of 3 other banners");
    // Older evidence: none of the keys, or not numbers where numbers belong.
    assertThat(describe("{\"flag\":\"LOW_CTR\",\"ctr\":0.03}")).isEmpty();
    assertThat(describe("{\"estimate\":\"high\",\"ci_low\":null,\"reference\":7}")).isEmpty();
    assertThat(describe("{}")).isEmpty();
    assertThat(describe("")).isEmpty();
    assertThat(describe(null)).isEmpty();
  }

  @Test
  void evidenceThatIsNotJsonIsAClearError() {
    assertThatThrownBy(() -> describe("{estimate: 0.4"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "Cannot read the evidence of recommendation PAUSE for m_x: it is not JSON")
        .hasMessageContaining("rerun `proactive recommendations`");
  }
}
