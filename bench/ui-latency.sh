#!/bin/sh
# ui-latency.sh — how late the window's main loop runs while the app works: it loads a dataset
# and makes its thumbnails, trains, runs a two-loss comparison and scrolls the Data grid, while
# a 10 ms timer records how much later than due it fires. Prints p50, p99 and the worst lateness
# per phase, for GTK's Cairo and GL renderers, under Xvfb, and what a late tick was: the main
# loop's own work ("busy", its longest dispatch) or a wait for a core ("woken late").
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: bench/ui-latency.sh [-b BUILD_DIR] [-r RENDERERS] [-m PRESETS] [-d DATA] [-p PRIORITY]
#   -r  renderers to measure, comma-separated (default cairo,gl)
#   -m  model presets to train, comma-separated (default tiny,quick)
#   -d  datasets: demo, real (../shared/data/cxr + cxr-extra), comma-separated (default both,
#       real only when that folder is there)
#   -p  how the app's worker threads run: idle (the app's default), nice or normal
#       (LOSSBENCH_WORKER_PRIORITY; normal is how every thread ran before they yielded)
# Measures the tiny and quick presets on the demo set, and on ../shared/data/cxr + cxr-extra
# (688 real pairs) when that folder is beside the checkout. One frame at 60 Hz is 16.7 ms.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build="$here/../build"
renderers=cairo,gl
presets=tiny,quick
sets=demo,real
priority=
while getopts "b:r:m:d:p:" opt; do
  case $opt in
    b) build=$OPTARG ;;
    r) renderers=$OPTARG ;;
    m) presets=$OPTARG ;;
    d) sets=$OPTARG ;;
    p) priority=$OPTARG ;;
    *) echo "usage: $0 [-b BUILD_DIR] [-r cairo,gl] [-m tiny,quick] [-d demo,real] [-p idle|nice|normal]" >&2
       exit 2 ;;
  esac
done
app="$build/src/app/lossbench"
[ -x "$app" ] || { echo "$0: build first (ninja -C $build)" >&2; exit 1; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM

real="$here/../../shared/data"
datasets=
case ",$sets," in *,demo,*) datasets=demo ;; esac
case ",$sets," in
  *,real,*)
    if [ -d "$real/cxr" ] && [ -d "$real/cxr-extra" ]; then
      datasets="$datasets $(cd "$real/cxr" && pwd):$(cd "$real/cxr-extra" && pwd)"
    else
      echo "($real/cxr and cxr-extra are not there: the real set is left out)"
    fi ;;
esac

measure () { # renderer preset epochs data
  log="$scratch/latency.log"
  rm -f "$log"
  spec="preset=$2,epochs=$3,compare-epochs=2"
  [ "$4" = demo ] || spec="$spec,data=$4"
  env GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory \
      XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache" \
      GTK_A11Y=none NO_AT_BRIDGE=1 GSK_RENDERER="$1" LOSSBENCH_LATENCY_LOG="$log" \
      ${priority:+LOSSBENCH_WORKER_PRIORITY=$priority} \
    timeout 1800 xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
    "$app" --measure-latency="$spec" >/dev/null 2>&1 || true
  if [ ! -s "$log" ]; then echo "  no result (the app failed)"; return; fi
  # A grid that fits the window has nothing to scroll: its phase ends at once (0 ticks).
  # phase=train worst_lateness_ms=… p50_ms=… p99_ms=… ticks=… busy_max_ms=…
  # woken_late_max_ms=… [detail]. "busy" is the main loop's longest stretch of its own work;
  # "woken late" the longest a due wakeup waited for a core (src/app/lb-main-loop-watch.h).
  awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
         printf "  %-8s p50 %5.1f ms   p99 %5.1f ms   max %6.1f ms   busy %6.1f ms   woken late %6.1f ms   (%s ticks)\n",
                v["phase"], v["p50_ms"], v["p99_ms"], v["worst_lateness_ms"], v["busy_max_ms"],
                v["woken_late_max_ms"], v["ticks"] }' "$log"
}

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores"
echo "worker priority: ${priority:-idle (default)}"
for data in $datasets; do
  name=$data
  [ "$data" = demo ] || name="cxr + cxr-extra (688 real pairs)"
  for preset in $(echo "$presets" | tr ',' ' '); do
    # About a minute of training each on two cores.
    epochs=3
    [ "$preset" = tiny ] && [ "$data" = demo ] && epochs=20
    for renderer in $(echo "$renderers" | tr ',' ' '); do
      echo "$name, $preset preset, $epochs epochs, $renderer renderer:"
      measure "$renderer" "$preset" "$epochs" "$data"
    done
  done
done
