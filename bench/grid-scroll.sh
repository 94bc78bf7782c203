#!/bin/sh
# grid-scroll.sh — how smoothly the Data page browses a large dataset: open it, wait for every
# thumbnail, scroll the grid top to bottom at 48 px a frame, and report the frame times.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: bench/grid-scroll.sh [-b BUILD_DIR] [FOLDER[:FOLDER…]…]
# FOLDER:FOLDER opens several folders as one dataset (e.g. cxr:cxr-extra, the 688 real pairs).
# Without FOLDER it writes 700 demo phantoms at 256² to a temporary folder (the size of the
# Montgomery + Shenzhen set) and measures that. Each folder is opened twice: cold (decoding and
# writing the dataset cache) and warm (from the cache). Runs under Xvfb with both of GTK's
# renderers: Cairo, and GL, which on a machine without a GPU is Mesa's software rasteriser.
# A frame interval of 16.7 ms is the 60 Hz clock keeping up; 33 ms and up is a dropped frame.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build="$here/../build"
while getopts "b:" opt; do
  case $opt in
    b) build=$OPTARG ;;
    *) echo "usage: $0 [-b BUILD_DIR] [FOLDER…]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
app="$build/src/app/lossbench"
cli="$build/src/cli/lossbench-cli"
[ -x "$app" ] && [ -x "$cli" ] || { echo "$0: build first (ninja -C $build)" >&2; exit 1; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
if [ $# -eq 0 ]; then
  "$cli" demo-data --out "$scratch/demo-700" --count 700 >/dev/null
  set -- "$scratch/demo-700"
fi

measure () { # folder renderer cache-dir
  env GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory \
      XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$3" GTK_A11Y=none NO_AT_BRIDGE=1 \
      GSK_RENDERER="$2" \
    timeout 300 xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
    "$app" --measure-grid="$1,$scratch/result" >/dev/null 2>&1 || true
  if [ -s "$scratch/result" ]; then cat "$scratch/result"; else echo "no result (the app failed)"; fi
  rm -f "$scratch/result"
}

for spec in "$@"; do
  folders= names=
  for folder in $(echo "$spec" | tr ':' ' '); do
    folder=$(cd "$folder" && pwd)
    folders=${folders:+$folders:}$folder
    names=${names:+$names + }$(basename "$folder")
  done
  for renderer in cairo gl; do
    rm -rf "$scratch/cache"
    printf '%s, %s, cold: ' "$names" "$renderer"
    measure "$folders" "$renderer" "$scratch/cache"
    printf '%s, %s, warm: ' "$names" "$renderer"
    measure "$folders" "$renderer" "$scratch/cache"
  done
done
