#!/usr/bin/python3
# make-stats-reference.py — reference values for tests/engine/test-stats.c and test-bootstrap.c,
# from SciPy and NumPy.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run with Debian's python3, python3-numpy and python3-scipy (about two minutes):
#   /usr/bin/python3 tests/reference/make-stats-reference.py
# Writes tests/reference/stats.txt and bootstrap.txt (each line: a kind, then numbers, %.17g)
# and tests/reference/quick-688-iou.csv (from docs/results/quick-688/per-image.csv).
import os
import numpy as np
from scipy import stats

rng = np.random.default_rng(20261127)
out = []

for dof in (1, 2, 3, 4, 9, 30, 200):
    for p in (0.6, 0.9, 0.975, 0.995):
        out.append("tquantile %d %.17g %.17g" % (dof, p, stats.t.ppf(p, dof)))
    for t in (-3.5, -0.7, 0.0, 1.3, 4.2):
        out.append("tcdf %d %.17g %.17g" % (dof, t, stats.t.cdf(t, dof)))


def wilcoxon_case(x, y):
    res = stats.wilcoxon(x, y, zero_method="wilcox", correction=False,
                         alternative="two-sided", mode="auto")
    n = len(x)
    fields = ["wilcoxon", str(n), "%.17g" % res.statistic, "%.17g" % res.pvalue]
    fields += ["%.17g" % v for v in x] + ["%.17g" % v for v in y]
    out.append(" ".join(fields))


# Small, untied: SciPy uses the exact distribution.
for n in (5, 9, 14, 25):
    x = rng.uniform(0.8, 0.95, n)
    y = x + rng.normal(0.01, 0.02, n)
    wilcoxon_case(x, y)
# Large: normal approximation.
for n in (60, 120):
    x = rng.uniform(0.8, 0.95, n)
    y = x + rng.normal(0.003, 0.02, n)
    wilcoxon_case(x, y)
# Ties and zeros (rounded IoU values, as perfect images score exactly 1).
x = np.round(rng.uniform(0.85, 1.0, 70), 2)
y = np.round(x + rng.normal(0.0, 0.02, 70), 2)
wilcoxon_case(x, y)

for ps in ([0.01, 0.04, 0.03, 0.005], [0.2, 0.5, 0.01], [0.001, 0.9, 0.04, 0.04, 0.3]):
    # Holm from its definition, step by step, independent of the C code's loop.
    m = len(ps)
    order = sorted(range(m), key=lambda i: ps[i])
    adjusted = [0.0] * m
    running = 0.0
    for k, i in enumerate(order):
        running = max(running, min(1.0, (m - k) * ps[i]))
        adjusted[i] = running
    out.append("holm %d " % m + " ".join("%.17g" % v for v in ps) + " "
               + " ".join("%.17g" % v for v in adjusted))

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stats.txt")
with open(path, "w") as f:
    f.write("# SciPy %s reference values for lb-stats; made by make-stats-reference.py\n"
            % __import__("scipy").__version__)
    f.write("\n".join(out) + "\n")
print("wrote", path, len(out), "cases")


# ---- The two-level paired bootstrap (lb-bootstrap.c), from NumPy and SciPy ----
#
# Writes tests/reference/bootstrap.txt and tests/reference/quick-688-iou.csv (the per-image
# test IoU of docs/results/quick-688/per-image.csv, one column per run: the real data of the
# calibration test in tests/engine/test-bootstrap.c).
# Everything below follows lb-bootstrap.h's definitions, written again from them in NumPy.
import csv
from scipy import integrate, optimize

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(os.path.dirname(here))
LOSSES = ["dice-bce", "jaccard", "focal", "tversky", "focal-tversky"]
SEEDS = [1, 2, 3]

with open(os.path.join(top, "docs", "results", "quick-688", "per-image.csv"), newline="") as f:
    per_image = list(csv.DictReader(f))
runs = ["%s-s%d" % (l, s) for l in LOSSES for s in SEEDS]
names = [r["name"] for r in per_image if r["run"] == runs[0]]
iou_text = {run: [r["iou"] for r in per_image if r["run"] == run] for run in runs}
for run in runs:
    assert [r["name"] for r in per_image if r["run"] == run] == names, run
with open(os.path.join(here, "quick-688-iou.csv"), "w", newline="") as f:
    f.write(",".join(["name"] + runs) + "\n")
    for i, name in enumerate(names):
        f.write(",".join([name] + [iou_text[run][i] for run in runs]) + "\n")
IOU = {l: np.array([[float(v) for v in iou_text["%s-s%d" % (l, s)]] for s in SEEDS])
       for l in LOSSES}


def kappa(S, alpha):
    p = 1 - alpha / 2
    return np.sqrt(S / (S - 1)) * stats.t.ppf(p, S - 1) / stats.norm.ppf(p)


def statistics_of(d, seeds, images):
    """Per resample: the mean over its (seed, image) cells, and its seed part."""
    stat = d[seeds[:, :, None], images[:, None, :]].mean(axis=(1, 2))
    seed_part = d.mean(axis=1)[seeds].mean(axis=1) - d.mean()
    return stat, seed_part


def tail_p(rest, seed_part, k, zero):
    t = rest + k * seed_part
    n = len(t)
    return min(1.0, 2.0 * (min((t <= zero).sum(), (t >= -zero).sum()) + 1) / (n + 1.0))


def inverted_p(rest, seed_part, S, zero):
    """zero: resamples this close to 0 count on both sides (1e-12 of the largest |d|)."""
    n = len(rest)
    lo, hi = 2.0 / (n + 1.0), 1.0
    if tail_p(rest, seed_part, kappa(S, lo), zero) <= lo:
        return lo
    for _ in range(60):
        mid = np.sqrt(lo * hi)
        if tail_p(rest, seed_part, kappa(S, min(mid, 0.999)), zero) <= mid:
            hi = mid
        else:
            lo = mid
    return hi


def components(d):
    S, I = d.shape
    g = d.mean()
    w = d.mean(axis=1) - g
    c = d.mean(axis=0) - g
    e = d - g - w[:, None] - c[None, :]
    ms_err = (e ** 2).sum() / ((S - 1) * (I - 1))
    ms_seed = I * (w ** 2).sum() / (S - 1)
    ms_img = S * (c ** 2).sum() / (I - 1)
    return max(0.0, (ms_seed - ms_err) / I), max(0.0, (ms_img - ms_err) / S), ms_err


def bootstrap(d, seeds, images):
    S, I = d.shape
    stat, seed_part = statistics_of(d, seeds, images)
    rest = stat - seed_part
    stretched = rest + kappa(S, 0.05) * seed_part
    within = d - d.mean(axis=1)[:, None]
    return {
        "mean": d.mean(),
        "ci_low": np.quantile(stretched, 0.025), "ci_high": np.quantile(stretched, 0.975),
        "p": inverted_p(rest, seed_part, S, 1e-12 * np.abs(d).max()),
        "seed_spread": d.mean(axis=1).std(ddof=1),
        "image_spread": np.sqrt((within ** 2).sum() / (S * (I - 1))),
        "stat": stat, "seed_part": seed_part,
    }


def power(comp, delta, S, I, alpha):
    """lb_bootstrap_power's model, integrated by SciPy in X (not in √X, as the C code does)."""
    tau2, img2, e2 = comp
    z = stats.norm.ppf(1 - alpha / 2)
    t = stats.t.ppf(1 - alpha / 2, S - 1)
    sd = np.sqrt(tau2 / S + img2 / I + e2 / (S * I))
    seed_level = t * t * (tau2 + e2 / I) / ((S - 1) * S)
    image_level = z * z * ((I - 1) / I ** 2 * (img2 + e2 / S) + e2 * (S - 1) * (I - 1) / (S * I) ** 2)

    def f(x):
        crit = np.sqrt(seed_level * x + image_level)
        return (stats.norm.cdf((abs(delta) - crit) / sd)
                + stats.norm.cdf((-abs(delta) - crit) / sd)) * stats.chi2.pdf(x, S - 1)
    return integrate.quad(f, 0, np.inf, epsabs=1e-12, epsrel=1e-10, limit=200)[0]


boot = []
fmt = lambda values: " ".join("%.17g" % v for v in values)
boot.append("# NumPy %s, SciPy %s reference values for lb-bootstrap; made by "
            "make-stats-reference.py" % (np.__version__, __import__("scipy").__version__))
for p in (1e-10, 1e-4, 0.001, 0.025, 0.3, 0.5, 0.7, 0.975, 0.9999):
    boot.append("normalq %.17g %.17g" % (p, stats.norm.ppf(p)))
for S in (2, 3, 4, 5, 6, 10, 20, 50):
    for alpha in (0.5, 0.05, 0.005, 2e-4):
        boot.append("kappa %d %.17g %.17g" % (S, alpha, kappa(S, alpha)))

brng = np.random.default_rng(20261203)
R = 300
cases = []
# Three seeds, a loss with a real seed effect and an image effect.
S, I = 3, 10
a = brng.uniform(0.8, 0.95, (S, I))
b = a - 0.004 + brng.normal(0, 0.003, (S, 1)) + brng.normal(0, 0.01, (S, I))
cases.append(("seed-effect", a, b))
# Rounded values: ties, and cells where the losses agree exactly.
S, I = 4, 15
a = np.round(brng.uniform(0.85, 1.0, (S, I)), 2)
b = np.round(a + brng.normal(0.0, 0.02, (S, I)), 2)
cases.append(("ties", a, b))
# One loss alone: the interval of its mean.
S, I = 5, 8
cases.append(("one-loss", brng.uniform(0.7, 0.99, (S, I)), None))
# Two seeds: κ(0.05) is 9.2.
S, I = 2, 6
a = brng.uniform(0.85, 0.95, (S, I))
cases.append(("two-seeds", a, a - brng.normal(0.01, 0.01, (S, I))))
for name, a, b in cases:
    S, I = a.shape
    d = a - b if b is not None else a
    seeds = brng.integers(0, S, (R, S))
    images = brng.integers(0, I, (R, I))
    r = bootstrap(d, seeds, images)
    boot.append("case %s %d %d %d" % (name, S, I, R))
    boot.append("a " + fmt(a.ravel()))
    boot.append("b " + (fmt(b.ravel()) if b is not None else "none"))
    boot.append("seeds " + " ".join(str(v) for v in seeds.ravel()))
    boot.append("images " + " ".join(str(v) for v in images.ravel()))
    boot.append("statistics " + fmt(r["stat"]))
    boot.append("seed_parts " + fmt(r["seed_part"]))
    boot.append("expect " + fmt([r[k] for k in ("mean", "ci_low", "ci_high", "p",
                                                 "seed_spread", "image_spread")]
                                + list(components(d))))

# Monte Carlo: the real study's pairs, with 400 000 NumPy resamples; the C code draws its own
# 10 000, so its endpoints may differ from these by its Monte Carlo error, measured here as the
# standard deviation of the endpoints over 40 repetitions of 10 000 resamples.
def mc_case(name, d, n_ref=400000, n_rep=40, n_small=10000):
    S, I = d.shape
    chunks = [bootstrap(d, brng.integers(0, S, (50000, S)), brng.integers(0, I, (50000, I)))
              for _ in range(n_ref // 50000)]
    stat = np.concatenate([c["stat"] for c in chunks])
    seed_part = np.concatenate([c["seed_part"] for c in chunks])
    stretched = stat - seed_part + kappa(S, 0.05) * seed_part
    ref = [np.quantile(stretched, 0.025), np.quantile(stretched, 0.975),
           inverted_p(stat - seed_part, seed_part, S, 1e-12 * np.abs(d).max())]
    reps = np.array([[c["ci_low"], c["ci_high"], c["p"]] for c in
                     (bootstrap(d, brng.integers(0, S, (n_small, S)),
                                brng.integers(0, I, (n_small, I))) for _ in range(n_rep))])
    boot.append("mc %s %s %s" % (name, fmt(ref), fmt(reps.std(axis=0, ddof=1))))


mc_case("jaccard-tversky", IOU["jaccard"] - IOU["tversky"])
mc_case("dice-bce-tversky", IOU["dice-bce"] - IOU["tversky"])
mc_case("jaccard", IOU["jaccard"])

# Planning: power, detectable difference and seeds needed, on the components of two real pairs
# and of one where the seed level dominates.
plans = [components(IOU["jaccard"] - IOU["tversky"]),
         components(IOU["dice-bce"] - IOU["focal"]),
         (4e-6, 1e-5, 1e-4)]
for comp in plans:
    for S, I, alpha in ((3, 69, 0.05), (3, 69, 0.005), (5, 69, 0.05), (10, 300, 0.01), (2, 69, 0.05)):
        for delta in (0.0, 0.002, 0.005):
            boot.append("power %s %d %d %.17g %.17g %.17g"
                        % (fmt(comp), S, I, alpha, delta, power(comp, delta, S, I, alpha)))
        if S >= 3:
            mdd = optimize.brentq(lambda x: power(comp, x, S, I, alpha) - 0.8, 0.0, 1.0,
                                  xtol=1e-14)
            boot.append("detectable %s %d %d %.17g %.17g" % (fmt(comp), S, I, alpha, mdd))
    for delta, alpha in ((0.002, 0.05), (0.002, 0.005), (0.001, 0.05)):
        needed = next((S for S in range(3, 1001) if power(comp, delta, S, 69, alpha) >= 0.8), -1)
        boot.append("seeds_needed %s %.17g 69 %.17g %d" % (fmt(comp), delta, alpha, needed))

path = os.path.join(here, "bootstrap.txt")
with open(path, "w") as f:
    f.write("\n".join(boot) + "\n")
print("wrote", path, len(boot), "lines")
