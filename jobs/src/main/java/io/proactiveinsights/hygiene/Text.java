package io.proactiveinsights.hygiene;

import java.util.Locale;

/** Numbers as a support lead reads them: "14,908 people", "62%", "0.4%". */
public final class Text {

  private Text() {}

  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A share as a percentage: whole percent from 10% up, one decimal below. */
  public static String pct(Double share) {
    if (share == null) {
      return "n/a";
    }
    double p = share * 100;
    return Math.abs(p) >= 10 ? String.format(Locale.ROOT, "%.0f%%", p) : String.format(Locale.ROOT, "%.1f%%", p);
  }

  public static String days(long n) {
    return n == 1 ? "1 day" : n + " days";
  }

  /** "banner" → "banners", "product_tour" → "product tours". */
  public static String plural(String format) {
    return format.replace('_', ' ') + "s";
  }
}
