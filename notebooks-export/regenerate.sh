#!/usr/bin/env bash
# Regenerates the committed exports in this folder from the demo run: sample data for ds 2026-11-23
# (fixed seed), the whole pipeline (report included) into target/demo, then copies the report's
# notebook and digest here. The warehouse path inside the notebook is rewritten relative to this
# folder (../target/demo/warehouse), so the notebook reloads the tables after `./proactive demo`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ds=2026-11-23
demo="$root/target/demo"
report="$demo/warehouse/reports/ds=$ds"

# The JIT needs more code cache than the C1-only default leaves for a whole pipeline in one JVM.
export PROACTIVE_JAVA_OPTS="${PROACTIVE_JAVA_OPTS:--Xmx4g -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:ReservedCodeCacheSize=240m}"
mkdir -p "$root/target"
"$root/proactive" demo --dir "$demo" --ds "$ds" > "$demo.log"

for file in report.ipynb report.md; do
  sed "s|$demo/warehouse|../target/demo/warehouse|g" "$report/$file" > "$root/notebooks-export/demo-$file"
done
echo "notebooks-export: demo-report.ipynb and demo-report.md regenerated from $report (demo output in $demo.log)" >&2
