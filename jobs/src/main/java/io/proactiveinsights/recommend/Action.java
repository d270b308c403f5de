package io.proactiveinsights.recommend;

/**
 * The actions of the contract; {@link #name()} is the value written to {@code
 * recommendations.action}.
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
  RESOLVE_BANNER_CONFLICT
}
