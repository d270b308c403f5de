package io.proactiveinsights.schema;

import java.util.List;

/**
 * Column names of {@code message_stats_daily} and {@code message_stats}. Counts follow the
 * contract: event counts after removing repeated event_ids, and distinct people per event type.
 */
public final class MessageStatsColumns {

  public static final String MESSAGE_ID = "message_id";
  public static final String TYPE = "type";
  public static final String STATE = "state";
  public static final String WINDOW_START = "window_start";
  public static final String WINDOW_END = "window_end";

  public static final String RECEIVED = "received";
  public static final String RECEIVERS = "receivers";
  public static final String VIEWS = "views";
  public static final String VIEWERS = "viewers";
  public static final String CLICKS = "clicks";
  public static final String CLICKERS = "clickers";
  public static final String DISMISSALS = "dismissals";
  public static final String DISMISSERS = "dismissers";
  public static final String REPLIES = "replies";
  public static final String REPLIERS = "repliers";
  public static final String COMPLETIONS = "completions";
  public static final String COMPLETERS = "completers";
  public static final String GOAL_COMPLETIONS = "goal_completions";

  /**
   * Receivers who reached the goal: a goal_completed event, or the goal_event within the goal
   * window.
   */
  public static final String GOAL_USERS = "goal_users";

  /*
   * People counted among a rate's denominator: of the window's receivers, those who also viewed
   * it in the window; of its viewers, those who also clicked (dismissed, replied, completed) in it.
   * People are counted independently over the window, so a message shown again and again has
   * viewers who received it before the window, and clickers whose view was before it: viewers /
   * receivers can exceed 1. These are the rates' numerators.
   */
  public static final String VIEWERS_AMONG_RECEIVERS = "viewers_among_receivers";
  public static final String CLICKERS_AMONG_VIEWERS = "clickers_among_viewers";
  public static final String DISMISSERS_AMONG_VIEWERS = "dismissers_among_viewers";
  public static final String REPLIERS_AMONG_VIEWERS = "repliers_among_viewers";
  public static final String COMPLETERS_AMONG_VIEWERS = "completers_among_viewers";

  /** The people-among-the-denominator counts, in table order (window table only). */
  public static final List<String> AMONG_COUNTS =
      List.of(
          VIEWERS_AMONG_RECEIVERS,
          CLICKERS_AMONG_VIEWERS,
          DISMISSERS_AMONG_VIEWERS,
          REPLIERS_AMONG_VIEWERS,
          COMPLETERS_AMONG_VIEWERS);

  /** Every count column of {@code message_stats}, in table order. */
  public static final List<String> COUNTS =
      List.of(
          RECEIVED,
          RECEIVERS,
          VIEWS,
          VIEWERS,
          CLICKS,
          CLICKERS,
          DISMISSALS,
          DISMISSERS,
          REPLIES,
          REPLIERS,
          COMPLETIONS,
          COMPLETERS,
          GOAL_COMPLETIONS,
          GOAL_USERS,
          VIEWERS_AMONG_RECEIVERS,
          CLICKERS_AMONG_VIEWERS,
          DISMISSERS_AMONG_VIEWERS,
          REPLIERS_AMONG_VIEWERS,
          COMPLETERS_AMONG_VIEWERS);

  public static final String VIEW_RATE = "view_rate";
  public static final String CTR = "ctr";
  public static final String DISMISS_RATE = "dismiss_rate";
  public static final String REPLY_RATE = "reply_rate";
  public static final String COMPLETION_RATE = "completion_rate";
  public static final String GOAL_RATE = "goal_rate";

  /**
   * A rate: the people of its action ({@code numerator}, the contract's count), the people it is a
   * share of ({@code denominator}), and the people of the action among them ({@code successes}),
   * what the rate divides. Each rate gets {@code _low} and {@code _high} 95% bounds.
   */
  public record RateDefinition(
      String rate, String numerator, String denominator, String successes) {
    public String low() {
      return MessageStatsColumns.low(rate);
    }

    public String high() {
      return MessageStatsColumns.high(rate);
    }
  }

  /** The lower 95% bound of a rate column. */
  public static String low(String rate) {
    return rate + "_low";
  }

  /** The upper 95% bound of a rate column. */
  public static String high(String rate) {
    return rate + "_high";
  }

  public static final List<RateDefinition> RATES =
      List.of(
          new RateDefinition(VIEW_RATE, VIEWERS, RECEIVERS, VIEWERS_AMONG_RECEIVERS),
          new RateDefinition(CTR, CLICKERS, VIEWERS, CLICKERS_AMONG_VIEWERS),
          new RateDefinition(DISMISS_RATE, DISMISSERS, VIEWERS, DISMISSERS_AMONG_VIEWERS),
          new RateDefinition(REPLY_RATE, REPLIERS, VIEWERS, REPLIERS_AMONG_VIEWERS),
          new RateDefinition(COMPLETION_RATE, COMPLETERS, VIEWERS, COMPLETERS_AMONG_VIEWERS),
          // goal_users already counts receivers only.
          new RateDefinition(GOAL_RATE, GOAL_USERS, RECEIVERS, GOAL_USERS));

  public static final String PRIMARY_METRIC = "primary_metric";
  public static final String PRIMARY_RATE = "primary_rate";
  public static final String PRIMARY_LOW = "primary_low";
  public static final String PRIMARY_HIGH = "primary_high";
  public static final String BASELINE_MEDIAN = "baseline_median";
  public static final String BASELINE_Q1 = "baseline_q1";
  public static final String BASELINE_Q3 = "baseline_q3";
  public static final String BASELINE_MESSAGES = "baseline_messages";
  public static final String VS_BASELINE = "vs_baseline";
  public static final String BASELINE_POSITION = "baseline_position";
  public static final String DISMISS_BASELINE_MEDIAN = "dismiss_baseline_median";

  /** Where a message's primary rate stands against its format's baseline. */
  public enum BaselinePosition {
    /** The whole 95% interval lies above the format's median. */
    ABOVE,
    /** The whole 95% interval lies below the format's median. */
    BELOW,
    /** The interval contains the median: no evidence either way. */
    WITHIN,
    /** Fewer viewers than metrics.baseline_min_viewers: too few to judge. */
    INSUFFICIENT_DATA,
    /** Fewer than two messages of this format have enough viewers to form a baseline. */
    NO_BASELINE;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private MessageStatsColumns() {}
}
