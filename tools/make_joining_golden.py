"""Golden data for joining, gathering and advanced indexing (issue 20).

Writes tests/Batchwise.Tests/TestData/joining/cases.json: a list of cases
{"op", "inputs": {name: array}, "params": {...}, "expect": array | [arrays] | {"error": kind}}.
Arrays are {"dtype", "shape", "data"} with data flattened row-major. Index items are
{"kind": "int"|"slice"|"ellipsis"|"newaxis"|"array"|"mask", ...}. Covers what the public
porting cases lack: advanced-index assignment, scatter_add, put_along_axis,
repeat_interleave, meshgrid and pad edge/reflect, plus reads of every family.

Run: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 tools/make_joining_golden.py
"""
import json
import os
import warnings

import numpy as np
import torch

# NumPy 1.24 only warns about an out-of-range index when the result is empty; the vocabulary
# (NumPy 2) makes it an error.
warnings.simplefilter("error", DeprecationWarning)
rng = np.random.default_rng(20)
cases = []


def arr(a):
    a = np.asarray(a)
    flat = a.ravel().tolist()
    if a.dtype.kind == "f":
        flat = [v if np.isfinite(v) else "NaN" if np.isnan(v) else "Infinity" if v > 0 else "-Infinity" for v in flat]
    return {"dtype": str(a.dtype), "shape": list(a.shape), "data": flat}


def data(shape):
    return np.round(rng.standard_normal(shape), 3)


def kind(e):
    if isinstance(e, (IndexError, DeprecationWarning)):
        return "index"
    if isinstance(e, ValueError) and "broadcast" in str(e) and "value array" in str(e):
        return "shape"
    if isinstance(e, (ValueError, RuntimeError)):
        return "value"
    raise e


def add(op, inputs, params, fn):
    try:
        out = fn()
        expect = [arr(o) for o in out] if isinstance(out, (list, tuple)) else arr(out)
    except (IndexError, ValueError, RuntimeError, DeprecationWarning) as e:
        expect = {"error": kind(e)}
    cases.append({"op": op, "inputs": {k: arr(v) for k, v in inputs.items()}, "params": params, "expect": expect})


def random_items(shape):
    """A random mix of basic and advanced items for an array of this shape."""
    items, enc = [], []
    axis = 0
    bshape = [(2,), (3,), (2, 1), (1, 3), ()][rng.integers(5)]
    used_ellipsis = False
    while axis < len(shape) and rng.random() < 0.85:
        r = rng.random()
        n = shape[axis]
        if r < 0.2:
            v = int(rng.integers(-n, n)) if n > 0 else 0
            items.append(v); enc.append({"kind": "int", "v": v}); axis += 1
        elif r < 0.4:
            s = [None if rng.random() < 0.4 else int(rng.integers(-n - 1, n + 2)) for _ in range(2)]
            st = [None, 1, 2, -1, -2][rng.integers(5)]
            items.append(slice(s[0], s[1], st)); enc.append({"kind": "slice", "start": s[0], "stop": s[1], "step": st}); axis += 1
        elif r < 0.7:
            hi = max(n, 1)
            vals = rng.integers(-hi, hi, size=bshape)
            if rng.random() < 0.05:
                vals = vals + hi * 3  # out of range
            dt = np.int32 if rng.random() < 0.3 else np.int64
            a = vals.astype(dt)
            items.append(a); enc.append({"kind": "array", **arr(a)}); axis += 1
        elif r < 0.8 and axis + 1 <= len(shape):
            k = 1 if axis + 2 > len(shape) or rng.random() < 0.5 else 2
            m = rng.random(shape[axis:axis + k]) < [0.5, 0.0, 1.0][rng.integers(3)] if rng.random() < 0.3 else rng.random(shape[axis:axis + k]) < 0.5
            items.append(m); enc.append({"kind": "mask", **arr(m)}); axis += k
        elif r < 0.9 and not used_ellipsis:
            used_ellipsis = True
            items.append(Ellipsis); enc.append({"kind": "ellipsis"})
            axis = len(shape) - sum(1 for _ in [])  # consumes the rest
        else:
            items.append(None); enc.append({"kind": "newaxis"})
    if not any(isinstance(i, np.ndarray) for i in items):
        a = np.array([0, -1] if shape and shape[-1] > 0 else [0], dtype=np.int64)
        items.append(a); enc.append({"kind": "array", **arr(a)})
    return tuple(items), enc


shapes = [(5,), (3, 4), (2, 3, 4), (4, 0, 3), (3, 1, 2, 4), (2, 5, 3)]
for i in range(140):
    shape = shapes[rng.integers(len(shapes))]
    x = data(shape)
    items, enc = random_items(shape)
    add("index_get", {"x": x}, {"items": enc}, lambda: x[items])
    if i % 2 == 0:
        def setter():
            y = x.copy()
            sel = y[items]
            v = np.round(rng.standard_normal(sel.shape[1:] if sel.ndim and rng.random() < 0.3 else sel.shape), 3)
            setter.v = v
            y[items] = v
            return y
        try:
            out = setter()
            cases.append({"op": "index_set", "inputs": {"x": arr(x), "value": arr(setter.v)}, "params": {"items": enc}, "expect": arr(out)})
        except (IndexError, ValueError, DeprecationWarning):
            pass

# Assignment with duplicates (last write wins), scalars and masks.
x = data((4, 3))
idx = np.array([1, 1, 3, 1])
y = x.copy(); y[idx] = np.arange(12.0).reshape(4, 3)
cases.append({"op": "index_set", "inputs": {"x": arr(x), "value": arr(np.arange(12.0).reshape(4, 3))}, "params": {"items": [{"kind": "array", **arr(idx)}]}, "expect": arr(y)})
m = x > 0
y = x.copy(); y[m] = 7.5
cases.append({"op": "index_set", "inputs": {"x": arr(x), "value": arr(np.array(7.5))}, "params": {"items": [{"kind": "mask", **arr(m)}]}, "expect": arr(y)})

# scatter_add (torch), out of place.
for shape, dim, ishape in [((3, 4), 0, (5, 4)), ((3, 4), 1, (3, 6)), ((2, 3, 4), -1, (2, 2, 7)), ((4,), 0, (9,)), ((2, 3), 0, (0, 3))]:
    x = data(shape)
    src = data(ishape)
    idx = rng.integers(0, shape[dim], size=ishape)
    add("scatter_add", {"x": x, "idx": idx, "src": src}, {"dim": dim},
        lambda: torch.from_numpy(x).scatter_add(dim, torch.from_numpy(idx), torch.from_numpy(src)).numpy())

# put_along_axis (NumPy), in place.
for shape, axis, ishape in [((3, 4), 1, (3, 2)), ((3, 4), 0, (2, 4)), ((2, 3, 4), 2, (2, 3, 1)), ((3, 4), 1, (1, 5))]:
    x = data(shape)
    idx = rng.integers(-shape[axis], shape[axis], size=ishape)
    vals = data(ishape[-1:])
    def put():
        y = x.copy(); np.put_along_axis(y, idx, vals, axis); return y
    add("put_along_axis", {"x": x, "idx": idx, "values": vals}, {"axis": axis}, put)

# repeat_interleave (torch).
for shape, reps, dim in [((3,), [2, 0, 1], 0), ((2, 3), [1, 2], 0), ((2, 3), [3], 1), ((2, 3), [2], None), ((2, 2), [1, 2, 3], 1)]:
    x = data(shape)
    r = np.array(reps)
    add("repeat_interleave", {"x": x, "repeats": r}, {"dim": dim},
        lambda: torch.repeat_interleave(torch.from_numpy(x), torch.from_numpy(r), dim=dim).numpy())

# meshgrid.
for lens, indexing in [((3, 2), "xy"), ((3, 2), "ij"), ((2, 3, 4), "xy"), ((2, 3, 4), "ij"), ((4,), "xy"), ((0, 2), "xy")]:
    xs = [data((n,)) for n in lens]
    add("meshgrid", {f"x{i}": v for i, v in enumerate(xs)}, {"n": len(xs), "indexing": indexing}, lambda: np.meshgrid(*xs, indexing=indexing))

# pad: constant, edge, reflect (NumPy order, first axis first).
for shape, widths, mode in [((5,), [(2, 3)], "edge"), ((5,), [(7, 9)], "reflect"), ((3, 4), [(1, 2), (3, 0)], "edge"),
                            ((3, 4), [(2, 2), (5, 1)], "reflect"), ((1, 3), [(2, 1), (1, 1)], "reflect"), ((2, 3), [(1, 1)], "constant"),
                            ((2, 3, 2), [(0, 1), (2, 0), (1, 3)], "reflect"), ((0, 3), [(1, 1), (0, 0)], "edge"), ((3,), [(-1, 1)], "constant")]:
    x = data(shape)
    w = [list(p) for p in widths]
    add("pad", {"x": x}, {"widths": w, "mode": mode, "value": 1.5},
        lambda: np.pad(x, widths if len(widths) > 1 else widths[0], mode=mode, **({"constant_values": 1.5} if mode == "constant" else {})))

# Joins and splits.
a, b = data((2, 3, 4)), data((2, 1, 4))
add("concatenate", {"a": a, "b": b}, {"axis": 1}, lambda: np.concatenate([a, b], 1))
add("concatenate", {"a": a, "b": b}, {"axis": -2}, lambda: np.concatenate([a, b], -2))
add("concatenate", {"a": a, "b": b}, {"axis": None}, lambda: np.concatenate([a, b], None))
add("concatenate", {"a": a, "b": b}, {"axis": 0}, lambda: np.concatenate([a, b], 0))
add("concatenate", {"a": a, "b": b}, {"axis": 3}, lambda: np.concatenate([a, b], 3))
c = data((2, 3, 4))
add("stack", {"a": a, "b": c}, {"axis": -1}, lambda: np.stack([a, c], -1))
add("stack", {"a": a, "b": b}, {"axis": 0}, lambda: np.stack([a, b], 0))
x = data((6, 4))
add("split", {"x": x}, {"sections": 3, "axis": 0}, lambda: np.split(x, 3, 0))
add("split", {"x": x}, {"cuts": [1, -2, 9], "axis": 0}, lambda: np.split(x, [1, -2, 9], 0))
add("split", {"x": x}, {"sections": 4, "axis": 0}, lambda: np.split(x, 4, 0))
add("array_split", {"x": x}, {"sections": 4, "axis": 0}, lambda: np.array_split(x, 4, 0))
add("array_split", {"x": x}, {"sections": 5, "axis": 1}, lambda: np.array_split(x, 5, 1))
for reps in [(2,), (2, 1, 3), (0, 2)]:
    add("tile", {"x": x[:2, :3]}, {"reps": list(reps)}, lambda: np.tile(x[:2, :3], reps))
add("repeat", {"x": x[:2]}, {"repeats": [2], "axis": None}, lambda: np.repeat(x[:2], 2))
add("repeat", {"x": x[:2]}, {"repeats": [1, 0, 2, 3], "axis": 1}, lambda: np.repeat(x[:2], [1, 0, 2, 3], 1))
add("roll", {"x": x}, {"shifts": [1, -5], "axes": [0, 1]}, lambda: np.roll(x, (1, -5), (0, 1)))
add("roll", {"x": x}, {"shifts": [7], "axes": None}, lambda: np.roll(x, 7))
add("roll", {"x": x}, {"shifts": [2, 3], "axes": [1, 1]}, lambda: np.roll(x, (2, 3), (1, 1)))
add("flip", {"x": a}, {"axes": [0, 2]}, lambda: np.flip(a, (0, 2)))
add("flip", {"x": a}, {"axes": []}, lambda: np.flip(a))
for k in [-2, 0, 1, 5]:
    add("tril", {"x": a}, {"k": k}, lambda: np.tril(a, k))
    add("triu", {"x": a}, {"k": k}, lambda: np.triu(a, k))
add("diag", {"x": x[0]}, {"k": -1}, lambda: np.diag(x[0], -1))
add("diag", {"x": x}, {"k": 1}, lambda: np.diag(x, 1))
add("diagflat", {"x": x[:2, :2]}, {"k": 2}, lambda: np.diagflat(x[:2, :2], 2))

# Gathers.
x = data((4, 5, 3))
for idx, axis in [(np.array([[0, -1], [3, 2]]), 1), (np.array([7, -3, 0]), None), (np.array(2), 0), (np.array([5]), 0)]:
    add("take", {"x": x, "idx": idx}, {"axis": axis}, lambda: np.take(x, idx, axis))
for ishape, axis in [((4, 2, 3), 1), ((1, 5, 2), 2), ((4, 1, 1), 0)]:
    idx = rng.integers(-x.shape[axis], x.shape[axis], size=ishape)
    add("take_along_axis", {"x": x, "idx": idx}, {"axis": axis}, lambda: np.take_along_axis(x, idx, axis))
for ishape, dim in [((2, 3, 2), 1), ((4, 5, 6), 2)]:
    idx = rng.integers(0, x.shape[dim], size=ishape)
    add("gather", {"x": x, "idx": idx}, {"dim": dim}, lambda: torch.gather(torch.from_numpy(x), dim, torch.from_numpy(idx)).numpy())
add("index_select", {"x": x, "idx": np.array([4, 0, 0], dtype=np.int32)}, {"dim": 1},
    lambda: torch.index_select(torch.from_numpy(x), 1, torch.from_numpy(np.array([4, 0, 0]))).numpy())
w = data((7, 3))
ids = np.array([[6, 0, 2], [1, 1, 5]])
add("embedding", {"ids": ids, "weight": w}, {}, lambda: torch.nn.functional.embedding(torch.from_numpy(ids), torch.from_numpy(w)).numpy())
m = np.array([[0.0, 1.5, np.nan], [-0.0, 0.0, 2.0]])
add("nonzero", {"x": m}, {}, lambda: np.nonzero(m))
add("argwhere", {"x": m}, {}, lambda: np.argwhere(m))


# The public adv_index cases, re-expressed as index_get cases: the indexed array and every array item
# are evaluated with NumPy (views and computed index arrays materialised), the items kept in order.
def _input(a):
    if a["dtype"] == "bool" or not a["dtype"].startswith("float"):
        return np.array(a["data"], dtype=a["dtype"]).reshape(a["shape"])
    return np.array(np.array(a["data"], dtype=object).tolist(), dtype=a["dtype"]).reshape(a["shape"])


def _eval(node, env):
    tag = node[0]
    if tag == "var":
        return env[node[1]]
    if tag in ("int", "float", "bool"):
        return node[1]
    if tag == "index":
        base = _eval(node[1], env)
        return base[tuple(_item(i, env) for i in node[2])]
    if tag == "attr":
        x = _eval(node[1], env)
        return x.T if node[2] == "T" else np.swapaxes(x, -1, -2)
    if tag == "bin":
        ops = {"+": np.add, "-": np.subtract, "<": np.less, ">": np.greater, "<=": np.less_equal,
               ">=": np.greater_equal, "==": np.equal, "!=": np.not_equal, "&": np.logical_and, "|": np.logical_or}
        return ops[node[1]](_eval(node[2], env), _eval(node[3], env))
    if tag == "invert":
        return np.logical_not(_eval(node[1], env))
    if tag == "call":
        kwargs = {k: _eval(v, env) for k, v in node[3].items()}
        return getattr(np, node[1])(*[_eval(a, env) for a in node[2]], **kwargs)
    if tag == "tuple":
        return tuple(_eval(v, env) for v in node[1])
    if tag == "none":
        return None
    raise KeyError(tag)


def _item(node, env):
    tag = node[0]
    if tag == "int":
        return node[1]
    if tag == "slice":
        return slice(node[1], node[2], node[3])
    if tag in ("ellipsis", "newaxis"):
        return Ellipsis if tag == "ellipsis" else None
    return _eval(node, env)


def _encode(item):
    if isinstance(item, int):
        return {"kind": "int", "v": item}
    if isinstance(item, slice):
        return {"kind": "slice", "start": item.start, "stop": item.stop, "step": item.step}
    if item is Ellipsis:
        return {"kind": "ellipsis"}
    if item is None:
        return {"kind": "newaxis"}
    item = np.asarray(item)
    if item.dtype.kind == "f":
        raise KeyError("float index")
    return {"kind": "mask" if item.dtype == bool else "array", **arr(item)}


public = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "conformance", "cases-porting.jsonl")
converted = 0
for line in open(public):
    case = json.loads(line)
    if case["family"] != "adv_index" or case["ast"][0] != "index":
        continue
    env = {k: _input(v) for k, v in case["inputs"].items()}
    try:
        x = np.array(_eval(case["ast"][1], env), order="C")
        items = [_item(i, env) for i in case["ast"][2]]
        enc = [_encode(i) for i in items]
    except (KeyError, AttributeError, IndexError, ValueError, TypeError):
        continue
    x = x.astype(np.float64)
    expect = case["expect"]
    if "error" in expect:
        cases.append({"op": "index_get", "inputs": {"x": arr(x)}, "params": {"items": enc}, "expect": {"error": expect["error"]}})
    else:
        cases.append({"op": "index_get", "inputs": {"x": arr(x)}, "params": {"items": enc}, "expect": arr(x[tuple(items)])})
    converted += 1
print(converted, "public adv_index cases converted")


# The public joining and gathering cases as calls of the library API: array arguments are evaluated
# with NumPy (views materialised), literal arguments become params, and error kinds are checked.
SIGNATURES = {
    "take": ["x", "idx", "axis"], "take_along_axis": ["x", "idx", "axis"], "gather": ["x", "dim", "idx"],
    "index_select": ["x", "dim", "idx"], "embedding": ["ids", "weight"], "nonzero": ["x"], "argwhere": ["x"],
    "concatenate": ["seq", "axis"], "stack": ["seq", "axis"], "split": ["x", "sections", "axis"],
    "array_split": ["x", "sections", "axis"], "tile": ["x", "reps"], "repeat": ["x", "repeats", "axis"],
    "roll": ["x", "shift", "axis"], "flip": ["x", "axis"], "tril": ["x", "k"], "triu": ["x", "k"],
    "pad": ["x", "pad_width", "constant_values"],
}
DEFAULTS = {"axis": 0, "k": 0, "constant_values": 0.0}


def _ints(v):
    return [int(i) for i in np.atleast_1d(np.asarray(v)).ravel()]


def _public_call(case):
    ast, select = case["ast"], None
    if ast[0] == "index" and len(ast[2]) == 1 and ast[2][0][0] == "int" and ast[1][0] == "call":
        ast, select = ast[1], ast[2][0][1]
    env = {k: _input(v) for k, v in case["inputs"].items()}
    if ast[0] == "method" and ast[2] in ("flatten", "ravel"):
        return ast[2], {"x": np.array(_eval(ast[1], env), order="C").astype(np.float64)}, {}, select
    if ast[0] != "call" or ast[1] not in SIGNATURES:
        raise KeyError("not a call")
    name, names = ast[1], SIGNATURES[ast[1]]
    bound = dict(zip(names, ast[2]))
    bound.update(ast[3])
    value = {k: _eval(v, env) for k, v in bound.items()}
    inputs, params = {}, {}
    for k, v in value.items():
        if k in ("x", "weight") or (k == "idx" and isinstance(v, np.ndarray)):
            v = np.asarray(v)
            inputs[k] = np.array(v, order="C").astype(np.float64 if k != "idx" else v.dtype)
        elif k == "idx":
            inputs[k] = np.array(v, dtype=np.int64)
        elif k == "ids":
            inputs[k] = np.asarray(v)
        elif k == "seq":
            for i, piece in enumerate(v):
                inputs[f"p{i}"] = np.array(piece, order="C").astype(np.float64)
            params["n"] = len(v)
        else:
            params[k] = v
    if name == "take_along_axis" and "axis" not in params:
        raise KeyError("axis is required")
    for k in ("axis", "dim", "k"):
        if k in names and k not in params:
            params[k] = None if name in ("take", "repeat", "roll", "flip") and k == "axis" else DEFAULTS[k]
    if name in ("split", "array_split"):
        sec = params.pop("sections")
        params["sections" if isinstance(sec, int) else "cuts"] = sec if isinstance(sec, int) else _ints(sec) if len(sec) else []
    if name == "tile":
        params["reps"] = _ints(params["reps"])
    if name == "repeat":
        params["repeats"] = _ints(value["repeats"])
    if name == "roll":
        params["shifts"] = _ints(params.pop("shift"))
        params["axes"] = None if params.pop("axis") is None else _ints(value["axis"])
    if name == "flip":
        params["axes"] = [] if params.pop("axis") is None else _ints(value["axis"])
    if name == "pad":
        x = inputs["x"]
        widths = np.broadcast_to(np.asarray(params.pop("pad_width")), (x.ndim, 2))
        v = float(params.pop("constant_values"))
        params.update({"widths": widths.tolist(), "mode": "constant", "value": v if np.isfinite(v) else "NaN" if np.isnan(v) else "Infinity" if v > 0 else "-Infinity"})
    return name, inputs, params, select


public_calls = 0
for line in open(public):
    case = json.loads(line)
    if case["family"] not in ("joining", "gathering"):
        continue
    try:
        op, inputs, params, select = _public_call(case)
    except (KeyError, ValueError, TypeError, IndexError, AttributeError):
        continue
    if inputs.get("x") is not None and inputs["x"].dtype == bool:
        inputs["x"] = inputs["x"].astype(np.float64)
    if select is not None:
        params["select"] = select
    expect = case["expect"]
    if "error" in expect:
        out = {"error": expect["error"], "checked": True}
    elif isinstance(expect, list):
        out = [arr(_input(e).astype(np.float64) if e["dtype"] != "int64" else _input(e)) for e in expect]
    else:
        e = _input(expect)
        out = arr(e if e.dtype == np.int64 else e.astype(np.float64))
    cases.append({"op": op, "inputs": {k: arr(v) for k, v in inputs.items()}, "params": params, "expect": out})
    public_calls += 1
print(public_calls, "public joining/gathering cases converted")

out = os.path.join(os.path.dirname(__file__), "..", "tests", "Batchwise.Tests", "TestData", "joining", "cases.json")
with open(out, "w") as f:
    json.dump(cases, f, allow_nan=False, separators=(",", ":"))
print(len(cases), "cases,", sum(1 for c in cases if isinstance(c["expect"], dict) and "error" in c["expect"]), "errors")
