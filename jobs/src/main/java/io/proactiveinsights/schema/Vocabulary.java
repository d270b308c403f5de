package io.proactiveinsights.schema;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The closed sets of values the contract names, as enums with their wire spelling. */
public final class Vocabulary {

  private Vocabulary() {}

  /** Message formats, each judged by its own primary metric downstream. */
  public enum MessageType {
    BANNER,
    POST,
    CHAT,
    TOOLTIP,
    PRODUCT_TOUR,
    CHECKLIST,
    MOBILE_CAROUSEL,
    SURVEY;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum MessageState {
    LIVE,
    PAUSED,
    DRAFT;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum BannerStyle {
    INFO,
    WARNING,
    SUCCESS;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum Frequency {
    ONCE,
    ONCE_PER_SESSION,
    MULTIPLE;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum EventType {
    RECEIVED,
    VIEWED,
    CLICKED,
    DISMISSED,
    REPLIED,
    COMPLETED,
    GOAL_COMPLETED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The arms of a holdout: served the message, or held out of it. */
  public enum Arm {
    TREATMENT,
    CONTROL;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum Platform {
    WEB,
    IOS,
    ANDROID;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum Role {
    USER,
    LEAD;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A conversation without a topic counts under this one. */
  public static final String UNCLASSIFIED_TOPIC = "unclassified";

  static List<String> wires(Enum<?>[] values) {
    return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
  }
}
