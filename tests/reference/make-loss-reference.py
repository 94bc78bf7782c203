#!/usr/bin/python3
# make-loss-reference.py — writes tests/reference/losses.txt, the loss fixture of test-losses.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run with Debian's PyTorch: /usr/bin/python3 tests/reference/make-loss-reference.py
# Values and d loss / d logit (autograd, float64) of every loss × both presets × both
# reductions × option variants, on small batches with extreme logits (±100), empty and
# all-ones masks and a batch of one.  Logits and options are float32 numbers, as the C API
# takes them, so the only difference left is the C's float gradient.
#
# Format (whitespace-separated tokens, %.9g):
#   lossbench-loss-fixture 1
#   batch NAME N HW            then N·HW logits, then N·HW masks
#   case BATCH KIND PRESET VARIANT REDUCTION ALPHA BETA GAMMA SMOOTH FOCAL_ALPHA FT_POWER
#   value V
#   grad                       then N·HW gradients
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_losses as tl  # noqa: E402

HW = 12  # 3 × 4 pixels: small enough to commit, big enough for mixed masks


def f32(x):
    return float(np.float32(x))


def batches():
    rng = np.random.default_rng(20261127)
    out = []

    z = rng.normal(0.0, 2.5, size=(3, HW))
    y = (rng.random((3, HW)) < np.array([[0.5], [0.3], [0.7]])).astype(np.float64)
    out.append(("mixed", z, y))

    levels = np.array([-100, -60, -20, -5, 0, 5, 20, 60, 100], dtype=np.float64)
    z = rng.choice(levels, size=(2, HW))
    y = (rng.random((2, HW)) < 0.5).astype(np.float64)
    out.append(("extreme", z, y))

    z = np.stack([rng.normal(-3.0, 2.0, HW), np.full(HW, -100.0)])
    out.append(("empty", z, np.zeros((2, HW))))

    z = np.stack([rng.normal(2.0, 3.0, HW), np.full(HW, 100.0)])
    out.append(("full", z, np.ones((2, HW))))

    z = rng.normal(0.5, 3.0, size=(1, HW))
    y = (rng.random((1, HW)) < 0.5).astype(np.float64)
    out.append(("single", z, y))

    # Confident and right everywhere; the second image has an empty mask.  1 − TI is ~1e-44
    # here: the trap for (1 − TI)^(1/γ).
    y = np.stack([(rng.random(HW) < 0.5).astype(np.float64), np.zeros(HW)])
    z = np.where(y > 0, 100.0, -100.0)
    out.append(("perfect", z, y))

    return [(name, z.astype(np.float32).astype(np.float64), y) for name, z, y in out]


def variants(kind, preset_name):
    """(variant name, options) pairs for KIND under PRESET_NAME."""
    base = tl.preset(kind, preset_name)
    out = [("preset", base)]
    if kind == "focal":
        other = "class-balanced" if base["focal_alpha"] == "scalar" else "scalar"
        out.append(("alpha-mode", dict(base, focal_alpha=other)))
        out.append(("gamma-0.5", dict(base, gamma=0.5)))
        out.append(("gamma-0", dict(base, gamma=0.0)))
    elif kind == "focal-tversky":
        other = "inv-gamma" if base["ft_power"] == "gamma" else "gamma"
        out.append(("power-mode", dict(base, ft_power=other)))
        out.append(("gamma-2", dict(base, gamma=2.0)))
        out.append(("gamma-2-power-mode", dict(base, gamma=2.0, ft_power=other)))
    return out


def naive(kind, z, y, opts):
    """1 − ratio by subtraction, as the formulas read: checks the rewriting in torch_losses."""
    z = z.reshape(-1) if opts["reduction"] == "batch" else z
    units = [(z, y.reshape(-1))] if opts["reduction"] == "batch" else list(zip(z, y))
    vals = []
    for zu, yu in units:
        p = torch.sigmoid(zu)
        s = opts.get("smooth", 0.0)
        if kind == "dice":
            vals.append(1 - (2 * (p * yu).sum() + s) / (p.sum() + yu.sum() + s))
        elif kind == "jaccard":
            i = (p * yu).sum()
            vals.append(1 - (i + s) / (p.sum() + yu.sum() - i + s))
        elif kind == "tversky":
            tp = (p * yu).sum()
            fp = (p * (1 - yu)).sum()
            fn = ((1 - p) * yu).sum()
            vals.append(1 - (tp + s) / (tp + opts["alpha"] * fp + opts["beta"] * fn + s))
        else:
            return None
    return torch.stack(vals).mean()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "losses.txt")
    lines = ["lossbench-loss-fixture 1"]
    bs = batches()
    n_cases = 0

    for name, z, y in bs:
        n, hw = z.shape
        lines.append(f"batch {name} {n} {hw}")
        for row in z:
            lines.append(" ".join("%.9g" % v for v in row))
        for row in y:
            lines.append(" ".join("%.9g" % v for v in row))

    for name, z_np, y_np in bs:
        n, hw = z_np.shape
        for kind in tl.KINDS:
            for preset_name in ("poster", "literature"):
                for variant, opts in variants(kind, preset_name):
                    for reduction in ("batch", "per-image"):
                        o = dict(opts, reduction=reduction)
                        for key in ("alpha", "beta", "gamma", "smooth"):
                            if key in o:
                                o[key] = f32(o[key])
                        z = torch.tensor(z_np, dtype=torch.float64, requires_grad=True)
                        y = torch.tensor(y_np, dtype=torch.float64)
                        value = tl.loss(kind, z, y, **o)
                        value.backward()
                        g = z.grad.numpy()
                        if not (np.isfinite(value.item()) and np.all(np.isfinite(g))):
                            sys.exit(f"non-finite reference: {name} {kind} {preset_name} "
                                     f"{variant} {reduction}")
                        check = naive(kind, z.detach(), y, o)
                        if check is not None and abs(check.item() - value.item()) > 1e-12:
                            sys.exit(f"stable and naive forms disagree: {name} {kind}")
                        lines.append(
                            "case %s %s %s %s %s %.9g %.9g %.9g %.9g %s %s" % (
                                name, kind, preset_name, variant, reduction,
                                o.get("alpha", 0.0), o.get("beta", 0.0), o.get("gamma", 0.0),
                                o.get("smooth", 0.0), o["focal_alpha"], o["ft_power"]))
                        lines.append("value %.17g" % value.item())
                        lines.append("grad")
                        for row in g:
                            lines.append(" ".join("%.9g" % v for v in row))
                        n_cases += 1

    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{path}: {len(bs)} batches, {n_cases} cases")


if __name__ == "__main__":
    main()
