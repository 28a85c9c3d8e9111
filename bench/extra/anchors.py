#!/usr/bin/python3
"""Batchwise's own extra workloads, in the shared anchors' format and machinery.

    /usr/bin/python3 bench/extra/anchors.py --write-workloads bench/extra/workloads.json
    /usr/bin/python3 bench/paired.py --shared bench/extra --only sum_4096_all --rounds 11 [--baseline OLD_DLL]

../shared/bench/anchors.py defines the workloads the issues' targets are measured on; this file
loads it, replaces its list with workloads that guard what those do not cover (float32 sums, means
and variances over (4096, 4096), which the accuracy work of issue 25 must not slow by more than
10%), and otherwise behaves exactly like it, so paired.py and run-comparison.sh take it as --shared.
"""
import importlib.util
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
_SHARED = os.environ.get("BATCHWISE_SHARED_BENCH", os.path.join(_HERE, "..", "..", "..", "shared", "bench", "anchors.py"))
_spec = importlib.util.spec_from_file_location("shared_anchors", _SHARED)
_shared = importlib.util.module_from_spec(_spec)
sys.modules["shared_anchors"] = _shared
_spec.loader.exec_module(_shared)
globals().update({k: v for k, v in vars(_shared).items() if not k.startswith("__")})

_shared.WORKLOADS.clear()
_x = {"x": _shared._inp((4096, 4096))}
_p = {"R": 4096, "C": 4096}
for name, numpy, torch in (
    ("sum_4096_all", "x.sum()", "x.sum()"),
    ("sum_4096_last", "x.sum(-1)", "x.sum(-1)"),
    ("sum_4096_first", "x.sum(0)", "x.sum(0)"),
    ("mean_4096_last", "x.mean(-1)", "x.mean(-1)"),
    ("var_4096_last", "x.var(-1)", "x.var(-1, unbiased=False)"),
):
    _shared.W(name, "reduce", f"float32 {numpy} of (4096, 4096)", _x, numpy, torch, params=_p, bw=numpy)
WORKLOADS = _shared.WORKLOADS

if __name__ == "__main__":
    _shared.main()
