package io.proactiveinsights.metrics;

import io.proactiveinsights.schema.MessageStatsColumns;
import io.proactiveinsights.schema.MessageStatsColumns.RateDefinition;
import io.proactiveinsights.schema.Vocabulary.MessageType;
import java.util.Locale;

/**
 * The one rate each message format is judged by, against other messages of its own format: a tour
 * with no clicks is not a low-CTR message, it is judged on completion.
 */
public enum PrimaryMetric {
  /** Banners, posts, tooltips and mobile carousels exist to get a click on their call to action. */
  CTR("ctr"),
  /** A chat exists to start a conversation. */
  REPLY_RATE("reply_rate"),
  /** Tours, checklists and surveys exist to be finished. */
  COMPLETION_RATE("completion_rate");

  private final String column;

  PrimaryMetric(String column) {
    this.column = column;
  }

  /** The rate column in {@code message_stats} this metric reads. */
  public String column() {
    return column;
  }

  /**
   * The rate's definition in {@code message_stats}: the people it is a share of and the people of
   * its action among them.
   */
  public RateDefinition definition() {
    return MessageStatsColumns.RATES.stream()
        .filter(rate -> rate.rate().equals(column))
        .findFirst()
        .orElseThrow();
  }

  /** The primary metric of a message type as the catalogue spells it ({@code product_tour}). */
  public static PrimaryMetric ofWire(String type) {
    return of(MessageType.valueOf(type.toUpperCase(Locale.ROOT)));
  }

  public static PrimaryMetric of(MessageType type) {
    return switch (type) {
      case BANNER, POST, TOOLTIP, MOBILE_CAROUSEL -> CTR;
      case CHAT -> REPLY_RATE;
      case PRODUCT_TOUR, CHECKLIST, SURVEY -> COMPLETION_RATE;
    };
  }
}
