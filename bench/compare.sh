#!/bin/sh
# compare.sh — lossbench-cli bench against bench/torch_unet.py, back to back, with ratios per config.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: bench/compare.sh [-r REPEATS] [-b BUILD_DIR] [CONFIG…]     (configs: tiny quick poster)
# Each repeat runs the C benchmark then PyTorch's, alternating so that load from other users of
# the machine hits both alike; the table shows medians over repeats, and each engine's own
# figures are already medians over its timed steps. Figures on a shared machine are noisy:
# trust ratios from one run more than absolute numbers.
set -eu

repeats=3
here=$(cd "$(dirname "$0")" && pwd)
build="$here/../build"
while getopts "r:b:" opt; do
  case $opt in
    r) repeats=$OPTARG ;;
    b) build=$OPTARG ;;
    *) echo "usage: $0 [-r REPEATS] [-b BUILD_DIR] [CONFIG…]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
configs=${*:-tiny quick poster}
cli="$build/src/cli/lossbench-cli"
py=/usr/bin/python3 # Debian's, with python3-torch; not a pyenv one
[ -x "$cli" ] || { echo "$0: $cli not built (ninja -C $build)" >&2; exit 1; }

out=$(mktemp)
trap 'rm -f "$out"' EXIT
for config in $configs; do
  i=0
  while [ "$i" -lt "$repeats" ]; do
    "$cli" bench --config "$config" --json >>"$out"
    OPENBLAS_NUM_THREADS=1 "$py" "$here/torch_unet.py" --config "$config" --json >>"$out"
    i=$((i + 1))
  done
done

"$py" - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
def med(engine, config, key):
    v = [r[key] for r in rows if r["engine"] == engine and r["config"] == config]
    return statistics.median(v) if v else float("nan")
print(f"{'config':8} {'engine':10} {'train img/s':>12} {'GFLOP/s':>8} {'img/CPU-s':>10} "
      f"{'infer img/s':>12} {'peak RSS MB':>12}")
for config in dict.fromkeys(r["config"] for r in rows):
    for engine in ("lossbench", "pytorch"):
        print(f"{config:8} {engine:10} {med(engine, config, 'train_img_s'):12.2f} "
              f"{med(engine, config, 'train_gflop_s'):8.1f} "
              f"{med(engine, config, 'train_img_per_cpu_s'):10.2f} "
              f"{med(engine, config, 'infer_img_s'):12.2f} "
              f"{med(engine, config, 'peak_rss_bytes') / 1e6:12.0f}")
    t = med("lossbench", config, "train_img_s") / med("pytorch", config, "train_img_s")
    i = med("lossbench", config, "infer_img_s") / med("pytorch", config, "infer_img_s")
    m = med("lossbench", config, "peak_rss_bytes") / med("pytorch", config, "peak_rss_bytes")
    c = med("lossbench", config, "train_img_per_cpu_s") / med("pytorch", config, "train_img_per_cpu_s")
    print(f"{config:8} {'ratio':10} {t:11.2f}× {'':8} {c:9.2f}× {i:11.2f}× {m:11.2f}× "
          f"(C / PyTorch)")
n = max((sum(1 for r in rows if r["engine"] == "lossbench" and r["config"] == c)
         for c in {r["config"] for r in rows}), default=0)
core = {r.get("openblas_core") for r in rows if r["engine"] == "lossbench"}
print(f"medians of {n} runs each; OpenBLAS kernels: {', '.join(sorted(core))}")
try:
    print("load average at the end: " + " ".join(open("/proc/loadavg").read().split()[:3])
          + " (a 2-core machine is shared when this is well above 2: figures are noisy)")
except OSError:
    pass
PY
