"""Golden data for sorting, searching, scans and the extra reductions (issue 21).

Writes tests/Batchwise.Tests/TestData/sorting/golden.json: a list of cases
{"op", "params", "x", "expect": [arrays]} computed with NumPy (1.24) and, for topk and
logcumsumexp, torch (1.13). Arrays are {"dtype", "shape", "data"} with flat row-major data;
non-finite floats are the strings "NaN", "Infinity", "-Infinity".

Run: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 tools/make_sorting_golden.py
"""
import json
import math
import os
import warnings

import numpy as np
import torch

rng = np.random.default_rng(21)
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "Batchwise.Tests", "TestData", "sorting", "golden.json")


def enc(v):
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
    return v


def arr(a):
    a = np.asarray(a)
    data = [enc(float(v)) if a.dtype.kind == "f" else (bool(v) if a.dtype.kind == "b" else int(v)) for v in a.ravel()]
    return {"dtype": str(a.dtype), "shape": list(a.shape), "data": data}


cases = []


def add(op, x, expect, **params):
    cases.append({"op": op, "params": params, "x": arr(x), "expect": [arr(e) for e in expect]})


def floats(shape, dtype, specials=True, ties=True):
    x = np.round(rng.standard_normal(shape), 1 if ties else 6).astype(dtype)
    if specials and x.size >= 6:
        flat = x.reshape(-1)
        idx = rng.choice(x.size, size=min(6, x.size), replace=False)
        for i, v in zip(idx, [np.nan, np.inf, -np.inf, -0.0, 0.0, np.nan]):
            flat[i] = v
    return x


def ints(shape, dtype):
    return rng.integers(-5, 6, size=shape).astype(dtype)


shapes = [(7,), (3, 5), (2, 3, 4), (0,), (2, 0, 3), (1,)]
for dtype in ["float32", "float64"]:
    for shape in shapes:
        x = floats(shape, dtype)
        for axis in [-1, 0, None] + ([1] if len(shape) > 2 else []):
            add("sort", x, [np.sort(x, axis=axis)], axis=axis)
            add("argsort", x, [np.argsort(x, axis=axis, kind="stable")], axis=axis)
for dtype in ["int32", "int64"]:
    for shape in [(9,), (4, 6), (2, 3, 5)]:
        x = ints(shape, dtype)
        for axis in [-1, 0, None]:
            add("sort", x, [np.sort(x, axis=axis)], axis=axis)
            add("argsort", x, [np.argsort(x, axis=axis, kind="stable")], axis=axis)
add("sort", np.array(2.5, dtype="float64"), [np.sort(np.array(2.5), axis=None)], axis=None)

# topk (torch): distinct values, no NaN.
for dtype, tdtype in [("float32", torch.float32), ("float64", torch.float64), ("int64", torch.int64)]:
    for shape, dim in [((10,), -1), ((4, 9), -1), ((4, 9), 0), ((2, 5, 6), 1), ((3, 0), 0)]:
        n = int(np.prod(shape))
        x = rng.permutation(n).reshape(shape).astype(dtype) - n // 2
        if dtype != "int64":
            x = x * np.asarray(0.37, dtype=dtype)
        for k in sorted({0, 1, 3, shape[dim]}):
            if k > shape[dim]:
                continue
            for largest in [True, False]:
                v, i = torch.topk(torch.tensor(x), k, dim=dim, largest=largest, sorted=True)
                add("topk", x, [v.numpy(), i.numpy()], k=k, dim=dim, largest=largest)

# searchsorted with duplicates and infinities.
for dtype in ["float32", "float64"]:
    a = np.array([-np.inf, -2.0, -1.0, -1.0, 0.0, 0.5, 0.5, 0.5, 3.0, np.inf], dtype=dtype)
    v = np.array([[-np.inf, -3.0, -1.0, 0.0], [0.5, 1.0, 3.0, np.inf]], dtype=dtype)
    for side in ["left", "right"]:
        cases.append({"op": "searchsorted", "params": {"right": side == "right"}, "x": arr(a), "v": arr(v),
                      "expect": [arr(np.searchsorted(a, v, side=side))]})
a = np.array([1, 2, 2, 2, 5, 7], dtype="int64")
v = np.array([0, 2, 3, 7, 8], dtype="int64")
for side in ["left", "right"]:
    cases.append({"op": "searchsorted", "params": {"right": side == "right"}, "x": arr(a), "v": arr(v),
                  "expect": [arr(np.searchsorted(a, v, side=side))]})

# unique: NaN collapse, -0.0 and 0.0, counts and inverse (shaped as x, NumPy 2 / unique_all).
for dtype in ["float32", "float64"]:
    for x in [np.array([[3.0, np.nan, -0.0, 1.0], [0.0, 3.0, np.nan, -2.0]], dtype=dtype), floats((5, 4), dtype), np.zeros((0,), dtype)]:
        values, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
        add("unique", x, [values, inverse.reshape(x.shape), counts])
x = ints((3, 7), "int32")
values, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
add("unique", x, [values, inverse.reshape(x.shape), counts])

# scans
for dtype in ["float32", "float64", "int64", "int32"]:
    for shape in [(6,), (3, 4), (2, 3, 4), (2, 0), ()]:
        x = floats(shape, dtype, specials=False) if dtype.startswith("float") else ints(shape, dtype)
        for axis in [None, 0, -1]:
            if axis is not None and len(shape) == 0:
                continue
            add("cumsum", x, [np.cumsum(x, axis=axis, dtype=x.dtype)], axis=axis)
            add("cumprod", x, [np.cumprod(x, axis=axis, dtype=x.dtype)], axis=axis)
        if len(shape) > 0:
            for n in [0, 1, 2, 5]:
                for axis in [-1, 0]:
                    add("diff", x, [np.diff(x, n=n, axis=axis)], n=n, axis=axis)
x = np.array([1.0, np.inf, -np.inf, 2.0, np.nan, 1.0])
add("cumsum", x, [np.cumsum(x)], axis=None)
add("cumprod", np.array([2.0, 0.0, np.inf, 3.0]), [np.cumprod(np.array([2.0, 0.0, np.inf, 3.0]))], axis=None)
for dtype, tdtype in [("float32", torch.float32), ("float64", torch.float64)]:
    for x in [floats((3, 5), dtype, specials=False) * 30, np.array([[-np.inf, -np.inf, 1.0, np.inf, 2.0], [1e30 if dtype == "float32" else 1e300, 0.0, -np.inf, np.nan, 1.0]], dtype=dtype)]:
        for axis in [-1, 0]:
            add("logcumsumexp", x, [torch.logcumsumexp(torch.tensor(x), dim=axis).numpy()], axis=axis)

# reductions
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for dtype in ["float32", "float64"]:
        x = floats((3, 4, 5), dtype)
        x[1, 2, :] = np.nan
        x[2, :, 1] = 0.0
        for axes in [None, (0,), (1,), (-1,), (0, 2), ()]:
            add("any", x, [np.any(x, axis=axes)], axes=axes)
            add("all", x, [np.all(x, axis=axes)], axes=axes)
            add("count_nonzero", x, [np.asarray(np.count_nonzero(x, axis=axes)).astype("int64")], axes=axes)
            y = np.where(np.isinf(x), 1.5, x).astype(dtype)
            add("nansum", y, [np.nansum(y, axis=axes)], axes=axes)
            add("nanmean", y, [np.nanmean(y, axis=axes)], axes=axes)
            if axes != ():
                add("nanmax", x, [np.nanmax(x, axis=axes)], axes=axes)
                add("nanmin", x, [np.nanmin(x, axis=axes)], axes=axes)
            z = floats((3, 4, 5), dtype, specials=False)
            z[0, 0, 0] = np.nan
            add("median", z, [np.median(z, axis=axes)], axes=axes)
        for shape in [(7,), (4, 6), (2, 3, 5)]:
            z = floats(shape, dtype, specials=False, ties=False)
            for q in [0.0, 0.1, 0.25, 0.5, 0.73, 1.0]:
                for axis in [None, 0, -1]:
                    add("quantile", z, [np.quantile(z, q, axis=axis)], q=q, axis=axis)
        z = np.zeros((3, 0), dtype)
        add("median", z, [np.median(z, axis=1)], axes=(1,))
    for x in [ints((3, 4), "int32"), np.array([[True, False], [False, False]])]:
        for axes in [None, (0,), (1,)]:
            add("any", x, [np.any(x, axis=axes)], axes=axes)
            add("all", x, [np.all(x, axis=axes)], axes=axes)
            add("count_nonzero", x, [np.asarray(np.count_nonzero(x, axis=axes)).astype("int64")], axes=axes)

with open(OUT, "w") as f:
    json.dump(cases, f, separators=(",", ":"))
    f.write("\n")
print(f"{len(cases)} cases -> {os.path.normpath(OUT)} ({os.path.getsize(OUT)} bytes)")
