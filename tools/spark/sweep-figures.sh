#!/usr/bin/env bash
# The README's sweep figures: a 3,000-run sweep (the three baselines x 1,000 seeds, cifar10, hp 12, 20,000
# simulated s) over a full topology file, as (1) the single-threaded loop (SweepLoop, no Spark), (2) tools/nasmap
# sweep on local[2], (3) spark-submit (org.apache.spark.deploy.SparkSubmit, what the spark-submit script runs) to a
# standalone master with two worker JVMs, all started from the module's class path and bound to 127.0.0.1, while
# sampling each executor's peak RSS (VmHWM) and how many mappings of the file it has.
#
#   tools/spark/sweep-figures.sh FILE SCRATCH [REPEATS]
#
# FILE: a full topology-space nasmap file; SCRATCH: a folder for the outputs, the standalone cluster's work
# folders and a SPARK_HOME whose jars/ is tools/spark/target/lib. Build first: mvn -q -B package -DskipTests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
file="$(realpath "$1")"
scratch="$(mkdir -p "$2" && realpath "$2")"
repeats="${3:-1}"
lib="$here/target/lib"
cp="$here/target/nasmap-spark.jar:$lib/*"
agrona=--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
# the flags Spark's own launcher adds on Java 17 (org.apache.spark.launcher.JavaModuleOptions)
spark_flags=(-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true)
export SPARK_LOCAL_IP=127.0.0.1
spec="$scratch/sweep-3000.json"
sed 's/"last": 99}/"last": 999}/' "$here/example-sweep.json" > "$spec"
grep -q '"last": 999' "$spec"

echo "== machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$repeats"); do
  echo "== single-threaded loop (repeat $r)"
  /usr/bin/time -f "%e s elapsed, %U s user + %S s system CPU, %M KB peak RSS" \
    java $agrona -cp "$cp" org.nasmap.spark.SweepLoop "$file" "$spec" "$scratch/loop-summary.csv"
  echo "== tools/nasmap sweep --master 'local[2]' (repeat $r)"
  rm -rf "$scratch/out-local2"
  /usr/bin/time -f "%e s elapsed, %U s user + %S s system CPU, %M KB peak RSS" \
    "$root/tools/nasmap" sweep --master 'local[2]' "$file" --spec "$spec" --out "$scratch/out-local2"
  cmp "$scratch/loop-summary.csv" "$scratch/out-local2/summary.csv" && echo "summary.csv identical to the loop's"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
done

echo "== standalone master and two workers (2 cores, 2 GB each), 127.0.0.1"
home="$scratch/spark-home"
mkdir -p "$home"
ln -sfn "$lib" "$home/jars"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13
java "${spark_flags[@]}" -cp "$lib/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 17077 \
  --webui-port 18080 > "$scratch/master.log" 2>&1 &
pids+=($!)
sleep 5
workers=()
for w in 1 2; do
  mkdir -p "$scratch/work$w"
  java "${spark_flags[@]}" -cp "$lib/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 2 --memory 2g \
    --webui-port $((18080 + w)) --work-dir "$scratch/work$w" spark://127.0.0.1:17077 > "$scratch/worker$w.log" 2>&1 &
  pids+=($!)
  workers+=($!)
done
for _ in $(seq 60); do
  [ "$(grep -c 'Successfully registered with master' "$scratch"/worker*.log 2>/dev/null | awk -F: '{s+=$2} END {print s}')" = 2 ] && break
  sleep 1
done
rm -rf "$scratch/out-standalone"
java $agrona "${spark_flags[@]}" -cp "$lib/*" org.apache.spark.deploy.SparkSubmit \
  --master spark://127.0.0.1:17077 --class org.nasmap.spark.SweepMain \
  --conf spark.executor.extraJavaOptions=$agrona --conf spark.driver.host=127.0.0.1 --conf spark.ui.enabled=false \
  --executor-memory 1g --executor-cores 2 --total-executor-cores 4 \
  "$here/target/nasmap-spark-app.jar" "$file" --spec "$spec" --out "$scratch/out-standalone" \
  > "$scratch/submit.log" 2>&1 &
submit=$!
declare -A hwm maps rss anon
while kill -0 "$submit" 2>/dev/null; do
  for w in "${workers[@]}"; do
    for e in $(pgrep -P "$w" || true); do
      s=$(grep VmHWM /proc/"$e"/status 2>/dev/null | awk '{print $2}') || continue
      [ -n "$s" ] || continue
      hwm[$e]=$s
      a=$(awk '/^RssAnon/ {print $2}' /proc/"$e"/status 2>/dev/null || echo 0)
      [ "${a:-0}" -gt "${anon[$e]:-0}" ] && anon[$e]=$a
      m=$(grep -c -F "$file" /proc/"$e"/maps 2>/dev/null || true)
      [ "${m:-0}" -gt "${maps[$e]:-0}" ] && maps[$e]=$m
      r=$(awk -v f="$file" '$0 ~ /^[0-9a-f]+-[0-9a-f]+ / {on = index($0, f) > 0} on && /^Rss:/ {s += $2} END {print s + 0}' \
        /proc/"$e"/smaps 2>/dev/null || echo 0)
      [ "${r:-0}" -gt "${rss[$e]:-0}" ] && rss[$e]=$r
    done
  done
  sleep 0.5
done
wait "$submit" || { echo "spark-submit failed:"; tail -20 "$scratch/submit.log"; exit 1; }
grep 'runs in' "$scratch/submit.log"
cmp "$scratch/loop-summary.csv" "$scratch/out-standalone/summary.csv" && echo "summary.csv identical to the loop's"
for e in "${!hwm[@]}"; do
  printf 'executor JVM pid %s: peak RSS (VmHWM) %d MB, of which anonymous (heap, JIT, threads) at most %d MB; ' \
    "$e" $((hwm[$e] / 1024)) $((${anon[$e]:-0} / 1024))
  printf 'mappings of the file: %s; its resident (page-cache, shared) pages at most %d MB\n' \
    "${maps[$e]:-0}" $((${rss[$e]:-0} / 1024))
done
echo "file: $(stat -c %s "$file") bytes; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
