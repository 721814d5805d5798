#!/usr/bin/env bash
# Runs the published benchmark set (bench/README.md) and the memory-constrained worker.
#   bench/run.sh                 everything (about 15-20 minutes on 2 cores)
#   bench/run.sh 'finalAccuracy' only the JMH benchmarks matching the regex (no worker)
# Results go to $OUT (default bench/target/results): jmh.json, jmh.txt, table.md, worker.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=bench/target/benchmarks.jar
OUT=${OUT:-bench/target/results}
mkdir -p "$OUT"
[ -f "$JAR" ] || { echo "build first: mvn -B install -DskipTests" >&2; exit 2; }
{
  echo "date: $(date -u +%FT%TZ)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "memory: $(free -g | awk '/Mem:/ {print $2 " GiB"}')"
  echo "java: $(java -version 2>&1 | sed -n 2p)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/machine.txt"
java -jar "$JAR" ${1:-} -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc -rf json -rff "$OUT/jmh.json" | tee "$OUT/jmh.txt"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
python3 bench/table.py "$OUT/jmh.json" | tee "$OUT/table.md"
if [ -z "${1:-}" ]; then
  java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp "$JAR" org.nasmap.bench.BuildFile "$OUT/tss.nasmap"
  /usr/bin/time -v java -Xmx32m --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp "$JAR" \
    org.nasmap.bench.ConstrainedWorker "$OUT/tss.nasmap" 10000000 2>&1 | tee "$OUT/worker.txt"
  rm -f "$OUT/tss.nasmap"
fi
