#!/usr/bin/python3
"""Bar chart of where Batchwise stands: best anchor / Batchwise per workload, one bar per CPU.

    /usr/bin/python3 bench/plot_ratios.py \\
        --run "AMD Zen 5 (AVX-512)" results/paired-1.json results/paired-2.json \\
        --run "AMD Zen 3 (AVX2)" bench/data/ratios-zen3-avx2.json \\
        [--issue 4] [--out bench/ratios.png]

Each --run is a CPU's label followed by one or more files of that CPU: either `paired.py --out`
files, whose rounds are pooled and reduced to the median per-round ratio exactly as pool_paired.py
does, or a hand-written `{"workload": ratio, ...}` for a CPU whose rounds are no longer kept (keys
starting with "_" are notes). Workloads and targets come from targets.py's SPEEDUPS, in its order;
a workload is drawn when at least one run has it, and each target is a black tick across its group.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from pool_paired import anchor_ratios, median  # noqa: E402
from targets import SPEEDUPS  # noqa: E402


def load_run(paths):
    """{workload: median ratio} over the given files of one CPU."""
    given, rounds = {}, {}
    for path in paths:
        with open(path) as f:
            for name, value in json.load(f).items():
                if name.startswith("_"):
                    continue
                if isinstance(value, (int, float)):
                    given[name] = float(value)
                else:
                    rounds.setdefault(name, []).extend(value)
    for _, _, name, _, allowed in SPEEDUPS:
        # Rounds without an anchor figure (a --baseline run) have no anchor ratio to give.
        usable = [r for r in rounds.get(name, []) if "batchwise" in r and any(k in allowed for k in r)]
        if usable:
            given[name] = median(anchor_ratios(usable, allowed)[0])
    return given


def plot(runs, rows, out, title):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n, k = len(rows), len(runs)
    width = 0.8 / k
    fig, ax = plt.subplots(figsize=(min(24.0, max(8.0, 0.62 * n * (1 + 0.25 * (k - 1)) + 2.5)), 6.4))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    values = [v for _, ratios in runs for v in ratios.values()] + [t for _, _, t, _ in rows]
    top = max(values) * 1.9
    bottom = min(0.5, min(values) / 1.5)
    for j, (cpu, ratios) in enumerate(runs):
        xs = [i - 0.4 + width * (j + 0.5) for i, (_, name, _, _) in enumerate(rows) if name in ratios]
        ys = [ratios[name] for _, name, _, _ in rows if name in ratios]
        ax.bar(xs, ys, width * 0.92, label=cpu, color=colours[j % len(colours)], zorder=2)
        # Values sit inside the bars' feet, where no target tick can cover them.
        for x, y in zip(xs, ys):
            ax.text(x, bottom * 1.04, f"{y:.2f}", ha="center", va="bottom", rotation=90, fontsize=7,
                    color="white", fontweight="bold", zorder=4)
    for i, (_, _, target, _) in enumerate(rows):
        ax.hlines(target, i - 0.45, i + 0.45, colors="black", linewidth=2.2, zorder=3,
                  label="target" if i == 0 else None)
    ax.axhline(1.0, color="grey", linestyle="--", linewidth=1, zorder=1, label="parity (1.0)")
    ax.set_yscale("log")
    ax.set_ylim(bottom, top)
    steps = (0.5, 1, 2, 3, 5, 10, 20, 50) if top / bottom > 8 else (0.5, 0.75, 1, 1.25, 1.5, 2, 3)
    ticks = [t for t in steps if bottom <= t <= top]
    ax.set_yticks(ticks)
    ax.set_yticklabels([f"{t:g}x" for t in ticks])
    ax.minorticks_off()
    ax.set_xticks(range(n))
    ax.set_xticklabels([f"{label} (#{issue})" for issue, _, _, label in rows], rotation=40, ha="right", fontsize=8)
    ax.set_xlim(-0.6, n - 0.4)
    ax.set_ylabel("best NumPy/PyTorch time ÷ Batchwise time (log)")
    ax.set_title(title, fontsize=11)
    ax.grid(axis="y", which="major", alpha=0.3, zorder=0)
    ax.legend(loc="upper left", fontsize=8, ncol=2 + (k > 2))
    fig.tight_layout()
    fig.savefig(out, dpi=130)
    print(f"wrote {out}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--run", action="append", nargs="+", required=True, metavar=("CPU", "FILE"),
                    help="a CPU's label, then its paired.py --out files or one hand-written ratios file")
    ap.add_argument("--issue", type=int, default=None, help="the targets of one issue (default: all)")
    ap.add_argument("--out", default=os.path.join(HERE, "ratios.png"))
    ap.add_argument("--title", default="Speed against the best of NumPy and PyTorch\n"
                    "(ratio of times per workload; above 1: Batchwise faster)")
    args = ap.parse_args()
    runs = []
    for run in args.run:
        if len(run) < 2:
            ap.error("--run needs a CPU label and at least one file")
        runs.append((run[0], load_run(run[1:])))
    rows = [(issue, name, target, label) for issue, label, name, target, _ in SPEEDUPS
            if (args.issue is None or issue == args.issue) and any(name in r for _, r in runs)]
    if not rows:
        raise SystemExit("no workload of targets.py in these files")
    for cpu, ratios in runs:
        print(f"{cpu}: " + ", ".join(f"{n} {ratios[n]:.2f}x" for _, n, _, _ in rows if n in ratios), file=sys.stderr)
    plot(runs, rows, args.out, args.title)


if __name__ == "__main__":
    main()
