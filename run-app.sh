#!/bin/sh
# run-app.sh — install what is missing, build, and launch Lossbench on its demo set.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
top=$(cd "$(dirname "$0")" && pwd)
"$top/.ci/setup-debian" build
ninja -C "$top/build" >/dev/null
# Run from the build tree: the schema is compiled there, no install needed.
export GSETTINGS_SCHEMA_DIR="$top/build/data"
exec "$top/build/src/app/lossbench" "$@"
