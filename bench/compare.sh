#!/bin/sh
# compare.sh — lossbench-cli bench against bench/torch_unet.py, back to back, with ratios per config.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: bench/compare.sh [-r REPEATS] [-b BUILD_DIR] [-u] [-p PRECISION] [CONFIG…]
#   (configs: tiny quick poster)
# -u runs both engines with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, as a user's machine
# does (OpenBLAS then picks its kernels for the CPU), for this command only.
# -p bf16 runs Lossbench in bf16 mixed precision (lossbench-cli bench --precision); PyTorch
# stays in FP32, its default.
# Each repeat runs the C benchmark then PyTorch's, alternating so that load from other users of
# the machine hits both alike; the table shows medians over repeats, and each engine's own
# figures are already medians over its timed steps. Figures on a shared machine are noisy:
# trust ratios from one run more than absolute numbers.
set -eu

repeats=3
here=$(cd "$(dirname "$0")" && pwd)
build="$here/../build"
as_user=""
precision=fp32
while getopts "r:b:up:" opt; do
  case $opt in
    r) repeats=$OPTARG ;;
    b) build=$OPTARG ;;
    u) as_user="-u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE" ;;
    p) precision=$OPTARG ;;
    *) echo "usage: $0 [-r REPEATS] [-b BUILD_DIR] [-u] [-p PRECISION] [CONFIG…]" >&2; exit 2 ;;
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
    # shellcheck disable=SC2086 # the -u options are words
    env $as_user "$cli" bench --config "$config" --precision "$precision" --json >>"$out"
    env $as_user OPENBLAS_NUM_THREADS=1 "$py" "$here/torch_unet.py" --config "$config" --json \
      >>"$out"
    i=$((i + 1))
  done
done

"$py" - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
def med(engine, config, key):
    v = [r[key] for r in rows if r["engine"] == engine and r["config"] == config]
    return statistics.median(v) if v else float("nan")
# The machine's FP32 FMA peak, as lossbench-cli bench measured it in this same run: both engines'
# GFLOP/s are a fraction of it.
peaks = [r["peak_gflop_s"] for r in rows if r["engine"] == "lossbench" and "peak_gflop_s" in r]
peak = statistics.median(peaks) if peaks else float("nan")
print(f"{'config':8} {'engine':10} {'train img/s':>12} {'GFLOP/s':>8} {'of peak':>8} "
      f"{'img/CPU-s':>10} {'infer img/s':>12} {'peak RSS MB':>12}")
for config in dict.fromkeys(r["config"] for r in rows):
    for engine in ("lossbench", "pytorch"):
        print(f"{config:8} {engine:10} {med(engine, config, 'train_img_s'):12.2f} "
              f"{med(engine, config, 'train_gflop_s'):8.1f} "
              f"{100 * med(engine, config, 'train_gflop_s') / peak:7.0f}% "
              f"{med(engine, config, 'train_img_per_cpu_s'):10.2f} "
              f"{med(engine, config, 'infer_img_s'):12.2f} "
              f"{med(engine, config, 'peak_rss_bytes') / 1e6:12.0f}")
    t = med("lossbench", config, "train_img_s") / med("pytorch", config, "train_img_s")
    i = med("lossbench", config, "infer_img_s") / med("pytorch", config, "infer_img_s")
    m = med("lossbench", config, "peak_rss_bytes") / med("pytorch", config, "peak_rss_bytes")
    c = med("lossbench", config, "train_img_per_cpu_s") / med("pytorch", config, "train_img_per_cpu_s")
    print(f"{config:8} {'ratio':10} {t:11.2f}× {'':8} {'':8} {c:9.2f}× {i:11.2f}× {m:11.2f}× "
          f"(C / PyTorch)")
n = max((sum(1 for r in rows if r["engine"] == "lossbench" and r["config"] == c)
         for c in {r["config"] for r in rows}), default=0)
core = {r.get("openblas_core") for r in rows if r["engine"] == "lossbench"}
gemm = {r.get("wide_gemm", "?") for r in rows if r["engine"] == "lossbench"}
precision = {r.get("precision", "fp32") for r in rows if r["engine"] == "lossbench"}
print(f"medians of {n} runs each; Lossbench in {', '.join(sorted(precision))}, PyTorch in fp32; "
      f"wide layers on {', '.join(sorted(gemm))}'s GEMM; "
      f"OpenBLAS kernels: {', '.join(sorted(core))}; FP32 FMA peak "
      f"{peak:.0f} GFLOP/s ({', '.join(sorted({r.get('peak_isa', '?') for r in rows if r['engine'] == 'lossbench'}))})")
try:
    print("load average at the end: " + " ".join(open("/proc/loadavg").read().split()[:3])
          + " (a 2-core machine is shared when this is well above 2: figures are noisy)")
except OSError:
    pass
PY
