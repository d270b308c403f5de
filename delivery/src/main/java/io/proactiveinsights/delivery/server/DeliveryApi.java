package io.proactiveinsights.delivery.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The endpoint's request handling, independent of any HTTP server: method, raw path and the
 * Authorization header in, an {@link ApiResponse} out. Checks run in a fixed order — {@code /v1}
 * auth (401), route (404), method (405), snapshot loaded (503), ids (400), segment known (404) — so
 * a caller without a token learns nothing about routes or ids. Each request reads the served
 * snapshot once, so one response never mixes two versions.
 */
final class DeliveryApi {
  private static final String REALM = "Bearer realm=\"proactive\"";
  private static final Map<String, String> ALLOW = Map.of("Allow", "GET, HEAD");

  private static final byte[] OK_BODY = Json.bytes("{\"status\":\"ok\"}");

  private final BearerAuth auth;
  private final AtomicReference<ServedSnapshot> served;
  private final AtomicReference<List<RefusedVersion>> refused;
  private final DeliveryMetrics metrics;
  private final Clock clock;

  DeliveryApi(
      BearerAuth auth,
      AtomicReference<ServedSnapshot> served,
      AtomicReference<List<RefusedVersion>> refused,
      DeliveryMetrics metrics,
      Clock clock) {
    this.auth = auth;
    this.served = served;
    this.refused = refused;
    this.metrics = metrics;
    this.clock = clock;
  }

  @JsonPropertyOrder({"user_id", "segments", "version"})
  record UserSegments(
      @JsonProperty("user_id") String userId,
      @JsonProperty("segments") List<String> segments,
      @JsonProperty("version") String version) {}

  record Error(@JsonProperty("error") String error) {}

  /**
   * The {@code /readyz} body: ready with the version served, or not ready with the reason; either
   * way the versions refused (a ready endpoint may be serving an older version than CURRENT's).
   */
  @JsonPropertyOrder({"status", "version", "reason", "refused"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Readiness(
      @JsonProperty("status") String status,
      @JsonProperty("version") String version,
      @JsonProperty("reason") String reason,
      @JsonProperty("refused") List<RefusedVersion> refused) {}

  ApiResponse handle(String method, String rawPath, String authorization) {
    if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      return error(Route.OTHER, 400, "the request target is not an absolute path");
    }
    String[] parts = rawPath.split("/", -1);
    Route route = match(parts);
    boolean v1 = rawPath.equals("/v1") || rawPath.startsWith("/v1/");
    if (v1) {
      BearerAuth.Result result = auth.check(authorization);
      if (result != BearerAuth.Result.OK) {
        return unauthorized(route, result);
      }
    }
    if (route == Route.OTHER) {
      return error(
          Route.OTHER, 404, "no such route (see GET /v1/segments, /healthz, /readyz, /metrics)");
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return new ApiResponse(
          route,
          405,
          ApiResponse.JSON,
          Json.write(new Error("method " + sanitize(method) + " is not allowed; use GET")),
          ALLOW);
    }
    switch (route) {
      case HEALTHZ:
        return ApiResponse.json(route, 200, OK_BODY);
      case READYZ:
        return readiness(route);
      case METRICS:
        return new ApiResponse(
            route,
            200,
            ApiResponse.PROMETHEUS,
            Json.bytes(metrics.render(served.get(), refused.get(), clock.instant())),
            Map.of());
      default:
        return v1Route(route, parts);
    }
  }

  private ApiResponse readiness(Route route) {
    ServedSnapshot snapshot = served.get();
    List<RefusedVersion> refusals = refused.get();
    if (snapshot != null) {
      return ApiResponse.json(
          route, 200, Json.write(new Readiness("ready", snapshot.version(), null, refusals)));
    }
    String reason =
        refusals.isEmpty()
            ? "no snapshot version loaded yet"
            : "no snapshot version loaded yet: every version tried was refused";
    return ApiResponse.json(
            route, 503, Json.write(new Readiness("not ready", null, reason, refusals)))
        .withHeader("Retry-After", "1");
  }

  private ApiResponse v1Route(Route route, String[] parts) {
    ServedSnapshot snapshot = served.get();
    if (snapshot == null) {
      return error(route, 503, "no snapshot version loaded yet").withHeader("Retry-After", "1");
    }
    switch (route) {
      case SEGMENTS:
        return ApiResponse.json(route, 200, snapshot.manifestJson());
      case USER_SEGMENTS:
        {
          PathIds.Decoded user = PathIds.userId(parts[3]);
          if (!user.ok()) {
            return error(route, 400, "malformed user_id: " + user.problem());
          }
          List<String> segments = snapshot.snapshot().segmentsOf(user.id());
          return ApiResponse.json(
              route, 200, Json.write(new UserSegments(user.id(), segments, snapshot.version())));
        }
      case MEMBERSHIP:
        {
          PathIds.Decoded segment = PathIds.segmentId(parts[3]);
          if (!segment.ok()) {
            return error(route, 400, "malformed segment_id: " + segment.problem());
          }
          PathIds.Decoded user = PathIds.userId(parts[5]);
          if (!user.ok()) {
            return error(route, 400, "malformed user_id: " + user.problem());
          }
          if (!snapshot.snapshot().hasSegment(segment.id())) {
            return error(
                route,
                404,
                "no such segment in snapshot " + snapshot.version() + " (see GET /v1/segments)");
          }
          return ApiResponse.json(
              route,
              200,
              snapshot.membershipBody(snapshot.snapshot().membership(segment.id(), user.id())));
        }
      default:
        throw new IllegalStateException("not a /v1 route: " + route);
    }
  }

  /** Matches on the raw path's shape; ids are decoded and checked only once auth passed. */
  private static Route match(String[] parts) {
    // parts[0] is the empty string before the leading '/'.
    if (parts.length == 2) {
      switch (parts[1]) {
        case "healthz":
          return Route.HEALTHZ;
        case "readyz":
          return Route.READYZ;
        case "metrics":
          return Route.METRICS;
        default:
          return Route.OTHER;
      }
    }
    if (!parts[1].equals("v1")) {
      return Route.OTHER;
    }
    if (parts.length == 3 && parts[2].equals("segments")) {
      return Route.SEGMENTS;
    }
    if (parts.length == 5 && parts[2].equals("users") && parts[4].equals("segments")) {
      return Route.USER_SEGMENTS;
    }
    if (parts.length == 6 && parts[2].equals("segments") && parts[4].equals("members")) {
      return Route.MEMBERSHIP;
    }
    return Route.OTHER;
  }

  private static ApiResponse unauthorized(Route route, BearerAuth.Result result) {
    String challenge =
        result == BearerAuth.Result.MISSING
            ? REALM
            : REALM
                + ", error=\"invalid_token\", error_description=\"the bearer token is not valid\"";
    String message =
        result == BearerAuth.Result.MISSING
            ? "send Authorization: Bearer <token>"
            : "the bearer token is not valid";
    return error(route, 401, message).withHeader("WWW-Authenticate", challenge);
  }

  private static ApiResponse error(Route route, int status, String message) {
    return ApiResponse.json(route, status, Json.write(new Error(message)));
  }

  /** Methods are client text: keep them short and printable in a response. */
  private static String sanitize(String method) {
    String shown = method.length() > 16 ? method.substring(0, 16) : method;
    return shown.replaceAll("[^A-Za-z0-9_-]", "?");
  }
}
