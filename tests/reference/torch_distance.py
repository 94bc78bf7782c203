# torch_distance.py — distance maps, boundary metrics and the two distance losses, in
# SciPy and PyTorch, written from losses-beyond.md and the papers (not from the C).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Masks are boolean NumPy arrays (H, W); sampling is (row spacing, column spacing).
#
#   edt(targets, sampling)         distance to the nearest True pixel, inf when there is none
#   signed_distance(mask, ...)     Kervadec's one_hot2dist, negative inside; 0 if empty or full
#   contour_distance(mask, ...)    edt(fg) + edt(bg) as HausdorffDTLoss has it; 0 if empty/full
#   boundary_metrics(pred, truth, sampling, tau, width)
#   boundary_loss(z, sdf), hausdorff_dt_loss(z, y, d_truth, d_pred, alpha)   (torch, autograd)
import numpy as np
import torch
from scipy import ndimage


def edt(targets, sampling=(1.0, 1.0)):
    """Euclidean distance from every pixel to the nearest True pixel of TARGETS."""
    targets = np.asarray(targets, dtype=bool)
    if not targets.any():
        # SciPy has no answer here (it returns distances to a point outside the image).
        return np.full(targets.shape, np.inf)
    return ndimage.distance_transform_edt(~targets, sampling=sampling)


def edt_squared_exact16(targets, sampling16):
    """16 · squared distances as exact integers, from SciPy's nearest-feature indices, for a
    spacing whose squares are k/16 (SAMPLING16 = (16 sr², 16 sc²) as integers).  -1 where
    there is no target."""
    targets = np.asarray(targets, dtype=bool)
    if not targets.any():
        return np.full(targets.shape, -1, dtype=np.int64)
    sr2, sc2 = sampling16
    sampling = (np.sqrt(sr2 / 16.0), np.sqrt(sc2 / 16.0))
    _, (fr, fc) = ndimage.distance_transform_edt(~targets, sampling=sampling,
                                                 return_indices=True)
    rr, cc = np.indices(targets.shape)
    a = (rr - fr).astype(np.int64)
    b = (cc - fc).astype(np.int64)
    return sr2 * a * a + sc2 * b * b


def edt_background_or_outside(mask, sampling=(1.0, 1.0)):
    """Distance to the nearest pixel outside MASK, the image's outside included (padding by
    one pixel of background holds every nearest outside point)."""
    padded = np.pad(np.asarray(mask, dtype=bool), 1)
    return ndimage.distance_transform_edt(padded, sampling=sampling)[1:-1, 1:-1]


def signed_distance(mask, sampling=(1.0, 1.0)):
    """Kervadec et al.'s signed distance map (LIVIAETS/boundary-loss, one_hot2dist):
    dist(neg)·neg − (dist(pos) − 1)·pos, with the 1 (pixel) generalised to the smaller
    spacing; 0 for an empty mask (as there) and for a full one (no contour in the image)."""
    pos = np.asarray(mask, dtype=bool)
    if not pos.any() or pos.all():
        return np.zeros(pos.shape)
    neg = ~pos
    s_min = min(sampling)
    outside = ndimage.distance_transform_edt(neg, sampling=sampling) * neg
    inside = (ndimage.distance_transform_edt(pos, sampling=sampling) - s_min) * pos
    return outside - inside


def contour_distance(mask, sampling=(1.0, 1.0)):
    """The distance field of Karimi & Salcudean's HD-DT loss as HausdorffDTLoss computes it:
    edt(fg) + edt(bg), i.e. the distance to the nearest pixel of the other class; 0 for an
    empty mask (as there) and a full one (no contour)."""
    fg = np.asarray(mask, dtype=bool)
    if not fg.any() or fg.all():
        return np.zeros(fg.shape)
    return (ndimage.distance_transform_edt(fg, sampling=sampling)
            + ndimage.distance_transform_edt(~fg, sampling=sampling))


def edges(mask):
    """Mask minus its erosion by SciPy's default structure (the 3×3 cross), border_value 0."""
    mask = np.asarray(mask, dtype=bool)
    return mask & ~ndimage.binary_erosion(mask)


def image_diagonal(shape, sampling):
    return float(np.hypot(shape[0] * sampling[0], shape[1] * sampling[1]))


def boundary_metrics(pred, truth, sampling=(1.0, 1.0), tau=2.0, width=0.0):
    """dict of hd, hd95, assd, nsd, biou, case, edge counts — losses-beyond.md, MONAI's
    conventions (directed 95th percentiles by np.percentile, then the larger)."""
    pred = np.asarray(pred, dtype=bool)
    truth = np.asarray(truth, dtype=bool)
    diag = image_diagonal(pred.shape, sampling)
    ea, eb = edges(pred), edges(truth)
    out = dict(na=int(ea.sum()), nb=int(eb.sum()))
    if not pred.any() or not truth.any():
        both = not pred.any() and not truth.any()
        d = 0.0 if both else diag
        s = 1.0 if both else 0.0
        case = "neither" if both else ("no-prediction" if not pred.any() else "no-truth")
        out.update(hd=d, hd95=d, assd=d, nsd=s, biou=s, case=case)
        return out
    da = ndimage.distance_transform_edt(~eb, sampling=sampling)[ea]
    db = ndimage.distance_transform_edt(~ea, sampling=sampling)[eb]
    out["hd"] = float(max(da.max(), db.max()))
    out["hd95"] = float(max(np.percentile(da, 95), np.percentile(db, 95)))
    out["assd"] = float((da.sum() + db.sum()) / (len(da) + len(db)))
    out["nsd"] = float(((da <= tau).sum() + (db <= tau).sum()) / (len(da) + len(db)))
    # Boundary IoU (Cheng et al. 2021): pixels of each mask within d of its contour.
    d = width if width > 0 else 0.02 * diag
    d = max(d, max(sampling))
    band_a = pred & (edt_background_or_outside(pred, sampling) <= d)
    band_b = truth & (edt_background_or_outside(truth, sampling) <= d)
    out["biou"] = float((band_a & band_b).sum() / (band_a | band_b).sum())
    out["case"] = "both"
    return out


def stable_p_minus_y(z, y):
    """p − y as (1 − y)·σ(z) − y·σ(−z): exact where σ(z) rounds to 1."""
    return (1 - y) * torch.sigmoid(z) - y * torch.sigmoid(-z)


def boundary_loss(z, sdf):
    """Kervadec et al. 2019: mean over pixels of φ_G · softmax probability of the foreground;
    with one sigmoid channel, mean(σ(z) · φ_G)."""
    return (torch.sigmoid(z) * sdf).mean()


def hausdorff_dt_loss(z, y, d_truth, d_pred, alpha=2.0):
    """Karimi & Salcudean 2020, eq. 8: mean((p − y)² · (d_G^α + d_P^α)); D_PRED comes from
    p > 0.5 and is a constant (no gradient flows through the threshold)."""
    weight = d_truth ** alpha + d_pred ** alpha
    return (stable_p_minus_y(z, y) ** 2 * weight).mean()
