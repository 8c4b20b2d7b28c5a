#!/usr/bin/env bash
# Full-text search on the H2020-scale synthetic workload (35,000 projects, seed 1):
#   1. the share of a fresh build spent writing the search index (goal: at most 10 %),
#   2. the latency of one search through `serve`'s /search, warm (goal: at most 50 ms), and of
#      `partnergraph search` as a process (opening the store included),
#   3. the same question asked in SPARQL with SERVICE pg:search and with
#      FILTER(CONTAINS(LCASE(…))) over every title and objective, in one run (goal: 20x).
#
# Usage: benches/search.sh [SCRATCH_DIR]   (default /work/scratch/search; needs ~2 GB)
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

# 1. A fresh build, three times; the build logs when it has loaded and when it has indexed.
for run in 1 2 3; do
  rm -rf "$store"
  log=$scratch/build-$run.log
  start=$(date +%s.%N)
  PARTNERGRAPH_LOG=info "$bin" --store "$store" -q build "$cordis" 2> "$log" > /dev/null
  end=$(date +%s.%N)
  python3 - "$log" "$start" "$end" <<'EOF'
import re, sys
log, start, end = open(sys.argv[1]).read(), float(sys.argv[2]), float(sys.argv[3])
def elapsed(message):
    for line in log.splitlines():
        if message in line:
            m = re.search(r"elapsed=([0-9.]+)(ms|s|µs)", line)
            value = float(m.group(1))
            return {"s": value, "ms": value / 1e3, "µs": value / 1e6}[m.group(2)]
    raise SystemExit(f"no {message!r} in the build log")
before, indexed = elapsed("compacted") if "compacted" in log else elapsed("loaded"), elapsed("indexed the text")
total = end - start
index = indexed - before
print(f"build: {total:.2f} s in all, search index {index:.2f} s = {100 * index / total:.1f} % of the build")
EOF
done
du -sh "$store/current/search" | awk '{print "index size: " $1}'

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
for form in service contains; do
  times=()
  for _ in 1 2 3; do
    start=$(date +%s%N)
    "$bin" --store "$store" -q query --timeout 0 -e "${!form}" --format csv > "$scratch/$form.csv"
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
  done
  took[$form]=$(printf '%s\n' "${times[@]}" | best)
  echo "SPARQL $form: ${times[*]} ms ($(($(wc -l < "$scratch/$form.csv") - 1)) countries, $(tail -n +2 "$scratch/$form.csv" | awk -F, '{s += $2} END {print s}') projects)"
done
python3 -c "print(f'SERVICE pg:search is {${took[contains]} / ${took[service]}:.1f}x as fast as FILTER(CONTAINS(LCASE(...))) (best of 3 each)')"
if ! diff -q "$scratch/service.csv" "$scratch/contains.csv" > /dev/null; then
  echo "note: the answers differ (stemming and word boundaries against substrings):"
  diff "$scratch/service.csv" "$scratch/contains.csv" | head -20 || true
fi
