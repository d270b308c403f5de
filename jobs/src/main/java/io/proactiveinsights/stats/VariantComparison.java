package io.proactiveinsights.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An A/B test's variants read against one reference variant: each variant's rate of the message's
 * primary metric, and for every other variant the difference from the reference with a 95% interval
 * and a two-sided p-value ({@link ProportionDifference}: unpooled Wald interval, pooled
 * two-proportion z-test, R's {@code prop.test(..., correct = FALSE)}).
 *
 * <p>The reference is the variant with the most receivers (ties: the smallest variant id), so the
 * choice depends on the counts alone and every run of the same data picks the same one; in an
 * Intercom test it is usually the original, which most people still get.
 *
 * <p>This is a fixed-horizon test: its 5% error rate holds for one reading at the end of the test,
 * not for a reading every day until something looks significant (that inflates false positives
 * several times over; {@code experiment_impact}'s always-valid intervals are the tool for daily
 * reading). No correction is made for comparing several variants with one reference.
 */
public final class VariantComparison {

  /**
   * One variant's people counts.
   *
   * @param id the variant id
   * @param receivers distinct people who received it (what picks the reference)
   * @param base the people the primary rate is a share of (viewers, for a click-through rate)
   * @param successes the people of the primary metric among {@code base}
   */
  public record Variant(String id, long receivers, long base, long successes) {
    public Variant {
      if (receivers < 0 || base < 0 || successes < 0 || successes > base) {
        throw new IllegalArgumentException(
            "Cannot compare variant "
                + id
                + ": counts must be >= 0 with successes <= base (got receivers "
                + receivers
                + ", base "
                + base
                + ", successes "
                + successes
                + ")");
      }
    }

    /** successes / base, or null when nobody is in the base. */
    public Double rate() {
      return base == 0 ? null : (double) successes / base;
    }
  }

  /**
   * A variant's reading.
   *
   * @param variant the counts
   * @param reference whether it is the reference the others are compared with
   * @param vsReference this variant's rate minus the reference's, with interval and p-value; null
   *     for the reference itself, and when either has nobody in its base
   */
  public record Reading(Variant variant, boolean reference, ProportionDifference vsReference) {}

  private static final Comparator<Variant> REFERENCE_FIRST =
      Comparator.comparingLong(Variant::receivers)
          .reversed()
          .thenComparing(Variant::id, Comparator.naturalOrder());

  private VariantComparison() {}

  /** The reference among {@code variants}: the most receivers, ties to the smallest id. */
  public static Variant reference(List<Variant> variants) {
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("Cannot pick a reference variant: no variants given");
    }
    return variants.stream().min(REFERENCE_FIRST).orElseThrow();
  }

  /** Every variant's reading, in the order given. */
  public static List<Reading> compare(List<Variant> variants) {
    Variant reference = reference(variants);
    List<Reading> readings = new ArrayList<>(variants.size());
    for (Variant variant : variants) {
      boolean isReference = variant == reference;
      ProportionDifference difference =
          isReference || variant.base() == 0 || reference.base() == 0
              ? null
              : ProportionDifference.of(
                  variant.successes(), variant.base(), reference.successes(), reference.base());
      readings.add(new Reading(variant, isReference, difference));
    }
    return readings;
  }
}
