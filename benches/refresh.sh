#!/usr/bin/env bash
# Refresh benchmark (not run by CI): a store of one synthetic CORDIS export refreshed with
# another, against a fresh build of the same inputs, measured in the same run.
#
#   cargo build --release
#   bash benches/refresh.sh [PROJECTS] [REPEAT] [BINARY] [CASES]
#       (defaults: 35000, 3, the release build, "all one remove"; CASES picks some of the cases,
#        so that each can run in a short quiet window of its own)
#
# Cases, each timed REPEAT times (median and range printed), every refresh on a fresh copy of
# the store built from export A (`synth --seed 1`):
#   all three   A's project.csv, organization.csv, euroSciVoc.csv replaced by B's (`--seed 2`)
#   one         only organization.csv replaced by B's
#   remove one  `partnergraph remove h2020-organization`
# and for each, a fresh build of the files the refreshed store then holds, into an empty store.
set -euo pipefail
cd "$(dirname "$0")/.."
projects=${1:-35000}
repeat=${2:-3}
pg=$(realpath "${3:-${CARGO_TARGET_DIR:-target}/release/partnergraph}")
cases=${4:-all one remove}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$pg" -q synth cordis --projects "$projects" --seed 1 -o "$work/A" >/dev/null
"$pg" -q synth cordis --projects "$projects" --seed 2 -o "$work/B" >/dev/null
# Inputs as folders named h2020/, so that both exports give the same document ids.
inputs() { # NAME PROJECT ORGANIZATION SCIVOC (each A, B or -)
  mkdir -p "$work/in-$1/h2020"
  for pair in "project:$2" "organization:$3" "euroSciVoc:$4"; do
    file=${pair%%:*}.csv; from=${pair##*:}
    [ "$from" = - ] || cp "$work/$from/$file" "$work/in-$1/h2020/$file"
  done
}
inputs a A A A; inputs all B B B; inputs one A B A; inputs rest A - A

# Seconds one command takes, wall clock and CPU (user + system; on a machine others share, the
# CPU time is the steadier figure), after a sync so that earlier writeback does not land in it.
seconds() {
  sync
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" >/dev/null
  awk '{ printf "%.2f/%.2f\n", $1, $2 + $3 }' "$work/time"
}
fresh() { rm -rf "$work/s"; PARTNERGRAPH_STORE="$work/s" seconds "$pg" -q build --wait 0 "$work/in-$1/h2020"; }
refresh() {
  rm -rf "$work/s"; cp -r "$work/store-a" "$work/s"
  rm -rf "$work/h2020"; cp -r "$work/in-$1/h2020" "$work/h2020"
  PARTNERGRAPH_STORE="$work/s" seconds "$pg" -q build --wait 0 "$work/h2020"
}
remove() {
  rm -rf "$work/s"; cp -r "$work/store-a" "$work/s"
  rm -rf "$work/h2020"; cp -r "$work/in-a/h2020" "$work/h2020"
  PARTNERGRAPH_STORE="$work/s" seconds "$pg" -q remove --wait 0 h2020-organization
}
# The store every refresh starts from: export A, read from $work/h2020, where each refresh
# puts its inputs.
rm -rf "$work/h2020"; cp -r "$work/in-a/h2020" "$work/h2020"
PARTNERGRAPH_STORE="$work/store-a" "$pg" -q build --wait 0 "$work/h2020" >/dev/null

# Median and range of field F (1: wall, 2: CPU) of WALL/CPU pairs.
stats() { # F TIMES…
  local f=$1; shift
  printf '%s\n' "$@" | cut -d/ -f"$f" | sort -n | awk '{ t[NR] = $1 } END {
    printf "%.2f %.2f %.2f", t[int((NR + 1) / 2)], t[1], t[NR] }'
}
summary() { # LABEL TIMES…
  local label=$1; shift
  read -r wm wl wh <<<"$(stats 1 "$@")"; read -r cm cl ch <<<"$(stats 2 "$@")"
  printf "%-24s wall median %6.2f s (%.2f–%.2f)   CPU median %6.2f s (%.2f–%.2f)\n" \
    "$label" "$wm" "$wl" "$wh" "$cm" "$cl" "$ch"
}
ratio() { # F FRESH… -- REFRESH…
  local f=$1 fresh=() refresh=(); shift
  while [ "$1" != -- ]; do fresh+=("$1"); shift; done; shift
  echo "scale=2; $(stats "$f" "$@" | cut -d' ' -f1) / $(stats "$f" "${fresh[@]}" | cut -d' ' -f1)" | bc
}

echo "refresh benchmark: $projects projects, $repeat runs each, $(nproc) cores"
for case in $cases; do
  f=(); r=()
  for _ in $(seq "$repeat"); do
    case $case in
      all) f+=("$(fresh all)"); r+=("$(refresh all)") ;;
      one) f+=("$(fresh one)"); r+=("$(refresh one)") ;;
      remove) f+=("$(fresh rest)"); r+=("$(remove)") ;;
    esac
  done
  summary "fresh build ($case)" "${f[@]}"
  summary "refresh ($case)" "${r[@]}"
  echo "refresh/fresh ($case): wall $(ratio 1 "${f[@]}" -- "${r[@]}"), CPU $(ratio 2 "${f[@]}" -- "${r[@]}")"
done
