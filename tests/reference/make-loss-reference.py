#!/usr/bin/python3
# make-loss-reference.py — writes tests/reference/losses.txt and losses-beyond.txt, the loss
# fixtures of test-losses.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run with Debian's PyTorch: /usr/bin/python3 tests/reference/make-loss-reference.py
#
# losses.txt — the poster's seven:
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


def write_poster_fixture():
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


# ---- losses-beyond.txt ----------------------------------------------------------------------
#
# The eight losses of docs/losses-beyond.md and compound losses, on images of H × W = 5 × 6
# pixels (clDice needs the shape), with extreme logits, empty and full masks, alone and mixed in
# one batch.  Format (whitespace-separated tokens):
#   lossbench-loss-fixture-beyond 1
#   batch NAME N H W           then N·H·W logits, then N·H·W masks
#   case BATCH VARIANT KEY=VALUE …   the loss's settings, named as NnLossConfig's fields
#                              (plus.FIELD for the second term, weight.FIELD for its schedule,
#                              epoch= the epoch it is evaluated at); absent numbers are 0
#   value V
#   grad                       then N·H·W gradients
H, W = 5, 6

LEVELS = np.array([-100, -60, -20, -5, 0, 5, 20, 60, 100], dtype=np.float64)


def blob(rng):
    """A filled rectangle or ellipse, or a bar one or two pixels wide."""
    m = np.zeros((H, W))
    shape = rng.integers(3)
    if shape == 0:
        r0, c0 = rng.integers(0, H - 1), rng.integers(0, W - 1)
        m[r0:r0 + rng.integers(2, H), c0:c0 + rng.integers(2, W)] = 1
    elif shape == 1:
        cy, cx = rng.uniform(1, H - 2), rng.uniform(1, W - 2)
        ry, rx = rng.uniform(1.2, 2.5), rng.uniform(1.2, 3)
        yy, xx = np.mgrid[0:H, 0:W]
        m[((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2 <= 1] = 1
    else:
        width = rng.integers(1, 3)
        if rng.random() < 0.5:
            r0 = rng.integers(0, H - width + 1)
            m[r0:r0 + width, :] = 1
        else:
            c0 = rng.integers(0, W - width + 1)
            m[:, c0:c0 + width] = 1
    return m


def beyond_batches():
    rng = np.random.default_rng(20270113)
    out = []

    y = np.stack([blob(rng), (rng.random((H, W)) < 0.4).astype(np.float64), blob(rng)])
    out.append(("mixed", rng.normal(0.0, 2.5, size=(3, H, W)), y))

    y = np.stack([blob(rng), (rng.random((H, W)) < 0.5).astype(np.float64)])
    out.append(("extreme", rng.choice(LEVELS, size=(2, H, W)), y))

    z = np.stack([rng.normal(-3.0, 2.0, (H, W)), np.full((H, W), -100.0)])
    out.append(("empty", z, np.zeros((2, H, W))))

    z = np.stack([rng.normal(2.0, 3.0, (H, W)), np.full((H, W), 100.0)])
    out.append(("full", z, np.ones((2, H, W))))

    y = blob(rng)[None]
    out.append(("single", rng.normal(0.5, 3.0, size=(1, H, W)), y))

    y = np.stack([blob(rng), np.zeros((H, W))])
    out.append(("perfect", np.where(y > 0, 100.0, -100.0), y))

    # An empty, a full and a mixed mask in one batch, predicted roughly right.
    y = np.stack([np.zeros((H, W)), np.ones((H, W)), blob(rng)])
    out.append(("both", 3.0 * (2 * y - 1) + rng.normal(0.0, 2.0, size=y.shape), y))

    # Thin and thick structures, where the soft skeleton has something to find.
    y = np.stack([blob(rng), blob(rng)])
    y[0, :, 2] = 1
    out.append(("shapes", 4.0 * (2 * y - 1) + rng.normal(0.0, 1.5, size=y.shape), y))

    return [(name, z.astype(np.float32).astype(np.float64), y) for name, z, y in out]


def beyond_variants(kind):
    base = tl.beyond_preset(kind)
    out = [("preset", base)]
    more = {
        "weighted-bce": [("w-3", dict(pos_weight=3.0)), ("w-0.25", dict(pos_weight=0.25))],
        "topk-bce": [("k-30", dict(top_k=30.0)), ("k-100", dict(top_k=100.0)),
                     ("k-2", dict(top_k=2.0))],
        "generalized-dice": [("s-1", dict(smooth=1.0))],
        "lovasz-hinge": [],
        "log-cosh-dice": [("s-small", dict(smooth=1e-6))],
        "unified-focal": [("lambda-0.2", dict(lambda_=0.2, delta=0.7, gamma=0.2)),
                          ("gamma-0", dict(gamma=0.0)), ("lambda-1", dict(lambda_=1.0)),
                          ("lambda-0", dict(lambda_=0.0))],
        "combo": [("a-0.3", dict(alpha=0.3, beta=0.7)), ("a-1", dict(alpha=1.0, beta=0.2)),
                  ("a-0-s-0", dict(alpha=0.0, smooth=0.0))],
        "cldice": [("k-5", dict(iterations=5, alpha=0.8)), ("k-0", dict(iterations=0, alpha=1.0)),
                   ("k-1-s", dict(iterations=1, smooth=0.1))],
        "boundary": [],
        "hausdorff-dt": [("alpha-1", dict(distance_power=1.0)),
                         ("alpha-3", dict(distance_power=3.0))],
    }[kind]
    return out + [(name, dict(base, **o)) for name, o in more]


def compounds():
    """(variant, primary, plus, schedule, epoch)."""
    P = lambda kind, **o: dict(tl.beyond_preset(kind), kind=kind, **o)  # noqa: E731
    Q = lambda kind, preset_name="poster", **o: dict(  # noqa: E731
        tl.preset(kind, preset_name), kind=kind, **o)
    return [
        ("dice+bce", Q("dice"), Q("bce"), dict(kind="constant", start=1.0), 0),
        ("gdl+lovasz-kervadec", P("generalized-dice"), P("lovasz-hinge"),
         dict(kind="kervadec", start=0.01, step=0.01), 7),
        ("dice+topk-linear", Q("dice", reduction="per-image"), P("topk-bce"),
         dict(kind="linear", start=0.0, end=0.5, epochs=10), 4),
        ("focal+cldice-capped", Q("focal", "literature"), P("cldice"),
         dict(kind="kervadec", start=0.05, step=0.1, end=0.3), 5),
        ("combo+unified", P("combo"), P("unified-focal"), dict(kind="constant", start=0.7), 0),
        ("lovasz+wbce-linear-end", P("lovasz-hinge"), P("weighted-bce", pos_weight=2.0),
         dict(kind="linear", start=1.0, end=0.25, epochs=4), 9),
        ("dice+boundary-kervadec", Q("dice"), P("boundary"),
         dict(kind="kervadec", start=0.01, step=0.01), 6),
        ("gdl+hdt", P("generalized-dice"), P("hausdorff-dt"), dict(kind="constant", start=0.1), 0),
        ("boundary+cldice", P("boundary"), P("cldice"), dict(kind="constant", start=0.5), 0),
    ]


def f32_opts(o):
    return {k: (f32(v) if isinstance(v, float) else v) for k, v in o.items()}


TERM_KEYS = ("kind", "reduction", "alpha", "beta", "gamma", "smooth", "pos_weight", "top_k",
             "lambda_", "delta", "iterations", "distance_power", "focal_alpha", "ft_power")


def term_tokens(o, prefix=""):
    out = []
    for key in TERM_KEYS:
        if key not in o:
            continue
        v = o[key]
        name = prefix + ("lambda" if key == "lambda_" else key)
        out.append(f"{name}=%.9g" % v if isinstance(v, float) else f"{name}={v}")
    return out


def write_beyond_fixture():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "losses-beyond.txt")
    lines = ["lossbench-loss-fixture-beyond 1"]
    bs = beyond_batches()
    n_cases = 0
    for name, z, y in bs:
        lines.append(f"batch {name} {z.shape[0]} {H} {W}")
        lines += [" ".join("%.9g" % v for v in img.reshape(-1)) for img in z]
        lines += [" ".join("%.9g" % v for v in img.reshape(-1)) for img in y]

    def emit(name, variant, tokens, fn, z_np, y_np):
        z = torch.tensor(z_np, dtype=torch.float64, requires_grad=True)
        y = torch.tensor(y_np, dtype=torch.float64)
        value = fn(z, y)
        value.backward()
        g = z.grad.numpy()
        if not (np.isfinite(value.item()) and np.all(np.isfinite(g))):
            sys.exit(f"non-finite reference: {name} {variant} {tokens}")
        lines.append(" ".join(["case", name, variant] + tokens))
        lines.append("value %.17g" % value.item())
        lines.append("grad")
        lines.extend(" ".join("%.9g" % v for v in img.reshape(-1)) for img in g)

    for name, z_np, y_np in bs:
        for kind in tl.BEYOND_KINDS:
            for variant, opts in beyond_variants(kind):
                for reduction in ("batch", "per-image"):
                    o = f32_opts(dict(opts, reduction=reduction))
                    emit(name, variant, term_tokens(dict(o, kind=kind)),
                         lambda z, y: tl.beyond_loss(kind, z, y, **o), z_np, y_np)
                    n_cases += 1
        for variant, primary, plus, schedule, epoch in compounds():
            a, b, s = f32_opts(primary), f32_opts(plus), f32_opts(schedule)
            tokens = term_tokens(a) + term_tokens(b, "plus.")
            tokens += [f"weight={s['kind']}"] + [f"weight.{k}=%.9g" % v
                                                 for k, v in s.items() if k != "kind"]
            tokens.append(f"epoch={epoch}")
            emit(name, variant, tokens,
                 lambda z, y: tl.compound_loss(a, b, s, epoch, z, y), z_np, y_np)
            n_cases += 1

    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{path}: {len(bs)} batches, {n_cases} cases")


def main():
    write_poster_fixture()
    write_beyond_fixture()


if __name__ == "__main__":
    main()
