#!/bin/sh
# tests/slurm/with-cluster.sh — runs a test program with a one-node Slurm cluster of its own
# (cluster.sh), stopped afterwards however the program ends. Where no cluster can be had, the
# program runs with LB_SLURM_SKIP saying why, and skips what needs one.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
here=$(cd "$(dirname "$0")" && pwd)
state=$(mktemp -d "${TMPDIR:-/tmp}/lossbench-slurm-XXXXXX")
trap '"$here/cluster.sh" stop "$state"; rm -rf "$state"' EXIT INT TERM
if conf=$("$here/cluster.sh" start "$state" 2>"$state/why"); then
  export SLURM_CONF="$conf"
else
  LB_SLURM_SKIP="no Slurm cluster could be started here: $(tail -1 "$state/why")"
  export LB_SLURM_SKIP
fi
"$@"
status=$?
exit $status
