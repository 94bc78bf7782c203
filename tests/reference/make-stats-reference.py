#!/usr/bin/python3
# make-stats-reference.py — reference values for tests/engine/test-stats.c, from SciPy.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run with Debian's python3 and python3-scipy:  /usr/bin/python3 tests/reference/make-stats-reference.py
# Writes tests/reference/stats.txt. Each line: a kind, then numbers (%.17g).
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
