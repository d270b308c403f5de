package io.proactiveinsights.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Benjamini–Hochberg q-values: p-values adjusted for the false discovery rate across all tests of a
 * run, so that among the comparisons called significant at q &lt; 0.05 about 5% are expected to be
 * false. Equals R's {@code p.adjust(p, method = "BH")}; null p-values stay null and are not counted
 * as tests.
 */
public final class BenjaminiHochberg {

  private BenjaminiHochberg() {}

  public static Double[] qValues(Double[] pValues) {
    int[] tested = IntStream.range(0, pValues.length).filter(i -> pValues[i] != null).toArray();
    Integer[] order =
        Arrays.stream(tested)
            .boxed()
            .sorted(Comparator.comparingDouble(i -> pValues[i]))
            .toArray(Integer[]::new);
    int m = order.length;
    Double[] q = new Double[pValues.length];
    double running = 1.0;
    for (int rank = m; rank >= 1; rank--) {
      int i = order[rank - 1];
      // m / rank >= 1 first, so a q-value is never below its p-value (nor 0 when p is tiny).
      running = Math.min(running, pValues[i] * ((double) m / rank));
      q[i] = Math.min(1.0, running);
    }
    return q;
  }
}
