#!/usr/bin/env bash
# Delivery endpoint benchmark (not part of `mvn verify`). Rerun with: delivery/bench/run.sh
#  1. snapshot size and load time: 1 M users x 50 segments, and one 10 M-member segment (12 M users);
#  2. membership lookups/s and p50/p99 with wrk on loopback: the endpoint (Undertow 2.3,
#     the runnable jar), the same API on the JDK's com.sun.net.httpserver (16 threads), and nginx
#     serving a static file of the same body size.
# The three servers run side by side and wrk visits them in turn, round after round, so they share
# whatever else the machine is doing; the table shows medians over rounds.
# Knobs (environment): BENCH_DIR (default /tmp/proactive-delivery-bench), BENCH_SECONDS (10), BENCH_ROUNDS (3),
# BENCH_CONNECTIONS (16), BENCH_WRK_THREADS (1), BENCH_REUSE=1 keeps generated snapshots,
# BENCH_SKIP_SNAPSHOTS=1 skips step 1 timings (still generates if missing), BENCH_SERVE_ARGS adds
# options to the endpoint's `serve` (e.g. "--threads 8"), BENCH_SERVERS picks the servers to run
# (default "nginx endpoint endpoint-percore jdk endpoint-users").
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="${BENCH_DIR:-/tmp/proactive-delivery-bench}"
seconds="${BENCH_SECONDS:-10}"
rounds="${BENCH_ROUNDS:-3}"
connections="${BENCH_CONNECTIONS:-16}"
wrk_threads="${BENCH_WRK_THREADS:-1}"
jvm_opts="${BENCH_JAVA_OPTS:--Xmx2g -XX:+UseParallelGC}"
serve_args="${BENCH_SERVE_ARGS:-}"
servers="${BENCH_SERVERS:-nginx endpoint endpoint-percore jdk endpoint-users}"

for tool in wrk nginx curl java mvn python3; do
  command -v "$tool" >/dev/null || {
    echo "bench: '$tool' is missing; install with: apt-get install -y wrk nginx curl (as root)" >&2
    exit 2
  }
done

echo "== build" >&2
(cd "$repo" && mvn -B -q -DskipTests -pl delivery -am package test-compile >&2)
(cd "$repo" && mvn -B -q -pl delivery dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$out.classpath" >&2)
cp="$repo/delivery/target/test-classes:$repo/delivery/target/classes:$(cat "$out.classpath")"
jar="$repo/delivery/target/proactive-delivery.jar"

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), load average now: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "${BENCH_REUSE:-0}" != 1 ] || [ ! -f "$out/paths-membership.txt" ]; then
  rm -rf "$out"
  mkdir -p "$out"
  echo "== snapshots (generate, publish, load)"
  # shellcheck disable=SC2086
  java -Xmx6g -XX:+UseParallelGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
    io.proactiveinsights.delivery.bench.SnapshotBench "$out"
fi
if [ "${BENCH_SKIP_SNAPSHOTS:-0}" != 1 ]; then
  echo "== snapshot load in a fresh JVM (as a starting endpoint does it), three runs each"
  for snapshot in wide deep; do
    for run in 1 2 3; do
      # shellcheck disable=SC2086
      java $jvm_opts -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
        io.proactiveinsights.delivery.bench.LoadBench "$out/$snapshot"
    done
  done
fi

token="bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
printf '%s\n' "$token" > "$out/token"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$out/nginx/nginx.pid" ] && nginx -p "$out/nginx" -c "$out/nginx/nginx.conf" -s stop 2>/dev/null || true
}
trap cleanup EXIT

await() {
  for _ in $(seq 1 200); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench: $1 did not come up" >&2
  exit 1
}

# nginx: a static file of the membership response's exact size, for any path, kept-alive like wrk.
mkdir -p "$out/nginx/html"
version="$(cat "$out/wide/CURRENT")"
printf '{"member":true,"version":"%s"}' "$version" > "$out/nginx/html/member.json"
cat > "$out/nginx/nginx.conf" <<NGINX
worker_processes auto;
pid $out/nginx/nginx.pid;
error_log $out/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $out/nginx/tmp;
  proxy_temp_path $out/nginx/tmp;
  fastcgi_temp_path $out/nginx/tmp;
  uwsgi_temp_path $out/nginx/tmp;
  scgi_temp_path $out/nginx/tmp;
  server {
    listen 127.0.0.1:18082;
    root $out/nginx/html;
    location / { default_type application/json; try_files /member.json =404; }
  }
}
NGINX
mkdir -p "$out/nginx/tmp"

run_wrk() { # slug url paths-file round
  local slug="$1" url="$2" paths="$3" round="$4" result
  result="$(wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --latency -s "$here/paths.lua" "$url" -- "$paths" "$token")"
  echo "$result" > "$out/wrk-$slug-$round.txt"
  printf '%s %s %s %s %s\n' "$slug" \
    "$(awk '/^Requests\/sec/{print $2}' <<<"$result")" \
    "$(awk '$1=="50%"{print $2}' <<<"$result")" \
    "$(awk '$1=="99%"{print $2}' <<<"$result")" \
    "$(awk '/Non-2xx|Socket errors/{n++} END{print n+0}' <<<"$result")" >> "$out/results.txt"
}

nginx -p "$out/nginx" -c "$out/nginx/nginx.conf"
# shellcheck disable=SC2086
java $jvm_opts -jar "$jar" serve --snapshots "$out/wide" --host 127.0.0.1 --port 18080 \
  --token-file "$out/token" $serve_args 2>"$out/endpoint.log" &
pids+=($!)
# The same jar with one IO thread per core (the default is one per core but one), for comparison.
# shellcheck disable=SC2086
java $jvm_opts -jar "$jar" serve --snapshots "$out/wide" --host 127.0.0.1 --port 18083 \
  --token-file "$out/token" --threads "$(nproc)" 2>"$out/endpoint-percore.log" &
pids+=($!)
# shellcheck disable=SC2086
java $jvm_opts -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
  io.proactiveinsights.delivery.server.JdkBenchServer "$out/wide" 18081 "$out/token" 16 2>"$out/jdk.log" &
pids+=($!)
await "http://127.0.0.1:18082/v1/x"
await "http://127.0.0.1:18080/readyz"
await "http://127.0.0.1:18081/readyz"
await "http://127.0.0.1:18083/readyz"

targets=()
for server in $servers; do
  case "$server" in
    nginx) targets+=("nginx http://127.0.0.1:18082 $out/paths-membership.txt") ;;
    endpoint) targets+=("endpoint http://127.0.0.1:18080 $out/paths-membership.txt") ;;
    endpoint-percore) targets+=("endpoint-percore http://127.0.0.1:18083 $out/paths-membership.txt") ;;
    jdk) targets+=("jdk http://127.0.0.1:18081 $out/paths-membership.txt") ;;
    endpoint-users) targets+=("endpoint-users http://127.0.0.1:18080 $out/paths-users.txt") ;;
    *) echo "bench: unknown server '$server' in BENCH_SERVERS" >&2; exit 2 ;;
  esac
done
echo "== HTTP warm-up (10 s each)"
for target in "${targets[@]}"; do
  read -r slug url paths <<<"$target"
  wrk -t"$wrk_threads" -c"$connections" -d10s -s "$here/paths.lua" "$url" -- "$paths" "$token" >/dev/null
done
: > "$out/results.txt"
echo "== HTTP: $rounds rounds of wrk -t$wrk_threads -c$connections -d${seconds}s --latency per server, interleaved; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  for target in "${targets[@]}"; do
    read -r slug url paths <<<"$target"
    run_wrk "$slug" "$url" "$paths" "$round"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# Median over rounds of requests/s and of each percentile (wrk prints us or ms).
python3 - "$out/results.txt" <<'PY'
import statistics, sys
names = {
    "nginx": "nginx 1.22, static file of the same body size",
    "endpoint": "endpoint (Undertow 2.3), membership",
    "endpoint-percore": "endpoint, one IO thread per core (--threads = cores), membership",
    "jdk": "same API on JDK com.sun.net.httpserver, 16 threads, membership",
    "endpoint-users": "endpoint (Undertow 2.3), user segments",
}
def ms(v):
    for unit, f in (("us", 1e-3), ("ms", 1.0), ("s", 1e3)):
        if v.endswith(unit):
            return float(v[: -len(unit)]) * f
rows = {}
for line in open(sys.argv[1]):
    slug, rps, p50, p99, errors = line.split()
    rows.setdefault(slug, []).append((float(rps), ms(p50), ms(p99), int(errors)))
print("| server | requests/s (median; min..max) | p50 ms | p99 ms | error lines |")
print("|---|---|---|---|---|")
for slug in names:
    r = rows.get(slug, [])
    if not r:
        continue
    rps = [x[0] for x in r]
    print(f"| {names[slug]} | {statistics.median(rps):,.0f} ({min(rps):,.0f}..{max(rps):,.0f}) "
          f"| {statistics.median(x[1] for x in r):.2f} | {statistics.median(x[2] for x in r):.2f} "
          f"| {sum(x[3] for x in r)} |")
nginx = statistics.median(x[0] for x in rows["nginx"]) if "nginx" in rows else None
if nginx is None:
    sys.exit(0)
for slug in ("endpoint", "endpoint-percore", "jdk"):
    if slug in rows:
        print(f"ratio {slug}/nginx = {statistics.median(x[0] for x in rows[slug]) / nginx:.2f}")
PY
