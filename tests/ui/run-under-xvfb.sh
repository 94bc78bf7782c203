#!/bin/sh
# run-under-xvfb.sh — run a dogtail GUI test under Xvfb with its own D-Bus session and
# accessibility bus (the recipe of docs/testing.md).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: run-under-xvfb.sh APP SCHEMA_DIR TEST_SCRIPT [VERSION [AT_SPI_BUS_LAUNCHER]]
# The test script finds the app, the schema and the version About must show in LB_APP,
# GSETTINGS_SCHEMA_DIR and LB_VERSION.
set -eu
if [ $# -lt 3 ]; then
  echo "usage: $0 APP SCHEMA_DIR TEST_SCRIPT [VERSION [AT_SPI_BUS_LAUNCHER]]" >&2
  exit 2
fi
LB_APP=$1
GSETTINGS_SCHEMA_DIR=$2
test_script=$3
LB_VERSION=${4:-${LB_VERSION:-}}
LB_AT_SPI_BUS_LAUNCHER=${5:-/usr/libexec/at-spi-bus-launcher}
export LB_VERSION LB_AT_SPI_BUS_LAUNCHER
# Nothing of the user's desktop leaks in: settings stay off dconf, the app uses its own bus.
GSETTINGS_BACKEND=memory
# Xvfb has no GPU: GTK's GL renderer would run on Mesa's llvmpipe, rasterising every frame on
# the same two cores the trainer saturates, and the main-loop lateness the test measures would
# be llvmpipe's. Cairo is what GTK uses on a machine without GL, and it is deterministic.
GSK_RENDERER=${GSK_RENDERER:-cairo}
export LB_APP GSETTINGS_SCHEMA_DIR GSETTINGS_BACKEND GSK_RENDERER
unset DBUS_SESSION_BUS_ADDRESS AT_SPI_BUS_ADDRESS NO_AT_BRIDGE GTK_A11Y || true

exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
  dbus-run-session -- sh -c '
    # GTK 4 talks to the accessibility bus whenever there is one; the test tells dogtail not to
    # look for the toolkit-accessibility setting, so the user'"'"'s dconf is never written.
    "$LB_AT_SPI_BUS_LAUNCHER" --launch-immediately &
    launcher=$!
    status=0
    /usr/bin/python3 "$0" || status=$?
    kill "$launcher" 2>/dev/null || true
    exit $status' "$test_script"
