package io.proactiveinsights.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.proactiveinsights.stats.VariantComparison.Reading;
import io.proactiveinsights.stats.VariantComparison.Variant;
import java.util.List;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A/B variants against their reference: golden values from R, and a seeded simulation of the
 * fixed-horizon test's error rate and the interval's coverage.
 */
class VariantComparisonTest {

  /**
   * Golden values from R 4.2.2 (Debian r-base-core, {@code Rscript}), for a variant with x1 of n1
   * against a reference with x2 of n2: {@code p1 <- x1/n1; p2 <- x2/n2; se <- sqrt(p1*(1-p1)/n1 +
   * p2*(1-p2)/n2); (p1-p2) + c(-1, 1) * qnorm(0.975) * se} for the unpooled Wald interval, and
   * {@code prop.test(c(x1, x2), c(n1, n2), correct = FALSE)$p.value} for the pooled p-value,
   * printed with {@code sprintf("%.12f")} / {@code "%.12g"}.
   */
  @ParameterizedTest(name = "{0} of {1} against {2} of {3}")
  @CsvSource({
    // x1, n1, x2, n2, ci low, ci high, p-value
    "121, 1000, 98, 1000, -0.004352208551, 0.050352208551, 0.0995617737858",
    "30, 240, 45, 260, -0.110248133400, 0.014094287246, 0.132544783779",
    "7, 50, 7, 50, -0.136016416952, 0.136016416952, 1",
    "0, 80, 4, 120, -0.065450351120, -0.001216315547, 0.0990304652963",
    "512, 4000, 455, 4100, 0.002895317181, 0.031153463307, 0.0181481901445",
  })
  void aVariantAgainstTheReferenceMatchesR(
      long x1, long n1, long x2, long n2, double low, double high, double p) {
    // The reference has more receivers than the variant, so it is the one compared against.
    Variant variant = new Variant("b", 10, n1, x1);
    Variant reference = new Variant("a", 20, n2, x2);

    List<Reading> readings = VariantComparison.compare(List.of(variant, reference));

    assertThat(readings.get(1).reference()).isTrue();
    assertThat(readings.get(1).vsReference()).isNull();
    ProportionDifference d = readings.get(0).vsReference();
    assertThat(d.difference()).isCloseTo((double) x1 / n1 - (double) x2 / n2, within(1e-15));
    assertThat(d.low()).isCloseTo(low, within(1e-9));
    assertThat(d.high()).isCloseTo(high, within(1e-9));
    assertThat(d.pValue()).isCloseTo(p, within(Math.max(1e-12, p * 1e-6)));
  }

  @Test
  void theReferenceHasTheMostReceiversAndTiesGoToTheSmallestId() {
    assertThat(
            VariantComparison.reference(
                    List.of(new Variant("c", 90, 50, 5), new Variant("b", 120, 60, 6)))
                .id())
        .isEqualTo("b");
    assertThat(
            VariantComparison.reference(
                    List.of(new Variant("c", 100, 50, 5), new Variant("b", 100, 60, 6)))
                .id())
        .isEqualTo("b");
  }

  @Test
  void aVariantNobodyViewedHasNoRateAndNoDifference() {
    List<Reading> readings =
        VariantComparison.compare(List.of(new Variant("a", 100, 40, 4), new Variant("b", 3, 0, 0)));
    assertThat(readings.get(1).variant().rate()).isNull();
    assertThat(readings.get(1).vsReference()).isNull();
  }

  @Test
  void countsThatCannotBeAreRefusedNamingTheVariant() {
    assertThatThrownBy(() -> new Variant("b", 10, 5, 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("variant b")
        .hasMessageContaining("successes 6");
  }

  /**
   * 4,000 seeded A/B tests (Well19937c, seed 20261205) of 2,000 people per variant, each read once
   * at the end. With equal true rates (10% and 10%) the test says "different" at alpha 0.05 in 191
   * of 4,000 (4.78%); with unequal rates (12% against 10%) the 95% interval holds the true
   * difference of 2 points in 3,789 of 4,000 (94.7%). The bounds [0.035, 0.065] and [0.93, 0.97]
   * lie 4.3 and 5.8 binomial standard errors (0.0034 at 4,000 draws) from the nominal 5% and 95%,
   * so they fail for a wrong test, not for an unlucky seed. The whole simulation takes about a
   * second.
   */
  @Test
  void readOnceTheTestHoldsItsErrorRateAndItsIntervalCoversTheTruth() {
    int draws = 4_000;
    int people = 2_000;
    RandomGenerator random = new Well19937c(20261205L);

    int falsePositives = 0;
    for (int i = 0; i < draws; i++) {
      if (oneTest(random, people, 0.10, 0.10).pValue() < 0.05) {
        falsePositives++;
      }
    }
    int covered = 0;
    for (int i = 0; i < draws; i++) {
      ProportionDifference d = oneTest(random, people, 0.12, 0.10);
      if (d.low() <= 0.02 && 0.02 <= d.high()) {
        covered++;
      }
    }

    assertThat((double) falsePositives / draws).as("false positives").isBetween(0.035, 0.065);
    assertThat((double) covered / draws).as("coverage").isBetween(0.93, 0.97);
  }

  /** Variant "b" at rate pB against reference "a" at rate pA, people each. */
  private static ProportionDifference oneTest(
      RandomGenerator random, int people, double pB, double pA) {
    int a = new BinomialDistribution(random, people, pA).sample();
    int b = new BinomialDistribution(random, people, pB).sample();
    return VariantComparison.compare(
            List.of(new Variant("a", people, people, a), new Variant("b", people, people, b)))
        .get(1)
        .vsReference();
  }
}
