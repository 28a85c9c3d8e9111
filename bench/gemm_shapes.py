#!/usr/bin/python3
"""GEMM of the transformer shapes (M rows against K x N weights): Batchwise, NumPy and PyTorch, paired.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/gemm_shapes.py \\
        [--rows 1,8,32,128,512] [--weights 768x768,768x3072,3072x768,4096x4096] [--rounds 5] \\
        [--json bench/data/gemm-shapes.json]

Issue 23 asks for GEMM at 1.0x OpenBLAS or better for M = 1..512 rows against K, N = 768..4096, in
single and double precision. Each workload is `a @ b` with a (M, K) and b (K, N), timed exactly as
bench/gemm_sweep.py times its square sizes (paired.py's servers, rounds in rotating order, NumPy's
checksum checked). It prints a markdown table of GFLOP/s and of the ratio best anchor / Batchwise.
With --baseline it times another build's Batchwise.Bench.dll instead of the anchors (and --env sets
variables for this build only, to compare a switch within one build), as paired.py does.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gemm_sweep  # noqa: E402
import paired  # noqa: E402

ROWS = (1, 8, 32, 128, 512)
WEIGHTS = ((768, 768), (768, 3072), (3072, 768), (4096, 4096))


def shapes(rows, weights):
    """(name, dtype, M, K, N) for every kind, weight shape and row count."""
    return [(f"{prefix}_m{m}_k{k}_n{n}", dtype, m, k, n)
            for prefix, dtype in gemm_sweep.KINDS for k, n in weights for m in rows]


def measure(servers, workloads, rounds):
    """gemm_sweep's paired timing, each row with its ratio: the fastest other side / Batchwise."""
    results = gemm_sweep.time_shapes(servers, workloads, rounds)
    for row in results:
        others = [t for label, t in row["median_s"].items() if label != "batchwise"]
        row["ratio"] = min(others) / row["median_s"]["batchwise"]
    return results


def table(results):
    labels = [label for label in results[0]["gflops"] if label != "batchwise"]
    against = "baseline" if labels == ["baseline"] else "best anchor"
    lines = ["| dtype | M | K x N | " + " | ".join(labels) + f" | Batchwise | {against} / Batchwise |",
             "|---|---|---|" + "---|" * (len(labels) + 2)]
    for r in results:
        cells = " | ".join(f"{r['gflops'][label]:.1f}" for label in labels)
        ratio = f"**{r['ratio']:.2f}x**" if r["ratio"] >= 1.0 else f"{r['ratio']:.2f}x"
        lines.append(f"| {r['dtype']} | {r['m']} | {r['k']} x {r['n']} | {cells} | {r['gflops']['batchwise']:.1f} | {ratio} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(HERE, "..", "..", "shared", "bench"))
    ap.add_argument("--rows", default=",".join(map(str, ROWS)), help="comma-separated M")
    ap.add_argument("--weights", default=",".join(f"{k}x{n}" for k, n in WEIGHTS), help="comma-separated KxN")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--configs", default=f"numpy:{os.cpu_count()},torch:{os.cpu_count()}",
                    help="anchor configurations, framework:threads (as paired.py)")
    ap.add_argument("--json", default=os.path.join(HERE, "data", "gemm-shapes.json"), help="where the figures go")
    ap.add_argument("--no-build", action="store_true", help="use the Batchwise.Bench build as it is")
    ap.add_argument("--baseline", default=None, metavar="DLL", help="another build's Batchwise.Bench.dll instead of the anchors")
    ap.add_argument("--env", action="append", default=[], metavar="K=V", help="a variable for this build's server only")
    args = ap.parse_args()

    rows = [int(m) for m in args.rows.split(",")]
    weights = [tuple(int(d) for d in w.split("x")) for w in args.weights.split(",")]
    workloads = shapes(rows, weights)
    bench_dll = os.path.join(HERE, "Batchwise.Bench", "bin", "Release", "net10.0", "Batchwise.Bench.dll")
    if not args.no_build:
        subprocess.check_call(["dotnet", "build", os.path.join(HERE, "Batchwise.Bench"), "-c", "Release", "-nologo",
                               "-v", "q"], stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory(prefix="gemm-shapes-") as folder:
        gemm_sweep.make_shared(folder, os.path.abspath(args.shared), workloads)
        if args.baseline:
            servers = [paired.batchwise_server("baseline", os.path.abspath(args.baseline), folder),
                       paired.batchwise_server("batchwise", bench_dll, folder, args.env)]
        else:
            servers = paired.start_servers(folder, args.configs.split(","), bench_dll, args.env)
        try:
            results = measure(servers, workloads, args.rounds)
        finally:
            for server in servers:
                server.close()
    doc = {"created": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
           "batchwise_threads": int(os.environ.get("BATCHWISE_THREADS", os.cpu_count())),
           "rounds": args.rounds, "configs": [args.baseline] if args.baseline else args.configs.split(","),
           "env": args.env, "results": results}
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(doc, f, indent=1)
    print(f"wrote {args.json}", file=sys.stderr)
    print(table(results))


if __name__ == "__main__":
    main()
