package io.proactiveinsights.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumbersTest {

  @Test
  void aShareInASentenceIsWholeFromTenPercentAndInATableAlwaysOneDecimal() {
    assertThat(Numbers.pct(0.62)).isEqualTo("62%");
    assertThat(Numbers.pct(0.047)).isEqualTo("4.7%");
    assertThat(Numbers.pct(null)).isEqualTo("n/a");
    assertThat(Numbers.pctCell(0.62)).isEqualTo("62.0%");
    assertThat(Numbers.pctCell(0.047)).isEqualTo("4.7%");
    assertThat(Numbers.pctCell(null)).isEqualTo("–");
  }

  @Test
  void intervalsWriteThePercentSignOnce() {
    assertThat(Numbers.interval(0.37, 0.45)).isEqualTo("95% CI 37–45%");
    assertThat(Numbers.pctRange(0.035, 0.06)).isEqualTo("3.5–6.0%");
    assertThat(Numbers.interval(null, 0.45)).isEqualTo("95% CI n/a–45%");
  }

  @Test
  void plainNumbersKeepTwoDecimalsAtMost() {
    assertThat(Numbers.plain(0.125)).isEqualTo("0.13");
    assertThat(Numbers.plain(1.0)).isEqualTo("1");
    assertThat(Numbers.plain(12.34)).isEqualTo("12.3");
    assertThat(Numbers.plain(18549)).isEqualTo("18,549");
  }
}
