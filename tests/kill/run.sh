#!/usr/bin/env bash
# Crash safety: kills `partnergraph build` with SIGKILL at random moments while it refreshes
# an existing store with changed synthetic CORDIS data (the three files replaced), and
# `partnergraph remove` while it takes one of them out, and checks after each kill that the
# store opens and holds exactly the graph before the command or the graph after it, never a mix.
# A third of the kills land near the end of the command, around the switch to the new graph and
# the exit after it. A snapshot taken before the kills, and the generation each build keeps
# for `diff` (the one it replaced), must be whole after every kill.
#
#   bash tests/kill/run.sh [KILLS] [PROJECTS]       (defaults: 20 kills, 5000 projects; as
#                                                    many again of `remove`, at least 3)
#
# Uses $CARGO_TARGET_DIR/release/partnergraph (build it first: cargo build --release).
set -euo pipefail
cd "$(dirname "$0")/../.."
kills=${1:-20}
projects=${2:-5000}
pg="${CARGO_TARGET_DIR:-target}/release/partnergraph"
[ -x "$pg" ] || { echo "kill test: $pg is missing; run cargo build --release first" >&2; exit 1; }
pg=$(realpath "$pg")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$pg" -q synth cordis --projects "$projects" --seed 1 -o "$work/old" >/dev/null
"$pg" -q synth cordis --projects "$projects" --seed 2 -o "$work/new" >/dev/null

# Both states are one folder name apart from nothing: the data is copied into `h2020/`, so the
# documents keep their ids (h2020-project, …) and only their content changes.
use() { rm -rf "$work/h2020"; cp -r "$work/$1" "$work/h2020"; }
# The store's statements without ingest times, as one digest.
digest() {
  PARTNERGRAPH_STORE=$1 "$pg" -q export --format nquads | grep -v generatedAtTime | LC_ALL=C sort | sha256sum | cut -c1-16
}
build() { PARTNERGRAPH_STORE=$1 "$pg" -q build --wait 0 seeds "$work/h2020" >/dev/null; }

# Reference stores: the old graph, and the new one reached by an update build, whose duration
# sets the range of the random kill delays (up to 1.5 times it, so some kills come too late and
# find the new graph published).
use old; build "$work/ref-old"; old=$(digest "$work/ref-old")
cp -r "$work/ref-old" "$work/ref-new"
use new; start=$(date +%s%N); build "$work/ref-new"; took=$(( ($(date +%s%N) - start) / 1000000 ))
new=$(digest "$work/ref-new")
[ "$old" != "$new" ] || { echo "kill test: the two data sets give the same graph" >&2; exit 1; }
echo "kill test: $projects projects; an update build takes ${took} ms; old $old, new $new"

# A random delay up to 1.5 times the command's duration, or for every third kill one in the
# last fifth of it and just past it (publishing, collecting the old generation, exiting).
late_or_random() {
  if [ $(( $2 % 3 )) -eq 0 ]; then
    echo $(( $1 * 4 / 5 + RANDOM * ($1 * 2 / 5) / 32768 ))
  else
    echo $(( RANDOM * ($1 * 3 / 2) / 32768 ))
  fi
}

# Runs partnergraph ARGS on the store, kills it with SIGKILL after DELAY ms, and checks that
# the store still opens.
kill_after() {
  local delay=$1 what=$2; shift 2
  PARTNERGRAPH_STORE="$store" "$pg" -q "$@" >/dev/null 2>&1 &
  local pid=$!
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  PARTNERGRAPH_STORE="$store" "$pg" -q stats >/dev/null || { echo "$what: the store does not open" >&2; exit 1; }
}

# What `diff` says between the two graphs, from a store built the ordinary way.
changes() { PARTNERGRAPH_STORE=$1 "$pg" -q diff "${@:2}" --format csv | LC_ALL=C sort | sha256sum | cut -c1-16; }
old_to_new=$(changes "$work/ref-new")

store="$work/store"
use old; build "$store"
PARTNERGRAPH_STORE="$store" "$pg" -q snapshot before-kills
holds=old
outcomes_old=0; outcomes_new=0
for i in $(seq 1 "$kills"); do
  target=$([ "$holds" = old ] && echo new || echo old)
  use "$target"
  delay=$(late_or_random "$took" "$i")
  kill_after "$delay" "kill $i" build --wait 0 seeds "$work/h2020"
  got=$(digest "$store")
  if [ "$got" = "${!holds}" ]; then
    outcome=$holds
  elif [ "$got" = "${!target}" ]; then
    outcome=$target
  else
    echo "kill $i after ${delay} ms: the store holds neither graph (digest $got)" >&2
    exit 1
  fi
  # The generation the published one replaced is there to compare with (none before the first
  # update is published).
  PARTNERGRAPH_STORE="$store" "$pg" -q diff --format csv >/dev/null 2>"$work/diff.err" \
    || grep -q 'no graph from before' "$work/diff.err" \
    || { echo "kill $i: diff fails: $(cat "$work/diff.err")" >&2; exit 1; }
  [ "$outcome" = "$holds" ] && outcomes_old=$((outcomes_old + 1)) || outcomes_new=$((outcomes_new + 1))
  echo "kill $i after ${delay} ms: $([ "$outcome" = "$holds" ] && echo "previous graph kept" || echo "new graph published")"
  holds=$outcome
done

# The next build completes and clears what the killed ones left behind.
target=$([ "$holds" = old ] && echo new || echo old)
use "$target"; build "$store"
[ "$(digest "$store")" = "${!target}" ] || { echo "kill test: the build after the kills is wrong" >&2; exit 1; }
leftover=$(find "$store" -maxdepth 1 -name 'gen-*' -type d | wc -l)
[ "$leftover" -eq 2 ] || { echo "kill test: $leftover generations left after a clean build (the published one and the one it replaced expected)" >&2; ls "$store" >&2; exit 1; }
# The snapshot holds the old graph still, and the kept generation the graph before the build.
if [ "$target" = new ]; then
  [ "$(changes "$store" before-kills)" = "$old_to_new" ] || { echo "kill test: the snapshot changed" >&2; exit 1; }
  [ "$(changes "$store")" = "$old_to_new" ] || { echo "kill test: diff is not old to new" >&2; exit 1; }
else
  # Only the header line: the snapshot holds the graph the store holds again.
  [ "$(PARTNERGRAPH_STORE="$store" "$pg" -q diff before-kills --format csv | wc -l)" -eq 1 ] \
    || { echo "kill test: the snapshot of the old graph differs from it" >&2; exit 1; }
  [ "$(changes "$store")" != "$old_to_new" ] || { echo "kill test: diff is not new to old" >&2; exit 1; }
fi
echo "kill test: $kills kills survived: $outcomes_old kept the previous graph, $outcomes_new published the new one; never a mix"

# Removals: `remove h2020-organization` killed at random moments; the store must hold the graph
# before it or the graph a completed removal gives, then is built whole again for the next kill.
cp -r "$store" "$work/ref-removed"
PARTNERGRAPH_STORE="$work/ref-removed" "$pg" -q remove --wait 0 h2020-organization >/dev/null
whole=$(digest "$store"); removed=$(digest "$work/ref-removed")
start=$(date +%s%N); cp -r "$store" "$work/timing"
PARTNERGRAPH_STORE="$work/timing" "$pg" -q remove --wait 0 h2020-organization >/dev/null
took=$(( ($(date +%s%N) - start) / 1000000 ))
removals=$(( kills > 3 ? kills : 3 )); kept=0; gone=0
for i in $(seq 1 "$removals"); do
  delay=$(late_or_random "$took" "$i")
  kill_after "$delay" "remove kill $i" remove --wait 0 h2020-organization
  got=$(digest "$store")
  if [ "$got" = "$whole" ]; then
    kept=$((kept + 1)); echo "remove kill $i after ${delay} ms: previous graph kept"
  elif [ "$got" = "$removed" ]; then
    gone=$((gone + 1)); echo "remove kill $i after ${delay} ms: removal published"
    build "$store"
    [ "$(digest "$store")" = "$whole" ] || { echo "kill test: the build after a removal is wrong" >&2; exit 1; }
  else
    echo "remove kill $i after ${delay} ms: the store holds neither graph (digest $got)" >&2
    exit 1
  fi
done
echo "kill test: $removals remove kills survived: $kept kept the previous graph, $gone published the removal; never a mix"
