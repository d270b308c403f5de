package io.proactiveinsights.hygiene;

/**
 * The hygiene flags of the contract; {@link #name()} is the value written to {@code
 * hygiene_flags.flag}.
 */
public enum Flag {
  /**
   * Live and not edited for longer than the review interval, or its engagement decays week over
   * week.
   */
  STALE,
  /**
   * A known-issue message still live after its incident was resolved, or after its tickets went
   * back to normal.
   */
  RESOLVED_ISSUE_STILL_LIVE,
  /** A live non-dismissible banner that keeps later banners with the same audience from showing. */
  BLOCKING_BANNER,
  /** Live banners whose audiences overlap: only one banner shows at a time, so they queue. */
  OVERLAPPING_BANNERS,
  /** A message that contributes much of the receipts of people who get too many messages a week. */
  OVER_MESSAGING,
  /** CTA text that tells the reader nothing, or no CTA on a format that exists to get a click. */
  VAGUE_CTA,
  /**
   * A big audience that the message does not reach, or a rule that matches few of the people who
   * ask about the message's topics.
   */
  LOW_REACH,
  /** Its click-through is well below its reference (formats judged on clicks only). */
  LOW_CTR,
  /**
   * Dismissed far more often than its reference or by most viewers, on the first showing or on
   * repeats.
   */
  HIGH_DISMISSALS,
  /** Seen by enough people, yet tickets on its topics did not change. */
  NO_TICKET_IMPACT,
  /**
   * Added to the contract's list: a message with a goal_event whose goal rate is well below its
   * reference.
   */
  LOW_GOAL_RATE,
  /**
   * Added to the contract's list: conversations started from it are rated clearly below the rest of
   * its topics.
   */
  LOW_CSAT
}
