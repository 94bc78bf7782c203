#!/bin/sh
# tests/fuzz/make-corpus.sh BUILD — writes the fuzz targets' seed corpora (corpus/TARGET/seed-*)
# from files Lossbench itself writes (a one-epoch run of BUILD's lossbench-cli on the demo set)
# and a few made by hand. Crash inputs found later are kept beside them as crash-*; this script
# leaves those alone.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
build=$(cd "${1:?usage: make-corpus.sh BUILD}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
corpus="$here/corpus"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$build/src/cli/lossbench-cli" train --loss dice-bce --preset tiny --size 16 --width 1 \
  --epochs 1 --demo-count 10 --out "$work/run" >/dev/null 2>&1
"$build/src/cli/lossbench-cli" compare --preset tiny --size 16 --width 1 --epochs 1 \
  --demo-count 10 --losses focal,tversky --seeds 1 --augment light --out "$work/compare" >/dev/null 2>&1
run="$work/run/runs/dice-bce-s1"
for t in image discover csv safetensors weights config split history checkpoint; do
  mkdir -p "$corpus/$t"
  rm -f "$corpus/$t"/seed-*
done

cp "$run/history.csv" "$corpus/history/seed-run"
printf 'epoch,train_loss\n1,nan\n' > "$corpus/history/seed-short"
cp "$work/run/split.tsv" "$corpus/split/seed-run"
printf '# a comment\nphantom_0001\ttrain\nphantom_0002\ttest\r\n' > "$corpus/split/seed-crlf"
cp "$work/run/config.json" "$corpus/config/seed-train"
cp "$work/compare/config.json" "$corpus/config/seed-compare"
cp "$work/run/summary.csv" "$corpus/csv/seed-summary"
cp "$run/per-image.csv" "$corpus/csv/seed-per-image"
printf 'name,"a ""quoted"", field"\r\nx,"two\nlines"\r\n' > "$corpus/csv/seed-quoted"
cp "$run/weights.safetensors" "$corpus/weights/seed-run"
head -c 2048 "$run/weights.safetensors" > "$corpus/weights/seed-cut"
head -c 4096 "$run/weights.safetensors" > "$corpus/safetensors/seed-weights-head"

/usr/bin/python3 - "$corpus" <<'PY'
import json, os, struct, sys
import gi
gi.require_version('GdkPixbuf', '2.0')
from gi.repository import GdkPixbuf
corpus = sys.argv[1]

def safetensors(tensors, metadata):
    header, blob = {}, b''
    for name, (shape, values) in tensors.items():
        data = struct.pack('<%df' % len(values), *values)
        header[name] = {'dtype': 'F32', 'shape': shape,
                        'data_offsets': [len(blob), len(blob) + len(data)]}
        blob += data
    header['__metadata__'] = metadata
    text = json.dumps(header).encode()
    return struct.pack('<Q', len(text)) + text + blob

with open(os.path.join(corpus, 'safetensors', 'seed-small'), 'wb') as f:
    f.write(safetensors({'params': ([3], [1, 2, 3]), 'batch_losses': ([2, 2], [0.5] * 4)},
                        {'epoch': '2', 'fingerprint': 'abc'}))
with open(os.path.join(corpus, 'safetensors', 'seed-scalar'), 'wb') as f:
    f.write(safetensors({'best': ([], [7])}, {}))

# The same small picture in every format GdkPixbuf writes.
pixels = bytes((x * 16 + y * 5) % 256 for y in range(12) for x in range(10) for _ in range(3))
pixbuf = GdkPixbuf.Pixbuf.new_from_bytes(__import__('gi').repository.GLib.Bytes.new(pixels),
                                         GdkPixbuf.Colorspace.RGB, False, 8, 10, 12, 30)
for fmt in ('png', 'jpeg', 'bmp', 'tiff'):
    ok, data = pixbuf.save_to_bufferv(fmt, [], [])
    with open(os.path.join(corpus, 'image', 'seed-' + fmt), 'wb') as f:
        f.write(data)
PY
cp "$run/masks/"*.png "$corpus/image/seed-mask"

# The checkpoint target's own small run writes its checkpoint as the seed.
LB_FUZZ_WRITE_SEED="$corpus/checkpoint/seed-run" "$build/tests/fuzz/fuzz-checkpoint" \
  /dev/null >/dev/null

d="$corpus/discover"
printf 'images/a.png\nimages/b.png\nmasks/a.png\nmasks/b.png mask\nimages/c.png cut\nmasks/c.png\n' > "$d/seed-generic"
printf 'images/a.png\nmasks/a.png\n--\nname,source\na,hospital-a\n' > "$d/seed-manifest"
printf 'CXR_png/MCUCXR_0001_0.png\nManualMask/leftMask/MCUCXR_0001_0.png\nManualMask/rightMask/MCUCXR_0001_0.png\n' > "$d/seed-montgomery"
printf 'CXR_png/CHNCXR_0001_0.png\nmasks/CHNCXR_0001_0_mask.png\nCXR_png/CHNCXR_0002_1.png empty\nmasks/CHNCXR_0002_1_mask.png text\n' > "$d/seed-kaggle"
printf 'CXR_png/CHNCXR_0001_0.png\nmask/CHNCXR_0001_0_mask.png\n' > "$d/seed-shenzhen"
echo "seed corpora written to $corpus"
