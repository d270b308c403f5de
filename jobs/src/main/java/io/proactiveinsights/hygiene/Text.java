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

  /** A rate column as a reader names it: "ctr" → "click-through", "reply_rate" → "reply rate". */
  public static String metricName(String metric) {
    return switch (metric) {
      case "ctr" -> "click-through";
      case "dismiss_rate" -> "dismissal rate";
      default -> metric.replace('_', ' ');
    };
  }

  /** What a primary metric's action is called in a sentence: "clicks", "replies", "completions". */
  public static String actions(String metric) {
    return switch (metric) {
      case "ctr" -> "clicks";
      case "reply_rate" -> "replies";
      case "completion_rate" -> "completions";
      default -> metric.replace('_', ' ');
    };
  }

  /** A 95% interval as a reader writes it: "95% CI 37–45%". */
  public static String interval(Double low, Double high) {
    String from = pct(low);
    return "95% CI " + (from.endsWith("%") ? from.substring(0, from.length() - 1) : from) + "–" + pct(high);
  }
}
