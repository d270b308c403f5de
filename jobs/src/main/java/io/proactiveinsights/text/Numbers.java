package io.proactiveinsights.text;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Numbers as a support lead reads them, in the sentences of flags and recommendations and in the
 * reports: "14,908 people", "62%", "0.4%", "95% CI 37–45%". A share has two forms: {@link #pct} in
 * a sentence (whole percent from 10% up, one decimal below) and {@link #pctCell} in a report's
 * table (always one decimal, so a column lines up).
 */
public final class Numbers {

  private Numbers() {}

  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A share in a sentence: whole percent from 10% up, one decimal below; "n/a" when unknown. */
  public static String pct(Double share) {
    if (share == null) {
      return "n/a";
    }
    double p = share * 100;
    return Math.abs(p) >= 10
        ? String.format(Locale.ROOT, "%.0f%%", p)
        : String.format(Locale.ROOT, "%.1f%%", p);
  }

  /** A share in a table cell: one decimal always; "–" when unknown. */
  public static String pctCell(Double share) {
    return share == null ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  /** Two shares as a range, the percent sign once: "37–45%". */
  public static String pctRange(Double low, Double high) {
    String from = pct(low);
    return (from.endsWith("%") ? from.substring(0, from.length() - 1) : from) + "–" + pct(high);
  }

  /** A 95% interval of shares as a reader writes it: "95% CI 37–45%". */
  public static String interval(Double low, Double high) {
    return "95% CI " + pctRange(low, high);
  }

  /** A rate ratio as a change in percent: 0.8 → "-20%". */
  public static String pctChange(double ratio) {
    return String.format(Locale.ROOT, "%+.0f%%", 100 * (ratio - 1));
  }

  /** One decimal: "3.1"; "–" when unknown. */
  public static String num(Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%.1f", value);
  }

  /** One decimal with its sign: "+0.4", "-1.3"; "–" when unknown. */
  public static String signed(Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%+.1f", value);
  }

  /**
   * Two significant decimals at most below 10, one below 100, none above; trailing zeros dropped.
   */
  public static String plain(double value) {
    double magnitude = Math.abs(value);
    if (magnitude >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    int decimals = magnitude >= 10 ? 1 : 2;
    return BigDecimal.valueOf(value)
        .setScale(decimals, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }
}
