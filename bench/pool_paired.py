#!/usr/bin/env python3
"""Pools the rounds of several `paired.py --out` files into one table of medians.

One paired run of 11 rounds on a noisy VM moves a median by several percent from run to run; the
rounds of runs taken on the same build are samples of the same thing, so their pooled median is the
steadier figure. Ratios are computed exactly as paired.py does: per round, the best anchor's time over
Batchwise's (or Batchwise's time over its reference for the self-comparisons).

    python3 bench/pool_paired.py --issue 4 results/paired-*.json
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from targets import SELF, SPEEDUPS  # noqa: E402


def median(values):
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def load_rounds(paths):
    """Every round of every file, by workload name (NAME, or NAME/REFERENCE for the self-comparisons)."""
    rounds = {}
    for path in paths:
        with open(path) as f:
            for name, figures in json.load(f).items():
                rounds.setdefault(name, []).extend(figures)
    return rounds


def anchor_ratios(rounds, allowed):
    """Per round, the best allowed anchor's time over Batchwise's, and over Batchwise's into-time
    where the round has one (paired.py --into)."""
    ratios, into = [], []
    for figures in rounds:
        best = min(v for k, v in figures.items() if k in allowed)
        ratios.append(best / figures["batchwise"])
        if "batchwise_into" in figures:
            into.append(best / figures["batchwise_into"])
    return ratios, into


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+", help="JSON files written by paired.py --out")
    ap.add_argument("--issue", type=int, default=None, help="the targets of one issue (default: all)")
    args = ap.parse_args()
    rounds = load_rounds(args.files)

    print(f"Pooled rounds of {len(args.files)} paired runs ({', '.join(os.path.basename(p) for p in args.files)}).\n")
    print("| issue | workload | rounds | median ratio | middle half of rounds | rounds met | into: median | target | met |")
    print("|---|---|---|---|---|---|---|---|---|")
    for issue, label, name, target, allowed in SPEEDUPS:
        if args.issue is not None and issue != args.issue or name not in rounds:
            continue
        ratios, into = anchor_ratios(rounds[name], allowed)
        m = median(ratios)
        s = sorted(ratios)
        quartiles = f"{s[len(s) // 4]:.2f}-{s[(3 * len(s)) // 4]:.2f}x"
        into_text = f"{median(into):.2f}x" if into else "-"
        print(f"| {issue} | {label} | {len(ratios)} | **{m:.2f}x** | {quartiles} | {sum(r >= target for r in ratios)}/{len(ratios)} "
              f"| {into_text} | ≥ {target:g}x | {'yes' if m >= target else 'no'} |")
    for issue, label, name, reference, limit in SELF:
        key = f"{name}/{reference}"
        if args.issue is not None and issue != args.issue or key not in rounds:
            continue
        quotients = [f["batchwise"] / f["reference"] for f in rounds[key]]
        m = median(quotients)
        print(f"| {issue} | {label} | {len(quotients)} | **{m:.2f}** | - | {sum(q <= limit for q in quotients)}/{len(quotients)} "
              f"| - | ≤ {limit:g} | {'yes' if m <= limit else 'no'} |")


if __name__ == "__main__":
    main()
