#!/usr/bin/python3
# join-per-image.py — several experiments' per-image.csv as one, each loss label tagged with
# its experiment, so that `lossbench-cli summarize` compares the same loss across experiments
# with the paired statistics (the experiments must share their split and seeds: the pairs are
# the same test image under the same seed).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: join-per-image.py OUT.csv TAG=EXPORT_DIR [TAG=EXPORT_DIR …]
import csv
import sys


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: join-per-image.py OUT.csv TAG=EXPORT_DIR TAG=EXPORT_DIR [...]")
    header, rows = None, []
    for spec in sys.argv[2:]:
        tag, _, folder = spec.partition("=")
        with open(f"{folder}/per-image.csv", newline="") as f:
            reader = csv.DictReader(f)
            if header is None:
                header = reader.fieldnames
            elif reader.fieldnames != header:
                sys.exit(f"{folder}/per-image.csv has other columns than the first file")
            for row in reader:
                row["run"] = f"{row['run']}-{tag}"
                row["label"] = f"{row['label']} ({tag})"
                rows.append(row)
    with open(sys.argv[1], "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


main()
