#!/bin/sh
# fuzz.sh — runs every libFuzzer target of tests/fuzz for SECONDS each, two at a time.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: bench/fuzz.sh [-b BUILD_DIR] [-j LANES] SECONDS [TARGET…]
#   (targets: image discover csv safetensors weights config split history checkpoint;
#   default all)
# Sets up BUILD_DIR (default build-fuzz: clang, -Dfuzzing=true, AddressSanitizer and
# UndefinedBehaviorSanitizer) when it is not there. Each target starts from its committed corpus
# (tests/fuzz/corpus/TARGET, never written here) and what earlier runs found
# (BUILD_DIR/corpus/TARGET, kept between runs). A crash, leak, hang (10 s) or an allocation over
# 2 GB stops that target with its input in BUILD_DIR/artifacts/, and the script exits 1 naming
# it: add the input to the committed corpus as crash-NAME, fix the cause, and the engine suite
# replays it from then on. The last line of each target's log says how far it got.
# -j 1 runs the targets one after another on one core (default 2: two at a time).
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
build="$here/build-fuzz"
lanes=2
while getopts "b:j:" opt; do
  case $opt in
    b) build=$OPTARG ;;
    j) lanes=$OPTARG ;;
    *) echo "usage: $0 [-b BUILD_DIR] [-j LANES] SECONDS [TARGET…]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
seconds=${1:?usage: $0 [-b BUILD_DIR] [-j LANES] SECONDS [TARGET…]}
shift
targets=${*:-image discover csv safetensors weights config split history checkpoint}

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$here" -Dfuzzing=true -Db_sanitize=address,undefined \
    -Db_lundef=false --buildtype=debugoptimized >/dev/null
fi
ninja -C "$build" >/dev/null
mkdir -p "$build/artifacts" "$build/logs"

# One target: its log in BUILD/logs/TARGET.log; exit status libFuzzer's.
run_one() {
  target=$1
  mkdir -p "$build/corpus/$target"
  set -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-"
  if [ -f "$here/tests/fuzz/$target.dict" ]; then
    set -- "$@" -dict="$here/tests/fuzz/$target.dict"
  fi
  started=$(date +%s)
  status=0
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 \
  LSAN_OPTIONS=suppressions="$here/.ci/lsan.supp" \
    "$build/tests/fuzz/fuzz-$target" "$@" "$build/corpus/$target" \
    "$here/tests/fuzz/corpus/$target" >"$build/logs/$target.log" 2>&1 || status=$?
  # How long it really ran: a target that crashes stops early.
  echo $(($(date +%s) - started)) >"$build/logs/$target.seconds"
  return $status
}

# Two cores: the targets in two lanes, each lane one target after another. A lane writes the
# targets that failed in BUILD/logs/lane-N.failed.
lane() {
  lane_failed="$build/logs/lane-$1.failed"
  shift
  : >"$lane_failed"
  for target in "$@"; do
    run_one "$target" || echo "$target" >>"$lane_failed"
  done
}
set -- $targets
first="" second=""
while [ $# -gt 0 ]; do
  first="$first $1"; shift
  if [ $# -gt 0 ] && [ "$lanes" -ge 2 ]; then second="$second $1"; shift; fi
done
lane 1 $first &
one=$!
lane 2 $second &
two=$!
wait $one $two || true
failed=$(cat "$build/logs/lane-1.failed" "$build/logs/lane-2.failed")

for target in $targets; do
  stats=$(grep -E '^stat::number_of_executed_units' "$build/logs/$target.log" | awk '{print $2}')
  cov=$(grep -E '^#[0-9]+.*(DONE|cov:)' "$build/logs/$target.log" | tail -1 | grep -oE 'cov: [0-9]+' || true)
  ran=$(cat "$build/logs/$target.seconds" 2>/dev/null || echo 0)
  echo "$target: ${stats:-?} inputs in ${ran} s, ${cov:-cov: ?}"
  # Kept across runs: the fuzzing time each target has had (docs/reliability.md).
  printf '%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M)" "$target" "$ran" "${stats:-?}" \
    >>"$build/logs/fuzzing-time.tsv"
done
if [ -n "$failed" ]; then
  for target in $failed; do
    echo "== $target failed: its log, $build/logs/$target.log, ends:" >&2
    tail -30 "$build/logs/$target.log" >&2
  done
  exit 1
fi
