#!/usr/bin/python3
"""Writes the golden data Batchwise's element-wise math and NN tests compare against.

Run from the repository root:
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 tools/make_math_golden.py
Output: tests/Batchwise.Tests/TestData/math/{unary,binary,nn}.json. Deterministic for a given
NumPy/PyTorch (1.24 / 1.13).

Every function is evaluated on random in-domain data and on a vector of IEEE special values (±0,
±inf, NaN, subnormals, halves, huge values), in float32 and float64. Float32 expectations are the
float64 result of the same (float32) inputs rounded once to float32, i.e. the correctly rounded
answer up to float64's own error; NumPy's and PyTorch's float32 kernels are within the `elem`
tolerance of it (the conformance README measured this). Values are strings that .NET's
double.Parse reads exactly ("NaN", "Infinity", repr digits).
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

OUT = os.path.join("tests", "Batchwise.Tests", "TestData", "math")
DTYPES = {"float32": np.float32, "float64": np.float64}


def enc(a):
    out = []
    for v in np.asarray(a, dtype=np.float64).reshape(-1).tolist():
        if v != v:
            out.append("NaN")
        elif v == math.inf:
            out.append("Infinity")
        elif v == -math.inf:
            out.append("-Infinity")
        else:
            out.append(repr(float(v)))
    return out


def enc_bool(a):
    return [bool(v) for v in np.asarray(a).reshape(-1).tolist()]


def specials(dt):
    f = np.finfo(dt)
    sub = 1e-40 if dt == np.float32 else 5e-320
    huge = 3e38 if dt == np.float32 else 1e308
    v = [0.0, -0.0, math.inf, -math.inf, math.nan, sub, -sub, float(f.tiny), float(f.smallest_subnormal),
         0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.5, -0.49999997, 1.0, -1.0, 2.0, 1e-8, -1e-8, 1e-30, 7.0, -7.0,
         20.0, -20.0, 30.0, -30.0, 88.0, 89.5, -89.5, 100.0, 710.0, -745.0, 1e10, -1e10, 1e30, -1e30,
         huge, -huge, float(f.max), -float(f.max), math.pi, -math.pi / 2, 0.99999994, -0.99999994, 1.0000001,
         500.0, -500.0, 700.0, -700.0, 1e-5, -1e-5, 0.1, 1e5, -1e5]
    return np.array(v, dtype=dt)


def rounded(dt, values64):
    with np.errstate(all="ignore"):
        return np.asarray(values64, dtype=np.float64).astype(dt)


def t64(x):
    return torch.from_numpy(np.asarray(x, dtype=np.float64).copy())


# name -> (float64 function of a float64 array, random low, random high)
UNARY = {
    "exp": (np.exp, -10, 10), "log": (np.log, 0.01, 100), "sqrt": (np.sqrt, 0, 100),
    "tanh": (np.tanh, -5, 5), "abs": (np.abs, -5, 5),
    "sin": (np.sin, -10, 10), "cos": (np.cos, -10, 10), "tan": (np.tan, -1.5, 1.5),
    "arcsin": (np.arcsin, -1, 1), "arccos": (np.arccos, -1, 1), "arctan": (np.arctan, -10, 10),
    "sinh": (np.sinh, -5, 5), "cosh": (np.cosh, -5, 5), "exp2": (np.exp2, -10, 10),
    "log2": (np.log2, 0.01, 100), "log10": (np.log10, 0.01, 100), "log1p": (np.log1p, -0.99, 10),
    "expm1": (np.expm1, -5, 5), "cbrt": (np.cbrt, -100, 100), "square": (np.square, -10, 10),
    "reciprocal": (np.reciprocal, 0.1, 10), "rsqrt": (lambda x: 1 / np.sqrt(x), 0.01, 100),
    "sigmoid": (lambda x: torch.sigmoid(t64(x)).numpy(), -10, 10),
    "erf": (lambda x: torch.erf(t64(x)).numpy(), -6.5, 6.5),
    "floor": (np.floor, -10, 10), "ceil": (np.ceil, -10, 10), "round": (np.round, -10, 10),
    "trunc": (np.trunc, -10, 10), "sign": (np.sign, -2, 2),
    "nan_to_num": (np.nan_to_num, -5, 5),
    "nan_to_num_args": (lambda x: np.nan_to_num(x, nan=1.5, posinf=7.0, neginf=-7.0), -5, 5),
    # NN activations (torch)
    "relu": (lambda x: F.relu(t64(x)).numpy(), -5, 5),
    "silu": (lambda x: F.silu(t64(x)).numpy(), -10, 10),
    "gelu": (lambda x: F.gelu(t64(x)).numpy(), -6, 6),
    "gelu_tanh": (lambda x: F.gelu(t64(x), approximate="tanh").numpy(), -6, 6),
    "softplus": (lambda x: F.softplus(t64(x)).numpy(), -30, 30),
    "softplus_beta2_thr5": (lambda x: F.softplus(t64(x), beta=2, threshold=5).numpy(), -10, 10),
    "mish": (lambda x: F.mish(t64(x)).numpy(), -10, 10),
    "leaky_relu": (lambda x: F.leaky_relu(t64(x)).numpy(), -5, 5),
    "leaky_relu_0.2": (lambda x: F.leaky_relu(t64(x), 0.2).numpy(), -5, 5),
    "elu": (lambda x: F.elu(t64(x)).numpy(), -5, 5),
    "elu_0.5": (lambda x: F.elu(t64(x), 0.5).numpy(), -5, 5),
}

# Exact functions are evaluated in the input's own dtype (nan_to_num's defaults depend on it).
NATIVE = {"abs", "floor", "ceil", "round", "trunc", "sign", "nan_to_num", "nan_to_num_args"}

PREDICATES = {"isnan": np.isnan, "isinf": np.isinf, "isfinite": np.isfinite}

BINARY = {
    "arctan2": (np.arctan2, -5, 5), "hypot": (np.hypot, -100, 100),
    "maximum": (np.maximum, -5, 5), "minimum": (np.minimum, -5, 5),
    "fmax": (np.fmax, -5, 5), "fmin": (np.fmin, -5, 5), "power": (np.power, 0, 5),
}

GRID = [0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, 2.5, 1e-40, -1e-40,
        1e30, -1e30, 3e38, 0.3]


def unary():
    rng = np.random.default_rng(21)
    out = {}
    for name, (f, lo, hi) in UNARY.items():
        out[name] = {}
        for dn, dt in DTYPES.items():
            x = np.concatenate([specials(dt), rng.uniform(lo, hi, 130).astype(dt)])
            with np.errstate(all="ignore"):
                y = f(x) if name in NATIVE else rounded(dt, f(x.astype(np.float64)))
            out[name][dn] = {"x": enc(x), "expect": enc(y)}
    for name, f in PREDICATES.items():
        out[name] = {}
        for dn, dt in DTYPES.items():
            x = specials(dt)
            out[name][dn] = {"x": enc(x), "expect": enc_bool(f(x))}
    return out


def binary():
    rng = np.random.default_rng(22)
    out = {}
    for name, (f, lo, hi) in BINARY.items():
        out[name] = {}
        for dn, dt in DTYPES.items():
            g = np.array(GRID, dtype=dt)
            a, b = np.meshgrid(g, g, indexing="ij")
            a = np.concatenate([a.reshape(-1), rng.uniform(lo, hi, 130).astype(dt)])
            b = np.concatenate([b.reshape(-1), rng.uniform(lo, hi, 130).astype(dt)])
            if name == "hypot":
                big = np.array([2e38, 1e38, 3e-39], dtype=dt) if dt == np.float32 else np.array([1e308, 1e-310, 1e200])
                a, b = np.concatenate([a, big]), np.concatenate([b, big])
            with np.errstate(all="ignore"):
                y = rounded(dt, f(a.astype(np.float64), b.astype(np.float64)))
            out[name][dn] = {"a": enc(a), "b": enc(b), "expect": enc(y)}
    return out


def arr(x):
    return {"shape": list(x.shape), "data": enc(x)}


def nn():
    rng = np.random.default_rng(23)
    cases = []
    for dn, dt in DTYPES.items():
        def rand(*shape, scale=1.0):
            return (rng.standard_normal(shape) * scale).astype(dt)

        def add(kind, inputs, expect, **params):
            cases.append({"kind": kind, "dtype": dn, "inputs": {k: arr(v) for k, v in inputs.items()},
                          "params": params, "expect": arr(rounded(dt, expect))})

        for shape, nd in [((4, 7), 1), ((2, 3, 33), 1), ((3, 4, 5), 2), ((2, 1031), 1), ((0, 8), 1), ((5, 1), 1)]:
            x = rand(*shape, scale=3.0) + dt(1.5)
            ns = shape[len(shape) - nd:]
            w, b = rand(*ns), rand(*ns)
            X, W, B = t64(x), t64(w), t64(b)
            add("layer_norm", {"x": x}, F.layer_norm(X, ns).numpy(), rank=nd, eps=1e-5)
            add("layer_norm", {"x": x, "weight": w, "bias": b}, F.layer_norm(X, ns, W, B, eps=1e-3).numpy(), rank=nd, eps=1e-3)
            eps = float(np.finfo(dt).eps)
            ms = (X * X).mean(dim=tuple(range(-nd, 0)), keepdim=True)
            add("rms_norm", {"x": x}, (X * torch.rsqrt(ms + eps)).numpy(), rank=nd)
            add("rms_norm", {"x": x, "weight": w}, (X * torch.rsqrt(ms + 1e-6) * W).numpy(), rank=nd, eps=1e-6)
        z = np.zeros((2, 5), dtype=dt)
        add("rms_norm", {"x": z}, np.zeros((2, 5)), rank=1)
        for shape, groups in [((2, 6, 5), 3), ((3, 4), 2), ((2, 4, 3, 3), 4), ((1, 6), 1)]:
            x = rand(*shape, scale=2.0)
            c = shape[1]
            w, b = rand(c), rand(c)
            add("group_norm", {"x": x}, F.group_norm(t64(x), groups).numpy(), groups=groups, eps=1e-5)
            add("group_norm", {"x": x, "weight": w, "bias": b},
                F.group_norm(t64(x), groups, t64(w), t64(b), eps=1e-3).numpy(), groups=groups, eps=1e-3)
        for shape, axis in [((3, 5), 1), ((3, 5), 0), ((2, 3, 4), -1), ((4,), 0)]:
            x = rand(*shape)
            x.reshape(-1)[0] = 0
            add("normalize", {"x": x}, F.normalize(t64(x), dim=axis).numpy(), axis=axis, eps=1e-12)
        zx = np.zeros((2, 3), dtype=dt)
        add("normalize", {"x": zx}, F.normalize(t64(zx), dim=1).numpy(), axis=1, eps=1e-12)
        for shape, axis in [((3, 7), -1), ((2, 3, 4), 1)]:
            x = rand(*shape, scale=4.0)
            add("log_softmax", {"x": x}, F.log_softmax(t64(x), dim=axis).numpy(), axis=axis)
        # cross entropy: logits (N, C) / (C,) / (N, C, d); targets int64
        for shape in [(6, 5), (5,), (3, 4, 2)]:
            x = rand(*shape, scale=2.0)
            c = shape[0] if len(shape) == 1 else shape[1]
            tshape = () if len(shape) == 1 else (shape[0],) + shape[2:]
            t = rng.integers(0, c, size=tshape).astype(np.int64)
            if t.ndim > 0:
                t.reshape(-1)[1] = -100
            for red in ["mean", "sum", "none"]:
                for ls in [0.0, 0.1]:
                    y = F.cross_entropy(t64(x), torch.from_numpy(t), reduction=red, label_smoothing=ls).numpy()
                    cases.append({"kind": "cross_entropy", "dtype": dn, "inputs": {"x": arr(x)},
                                  "targets": {"shape": list(t.shape), "data": t.reshape(-1).tolist()},
                                  "params": {"reduction": red, "label_smoothing": ls, "ignore_index": -100},
                                  "expect": arr(rounded(dt, y))})
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in [("unary", unary()), ("binary", binary()), ("nn", nn())]:
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(data, f, separators=(",", ":"))
            f.write("\n")


if __name__ == "__main__":
    main()
