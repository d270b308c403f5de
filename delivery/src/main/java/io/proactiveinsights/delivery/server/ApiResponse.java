package io.proactiveinsights.delivery.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One response of the endpoint, independent of the HTTP server that writes it.
 *
 * @param route the matched route (a metric label)
 * @param status HTTP status
 * @param contentType the Content-Type header
 * @param body the body bytes
 * @param headers further headers (WWW-Authenticate, Allow, Retry-After)
 */
record ApiResponse(
    Route route, int status, String contentType, byte[] body, Map<String, String> headers) {
  static final String JSON = "application/json";
  static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
  static final String TEXT = "text/plain; charset=utf-8";

  static ApiResponse json(Route route, int status, byte[] body) {
    return new ApiResponse(route, status, JSON, body, Map.of());
  }

  static ApiResponse text(Route route, int status, String body) {
    return new ApiResponse(route, status, TEXT, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  ApiResponse withHeader(String name, String value) {
    Map<String, String> more = new java.util.HashMap<>(headers);
    more.put(name, value);
    return new ApiResponse(route, status, contentType, body, Map.copyOf(more));
  }
}
