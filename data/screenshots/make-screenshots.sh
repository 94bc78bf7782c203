#!/bin/sh
# make-screenshots.sh — remake the README and AppStream screenshots from the built app, under Xvfb.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: data/screenshots/make-screenshots.sh [BUILD_DIR]   (default: build/ of this checkout)
# The app renders its own window (--screenshot=PAGE,FILE), so the result does not depend on a
# window manager or a compositor; the settings backend is in memory, so the window has the
# schema's default size whatever was remembered on this machine.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:-$top/build}
app="$build/src/app/lossbench"

if [ ! -x "$app" ]; then
  echo "No built app at $app; run ninja -C $build first." >&2
  exit 1
fi

shoot () { # page file [extra environment]
  page=$1 file=$2
  shift 2
  env GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory \
      GTK_A11Y=none NO_AT_BRIDGE=1 "$@" \
    xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
    "$app" --screenshot="$page,$file" 2>/dev/null
  echo "wrote $file"
}

shoot data "$here/main-window.png" ADW_DEBUG_COLOR_SCHEME=prefer-light
