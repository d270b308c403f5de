#!/usr/bin/env bash
# Delivery endpoint benchmark (not part of `mvn verify`). Rerun with: delivery/bench/run.sh
#  1. snapshot size and load time: 1 M users x 50 segments, and one 10 M-member segment (12 M users);
#  2. membership lookups/s and p50/p99 with wrk on loopback: the endpoint (JDK HttpServer), the same
#     API on Javalin 6.7 / Jetty, and nginx serving a static file of the same body size, one after
#     the other in the same run.
# Knobs (environment): BENCH_DIR (default /tmp/proactive-delivery-bench), BENCH_SECONDS (20),
# BENCH_CONNECTIONS (16), BENCH_WRK_THREADS (1), BENCH_REUSE=1 keeps generated snapshots,
# BENCH_SKIP_SNAPSHOTS=1 skips step 1 timings (still generates if missing).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="${BENCH_DIR:-/tmp/proactive-delivery-bench}"
seconds="${BENCH_SECONDS:-20}"
connections="${BENCH_CONNECTIONS:-16}"
wrk_threads="${BENCH_WRK_THREADS:-1}"
jvm_opts="${BENCH_JAVA_OPTS:--Xmx2g -XX:+UseParallelGC}"

for tool in wrk nginx curl java mvn; do
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

run_wrk() { # slug label url paths-file
  local slug="$1" name="$2" url="$3" paths="$4" result
  wrk -t"$wrk_threads" -c"$connections" -d5s -s "$here/paths.lua" "$url" -- "$paths" "$token" >/dev/null
  result="$(wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --latency -s "$here/paths.lua" "$url" -- "$paths" "$token")"
  echo "$result" > "$out/wrk-$slug.txt"
  local rps p50 p99 errors
  rps="$(awk '/^Requests\/sec/{print $2}' <<<"$result")"
  p50="$(awk '$1=="50%"{print $2}' <<<"$result")"
  p99="$(awk '$1=="99%"{print $2}' <<<"$result")"
  errors="$(awk '/Non-2xx|Socket errors/{print}' <<<"$result" | tr '\n' ' ')"
  printf '| %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "${errors:-none}"
  echo "$rps" > "$out/rps-$slug"
}

echo "== HTTP: wrk -t$wrk_threads -c$connections -d${seconds}s --latency (after a 5 s warm-up), load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| server | requests/s | p50 | p99 | errors |"
echo "|---|---|---|---|---|"

nginx -p "$out/nginx" -c "$out/nginx/nginx.conf"
await "http://127.0.0.1:18082/v1/x"
run_wrk nginx "nginx static file (same body size)" "http://127.0.0.1:18082" "$out/paths-membership.txt"
nginx -p "$out/nginx" -c "$out/nginx/nginx.conf" -s stop 2>/dev/null
sleep 1

# shellcheck disable=SC2086
java $jvm_opts -jar "$jar" serve --snapshots "$out/wide" --host 127.0.0.1 --port 18080 \
  --token-file "$out/token" 2>"$out/endpoint.log" &
pids+=($!)
await "http://127.0.0.1:18080/readyz"
run_wrk jdk "endpoint (JDK HttpServer) membership" "http://127.0.0.1:18080" "$out/paths-membership.txt"
run_wrk jdk-users "endpoint (JDK HttpServer) user segments" "http://127.0.0.1:18080" "$out/paths-users.txt"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

# shellcheck disable=SC2086
java $jvm_opts -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
  io.proactiveinsights.delivery.server.JavalinBenchServer "$out/wide" 18081 "$out/token" 2>"$out/javalin.log" &
pids+=($!)
await "http://127.0.0.1:18081/readyz"
run_wrk javalin "Javalin 6.7 / Jetty, same API, membership" "http://127.0.0.1:18081" "$out/paths-membership.txt"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

nginx_rps="$(cat "$out/rps-nginx")"
jdk_rps="$(cat "$out/rps-jdk")"
javalin_rps="$(cat "$out/rps-javalin")"
awk -v a="$jdk_rps" -v b="$nginx_rps" -v c="$javalin_rps" \
  'BEGIN { printf "ratio endpoint/nginx = %.2f, Javalin/nginx = %.2f (wrk outputs in the bench dir)\n", a / b, c / b }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
