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
import numpy as np
import torch
import torch.nn.functional as F

import torch_distance as td

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


# ---- Beyond the poster's seven: docs/losses-beyond.md ------------------------------------------
#
# Each written from its paper (and, where the paper leaves a choice open, from its authors'
# code), not from src/nn/nn-losses*.c.  Options are keyword arguments named as the C fields
# (lambda_ for λ, a Python keyword); Z and Y have shape (N, H, W) (clDice needs the image
# shape; the others flatten each image).
#
#   from torch_losses import beyond_loss, beyond_preset
#   value = beyond_loss("cldice", z, y, **beyond_preset("cldice"))

BEYOND_KINDS = ("weighted-bce", "topk-bce", "generalized-dice", "lovasz-hinge", "log-cosh-dice",
                "unified-focal", "combo", "cldice", "boundary", "hausdorff-dt")

# The papers' defaults (the same under both of losses.md's presets).
BEYOND_PRESETS = {
    "weighted-bce": dict(pos_weight=1.0),                       # PyTorch's pos_weight default
    "topk-bce": dict(top_k=10.0),                               # SegLoss TopKLoss(k=10)
    "generalized-dice": dict(smooth=0.0),                       # Sudre 2017: no smoothing
    "lovasz-hinge": dict(reduction="per-image"),                # Berman: per_image=True
    "log-cosh-dice": dict(smooth=1.0),                          # Jadon's code: smooth = 1
    "unified-focal": dict(lambda_=0.5, delta=0.6, gamma=0.5,    # Yeung 2022; their code works
                          smooth=1e-7, reduction="per-image"),  # per image, K.epsilon()
    "combo": dict(alpha=0.5, beta=0.5, smooth=1.0),             # Taghanaki 2019 and code
    "cldice": dict(alpha=0.5, iterations=3, smooth=1.0),        # soft_dice_cldice defaults
    "boundary": dict(),                                         # Kervadec 2019: no settings
    "hausdorff-dt": dict(distance_power=2.0),                   # Karimi & Salcudean 2020
}


def beyond_preset(kind):
    opts = dict(reduction="batch")
    opts.update(BEYOND_PRESETS[kind])
    return opts


def weighted_bce(z, y, pos_weight=1.0, reduction="batch", **_):
    # PyTorch's own: -[w y log σ(z) + (1 - y) log(1 - σ(z))], mean over pixels
    w = torch.tensor(pos_weight, dtype=z.dtype)
    return _reduce(z, y, reduction, lambda zu, yu: F.binary_cross_entropy_with_logits(
        zu, yu, pos_weight=w, reduction="mean"))


def topk_bce(z, y, top_k=10.0, reduction="batch", **_):
    # Wu et al. 2016 as SegLoss's TopKLoss: the mean of the int(M k / 100) largest per-pixel
    # CE values.  torch.topk picks arbitrarily among values tied with the last one kept; here
    # those share the remaining slots equally (the C's documented rule), which changes only
    # which pixels get the gradient, not the value.
    def one(zu, yu):
        lv = F.binary_cross_entropy_with_logits(zu, yu, reduction="none")
        m = lv.numel()
        count = min(m, max(1, int(m * top_k / 100)))
        t = torch.topk(lv.detach(), count).values[-1]
        above = lv > t
        tied = lv == t
        share = (count - int(above.sum())) / int(tied.sum())
        return (lv[above].sum() + share * lv[tied].sum()) / count
    return _reduce(z, y, reduction, one)


def generalized_dice(z, y, smooth=0.0, reduction="batch", **_):
    # Sudre et al. 2017, eq. 2, over the two classes lung and background, w_c = 1/(Σ y_c)²;
    # an infinite weight (empty class) becomes the largest finite one, as MONAI's
    # GeneralizedDiceLoss does.
    def one(zu, yu):
        p = torch.stack([torch.sigmoid(zu), torch.sigmoid(-zu)])
        t = torch.stack([yu, 1 - yu])
        w = 1.0 / t.sum(1) ** 2
        inf = torch.isinf(w)
        w = torch.where(inf, w[~inf].max(), w)
        numer = (w * (p * t).sum(1)).sum()
        denom = (w * (p + t).sum(1)).sum()
        return 1 - (2 * numer + smooth) / (denom + smooth)
    return _reduce(z, y, reduction, one)


def _lovasz_grad(gt_sorted):
    # Berman, Rannen Triki & Blaschko 2018, lovasz_grad
    gts = gt_sorted.sum()
    intersection = gts - gt_sorted.cumsum(0)
    union = gts + (1 - gt_sorted).cumsum(0)
    jaccard = 1.0 - intersection / union
    jaccard[1:] = jaccard[1:] - jaccard[:-1].clone()
    return jaccard


def lovasz_hinge(z, y, reduction="per-image", **_):
    # lovasz_hinge_flat; ties in the sort kept in pixel order (stable=True)
    def one(zu, yu):
        signs = 2.0 * yu - 1.0
        errors = 1.0 - zu * signs
        errors_sorted, perm = torch.sort(errors, dim=0, descending=True, stable=True)
        grad = _lovasz_grad(yu[perm])
        return torch.dot(F.relu(errors_sorted), grad)
    return _reduce(z, y, reduction, one)


def log_cosh_dice(z, y, smooth=1.0, reduction="batch", **_):
    # Jadon 2020: log(cosh(Dice loss)); the Dice loss as dice() above
    return _reduce(z, y, reduction,
                   lambda zu, yu: torch.log(torch.cosh(dice(zu[None], yu[None], smooth=smooth))))


def unified_focal(z, y, lambda_=0.5, delta=0.6, gamma=0.5, smooth=1e-7, reduction="per-image",
                  **_):
    # Yeung, Sala, Schönlieb & Rundo 2022, asymmetric Unified Focal loss:
    #   L_aUF = λ L_maF + (1 - λ) L_maFT
    #   L_maF  = -δ/N Σ y log p  -  (1 - δ)/N Σ (1 - y) p^γ log(1 - p)   (background suppressed)
    #   L_maFT = mean over the two classes of (1 - mTI_bg) and (1 - mTI_fg)^(1-γ)
    #            (foreground enhanced), mTI = TP / (TP + δ FN + (1 - δ) FP) per class
    zf = z.reshape(z.shape[0], -1)
    yf = y.reshape(y.shape[0], -1).to(z.dtype)
    log_p = F.logsigmoid(zf)
    log_q = F.logsigmoid(-zf)
    p = torch.sigmoid(zf)
    maf = (-delta * yf * log_p - (1 - delta) * (1 - yf) * p ** gamma * log_q).mean()

    def one(zu, yu):
        p = torch.sigmoid(zu)
        q = torch.sigmoid(-zu)
        tp, fn = (p * yu).sum(), (q * yu).sum()
        fp, tn = (p * (1 - yu)).sum(), (q * (1 - yu)).sum()
        # 1 - mTI as mismatch / denominator (the same number, no cancellation near 0)
        fg = (delta * fn + (1 - delta) * fp) / (tp + delta * fn + (1 - delta) * fp + smooth)
        # background: its TP is TN, its FN the lung's FP, its FP the lung's FN
        bg = (delta * fp + (1 - delta) * fn) / (tn + delta * fp + (1 - delta) * fn + smooth)
        return 0.5 * bg + 0.5 * fg ** (1 - gamma)
    maft = _reduce(z, y, reduction, one)
    return lambda_ * maf + (1 - lambda_) * maft


def combo(z, y, alpha=0.5, beta=0.5, smooth=1.0, reduction="batch", **_):
    # Taghanaki et al. 2019, eq. 2:
    #   L = α (-1/N Σ [β y ln p + (1 - β)(1 - y) ln(1 - p)]) - (1 - α) DSC
    zf = z.reshape(z.shape[0], -1)
    yf = y.reshape(y.shape[0], -1).to(z.dtype)
    wbce = -(beta * yf * F.logsigmoid(zf) + (1 - beta) * (1 - yf) * F.logsigmoid(-zf)).mean()

    def dsc(zu, yu):
        p = torch.sigmoid(zu)
        return (2 * (p * yu).sum() + smooth) / (p.sum() + yu.sum() + smooth)
    return alpha * wbce - (1 - alpha) * _reduce(z, y, reduction, dsc)


def _soft_erode(img):
    # Shit et al. 2021, soft_skeleton.py
    p1 = -F.max_pool2d(-img, (3, 1), (1, 1), (1, 0))
    p2 = -F.max_pool2d(-img, (1, 3), (1, 1), (0, 1))
    return torch.min(p1, p2)


def _soft_dilate(img):
    return F.max_pool2d(img, (3, 3), (1, 1), (1, 1))


def _soft_open(img):
    return _soft_dilate(_soft_erode(img))


def soft_skel(img, iterations):
    img1 = _soft_open(img)
    skel = F.relu(img - img1)
    for _ in range(iterations):
        img = _soft_erode(img)
        img1 = _soft_open(img)
        delta = F.relu(img - img1)
        skel = skel + F.relu(delta - skel * delta)
    return skel


def cldice(z, y, alpha=0.5, iterations=3, smooth=1.0, reduction="batch", **_):
    # Shit et al. 2021, soft_dice_cldice: (1 - α) soft Dice + α clDice, both with smooth
    if z.dim() != 3:
        raise ValueError("cldice needs logits of shape (N, H, W)")
    z4 = z[:, None]
    y4 = y[:, None].to(z.dtype)

    def one(zu, yu):
        p = torch.sigmoid(zu)
        dice_loss = 1 - (2 * (p * yu).sum() + smooth) / (p.sum() + yu.sum() + smooth)
        skel_pred = soft_skel(p, iterations)
        skel_true = soft_skel(yu, iterations)
        tprec = ((skel_pred * yu).sum() + smooth) / (skel_pred.sum() + smooth)
        tsens = ((skel_true * p).sum() + smooth) / (skel_true.sum() + smooth)
        cl_dice = 1 - 2 * tprec * tsens / (tprec + tsens)
        return (1 - alpha) * dice_loss + alpha * cl_dice

    if reduction == "batch":
        return one(z4, y4)
    if reduction == "per-image":
        return torch.stack([one(z4[i:i + 1], y4[i:i + 1]) for i in range(z.shape[0])]).mean()
    raise ValueError(reduction)


def _maps(masks, distance):
    """DISTANCE (torch_distance) of every image of MASKS (N, H, W booleans), as a tensor."""
    return torch.tensor(np.stack([distance(m) for m in masks]), dtype=torch.float64)


def boundary(z, y, **_):
    # The truth's signed distance maps in pixels, from SciPy; a mean over every pixel.
    sdf = _maps(y.detach().numpy() > 0.5, td.signed_distance)
    return td.boundary_loss(z, sdf)


def hausdorff_dt(z, y, distance_power=2.0, **_):
    # d_G of the truth and d_P of z > 0 (p > 0.5), both constants for autograd.
    d_truth = _maps(y.detach().numpy() > 0.5, td.contour_distance)
    d_pred = _maps(z.detach().numpy() > 0, td.contour_distance)
    return td.hausdorff_dt_loss(z, y, d_truth, d_pred, distance_power)


_BEYOND = {
    "weighted-bce": weighted_bce,
    "topk-bce": topk_bce,
    "generalized-dice": generalized_dice,
    "lovasz-hinge": lovasz_hinge,
    "log-cosh-dice": log_cosh_dice,
    "unified-focal": unified_focal,
    "combo": combo,
    "cldice": cldice,
    "boundary": boundary,
    "hausdorff-dt": hausdorff_dt,
}


def beyond_loss(kind, z, y, **opts):
    """Any of the fifteen kinds (the seven of loss() too) of logits Z (N, H, W)."""
    if kind in _BEYOND:
        return _BEYOND[kind](z, y, **opts)
    return loss(kind, z, y, **opts)


def schedule_weight(kind, start, end=0.0, step=0.0, epochs=1, epoch=0):
    """The second term's weight at EPOCH (from 0): constant, a linear ramp, or Kervadec et
    al.'s (2019) start + step·epoch (their AddWeightLoss), capped at END when END > 0."""
    e = max(epoch, 0)
    if kind == "constant":
        return start
    if kind == "linear":
        return end if e >= epochs else start + (end - start) * e / epochs
    if kind == "kervadec":
        w = start + step * e
        return min(w, end) if end > 0 else w
    raise ValueError(kind)


def compound_loss(primary, plus, schedule, epoch, z, y):
    """primary + w(epoch)·plus; PRIMARY and PLUS are dicts with "kind" and options."""
    p = dict(primary)
    value = beyond_loss(p.pop("kind"), z, y, **p)
    q = dict(plus)
    return value + schedule_weight(epoch=epoch, **schedule) * beyond_loss(q.pop("kind"), z, y, **q)
