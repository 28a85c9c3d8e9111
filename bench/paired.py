#!/usr/bin/python3
"""Paired timing: NumPy, PyTorch and Batchwise alternated second by second, each ratio per round.

    /usr/bin/python3 bench/paired.py [--shared ../shared/bench] [--issue 4 | --only a,b] [--rounds 9] [--out FILE]

run-comparison.sh times each workload once per side, within the same half minute. On a VM whose
speed drifts by 20-50% within seconds (the 2-core Zen 3 of 2026-11-30), one such pair can land on
either side of a target by chance. Here every side is a long-lived server process holding the
workload's inputs: the anchors (anchors.py's workload code, inputs and thread settings, one process
per configuration) and Batchwise (`Batchwise.Bench serve`). Each round asks every server in turn
(rotating the order) for the median of a few samples of at least 40 ms, so one round's figures lie
within a second or two of each other; the ratio of the best anchor to Batchwise is taken per round,
and the report gives its median and range over the rounds, against the issues' targets
(bench/targets.py). Only one server runs at a time; between requests the coordinator pauses so that
OpenBLAS's and OpenMP's idle threads stop spinning before the next side is timed.
"""
import argparse
import importlib.util
import json
import math
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from targets import ANCHORS, SELF, SPEEDUPS  # noqa: E402

SAMPLES = 5
MIN_SAMPLE_S = 0.04
WARMUP_S = 0.5
# OpenBLAS's idle threads spin for 2^28 cycles (~85 ms at 3.2 GHz) before they sleep.
PAUSE_S = 0.15


def load_anchors(shared):
    spec = importlib.util.spec_from_file_location("anchors", os.path.join(shared, "anchors.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ----------------------------------------------------------------------------
# Server: one (framework, threads) configuration, one request per line on stdin
# ----------------------------------------------------------------------------
def serve(config, shared):
    anchors = load_anchors(shared)
    fw, threads = config.split(":")
    import numpy as np
    if fw == "numpy":
        ns, to_fw = {"np": np, "math": math}, (lambda a: a)
    else:
        import torch
        torch.set_num_threads(int(threads))
        ns = {"torch": torch, "F": torch.nn.functional, "math": math}
        to_fw = lambda a: torch.from_numpy(a.copy())  # noqa: E731
    workloads = {w["name"]: w for w in anchors.WORKLOADS}
    current, fn, args, inner = None, None, None, 1
    for line in sys.stdin:
        name = line.strip()
        if not name:
            continue
        if name != current:
            current, fn, args = name, None, None
            w = workloads.get(name)
            if w is None or w[fw] is None:
                print(json.dumps({"name": name, "skip": True}), flush=True)
                continue
            inputs = anchors.make_inputs(np, w)
            argn = list(inputs.keys())
            args = [to_fw(inputs[k]) for k in argn]
            fn = anchors.build_fn(w[fw], argn, dict(ns))
            start = time.perf_counter()
            calls = 0
            while calls < 2 or time.perf_counter() - start < WARMUP_S:
                fn(*args)
                calls += 1
            inner = max(1, int(MIN_SAMPLE_S / ((time.perf_counter() - start) / calls)))
        if fn is None:
            print(json.dumps({"name": name, "skip": True}), flush=True)
            continue
        samples = []
        for _ in range(SAMPLES):
            t0 = time.perf_counter()
            for _ in range(inner):
                fn(*args)
            samples.append((time.perf_counter() - t0) / inner)
        samples.sort()
        print(json.dumps({"name": name, "median_s": samples[len(samples) // 2], "min_s": samples[0]}), flush=True)


# ----------------------------------------------------------------------------
# Coordinator
# ----------------------------------------------------------------------------
class Server:
    def __init__(self, label, cmd, env):
        self.label = label
        self.proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def time(self, name):
        self.proc.stdin.write(name + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"{self.label} exited while timing {name}")
        return json.loads(line)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def start_servers(shared, configs, bench_dll, extra_env):
    servers = []
    has_avx512 = "avx512f" in open("/proc/cpuinfo").read()
    for config in configs:
        fw, threads = config.split(":")
        env = dict(os.environ)
        for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env[k] = threads
        # OpenBLAS's own kernel choice (its AVX-512 kernels where the CPU has them), as
        # run-comparison.sh asks anchors.py for; this environment pins it to AVX2 otherwise,
        # and its OPENBLAS_L2_SIZE shrinks OpenBLAS's blocking, so the anchors run without it.
        env.pop("OPENBLAS_CORETYPE", None)
        env.pop("OPENBLAS_L2_SIZE", None)
        if has_avx512:
            env["OPENBLAS_CORETYPE"] = "SkylakeX"
        servers.append(Server(f"{fw}@{threads}t", [sys.executable, os.path.abspath(__file__), "--serve", config,
                                                   "--shared", shared], env))
    servers.append(batchwise_server("batchwise", bench_dll, shared, extra_env))
    return servers


def batchwise_server(label, bench_dll, shared, extra_env=()):
    env = dict(os.environ)
    env.update(kv.split("=", 1) for kv in extra_env)
    return Server(label, ["dotnet", bench_dll, "serve", os.path.join(shared, "workloads.json"), "--samples", str(SAMPLES)], env)


def median(values):
    v = sorted(values)
    return v[len(v) // 2] if len(v) % 2 else 0.5 * (v[len(v) // 2 - 1] + v[len(v) // 2])


def fmt(seconds):
    return f"{seconds * 1e3:.3g} ms" if seconds >= 1e-3 else f"{seconds * 1e6:.3g} µs"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(HERE, "..", "..", "shared", "bench"))
    ap.add_argument("--issue", type=int, default=None, help="the targets of one issue (default: all)")
    ap.add_argument("--only", default="", help="comma-separated workload names (exact)")
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--configs", default=",".join(a.replace("@", ":").rstrip("t") for a in ANCHORS))
    ap.add_argument("--into", action="store_true",
                    help="also time each plain a @ b workload into a result allocated once (NAME_into)")
    ap.add_argument("--baseline", default=None, metavar="DLL",
                    help="compare with another build's Batchwise.Bench.dll instead of the anchors "
                         "(ratio = baseline / this build; above 1 means this build is faster)")
    ap.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                    help="environment for this build's server only (with --baseline, e.g. the same DLL "
                         "with BATCHWISE_GEMM_KC=256 against its defaults)")
    ap.add_argument("--out", default=None, help="also write every round's figures as JSON")
    ap.add_argument("--serve", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    shared = os.path.abspath(args.shared)
    if args.serve:
        serve(args.serve, shared)
        return

    bench_dll = os.path.join(HERE, "Batchwise.Bench", "bin", "Release", "net10.0", "Batchwise.Bench.dll")
    subprocess.check_call(["dotnet", "build", os.path.join(HERE, "Batchwise.Bench"), "-c", "Release", "-nologo", "-v", "q"],
                          stdout=subprocess.DEVNULL)
    only = [n for n in args.only.split(",") if n]
    rows = [t for t in SPEEDUPS if (not only or t[2] in only) and (args.issue is None or t[0] == args.issue)]
    selfs = [t for t in SELF if (not only or t[2] in only) and (args.issue is None or t[0] == args.issue)]
    plain_products = {w["name"] for w in json.load(open(os.path.join(shared, "workloads.json")))["workloads"]
                      if w.get("expression_batchwise") == "a @ b"}
    if args.baseline:
        servers = [batchwise_server("baseline", os.path.abspath(args.baseline), shared),
                   batchwise_server("batchwise", bench_dll, shared, args.env)]
        anchors_by_label = {label: servers[0] for label in ANCHORS}
    else:
        servers = start_servers(shared, args.configs.split(","), bench_dll, args.env)
        anchors_by_label = {s.label: s for s in servers[:-1]}
    ours = servers[-1]
    report, rounds_json = [], {}
    try:
        for issue, label, name, target, allowed in rows:
            eligible = list(dict.fromkeys(anchors_by_label[a] for a in allowed if a in anchors_by_label))
            # (server, request, label in the round's figures)
            sides = [(s, name, s.label) for s in eligible] + [(ours, name, "batchwise")]
            if args.into and name in plain_products:
                sides.append((ours, name + "_into", "batchwise_into"))
            ratios, into_ratios, best_times, our_times, failures = [], [], [], [], []
            for r in range(args.rounds):
                order = sides[r % len(sides):] + sides[:r % len(sides)]
                figures = {}
                for server, request, key in order:
                    reply = server.time(request)
                    time.sleep(PAUSE_S)
                    if reply.get("check_ok") is False:
                        raise SystemExit(f"batchwise result of {request} does not match NumPy's checksum")
                    if "median_s" in reply:
                        figures[key] = reply["median_s"]
                    else:
                        failures.append(f"{key}: {reply.get('error', 'no figure')}")
                anchors = [v for k, v in figures.items() if not k.startswith("batchwise")]
                if not anchors or "batchwise" not in figures:
                    # A side that failed this round (say an anchor out of memory) costs the round, not the run.
                    print(f"{name}: round {r + 1} skipped ({'; '.join(failures[-len(sides):])})", file=sys.stderr, flush=True)
                    continue
                best = min(anchors)
                ratios.append(best / figures["batchwise"])
                if "batchwise_into" in figures:
                    into_ratios.append(best / figures["batchwise_into"])
                best_times.append(best)
                our_times.append(figures["batchwise"])
                rounds_json.setdefault(name, []).append(figures)
            if not ratios:
                report.append(f"| {issue} | {label} | - | - | **no figures** | - | 0/{args.rounds} | - | ≥ {target:g}x | "
                              f"no ({failures[0] if failures else 'no reply'}) |")
                print(report[-1], file=sys.stderr, flush=True)
                continue
            m = median(ratios)
            met = sum(x >= target for x in ratios)
            into_text = f"{median(into_ratios):.2f}x ({min(into_ratios):.2f}-{max(into_ratios):.2f})" if into_ratios else "-"
            report.append(f"| {issue} | {label} | {fmt(median(best_times))} | {fmt(median(our_times))} | **{m:.2f}x** "
                          f"| {min(ratios):.2f}-{max(ratios):.2f}x | {met}/{len(ratios)} | {into_text} | ≥ {target:g}x | "
                          f"{'yes' if m >= target else 'no'} |")
            print(report[-1], file=sys.stderr, flush=True)
            write_rounds(args.out, rounds_json)
        for issue, label, name, reference, limit in selfs:
            quotients = []
            for _ in range(args.rounds):
                a = ours.time(name)["median_s"]
                b = ours.time(reference)["median_s"]
                quotients.append(a / b)
                rounds_json.setdefault(f"{name}/{reference}", []).append({"batchwise": a, "reference": b})
            m = median(quotients)
            report.append(f"| {issue} | {label} | (Batchwise) | | **{m:.2f}** | {min(quotients):.2f}-{max(quotients):.2f} "
                          f"| {sum(q <= limit for q in quotients)}/{len(quotients)} | - | ≤ {limit:g} | {'yes' if m <= limit else 'no'} |")
            print(report[-1], file=sys.stderr, flush=True)
    finally:
        for server in servers:
            server.close()
    versus = f"the baseline build {args.baseline}" if args.baseline else "best anchor"
    print(f"Paired run, {args.rounds} rounds, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: medians over rounds; "
          f"ratio = {versus} / Batchwise per round (quotient for the self-comparisons).\n")
    print("| issue | workload | best anchor | Batchwise | median ratio | range | rounds met | into: median (range) | target | met |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    print("\n".join(report))
    write_rounds(args.out, rounds_json)


def write_rounds(path, rounds_json):
    """Writes every round so far (after each workload, so a run cut short keeps what it measured)."""
    if path:
        with open(path, "w") as f:
            json.dump(rounds_json, f, indent=1)


if __name__ == "__main__":
    main()
