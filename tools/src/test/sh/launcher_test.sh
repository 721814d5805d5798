#!/usr/bin/env bash
# Process-level tests of the launcher tools/nasmap and the query jar, as a user runs them (after `package`;
# Maven runs this in the integration-test phase). Each check prints "ok - ..." or "FAILED - ..."; exit 1 on any failure.
set -uo pipefail
cd "$(dirname "$0")/../../.."   # tools/
nasmap="$PWD/nasmap"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
check() { if [ "$2" = "$3" ]; then echo "ok - $1"; else echo "FAILED - $1: expected [$3], got [$2]"; failed=1; fi; }

"$nasmap" convert --quiet ../writer/src/test/resources/nats-sample/NATS-tss-v1_0-3ffb9-simple "$work/tss.nasmap" >/dev/null
file="$work/tss.nasmap"

# one request, its answer read before stdin is closed (the query must not wait for the end of its input)
coproc Q { "$nasmap" query "$file"; }
echo '{"op":"len"}' >&"${Q[1]}"
answer=""; IFS= read -r -t 60 answer <&"${Q[0]}" || true
check "query answers a request while its stdin stays open" "$answer" '{"len":15625}'
echo '{"op":"arch","index":99999}' >&"${Q[1]}"
answer=""; IFS= read -r -t 60 answer <&"${Q[0]}" || true
check "a second request on the same stream" "$answer" '{"error":"invalid architecture index 99999: not in [0, 15625)"}'
exec {Q[1]}>&-
wait "$Q_PID"; check "query exits 0 at the end of its input" "$?" 0

# yes | query | head -1 ends promptly: the broken pipe stops the query (exit 141, as a process killed by SIGPIPE)
out="$(timeout 60 bash -c "yes '{\"op\":\"len\"}' | '$nasmap' query '$file' | head -1; echo \"\${PIPESTATUS[1]}\"")"
check "yes | query | head -1 ends with the query's exit code 141" "$out" $'{"len":15625}\n141'

# a closed stdin is an error at start, before any answer
out="$("$nasmap" query "$file" <&- 2>"$work/err")"; code=$?
check "a closed stdin: exit code" "$code" 1
check "a closed stdin: no answer" "$out" ""
check "a closed stdin: the message" "$(cat "$work/err")" "nasmap query: standard input is closed: nothing to answer"

# non-ASCII file names under LC_ALL=C
cp "$file" "$work/été.nasmap"
check "LC_ALL=C query of a non-ASCII path" "$(echo '{"op":"len"}' | LC_ALL=C "$nasmap" query "$work/été.nasmap")" '{"len":15625}'
LC_ALL=C "$nasmap" info "$work/été.nasmap" >/dev/null 2>"$work/err"
check "LC_ALL=C info of a non-ASCII path" "$?:$(cat "$work/err")" "0:"

# the default java (Java 17 and later) works too, with its CDS archive instead of the AOT cache
java17="$(readlink -f "$(command -v java)")"; java17="${java17%/bin/java}"
check "query on the default java ($java17)" \
  "$(echo '{"op":"len"}' | JAVA_HOME="$java17" "$nasmap" query "$file"; echo '{"op":"len"}' | JAVA_HOME="$java17" "$nasmap" query "$file")" \
  $'{"len":15625}\n{"len":15625}'

# a JDK 25+ named by JAVA_HOME: the launcher makes and uses its AOT cache (where one is installed)
for release in /usr/lib/jvm/*/release; do
  grep -q '^JAVA_VERSION="2[5-9]' "$release" 2>/dev/null || continue
  jdk="${release%/release}"
  check "query on $jdk (AOT cache)" \
    "$(echo '{"op":"len"}' | JAVA_HOME="$jdk" "$nasmap" query "$file"; echo '{"op":"len"}' | JAVA_HOME="$jdk" "$nasmap" query "$file")" \
    $'{"len":15625}\n{"len":15625}'
  break
done

# query creates no file but its caches (run in an empty folder)
mkdir "$work/cwd"
(cd "$work/cwd" && echo '{"op":"len"}' | "$nasmap" query "$file" >/dev/null)
check "query creates nothing in the working directory" "$(ls -A "$work/cwd")" ""
check "query's caches are the only files beside the jars" \
  "$(ls target | grep -E '^nasmap-query' | grep -vE '^nasmap-query\.(jar|jsa)$|^nasmap-query-jdk[0-9]+\.aot$' | tr '\n' ' ')" ""

# --help on every command: exit code 0 and a usage on stdout
for c in demo convert info verify show query top pareto correlate export plot; do
  out="$("$nasmap" "$c" --help 2>/dev/null)"; code=$?
  check "$c --help" "$code:${out:0:13}" "0:Usage: nasmap"
done
exit $failed
