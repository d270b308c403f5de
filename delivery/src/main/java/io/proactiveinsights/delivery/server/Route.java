package io.proactiveinsights.delivery.server;

/**
 * The endpoint's routes, as metric labels. Ids never become labels: every unmatched path is {@link
 * #OTHER}, so a scan of random URLs cannot blow up the metrics.
 */
enum Route {
  USER_SEGMENTS("/v1/users/{user_id}/segments"),
  MEMBERSHIP("/v1/segments/{segment_id}/members/{user_id}"),
  SEGMENTS("/v1/segments"),
  HEALTHZ("/healthz"),
  READYZ("/readyz"),
  METRICS("/metrics"),
  OTHER("other");

  final String label;

  Route(String label) {
    this.label = label;
  }
}
