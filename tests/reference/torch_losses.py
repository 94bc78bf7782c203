# torch_losses.py — the seven Lossbench losses in PyTorch, straight from docs/losses.md.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Written from the formulas, not from src/nn/nn-losses.c, so the fixture checks the C.
# Every loss takes logits z and masks y of shape (N, ...) (any trailing shape; each image is
# flattened) and returns a 0-d tensor; autograd gives d loss / d z.  Use float64 for
# references.
#
#   from torch_losses import loss, preset
#   value = loss("tversky", z, y, **preset("tversky", "literature"))
#
# Options (keyword arguments, all with the Poster preset's values as defaults where they apply):
#   alpha, beta, gamma, smooth, reduction ("batch" | "per-image"),
#   focal_alpha ("scalar" | "class-balanced"), ft_power ("gamma" | "inv-gamma").
#
# Conventions: Tversky alpha weights false positives, beta false negatives.  log p and
# log(1 - p) come from logsigmoid, 1 - p from sigmoid(-z): never log of a clipped p.
# 1 - ratio is written as (mismatch) / (denominator): it is the same number, but computing
# 1 - TI by subtraction rounds to exactly 0 near a perfect prediction and
# (1 - TI) ** (1 / gamma) then has an infinite (NaN under autograd) slope.
import torch
import torch.nn.functional as F

KINDS = ("bce", "dice", "dice-bce", "jaccard", "focal", "tversky", "focal-tversky")

PRESETS = {
    # losses.md, "Defaults worth offering as presets"
    "poster": dict(focal_alpha_value=0.8, focal_alpha="scalar", focal_gamma=2.0,
                   tversky_alpha=0.5, tversky_beta=0.5, ft_gamma=1.0, ft_power="gamma",
                   smooth=1e-6),
    "literature": dict(focal_alpha_value=0.25, focal_alpha="class-balanced", focal_gamma=2.0,
                       tversky_alpha=0.3, tversky_beta=0.7, ft_gamma=4.0 / 3.0,
                       ft_power="inv-gamma", smooth=1.0),
}


def preset(kind, name):
    """Keyword options of loss() for KIND under preset NAME ("poster" or "literature")."""
    t = PRESETS[name]
    opts = dict(reduction="batch", focal_alpha=t["focal_alpha"], ft_power=t["ft_power"])
    if kind in ("dice", "dice-bce", "jaccard"):
        opts["smooth"] = t["smooth"]
    elif kind == "focal":
        opts.update(alpha=t["focal_alpha_value"], gamma=t["focal_gamma"])
    elif kind in ("tversky", "focal-tversky"):
        opts.update(alpha=t["tversky_alpha"], beta=t["tversky_beta"], smooth=t["smooth"])
        if kind == "focal-tversky":
            opts["gamma"] = t["ft_gamma"]
    return opts


def _units(z, y, reduction):
    """(logits, masks) pairs, one per reduction unit, each flattened."""
    n = z.shape[0]
    z = z.reshape(n, -1)
    y = y.reshape(n, -1).to(z.dtype)
    if reduction == "batch":
        return [(z.reshape(-1), y.reshape(-1))]
    if reduction == "per-image":
        return [(z[i], y[i]) for i in range(n)]
    raise ValueError(reduction)


def _reduce(z, y, reduction, per_unit):
    units = _units(z, y, reduction)
    return torch.stack([per_unit(zu, yu) for zu, yu in units]).mean()


def _counts(z, y):
    p = torch.sigmoid(z)
    q = torch.sigmoid(-z)  # 1 - p without cancellation
    tp = (p * y).sum()
    fp = (p * (1 - y)).sum()
    fn = (q * y).sum()
    return tp, fp, fn


def bce(z, y, reduction="batch", **_):
    # torch's own stable BCE-with-logits: mean[softplus(z) - y z]
    return _reduce(z, y, reduction,
                   lambda zu, yu: F.binary_cross_entropy_with_logits(zu, yu, reduction="mean"))


def dice(z, y, smooth=1e-6, reduction="batch", **_):
    def one(zu, yu):
        tp, fp, fn = _counts(zu, yu)
        # 1 - (2 TP + s)/(Σp + Σy + s), with Σp + Σy - 2 TP = FP + FN
        return (fp + fn) / (2 * tp + fp + fn + smooth)
    return _reduce(z, y, reduction, one)


def dice_bce(z, y, smooth=1e-6, reduction="batch", **_):
    # BCE + Dice, weights 1 and 1 (the poster's Combo_loss sign error not reproduced); with
    # per-image reduction both halves are per image, then averaged
    return bce(z, y, reduction=reduction) + dice(z, y, smooth=smooth, reduction=reduction)


def jaccard(z, y, smooth=1e-6, reduction="batch", **_):
    def one(zu, yu):
        tp, fp, fn = _counts(zu, yu)
        # 1 - (TP + s)/(Σp + Σy - TP + s), with Σp + Σy - TP = TP + FP + FN
        return (fp + fn) / (tp + fp + fn + smooth)
    return _reduce(z, y, reduction, one)


def focal(z, y, alpha=0.8, gamma=2.0, focal_alpha="scalar", reduction="batch", **_):
    if focal_alpha == "scalar":
        a1, a0 = alpha, alpha
    elif focal_alpha == "class-balanced":
        a1, a0 = alpha, 1 - alpha
    else:
        raise ValueError(focal_alpha)

    def one(zu, yu):
        log_p = F.logsigmoid(zu)
        log_q = F.logsigmoid(-zu)
        p = torch.exp(log_p)
        q = torch.exp(log_q)
        # y = 1: p_t = p;  y = 0: p_t = 1 - p.  Soft masks interpolate linearly.
        term1 = -a1 * q ** gamma * log_p
        term0 = -a0 * p ** gamma * log_q
        return (yu * term1 + (1 - yu) * term0).mean()
    return _reduce(z, y, reduction, one)


def _one_minus_tversky_index(zu, yu, alpha, beta, smooth):
    tp, fp, fn = _counts(zu, yu)
    return (alpha * fp + beta * fn) / (tp + alpha * fp + beta * fn + smooth)


def tversky(z, y, alpha=0.5, beta=0.5, smooth=1e-6, reduction="batch", **_):
    return _reduce(z, y, reduction,
                   lambda zu, yu: _one_minus_tversky_index(zu, yu, alpha, beta, smooth))


def focal_tversky(z, y, alpha=0.5, beta=0.5, gamma=1.0, smooth=1e-6, ft_power="gamma",
                  reduction="batch", **_):
    if ft_power == "gamma":
        e = gamma
    elif ft_power == "inv-gamma":
        e = 1.0 / gamma
    else:
        raise ValueError(ft_power)
    return _reduce(z, y, reduction,
                   lambda zu, yu: _one_minus_tversky_index(zu, yu, alpha, beta, smooth) ** e)


_FUNCTIONS = {
    "bce": bce,
    "dice": dice,
    "dice-bce": dice_bce,
    "jaccard": jaccard,
    "focal": focal,
    "tversky": tversky,
    "focal-tversky": focal_tversky,
}


def loss(kind, z, y, **opts):
    """The loss KIND ("bce", "dice", "dice-bce", "jaccard", "focal", "tversky",
    "focal-tversky") of logits Z against masks Y, options as in the module comment."""
    return _FUNCTIONS[kind](z, y, **opts)
