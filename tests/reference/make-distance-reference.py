#!/usr/bin/python3
# make-distance-reference.py — writes the fixtures of test-distance, test-boundary-metrics,
# test-loss-distance and test-distance-cxr.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run with Debian's python3-scipy, python3-torch and python3-pil (PIL reads the real masks):
#   /usr/bin/python3 tests/reference/make-distance-reference.py
#
# tests/reference/distance.txt — random masks (many shapes, 1×1 to 40×48, anisotropic
# spacings, empty and full masks) with SciPy's distance maps, edges and boundary metrics
# (torch_distance.py), and small batches with the two distance losses from PyTorch autograd
# (float64).  Whitespace-separated tokens:
#   lossbench-distance-fixture 1
#   case NAME H W            then "pred" and "truth", each H rows of 0/1 characters
#   edges                    then the edges of pred and of truth, H rows of 0/1 each
#   map KIND SR SC           then H·W numbers (inf where there is no target), maps of the
#                            truth: KIND edt-fg, edt-bg, edt-bgo (background or outside),
#                            sdf, contour
#   metrics SR SC TAU WIDTH CASE HD HD95 ASSD NSD BIOU NA NB
#   end
#   lossbatch NAME N H W SR SC   then N·H·W logits (float32 values), N·H·W masks, the truth's
#                                sdf and contour maps (N·H·W each)
#   boundary VALUE               then N·H·W gradients
#   hdt ALPHA VALUE              then N·H·W gradients
#
# tests/reference/distance-cxr.txt — only when ../shared/data/cxr (beside the checkout) or
# $LB_SHARED_DATA/cxr is there: for each real lung mask, its name, the SHA-256 of its
# thresholded 0/1 bytes, and checksums of its distance maps and boundary metrics against a
# shifted copy and against the next mask.  No pixel of the data is stored.
#   lossbench-distance-cxr 1
#   weights A M              checksum weight of pixel i: 1 + (i·A mod M)
#   spacing SR SC            the "mm" spacing, dyadic (16 SR², 16 SC² integers: exact sums)
#   mask NAME H W SHA256 FG
#   edt UNIT TO INF SUM16 WSUM16 MAX        UNIT px | mm; TO fg | bg | bgo; 16·d² summed exactly
#   sdf UNIT SUM WSUM MIN MAX
#   contour UNIT SUM WSUM MAX
#   pair NAME PRED           PRED: shift (rows +3, columns −2) or the next mask's name
#   metrics UNIT TAU WIDTH CASE HD HD95 ASSD NSD BIOU NA NB
import glob
import hashlib
import os
import sys

import numpy as np
import torch
from scipy import ndimage

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_distance as td  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CXR_SPACING = (0.75, 1.25)  # squares 9/16 and 25/16
CXR_SPACING16 = (9, 25)
WEIGHT_A, WEIGHT_M = 40503, 997


def fmt(v):
    return "%.17g" % v


# ---- random masks ---------------------------------------------------------------------------

def ellipses(rng, h, w, k):
    rr, cc = np.indices((h, w))
    m = np.zeros((h, w), dtype=bool)
    for _ in range(k):
        r0, c0 = rng.uniform(-0.2, 1.2) * h, rng.uniform(-0.2, 1.2) * w
        a, b = rng.uniform(0.1, 0.6) * h + 0.5, rng.uniform(0.1, 0.6) * w + 0.5
        t = rng.uniform(0, np.pi)
        x, y = (rr - r0), (cc - c0)
        u = x * np.cos(t) + y * np.sin(t)
        v = -x * np.sin(t) + y * np.cos(t)
        m |= (u / a) ** 2 + (v / b) ** 2 <= 1
    return m


def random_mask(rng, h, w, kind):
    if kind == "empty":
        return np.zeros((h, w), dtype=bool)
    if kind == "full":
        return np.ones((h, w), dtype=bool)
    if kind == "blobs":
        return ellipses(rng, h, w, int(rng.integers(1, 5)))
    if kind == "noise":
        return rng.random((h, w)) < rng.choice([0.03, 0.2, 0.5, 0.8])
    if kind == "ring":
        outer = ellipses(rng, h, w, 1)
        return outer & ~ndimage.binary_erosion(outer, iterations=int(rng.integers(1, 3)))
    if kind == "single":
        m = np.zeros((h, w), dtype=bool)
        m[rng.integers(0, h), rng.integers(0, w)] = True
        return m
    if kind == "lines":
        m = np.zeros((h, w), dtype=bool)
        for _ in range(int(rng.integers(1, 4))):
            if rng.random() < 0.5:
                m[rng.integers(0, h), :] = True
            else:
                m[:, rng.integers(0, w)] = True
        return m
    if kind == "half":  # touches the border along a whole side
        m = np.zeros((h, w), dtype=bool)
        m[: max(1, h // 2), :] = True
        return m
    if kind == "holes":
        return ~ellipses(rng, h, w, int(rng.integers(1, 3)))
    raise ValueError(kind)


def perturb(rng, truth, kind):
    h, w = truth.shape
    if kind == "same":
        return truth.copy()
    if kind == "shift":
        dy, dx = rng.integers(-3, 4, size=2)
        out = np.zeros_like(truth)
        src = truth[max(0, -dy): h - max(0, dy), max(0, -dx): w - max(0, dx)]
        out[max(0, dy): max(0, dy) + src.shape[0], max(0, dx): max(0, dx) + src.shape[1]] = src
        return out
    if kind == "dilate":
        return ndimage.binary_dilation(truth, iterations=int(rng.integers(1, 3)))
    if kind == "erode":
        return ndimage.binary_erosion(truth, iterations=1)
    if kind == "flip":
        return truth ^ (rng.random(truth.shape) < 0.05)
    return random_mask(rng, h, w, kind)


SHAPES = [(1, 1), (1, 9), (11, 1), (2, 2), (3, 3), (4, 7), (7, 4), (5, 5), (8, 13), (13, 8),
          (16, 16), (12, 20), (17, 23), (24, 19), (21, 32)]
TRUTH_KINDS = ["blobs", "blobs", "blobs", "noise", "ring", "single", "lines", "half", "holes"]
PRED_KINDS = ["same", "shift", "shift", "dilate", "erode", "flip", "blobs", "noise"]


def cases():
    rng = np.random.default_rng(20261128)
    out = []
    # The empty-mask rules and the degenerate images first.
    for tk, pk, shape in [("empty", "empty", (6, 7)), ("empty", "blobs", (6, 7)),
                          ("blobs", "empty", (9, 8)), ("full", "full", (5, 6)),
                          ("full", "blobs", (10, 9)), ("blobs", "full", (10, 9)),
                          ("single", "same", (1, 1)), ("full", "empty", (1, 1)),
                          ("empty", "full", (3, 1)), ("single", "single", (1, 12)),
                          ("half", "same", (8, 8)), ("lines", "shift", (12, 12)),
                          ("blobs", "shift", (40, 48)), ("holes", "dilate", (32, 27))]:
        t = random_mask(rng, *shape, tk)
        p = perturb(rng, t, pk)
        out.append((f"{tk}-{pk}", p, t))
    while len(out) < 72:
        h, w = SHAPES[int(rng.integers(0, len(SHAPES)))]
        tk = TRUTH_KINDS[int(rng.integers(0, len(TRUTH_KINDS)))]
        pk = PRED_KINDS[int(rng.integers(0, len(PRED_KINDS)))]
        t = random_mask(rng, h, w, tk)
        p = perturb(rng, t, pk)
        out.append((f"r{len(out)}-{tk}-{pk}", p, t))
    return out, rng


def spacing_for(rng, i):
    if i % 3 == 0:
        return (1.0, 1.0)
    if i % 3 == 1:
        return (float(rng.uniform(0.3, 3.0)), float(rng.uniform(0.3, 3.0)))
    return (0.5, 2.0) if i % 2 else (1.25, 0.75)


def rows01(m):
    return " ".join("".join("1" if v else "0" for v in row) for row in m)


def write_map(lines, kind, sampling, values):
    # 10 digits: distances below 100 to 1e-8, far inside the 1e-5 px the test asks
    lines.append(f"map {kind} {fmt(sampling[0])} {fmt(sampling[1])}")
    lines.append(" ".join("%.10g" % v for v in values.reshape(-1)))


def write_metrics(lines, sampling, tau, width, m):
    lines.append("metrics %s %s %s %s %s %s %s %s %s %s %d %d" % (
        fmt(sampling[0]), fmt(sampling[1]), fmt(tau), fmt(width), m["case"], fmt(m["hd"]),
        fmt(m["hd95"]), fmt(m["assd"]), fmt(m["nsd"]), fmt(m["biou"]), m["na"], m["nb"]))


# ---- loss batches ---------------------------------------------------------------------------

def loss_batches(rng):
    out = []
    n, h, w = 4, 8, 9
    y = np.stack([random_mask(rng, h, w, "blobs") for _ in range(n)])
    z = rng.normal(0.0, 3.0, size=(n, h, w))
    out.append(("mixed", z, y, (1.0, 1.0)))

    levels = np.array([-100, -60, -20, -5, 5, 20, 60, 100], dtype=np.float64)
    y = np.stack([random_mask(rng, h, w, k) for k in ("blobs", "noise", "empty", "full")])
    z = rng.choice(levels, size=(n, h, w))
    out.append(("extreme", z, y, (1.0, 1.0)))

    # Empty and full truths, with random, confidently right and confidently wrong logits.
    y = np.stack([np.zeros((h, w), bool), np.ones((h, w), bool), np.zeros((h, w), bool),
                  np.ones((h, w), bool), np.zeros((h, w), bool), np.ones((h, w), bool)])
    z = np.stack([rng.normal(-1.0, 3.0, (h, w)), rng.normal(1.0, 3.0, (h, w)),
                  np.full((h, w), -100.0), np.full((h, w), 100.0),
                  np.full((h, w), 100.0), np.full((h, w), -100.0)])
    out.append(("empty-full", z, y, (1.0, 1.0)))

    y = np.stack([random_mask(rng, 7, 11, "blobs") for _ in range(3)])
    z = rng.normal(0.5, 4.0, size=(3, 7, 11))
    out.append(("anisotropic", z, y, (0.7, 1.3)))
    # float32 logits, as the C API takes them
    return [(name, z.astype(np.float32).astype(np.float64), y, s) for name, z, y, s in out]


def write_losses(lines, batches):
    for name, z_np, y_np, sampling in batches:
        n, h, w = z_np.shape
        sdf = np.stack([td.signed_distance(y_np[i], sampling) for i in range(n)])
        d_truth = np.stack([td.contour_distance(y_np[i], sampling) for i in range(n)])
        # p > 0.5 exactly where z > 0
        d_pred = np.stack([td.contour_distance(z_np[i] > 0, sampling) for i in range(n)])
        lines.append(f"lossbatch {name} {n} {h} {w} {fmt(sampling[0])} {fmt(sampling[1])}")
        for arr in (z_np, y_np.astype(np.float64), sdf, d_truth):
            lines.append(" ".join(fmt(v) for v in arr.reshape(-1)))

        y = torch.tensor(y_np, dtype=torch.float64)
        z = torch.tensor(z_np, dtype=torch.float64, requires_grad=True)
        value = td.boundary_loss(z, torch.tensor(sdf))
        value.backward()
        lines.append("boundary " + fmt(value.item()))
        lines.append(" ".join(fmt(v) for v in z.grad.numpy().reshape(-1)))

        for alpha in (2.0, 1.0, 0.5):
            z = torch.tensor(z_np, dtype=torch.float64, requires_grad=True)
            value = td.hausdorff_dt_loss(z, y, torch.tensor(d_truth), torch.tensor(d_pred),
                                         alpha)
            value.backward()
            if not (np.isfinite(value.item()) and np.all(np.isfinite(z.grad.numpy()))):
                sys.exit(f"non-finite reference: {name} hdt {alpha}")
            lines.append(f"hdt {fmt(alpha)} {fmt(value.item())}")
            lines.append(" ".join(fmt(v) for v in z.grad.numpy().reshape(-1)))


def write_random():
    path = os.path.join(HERE, "distance.txt")
    lines = ["lossbench-distance-fixture 1"]
    all_cases, rng = cases()
    for i, (name, pred, truth) in enumerate(all_cases):
        h, w = truth.shape
        sampling = spacing_for(rng, i)
        lines.append(f"case {name} {h} {w}")
        lines.append("pred " + rows01(pred))
        lines.append("truth " + rows01(truth))
        lines.append("edges " + rows01(td.edges(pred)) + " " + rows01(td.edges(truth)))
        write_map(lines, "edt-fg", sampling, td.edt(truth, sampling))
        write_map(lines, "edt-bg", sampling, td.edt(~truth, sampling))
        write_map(lines, "edt-bgo", sampling, td.edt_background_or_outside(truth, sampling))
        write_map(lines, "sdf", sampling, td.signed_distance(truth, sampling))
        write_map(lines, "contour", sampling, td.contour_distance(truth, sampling))
        write_metrics(lines, (1.0, 1.0), 2.0, 0.0, td.boundary_metrics(pred, truth))
        tau = float(rng.uniform(0.5, 4.0))
        width = 0.0 if i % 2 else float(rng.uniform(0.5, 5.0))
        write_metrics(lines, sampling, tau, width,
                      td.boundary_metrics(pred, truth, sampling, tau, width))
        lines.append("end")
    batches = loss_batches(rng)
    write_losses(lines, batches)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{path}: {len(all_cases)} mask pairs, {len(batches)} loss batches")


# ---- real masks -----------------------------------------------------------------------------

def weights(h, w):
    i = np.arange(h * w, dtype=np.int64)
    return (1 + (i * WEIGHT_A) % WEIGHT_M).reshape(h, w)


def load_mask(path):
    from PIL import Image
    with Image.open(path) as im:
        gray = np.asarray(im.convert("L"))
    return gray > 127


def write_cxr():
    root = os.environ.get("LB_SHARED_DATA",
                          os.path.join(HERE, "..", "..", "..", "shared", "data"))
    mask_dir = os.path.join(root, "cxr", "masks")
    files = sorted(glob.glob(os.path.join(mask_dir, "*.png")))
    if not files:
        print(f"{mask_dir}: no masks, distance-cxr.txt not written")
        return
    path = os.path.join(HERE, "distance-cxr.txt")
    lines = ["lossbench-distance-cxr 1", f"weights {WEIGHT_A} {WEIGHT_M}",
             f"spacing {fmt(CXR_SPACING[0])} {fmt(CXR_SPACING[1])}"]
    masks = [(os.path.splitext(os.path.basename(f))[0], load_mask(f)) for f in files]
    units = {"px": ((1.0, 1.0), (16, 16)), "mm": (CXR_SPACING, CXR_SPACING16)}
    for k, (name, m) in enumerate(masks):
        h, w = m.shape
        wt = weights(h, w)
        digest = hashlib.sha256(m.astype(np.uint8).tobytes()).hexdigest()
        lines.append(f"mask {name} {h} {w} {digest} {int(m.sum())}")
        for unit, (sampling, sampling16) in units.items():
            for to, targets in (("fg", m), ("bg", ~m)):
                d16 = td.edt_squared_exact16(targets, sampling16)
                finite = d16 >= 0
                dmax = float(np.sqrt(d16[finite].max() / 16.0)) if finite.any() else 0.0
                lines.append("edt %s %s %d %d %d %s" % (
                    unit, to, int((~finite).sum()), int(d16[finite].sum()),
                    int((wt * d16)[finite].sum()), fmt(dmax)))
            # background or outside: pad, as torch_distance does, with exact indices
            padded = np.pad(m, 1)
            d16 = td.edt_squared_exact16(~padded, sampling16)[1:-1, 1:-1]
            lines.append("edt %s bgo 0 %d %d %s" % (
                unit, int(d16.sum()), int((wt * d16).sum()),
                fmt(float(np.sqrt(d16.max() / 16.0)))))
            sdf = td.signed_distance(m, sampling)
            lines.append("sdf %s %s %s %s %s" % (unit, fmt(sdf.sum()), fmt((wt * sdf).sum()),
                                                 fmt(sdf.min()), fmt(sdf.max())))
            cd = td.contour_distance(m, sampling)
            lines.append("contour %s %s %s %s" % (unit, fmt(cd.sum()), fmt((wt * cd).sum()),
                                                  fmt(cd.max())))
        shifted = np.zeros_like(m)
        shifted[3:, : w - 2] = m[: h - 3, 2:]
        nxt_name, nxt = masks[(k + 1) % len(masks)]
        for pred_name, pred in (("shift", shifted), (nxt_name, nxt)):
            if pred.shape != m.shape:
                continue
            lines.append(f"pair {name} {pred_name}")
            for unit, (sampling, _) in units.items():
                mm = td.boundary_metrics(pred, m, sampling, 2.0, 0.0)
                lines.append("metrics %s %s %s %s %s %s %s %s %s %d %d" % (
                    unit, fmt(2.0), fmt(0.0), mm["case"], fmt(mm["hd"]), fmt(mm["hd95"]),
                    fmt(mm["assd"]), fmt(mm["nsd"]), fmt(mm["biou"]), mm["na"], mm["nb"]))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{path}: {len(masks)} real masks")


def main():
    write_random()
    write_cxr()


if __name__ == "__main__":
    main()
