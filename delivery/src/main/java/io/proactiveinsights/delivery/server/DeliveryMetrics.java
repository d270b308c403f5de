package io.proactiveinsights.delivery.server;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The endpoint's Prometheus metrics, kept with {@link LongAdder}s (contention-free on the request
 * path) and rendered by hand in the text exposition format — no client library needed for a dozen
 * series. Names:
 *
 * <ul>
 *   <li>{@code proactive_http_requests_total{route,status}} — requests answered
 *   <li>{@code proactive_http_request_duration_seconds{route}} — histogram of the time spent
 *       answering (handler entry to response queued; Undertow then writes it)
 *   <li>{@code proactive_snapshot_info{version,ds}} — 1 for the version served
 *   <li>{@code proactive_snapshot_age_seconds} — now minus the served version's created_at
 *   <li>{@code proactive_snapshot_loaded_timestamp_seconds}, {@code proactive_snapshot_users},
 *       {@code proactive_snapshot_segments}
 *   <li>{@code proactive_snapshot_reloads_total{result="success"|"refused"}} and {@code
 *       proactive_snapshot_last_refusal_timestamp_seconds}
 *   <li>{@code proactive_snapshot_refused{version}} — 1 for each refused version CURRENT names or
 *       newer than the one served ({@code version="CURRENT"} when the pointer is unreadable)
 *   <li>{@code proactive_ready} — 1 once a version is served
 * </ul>
 */
final class DeliveryMetrics {
  /** Bucket upper bounds in seconds: fine below a millisecond, where this endpoint lives. */
  private static final double[] BUCKETS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.1, 1.0
  };

  private final Map<Route, Map<Integer, LongAdder>> requests = new ConcurrentHashMap<>();
  private final Map<Route, Histogram> latency = new ConcurrentHashMap<>();
  private final LongAdder reloadSuccesses = new LongAdder();
  private final LongAdder reloadRefusals = new LongAdder();
  private final AtomicReference<Instant> lastRefusal = new AtomicReference<>();

  DeliveryMetrics() {
    for (Route route : Route.values()) {
      requests.put(route, new ConcurrentHashMap<>());
      latency.put(route, new Histogram());
    }
  }

  void record(Route route, int status, long nanos) {
    Map<Integer, LongAdder> byStatus = requests.get(route);
    LongAdder counter = byStatus.get(status);
    if (counter == null) {
      counter = byStatus.computeIfAbsent(status, s -> new LongAdder());
    }
    counter.increment();
    latency.get(route).observe(nanos);
  }

  void reloadSucceeded() {
    reloadSuccesses.increment();
  }

  void reloadRefused(Instant at) {
    reloadRefusals.increment();
    lastRefusal.set(at);
  }

  long reloadRefusals() {
    return reloadRefusals.sum();
  }

  /**
   * The exposition text at {@code now} for what is being served (null before the first load) and
   * the versions refused.
   */
  String render(ServedSnapshot served, List<RefusedVersion> refused, Instant now) {
    StringBuilder out = new StringBuilder(4096);
    out.append("# HELP proactive_http_requests_total Requests answered, by route and status.\n");
    out.append("# TYPE proactive_http_requests_total counter\n");
    for (Route route : Route.values()) {
      for (Map.Entry<Integer, LongAdder> entry : new TreeMap<>(requests.get(route)).entrySet()) {
        out.append("proactive_http_requests_total{route=\"")
            .append(route.label)
            .append("\",status=\"")
            .append(entry.getKey())
            .append("\"} ")
            .append(entry.getValue().sum())
            .append('\n');
      }
    }
    out.append("# HELP proactive_http_request_duration_seconds Time spent answering a request.\n");
    out.append("# TYPE proactive_http_request_duration_seconds histogram\n");
    for (Route route : Route.values()) {
      latency.get(route).render(out, "proactive_http_request_duration_seconds", route.label);
    }

    out.append("# HELP proactive_ready 1 once a snapshot version is served.\n");
    out.append("# TYPE proactive_ready gauge\n");
    out.append("proactive_ready ").append(served == null ? 0 : 1).append('\n');
    if (served != null) {
      out.append("# HELP proactive_snapshot_info The snapshot version being served.\n");
      out.append("# TYPE proactive_snapshot_info gauge\n");
      out.append("proactive_snapshot_info{version=\"")
          .append(served.version())
          .append("\",ds=\"")
          .append(served.snapshot().manifest().ds())
          .append("\"} 1\n");
      gauge(
          out,
          "proactive_snapshot_age_seconds",
          "Seconds since the served version was created by the segments job.",
          Duration.between(served.snapshot().manifest().createdAt(), now).toMillis() / 1000.0);
      gauge(
          out,
          "proactive_snapshot_loaded_timestamp_seconds",
          "When the served version was loaded (Unix time).",
          served.loadedAt().toEpochMilli() / 1000.0);
      gauge(
          out,
          "proactive_snapshot_users",
          "Users in the served version's dictionary.",
          served.snapshot().dictionary().size());
      gauge(
          out,
          "proactive_snapshot_segments",
          "Segments in the served version.",
          served.snapshot().manifest().segments().size());
    }
    out.append("# HELP proactive_snapshot_reloads_total Snapshot versions loaded or refused.\n");
    out.append("# TYPE proactive_snapshot_reloads_total counter\n");
    out.append("proactive_snapshot_reloads_total{result=\"success\"} ")
        .append(reloadSuccesses.sum())
        .append('\n');
    out.append("proactive_snapshot_reloads_total{result=\"refused\"} ")
        .append(reloadRefusals.sum())
        .append('\n');
    if (!refused.isEmpty()) {
      out.append(
          "# HELP proactive_snapshot_refused 1 for each refused snapshot version that CURRENT names"
              + " or that is newer than the one served (the reason is in /readyz and the log).\n");
      out.append("# TYPE proactive_snapshot_refused gauge\n");
      // Version names match v-<ds>-<millis> (or are CURRENT): nothing to escape in a label.
      for (RefusedVersion version : refused) {
        out.append("proactive_snapshot_refused{version=\"")
            .append(version.version())
            .append("\"} 1\n");
      }
    }
    Instant refusedAt = lastRefusal.get();
    if (refusedAt != null) {
      gauge(
          out,
          "proactive_snapshot_last_refusal_timestamp_seconds",
          "When a snapshot version was last refused (Unix time).",
          refusedAt.toEpochMilli() / 1000.0);
    }
    return out.toString();
  }

  private static void gauge(StringBuilder out, String name, String help, double value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name).append(' ').append(format(value)).append('\n');
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  /** A cumulative-on-render histogram: one adder per bucket, plus count and sum. */
  private static final class Histogram {
    private final LongAdder[] buckets = new LongAdder[BUCKETS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    Histogram() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    void observe(long nanos) {
      double seconds = nanos / 1e9;
      int i = 0;
      while (i < BUCKETS.length && seconds > BUCKETS[i]) {
        i++;
      }
      buckets[i].increment();
      sumNanos.add(nanos);
    }

    void render(StringBuilder out, String name, String route) {
      long cumulative = 0;
      for (int i = 0; i < buckets.length; i++) {
        cumulative += buckets[i].sum();
        String le = i < BUCKETS.length ? Double.toString(BUCKETS[i]) : "+Inf";
        out.append(name)
            .append("_bucket{route=\"")
            .append(route)
            .append("\",le=\"")
            .append(le)
            .append("\"} ")
            .append(cumulative)
            .append('\n');
      }
      out.append(name)
          .append("_sum{route=\"")
          .append(route)
          .append("\"} ")
          .append(sumNanos.sum() / 1e9)
          .append('\n');
      out.append(name)
          .append("_count{route=\"")
          .append(route)
          .append("\"} ")
          .append(cumulative)
          .append('\n');
    }
  }
}
