#!/usr/bin/env bash
# Two builds of partnergraph on the same work, whole processes, taking turns (not run by CI).
# For a change that must not move the figures (a refactoring): the older binary is the peer.
#
#   bash benches/compare_binaries.sh OLD_BINARY NEW_BINARY [PROJECTS] [ROUNDS]   (35000, 3)
#
# Steps, each timed per round and binary: `build` of seeds/ plus a synthetic CORDIS export into an
# empty store, `network --format csv -o DIR`, `report gaps --org "Region Örebro län" --format json`.
# Prints the median and range of each step's wall-clock seconds and new / old.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1"); new=$(realpath "$2")
projects=${3:-35000}
rounds=${4:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$new" -q synth cordis --projects "$projects" --seed 1 -o "$work/cordis" >/dev/null

seconds() { # LOG COMMAND…: appends the wall-clock seconds of COMMAND to LOG
  local log=$1; shift
  sync
  /usr/bin/time -f '%e' -o "$work/t" "$@" >/dev/null
  cat "$work/t" >>"$log"
}
for round in $(seq "$rounds"); do
  for which in old new; do
    pg=${!which}
    store="$work/store-$which"
    rm -rf "$store" "$work/net"
    export PARTNERGRAPH_STORE=$store
    seconds "$work/$which.build" "$pg" -q build --wait 0 seeds "$work/cordis"
    seconds "$work/$which.network" "$pg" -q network --format csv -o "$work/net"
    seconds "$work/$which.report" "$pg" -q report gaps --org "Region Örebro län" --format json
  done
  echo "round $round done" >&2
done
median() { sort -n "$1" | awk '{ t[NR] = $1 } END { printf "%.2f (%.2f–%.2f)", t[int((NR + 1) / 2)], t[1], t[NR] }'; }
mid() { sort -n "$1" | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'; }
printf '| step (%s projects, %s rounds) | old | new | new / old |\n| --- | ---: | ---: | ---: |\n' "$projects" "$rounds"
for step in build network report; do
  printf '| %s | %s | %s | %s |\n' "$step" "$(median "$work/old.$step")" "$(median "$work/new.$step")" \
    "$(awk -v a="$(mid "$work/new.$step")" -v b="$(mid "$work/old.$step")" 'BEGIN { printf "%.2f", a / b }')"
done
