package io.proactiveinsights.recommend;

/**
 * The actions of the contract, and {@link #FIX_HOLDOUT_SPLIT} added to them; {@link #name()} is the
 * value written to {@code recommendations.action}.
 */
public enum Action {
  PAUSE,
  REVIEW_CONTENT,
  BROADEN_AUDIENCE,
  NARROW_AUDIENCE,
  IMPROVE_COPY_OR_CTA,
  CHANGE_FORMAT_OR_TIMING,
  REDUCE_FREQUENCY,
  REWORK_CONTENT,
  RESOLVE_BANNER_CONFLICT,
  /**
   * The holdout's arms do not match its declared share (sample-ratio mismatch): the assignment is
   * broken, and the experiment says nothing until it is fixed.
   */
  FIX_HOLDOUT_SPLIT
}
