#!/usr/bin/env bash
# Full-text search on the H2020-scale synthetic workload (35,000 projects, seed 1):
#   1. what the search index adds to a fresh build (goal: at most 10 %): the text is gathered
#      as the quads stream into the loader and indexed while it finishes, and the build logs
#      how long the loader then waited; also what reading the text back from the store costs,
#   2. the latency of one search through `serve`'s /search, warm (goal: at most 50 ms), and of
#      `partnergraph search` as a process (opening the store included),
#   3. the same question asked in SPARQL with SERVICE pg:search and with
#      FILTER(CONTAINS(LCASE(…))) over every title and objective, in one run, on the store as
#      loaded and after `build --compact` (goal: 20x); the rows must be equal or it fails.
#
# Usage: benches/search.sh [SCRATCH_DIR]   (default /work/scratch/search; needs ~2 GB)
# PARTNERGRAPH_BASELINE_BIN=OLD_BINARY also times another build (builds and SERVICE query) in turn.
# Run it through /work/bench-quiet.sh on a shared machine. Prints one line per figure.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
scratch=${1:-/work/scratch/search}
bin=${PARTNERGRAPH_BIN:-${CARGO_TARGET_DIR:-$repo/target}/release/partnergraph}
mkdir -p "$scratch"
cordis=$scratch/cordis-35000
store=$scratch/store-35000

if [[ ! -f $cordis/project.csv ]]; then
  "$bin" -q synth cordis --projects 35000 --seed 1 -o "$cordis"
fi
python3 - "$cordis/project.csv" <<'EOF'
import csv, statistics, sys
csv.field_size_limit(1 << 24)
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    lengths = [len(row["objective"]) for row in csv.DictReader(f, delimiter=";")]
print(f"objectives: {len(lengths)} projects, {statistics.mean(lengths):.0f} characters on average "
      f"(median {statistics.median(lengths):.0f}, max {max(lengths)})")
EOF

# 1. Fresh builds. The text is gathered as the quads stream into the loader and indexed while
# it finishes; the build logs how long the loader then waited for the indexes (what they add to
# the build) and how long tantivy took. With PARTNERGRAPH_BASELINE_BIN (a build of the commit
# before, which indexed after the load by reading the store back), its builds run in turn with
# these, and its own index phase is printed for comparison.
cat > "$scratch/elapsed.py" <<'EOF'
import re
def seconds(log, message, key="elapsed"):
    for line in log.splitlines():
        if message in line:
            m = re.search(key + r"=([0-9.]+)(ms|s|µs)", line)
            if m:
                value = float(m.group(1))
                return {"s": value, "ms": value / 1e3, "µs": value / 1e6}[m.group(2)]
    raise SystemExit(f"no {message!r} in the log")
EOF
export PYTHONPATH=$scratch
timed_build() { # BIN LOG: prints the wall time of a fresh build
  rm -rf "$store"
  local start end
  start=$(date +%s.%N)
  PARTNERGRAPH_LOG=info "$1" --store "$store" -q build "$cordis" 2> "$2" > /dev/null
  end=$(date +%s.%N)
  python3 -c "print($end - $start)"
}
for run in 1 2; do
  if [[ -n ${PARTNERGRAPH_BASELINE_BIN:-} ]]; then
    log=$scratch/build-baseline-$run.log
    total=$(timed_build "$PARTNERGRAPH_BASELINE_BIN" "$log")
    python3 - "$log" "$total" <<'EOF'
import sys; from elapsed import seconds
log, total = open(sys.argv[1]).read(), float(sys.argv[2])
index = seconds(log, "indexed the text") - seconds(log, "loaded")
print(f"baseline build: {total:.2f} s in all, search index after the load {index:.2f} s "
      f"= {100 * index / total:.1f} %; without it {total - index:.2f} s")
EOF
  fi
  log=$scratch/build-$run.log
  total=$(timed_build "$bin" "$log")
  python3 - "$log" "$total" <<'EOF'
import sys; from elapsed import seconds
log, total = open(sys.argv[1]).read(), float(sys.argv[2])
waited = seconds(log, "wrote the indexes", "waited")
tantivy = seconds(log, "indexed the text of")
print(f"build: {total:.2f} s in all; tantivy {tantivy:.2f} s beside the loader; the loader waited "
      f"{waited:.2f} s for the participation and search indexes = {100 * waited / total:.1f} % of the build")
EOF
done
du -sh "$store/current/search" | awk '{print "index size: " $1}'

# What reading the text back from the store would cost: the index made again from the store.
mv "$store/current/search" "$scratch/search-built"
PARTNERGRAPH_LOG=info "$bin" --store "$store" -q search hydrogen > /dev/null 2> "$scratch/remade.log"
python3 - "$scratch/remade.log" <<'EOF'
import sys; from elapsed import seconds
log = open(sys.argv[1]).read()
print(f"index made again from the loaded store: reading the text {seconds(log, 'from the store'):.2f} s, "
      f"tantivy {seconds(log, 'indexed the text of'):.2f} s")
EOF
rm -rf "$store/current/search" && mv "$scratch/search-built" "$store/current/search"

# 2. Latency: /search on a warm server (the index opened by the first request), then the CLI.
port=$((20000 + RANDOM % 20000))
"$bin" --store "$store" serve --bind "127.0.0.1:$port" 2> "$scratch/serve.log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/health" > /dev/null && break
  sleep 0.1
done
python3 - "$port" <<'EOF'
import statistics, sys, time, urllib.parse, urllib.request
port = sys.argv[1]
words = ["hydrogen", "cancer immunotherapy", "battery recycling", "precision medicine",
         "antimicrobial resistance", "green hydrogen aviation", "dementia diagnosis",
         "offshore wind", "quantum sensing", "circular textiles"]
def ask(q, kind=None):
    params = {"q": q, "limit": "20"}
    if kind:
        params["kind"] = kind
    url = f"http://127.0.0.1:{port}/search?" + urllib.parse.urlencode(params)
    started = time.perf_counter()
    with urllib.request.urlopen(url) as response:
        response.read()
    return (time.perf_counter() - started) * 1000
ask("warm up")
times = [ask(w) for _ in range(5) for w in words]
times += [ask(w, "project") for _ in range(5) for w in words]
times.sort()
print(f"/search: {len(times)} searches, median {statistics.median(times):.1f} ms, "
      f"p95 {times[int(0.95 * len(times)) - 1]:.1f} ms, max {times[-1]:.1f} ms")
EOF
kill $server; wait $server 2>/dev/null || true; trap - EXIT
cli=()
for _ in 1 2 3 4 5; do
  start=$(date +%s%N)
  "$bin" --store "$store" -q search "green hydrogen" --limit 20 > /dev/null
  cli+=($(( ($(date +%s%N) - start) / 1000000 )))
done
echo "partnergraph search as a process (open the store and the index, search, print): ${cli[*]} ms"

# 3. One question, two ways: the coordinators' countries of the projects about hydrogen.
service='SELECT ?country (COUNT(DISTINCT ?project) AS ?projects) WHERE {
  SERVICE pg:search { [] pg:query "hydrogen" ; pg:kind "project" ; pg:limit 1000000 ; pg:hit ?project }
  ?participation pg:inProject ?project ; pg:roleOf ?org ; pg:role "coordinator" .
  ?org pg:hasCountry/pg:countryCode ?country .
} GROUP BY ?country ORDER BY ?country'
contains='SELECT ?country (COUNT(DISTINCT ?project) AS ?projects) WHERE {
  ?project a pg:Project .
  { ?project pg:title ?text } UNION { ?project pg:objective ?text } UNION { ?project pg:acronym ?text }
  FILTER(CONTAINS(LCASE(?text), "hydrogen"))
  ?participation pg:inProject ?project ; pg:roleOf ?org ; pg:role "coordinator" .
  ?org pg:hasCountry/pg:countryCode ?country .
} GROUP BY ?country ORDER BY ?country'
best() { sort -n | head -1; }
declare -A took
ask() { # LABEL BIN FORM: best of three, the answer kept in $scratch/LABEL.csv
  local times=() start
  for _ in 1 2 3; do
    start=$(date +%s%N)
    "$2" --store "$store" -q query --timeout 0 -e "${!3}" --format csv > "$scratch/$1.csv"
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
  done
  took[$1]=$(printf '%s\n' "${times[@]}" | best)
  echo "SPARQL $1: ${times[*]} ms ($(($(wc -l < "$scratch/$1.csv") - 1)) countries, $(tail -n +2 "$scratch/$1.csv" | awk -F, '{s += $2} END {print s}') projects)"
}
compare() { # STORE-STATE: both forms on the store as it is now; the answers must be equal
  ask "service-$1" "$bin" service
  if [[ -n ${PARTNERGRAPH_BASELINE_BIN:-} ]]; then
    ask "service-baseline-$1" "$PARTNERGRAPH_BASELINE_BIN" service
  fi
  ask "contains-$1" "$bin" contains
  if ! cmp -s "$scratch/service-$1.csv" "$scratch/contains-$1.csv"; then
    echo "the two forms answer differently on the $1 store:"
    diff "$scratch/service-$1.csv" "$scratch/contains-$1.csv" | head -20
    exit 1
  fi
  python3 -c "print(f'$1 store: SERVICE pg:search is {${took[contains-$1]} / ${took[service-$1]}:.1f}x as fast as FILTER(CONTAINS(LCASE(...))), the same rows (best of 3 each)')"
}
compare loaded
# The same after `build --compact`, which the README recommends once a store is loaded.
start=$(date +%s.%N)
"$bin" --store "$store" -q build --compact "$cordis" > /dev/null
python3 -c "print(f'build --compact: {$(date +%s.%N) - $start:.1f} s')"
compare compacted
