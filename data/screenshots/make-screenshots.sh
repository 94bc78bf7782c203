#!/bin/sh
# make-screenshots.sh — remake the README and AppStream screenshots from the built app, under Xvfb.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: data/screenshots/make-screenshots.sh [BUILD_DIR [WIDTHxHEIGHT OUT_DIR]]
#   (default: build/ of this checkout, the window's default 960×640, into this folder)
# With a size and a folder, the same pictures at that window size go there instead, to look at
# a large screen (1920x1080) without touching the README's.
# The app renders its own window (--screenshot=PAGE,FILE), so the result does not depend on a
# window manager or a compositor. Settings come from a fresh keyfile and experiments go to a
# temporary folder, so nothing of this machine's state shows, and the pictures are the same on
# every run (the demo set, the split and the weights are seeded).
#
#   data.png      the Data page on the built-in demo set (96 phantoms at 256²)
#   train.png     the Train page mid-run: Dice-BCE plus a Lovász hinge term whose weight grows
#                 as Kervadec's (0.01, +0.01 per epoch), tiny model, 30 epochs at lr 1e-3, shot
#                 after epoch 12 (--screenshot=train-after-epochs=12,FILE)
#   compare.png   the Compare page once five losses × three seeds have run with the tiny
#                 model, 30 epochs at lr 1e-3 (--screenshot=compare-finished,FILE)
#   push.png      where each loss pushes on a preview of train.png's run after epoch 12, the
#                 prediction eroded by 3 px in the loss explorer
#                 (--screenshot=push-after-epochs=12,FILE)
#   sweep.png     the Compare page after a sweep: Dice-BCE, Jaccard and Focal over three
#                 learning rates, two seeds, tiny model, 30 epochs, in a taller window
#                 (--screenshot=compare-finished,FILE with the sweep on)
#   *-dark.png    the same pages in dark mode, to look at; not referenced by the metainfo
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:-$top/build}
size=${2:-960x640}
out=${3:-$here}
width=${size%x*}
height=${size#*x}
app="$build/src/app/lossbench"

if [ ! -x "$app" ]; then
  echo "No built app at $app; run ninja -C $build first." >&2
  exit 1
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
mkdir -p "$scratch/config/glib-2.0/settings"
cat > "$scratch/config/glib-2.0/settings/keyfile" <<KEYS
[io/github/lossbench/Lossbench]
epochs=30
learning-rate=0.001
compare-epochs=30
compare-learning-rate=0.001
plus=true
plus-loss='lovasz-hinge'
plus-schedule='kervadec'
plus-weight=0.01
plus-step=0.01
window-width=$width
window-height=$height
KEYS
mkdir -p "$out"

shoot () { # page file scheme
  page=$1 file=$2 scheme=$3
  rm -rf "$scratch/data"
  env GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=keyfile \
      XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" \
      XDG_CACHE_HOME="$scratch/cache" GTK_A11Y=none NO_AT_BRIDGE=1 GSK_RENDERER=cairo \
      ADW_DEBUG_COLOR_SCHEME="$scheme" \
    xvfb-run -a -s "-screen 0 $((width + 64))x$((height + 64))x24" dbus-run-session -- \
    "$app" --screenshot="$page,$file" 2>/dev/null
  echo "wrote $file"
}

for scheme in prefer-light prefer-dark; do
  suffix=
  [ "$scheme" = prefer-dark ] && suffix=-dark
  shoot data "$out/data$suffix.png" "$scheme"
  shoot train-after-epochs=12 "$out/train$suffix.png" "$scheme"
  shoot compare-finished "$out/compare$suffix.png" "$scheme"
done

# Where each loss pushes: the same run as train.png, its window opened after epoch 12, the
# previews' prediction eroded by 3 px in the loss explorer.
cat >> "$scratch/config/glib-2.0/settings/keyfile" <<KEYS
push-edit='erode'
push-strength=3
KEYS
for scheme in prefer-light prefer-dark; do
  suffix=
  [ "$scheme" = prefer-dark ] && suffix=-dark
  shoot push-after-epochs=12 "$out/push$suffix.png" "$scheme"
done

# The sweep: its heatmaps sit below the curves, so the window is taller.
sweep_height=$((height * 3 / 2))
cat >> "$scratch/config/glib-2.0/settings/keyfile" <<KEYS
compare-losses=['dice-bce', 'jaccard', 'focal']
compare-seeds=2
compare-sweep=true
compare-sweep-first='lr'
compare-sweep-first-values='1e-4,3e-4,1e-3'
KEYS
sed -i "s/^window-height=.*/window-height=$sweep_height/" "$scratch/config/glib-2.0/settings/keyfile"
height=$sweep_height
for scheme in prefer-light prefer-dark; do
  suffix=
  [ "$scheme" = prefer-dark ] && suffix=-dark
  shoot compare-finished "$out/sweep$suffix.png" "$scheme"
done
