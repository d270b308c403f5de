package io.proactiveinsights.impact;

import static io.proactiveinsights.schema.RowCodec.date;
import static io.proactiveinsights.schema.RowCodec.instant;
import static io.proactiveinsights.schema.RowCodec.longValue;
import static io.proactiveinsights.schema.RowCodec.nullableBoolean;
import static io.proactiveinsights.schema.RowCodec.nullableDouble;
import static io.proactiveinsights.schema.RowCodec.nullableLong;
import static io.proactiveinsights.schema.RowCodec.string;
import static io.proactiveinsights.schema.RowCodec.wire;

import io.proactiveinsights.impact.TopicImpactCalculator.MessageTopic;
import io.proactiveinsights.schema.RowCodec;
import io.proactiveinsights.stats.RateRatio;
import java.time.LocalDate;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * One row of {@code topic_impact}: did tickets on this topic change after this message went live?
 * Rates are tickets per day (workspace) or tickets per 1,000 people per week (exposed vs not). The
 * table's columns, its schema and the row codec are here. Every row is {@value #OBSERVATIONAL}
 * (column {@value #DESIGN}): nobody was held out at random, so a verdict here is weaker evidence
 * than an experiment's.
 *
 * @param beforeAfter tickets per day after launch against before; {@link RatioTest#NONE} when the
 *     windows are too short or hold too few tickets ({@code method} {@link
 *     Method#INSUFFICIENT_DATA})
 * @param weekday the same, each day weighted by how busy its weekday usually is; its always-valid
 *     interval and the q-value of its always-valid p-value judge the verdict
 * @param viewers viewers against people who never saw it, with the same comparison on the weeks
 *     before launch (its pre-trend check); {@link ViewerComparison#NONE} when either group is too
 *     small
 * @param viewerBeforeTickets the topic's tickets in the before-period opened by people who viewed
 *     the message (then or later)
 * @param viewerTicketShare those tickets over all the topic's before-period tickets: the most of
 *     the topic a message seen by these people could move; null without before-period tickets
 * @param detectableReduction the smallest reduction of its viewers' tickets that the trusted
 *     comparison, with these volumes, could rule out if nothing had changed (0.3 = it cannot tell a
 *     message that prevents 30% of its viewers' tickets from one that prevents none); null when no
 *     reduction could be ruled out at all
 */
public record TopicImpact(
    MessageTopic message,
    LocalDate beforeStart,
    LocalDate launchDay,
    LocalDate afterEnd,
    long beforeDays,
    long afterDays,
    long beforeTickets,
    long afterTickets,
    Method method,
    RatioTest beforeAfter,
    RatioTest weekday,
    long exposedUsers,
    ViewerComparison viewers,
    Comparison trustedComparison,
    Verdict verdict,
    String note,
    long viewerBeforeTickets,
    Double viewerTicketShare,
    Double detectableReduction) {

  /**
   * What the row says about the message's tickets on the topic; {@link #wire()} is the stored
   * value.
   */
  public enum Verdict {
    FEWER_TICKETS,
    MORE_TICKETS,
    NO_CHANGE,
    /**
     * No change, but its viewers are too small a part of the topic for a deflection to have shown.
     */
    TOO_FEW_VIEWERS,
    INSUFFICIENT_DATA;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The comparison the verdict rests on. */
  public enum Comparison {
    BEFORE_AFTER,
    EXPOSED_VS_UNEXPOSED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How the before/after comparison was made. */
  public enum Method {
    EXACT_POISSON_RATE_RATIO,
    INSUFFICIENT_DATA;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * An always-valid 95% interval and p-value ({@link
   * io.proactiveinsights.stats.ConfidenceSequence}): they stay valid however many days the
   * comparison is read, which the exact fixed-horizon ones do not.
   */
  public record AlwaysValid(Double low, Double high, Double pValue) {
    public static final AlwaysValid NONE = new AlwaysValid(null, null, null);
  }

  /**
   * A ratio of ticket rates after launch to before, its exact 95% interval and p-value, its
   * always-valid interval and p-value ({@link AlwaysValid#NONE} for the plain before/after, which
   * judges nothing), and the q-value across the run: of the always-valid p-value when there is one,
   * else of the exact one.
   */
  public record RatioTest(
      Double ratio,
      Double low,
      Double high,
      Double pValue,
      Double qValue,
      AlwaysValid alwaysValid) {
    public static final RatioTest NONE =
        new RatioTest(null, null, null, null, null, AlwaysValid.NONE);

    static RatioTest of(RateRatio r, AlwaysValid alwaysValid) {
      return r == null
          ? NONE
          : new RatioTest(r.ratio(), r.low(), r.high(), r.pValue(), null, alwaysValid);
    }

    RatioTest withQValue(Double q) {
      return new RatioTest(ratio, low, high, pValue, q, alwaysValid);
    }
  }

  /**
   * The viewers-vs-non-viewers difference in differences on the windows shifted back by {@code
   * impact.window_days} (a placebo launch before the real one), in tickets per 1,000 people per
   * week, with its 95% interval; {@code parallel} when that interval contains 0 and lies within
   * {@code impact.pretrend_margin} of the viewers' before-launch rate. All null when there is too
   * little history before launch to check.
   */
  public record PreTrend(Double difference, Double low, Double high, Boolean parallel) {
    public static final PreTrend NONE = new PreTrend(null, null, null, null);

    public boolean diverged() {
      return Boolean.FALSE.equals(parallel);
    }
  }

  /**
   * Viewers' tickets per 1,000 people a week before and after their own first view, the same for
   * people who never saw it over the same days, the difference in differences with its 95% interval
   * and p-value, its always-valid interval and p-value, the q-value of the latter across the run,
   * and the pre-launch trend check.
   */
  public record ViewerComparison(
      Long unexposedUsers,
      Double exposedBefore,
      Double exposedAfter,
      Double unexposedBefore,
      Double unexposedAfter,
      Double difference,
      Double low,
      Double high,
      Double pValue,
      Double qValue,
      AlwaysValid alwaysValid,
      PreTrend preTrend) {
    public static final ViewerComparison NONE =
        new ViewerComparison(
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            AlwaysValid.NONE,
            PreTrend.NONE);

    public boolean measured() {
      return difference != null;
    }

    ViewerComparison withQValue(Double q) {
      return new ViewerComparison(
          unexposedUsers,
          exposedBefore,
          exposedAfter,
          unexposedBefore,
          unexposedAfter,
          difference,
          low,
          high,
          pValue,
          q,
          alwaysValid,
          preTrend);
    }
  }

  public static final String MESSAGE_ID = "message_id";
  public static final String TOPIC = "topic";
  public static final String TYPE = "type";
  public static final String KNOWN_ISSUE_ID = "known_issue_id";
  public static final String LIVE_SINCE = "live_since";
  public static final String DESIGN = "design";
  public static final String BEFORE_START = "before_start";
  public static final String LAUNCH_DAY = "launch_day";
  public static final String AFTER_END = "after_end";
  public static final String BEFORE_DAYS = "before_days";
  public static final String AFTER_DAYS = "after_days";
  public static final String BEFORE_TICKETS = "before_tickets";
  public static final String AFTER_TICKETS = "after_tickets";
  public static final String BEFORE_RATE = "before_rate";
  public static final String AFTER_RATE = "after_rate";
  public static final String RATE_RATIO = "rate_ratio";
  public static final String CI_LOW = "ci_low";
  public static final String CI_HIGH = "ci_high";
  public static final String P_VALUE = "p_value";
  public static final String Q_VALUE = "q_value";
  public static final String METHOD = "method";
  public static final String WEEKDAY_RATE_RATIO = "weekday_rate_ratio";
  public static final String WEEKDAY_CI_LOW = "weekday_ci_low";
  public static final String WEEKDAY_CI_HIGH = "weekday_ci_high";
  public static final String WEEKDAY_P_VALUE = "weekday_p_value";
  public static final String WEEKDAY_AV_CI_LOW = "weekday_av_ci_low";
  public static final String WEEKDAY_AV_CI_HIGH = "weekday_av_ci_high";
  public static final String WEEKDAY_AV_P_VALUE = "weekday_av_p_value";
  public static final String WEEKDAY_Q_VALUE = "weekday_q_value";
  public static final String EXPOSED_USERS = "exposed_users";
  public static final String UNEXPOSED_USERS = "unexposed_users";
  public static final String EXPOSED_BEFORE_RATE = "exposed_before_rate";
  public static final String EXPOSED_AFTER_RATE = "exposed_after_rate";
  public static final String UNEXPOSED_BEFORE_RATE = "unexposed_before_rate";
  public static final String UNEXPOSED_AFTER_RATE = "unexposed_after_rate";
  public static final String DID_PER_1000_USER_WEEKS = "did_per_1000_user_weeks";
  public static final String DID_CI_LOW = "did_ci_low";
  public static final String DID_CI_HIGH = "did_ci_high";
  public static final String DID_P_VALUE = "did_p_value";
  public static final String DID_AV_CI_LOW = "did_av_ci_low";
  public static final String DID_AV_CI_HIGH = "did_av_ci_high";
  public static final String DID_AV_P_VALUE = "did_av_p_value";
  public static final String DID_Q_VALUE = "did_q_value";
  public static final String PRETREND_DID = "pretrend_did";
  public static final String PRETREND_CI_LOW = "pretrend_ci_low";
  public static final String PRETREND_CI_HIGH = "pretrend_ci_high";
  public static final String PRETREND_PARALLEL = "pretrend_parallel";
  public static final String TRUSTED_COMPARISON = "trusted_comparison";
  public static final String VERDICT = "verdict";
  public static final String NOTE = "note";
  public static final String VIEWER_BEFORE_TICKETS = "viewer_before_tickets";
  public static final String VIEWER_TICKET_SHARE = "viewer_ticket_share";
  public static final String DETECTABLE_REDUCTION = "detectable_reduction";

  /**
   * The {@value #DESIGN} of every row of topic_impact and csat_impact: a comparison without a
   * randomised control group (the contract labels such comparisons).
   */
  public static final String OBSERVATIONAL = "observational";

  private static final RowCodec<TopicImpact> CODEC =
      RowCodec.<TopicImpact>builder()
          .string(MESSAGE_ID, false, t -> t.message().messageId())
          .string(TOPIC, false, t -> t.message().topic())
          .string(TYPE, true, t -> t.message().type())
          .string(KNOWN_ISSUE_ID, true, t -> t.message().knownIssueId())
          .timestamp(LIVE_SINCE, true, t -> t.message().liveSince())
          .string(DESIGN, false, t -> OBSERVATIONAL)
          .date(BEFORE_START, true, TopicImpact::beforeStart)
          .date(LAUNCH_DAY, true, TopicImpact::launchDay)
          .date(AFTER_END, true, TopicImpact::afterEnd)
          .longs(BEFORE_DAYS, false, TopicImpact::beforeDays)
          .longs(AFTER_DAYS, false, TopicImpact::afterDays)
          .longs(BEFORE_TICKETS, false, TopicImpact::beforeTickets)
          .longs(AFTER_TICKETS, false, TopicImpact::afterTickets)
          .doubles(BEFORE_RATE, true, TopicImpact::beforeRate)
          .doubles(AFTER_RATE, true, TopicImpact::afterRate)
          .doubles(RATE_RATIO, true, t -> t.beforeAfter().ratio())
          .doubles(CI_LOW, true, t -> t.beforeAfter().low())
          .doubles(CI_HIGH, true, t -> t.beforeAfter().high())
          .doubles(P_VALUE, true, t -> t.beforeAfter().pValue())
          .doubles(Q_VALUE, true, t -> t.beforeAfter().qValue())
          .string(METHOD, false, t -> t.method().wire())
          .doubles(WEEKDAY_RATE_RATIO, true, t -> t.weekday().ratio())
          .doubles(WEEKDAY_CI_LOW, true, t -> t.weekday().low())
          .doubles(WEEKDAY_CI_HIGH, true, t -> t.weekday().high())
          .doubles(WEEKDAY_P_VALUE, true, t -> t.weekday().pValue())
          .doubles(WEEKDAY_AV_CI_LOW, true, t -> t.weekday().alwaysValid().low())
          .doubles(WEEKDAY_AV_CI_HIGH, true, t -> t.weekday().alwaysValid().high())
          .doubles(WEEKDAY_AV_P_VALUE, true, t -> t.weekday().alwaysValid().pValue())
          .doubles(WEEKDAY_Q_VALUE, true, t -> t.weekday().qValue())
          .longs(EXPOSED_USERS, false, TopicImpact::exposedUsers)
          .longs(UNEXPOSED_USERS, true, t -> t.viewers().unexposedUsers())
          .doubles(EXPOSED_BEFORE_RATE, true, t -> t.viewers().exposedBefore())
          .doubles(EXPOSED_AFTER_RATE, true, t -> t.viewers().exposedAfter())
          .doubles(UNEXPOSED_BEFORE_RATE, true, t -> t.viewers().unexposedBefore())
          .doubles(UNEXPOSED_AFTER_RATE, true, t -> t.viewers().unexposedAfter())
          .doubles(DID_PER_1000_USER_WEEKS, true, t -> t.viewers().difference())
          .doubles(DID_CI_LOW, true, t -> t.viewers().low())
          .doubles(DID_CI_HIGH, true, t -> t.viewers().high())
          .doubles(DID_P_VALUE, true, t -> t.viewers().pValue())
          .doubles(DID_AV_CI_LOW, true, t -> t.viewers().alwaysValid().low())
          .doubles(DID_AV_CI_HIGH, true, t -> t.viewers().alwaysValid().high())
          .doubles(DID_AV_P_VALUE, true, t -> t.viewers().alwaysValid().pValue())
          .doubles(DID_Q_VALUE, true, t -> t.viewers().qValue())
          .doubles(PRETREND_DID, true, t -> t.viewers().preTrend().difference())
          .doubles(PRETREND_CI_LOW, true, t -> t.viewers().preTrend().low())
          .doubles(PRETREND_CI_HIGH, true, t -> t.viewers().preTrend().high())
          .booleans(PRETREND_PARALLEL, true, t -> t.viewers().preTrend().parallel())
          .string(TRUSTED_COMPARISON, false, t -> t.trustedComparison().wire())
          .string(VERDICT, false, t -> t.verdict().wire())
          .string(NOTE, true, TopicImpact::note)
          .longs(VIEWER_BEFORE_TICKETS, false, TopicImpact::viewerBeforeTickets)
          .doubles(VIEWER_TICKET_SHARE, true, TopicImpact::viewerTicketShare)
          .doubles(DETECTABLE_REDUCTION, true, TopicImpact::detectableReduction)
          .build();

  public static final StructType SCHEMA = CODEC.schema();

  /** Tickets per day on the topic in the before-window; null when it has no days. */
  public Double beforeRate() {
    return beforeDays == 0 ? null : (double) beforeTickets / beforeDays;
  }

  /** Tickets per day on the topic in the after-window; null when it has no days. */
  public Double afterRate() {
    return afterDays == 0 ? null : (double) afterTickets / afterDays;
  }

  /**
   * This row with its q-values and the verdict they allow (and the note that says why, when it
   * changes).
   */
  public TopicImpact judged(
      Double q, Double weekdayQ, Double viewersQ, Verdict newVerdict, String newNote) {
    return new TopicImpact(
        message,
        beforeStart,
        launchDay,
        afterEnd,
        beforeDays,
        afterDays,
        beforeTickets,
        afterTickets,
        method,
        beforeAfter.withQValue(q),
        weekday.withQValue(weekdayQ),
        exposedUsers,
        viewers.withQValue(viewersQ),
        trustedComparison,
        newVerdict,
        newNote,
        viewerBeforeTickets,
        viewerTicketShare,
        detectableReduction);
  }

  /** The row in {@link #SCHEMA} order. */
  public Row toRow() {
    return CODEC.toRow(this);
  }

  /** A {@code topic_impact} row as the impact job wrote it. */
  public static TopicImpact fromRow(Row r) {
    return new TopicImpact(
        new MessageTopic(
            string(r, MESSAGE_ID),
            string(r, TOPIC),
            string(r, TYPE),
            string(r, KNOWN_ISSUE_ID),
            instant(r, LIVE_SINCE)),
        date(r, BEFORE_START),
        date(r, LAUNCH_DAY),
        date(r, AFTER_END),
        longValue(r, BEFORE_DAYS),
        longValue(r, AFTER_DAYS),
        longValue(r, BEFORE_TICKETS),
        longValue(r, AFTER_TICKETS),
        wire(r, METHOD, Method.class),
        new RatioTest(
            nullableDouble(r, RATE_RATIO),
            nullableDouble(r, CI_LOW),
            nullableDouble(r, CI_HIGH),
            nullableDouble(r, P_VALUE),
            nullableDouble(r, Q_VALUE),
            AlwaysValid.NONE),
        new RatioTest(
            nullableDouble(r, WEEKDAY_RATE_RATIO),
            nullableDouble(r, WEEKDAY_CI_LOW),
            nullableDouble(r, WEEKDAY_CI_HIGH),
            nullableDouble(r, WEEKDAY_P_VALUE),
            nullableDouble(r, WEEKDAY_Q_VALUE),
            new AlwaysValid(
                nullableDouble(r, WEEKDAY_AV_CI_LOW),
                nullableDouble(r, WEEKDAY_AV_CI_HIGH),
                nullableDouble(r, WEEKDAY_AV_P_VALUE))),
        longValue(r, EXPOSED_USERS),
        new ViewerComparison(
            nullableLong(r, UNEXPOSED_USERS),
            nullableDouble(r, EXPOSED_BEFORE_RATE),
            nullableDouble(r, EXPOSED_AFTER_RATE),
            nullableDouble(r, UNEXPOSED_BEFORE_RATE),
            nullableDouble(r, UNEXPOSED_AFTER_RATE),
            nullableDouble(r, DID_PER_1000_USER_WEEKS),
            nullableDouble(r, DID_CI_LOW),
            nullableDouble(r, DID_CI_HIGH),
            nullableDouble(r, DID_P_VALUE),
            nullableDouble(r, DID_Q_VALUE),
            new AlwaysValid(
                nullableDouble(r, DID_AV_CI_LOW),
                nullableDouble(r, DID_AV_CI_HIGH),
                nullableDouble(r, DID_AV_P_VALUE)),
            new PreTrend(
                nullableDouble(r, PRETREND_DID),
                nullableDouble(r, PRETREND_CI_LOW),
                nullableDouble(r, PRETREND_CI_HIGH),
                nullableBoolean(r, PRETREND_PARALLEL))),
        wire(r, TRUSTED_COMPARISON, Comparison.class),
        wire(r, VERDICT, Verdict.class),
        string(r, NOTE),
        longValue(r, VIEWER_BEFORE_TICKETS),
        nullableDouble(r, VIEWER_TICKET_SHARE),
        nullableDouble(r, DETECTABLE_REDUCTION));
  }
}
