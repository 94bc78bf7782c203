#!/bin/sh
# run-tests.sh — install what is missing, build, and run every test suite
# (the GUI suite under Xvfb with a D-Bus session and the accessibility bus).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Extra arguments go to `meson test`, e.g. `./run-tests.sh --suite nn`.
set -eu
top=$(cd "$(dirname "$0")" && pwd)
"$top/.ci/setup-debian" test
ninja -C "$top/build" >/dev/null
exec meson test -C "$top/build" --print-errorlogs "$@"
