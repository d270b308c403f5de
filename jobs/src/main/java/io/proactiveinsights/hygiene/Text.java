package io.proactiveinsights.hygiene;

/**
 * Words as a support lead reads them: "3 days", "product tours", "click-through". Numbers are
 * {@code text.Numbers}.
 */
public final class Text {

  private Text() {}

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
}
