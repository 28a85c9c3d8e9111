"""Writes small safetensors files, with the values they hold, for Batchwise's safetensors reader tests.

Run from the repository root (NumPy only; no `safetensors` package: the format is written by hand, as
tools/make_transformer_fixtures.py does):

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 tools/make_safetensors_fixtures.py

Output in tests/Batchwise.Tests/TestData/safetensors/:
    all_dtypes.safetensors   one tensor per dtype (F64 F32 F16 BF16 I64 I32 I16 I8 U8 BOOL), shapes from 0-d to
                             3-d and zero-size, special values (NaN, +-inf, -0, subnormals), with __metadata__;
                             the header lists tensors in an order other than their data's
    all_dtypes.json          each tensor's dtype, shape, values (floats as repr strings of their exact value,
                             NaN/Infinity spelled as .NET parses them) and, for F16/BF16, the raw 16-bit patterns
    sharded/                 model.safetensors.index.json and two shards, as Hugging Face writes them
"""
import json
import os
import struct

import numpy as np

OUT = os.path.join("tests", "Batchwise.Tests", "TestData", "safetensors")

NUMPY = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "BF16": "<u2", "I64": "<i8", "I32": "<i4",
         "I16": "<i2", "I8": "i1", "U8": "u1", "BOOL": "?"}


def bf16_bits(values):
    """float32 values to bfloat16 bits, rounded to nearest even; NaN kept NaN (quieted)."""
    bits = np.asarray(values, dtype="<f4").view("<u4").astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    nan = (bits & 0x7FFFFFFF) > 0x7F800000
    rounded = np.where(nan, (bits >> 16) | 0x40, rounded)
    return rounded.astype("<u2")


def bf16_values(bits):
    return (bits.astype(np.uint32) << 16).view("<f4")


def write(path, tensors, metadata=None, header_order=None):
    """tensors: list of (name, dtype, shape, raw little-endian bytes), data laid out in list order."""
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    offset = 0
    entries = {}
    for name, dtype, shape, raw in tensors:
        entries[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    for name in header_order or [t[0] for t in tensors]:
        header[name] = entries[name]
    blob = json.dumps(header, separators=(",", ":")).encode("utf-8")
    blob += b" " * (-len(blob) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(blob)))
        f.write(blob)
        for _, _, _, raw in tensors:
            f.write(raw)


def float_text(x):
    x = float(x)
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return "Infinity" if x > 0 else "-Infinity"
    return repr(x)


def describe(dtype, array, bits=None):
    entry = {"dtype": dtype, "shape": list(array.shape)}
    flat = array.reshape(-1)
    if dtype in ("F64", "F32", "F16", "BF16"):
        entry["values"] = [float_text(v) for v in flat]
    elif dtype == "BOOL":
        entry["values"] = [bool(v) for v in flat]
    else:
        entry["values"] = [int(v) for v in flat]
    if bits is not None:
        entry["bits"] = [int(b) for b in bits.reshape(-1)]
    return entry


def main():
    rng = np.random.default_rng(24)
    os.makedirs(os.path.join(OUT, "sharded"), exist_ok=True)
    special = [0.0, -0.0, 1.0, -2.5, np.inf, -np.inf, np.nan, 1e-40, 3.0e38, 0.1]
    tensors, expected = [], {}

    def add(name, dtype, array, bits=None):
        raw = (bits if dtype == "BF16" else array).astype(NUMPY[dtype]).tobytes()
        tensors.append((name, dtype, array.shape, raw))
        expected[name] = describe(dtype, array, bits)

    add("f64.matrix", "F64", np.array(special + [np.pi, 1e-310], dtype="<f8").reshape(3, 4))
    add("f32.cube", "F32", np.concatenate([np.array(special, "<f4"),
                                            rng.standard_normal(14).astype("<f4")]).reshape(2, 3, 4))
    half = np.array(special[:8] + [65504.0, 6e-8, 0.1, 1.0 / 3], dtype="<f2")
    add("f16.weights", "F16", half.reshape(4, 3), half.view("<u2").reshape(4, 3))
    source = np.array(special + [np.pi, -1.0 / 3, 1e-39, 3.3e38], dtype="<f4")
    bits = bf16_bits(source)
    add("bf16.weights", "BF16", bf16_values(bits).reshape(2, 7), bits.reshape(2, 7))
    add("i64.ids", "I64", np.array([0, -1, 2**62, -(2**63), 2**63 - 1, 7], dtype="<i8"))
    add("i32.scalar", "I32", np.array(-123456789, dtype="<i4"))
    add("i16.values", "I16", np.array([[-32768, 32767], [0, -1]], dtype="<i2"))
    add("i8.values", "I8", np.array([-128, 127, 0, -5, 5], dtype="i1"))
    add("u8.pixels", "U8", np.arange(0, 256, 17, dtype="u1")[1:].reshape(3, 5))
    add("bool.mask", "BOOL", np.array([[True, False, True], [False, False, True]]))
    add("f32.empty", "F32", np.zeros((0, 3), dtype="<f4"))
    names = [t[0] for t in tensors]
    order = sorted(names, key=lambda n: (len(n), n))  # the header's order is not the data's
    write(os.path.join(OUT, "all_dtypes.safetensors"), tensors,
          {"format": "pt", "source": "make_safetensors_fixtures.py"}, order)
    with open(os.path.join(OUT, "all_dtypes.json"), "w") as f:
        json.dump({"metadata": {"format": "pt", "source": "make_safetensors_fixtures.py"}, "tensors": expected},
                  f, indent=1)
        f.write("\n")

    # A sharded checkpoint: two shards and the index Hugging Face writes beside them.
    shards = {
        "model-00001-of-00002.safetensors": [
            ("embed.weight", np.arange(12, dtype="<f4").reshape(4, 3)),
            ("layers.0.weight", np.full((3, 3), 0.5, dtype="<f4")),
        ],
        "model-00002-of-00002.safetensors": [
            ("layers.1.weight", np.eye(3, dtype="<f4") * -1.5),
            ("head.bias", np.array([1.0, 2.0, 3.0], dtype="<f4")),
        ],
    }
    weight_map, total = {}, 0
    for shard, items in shards.items():
        write(os.path.join(OUT, "sharded", shard),
              [(name, "F32", a.shape, a.tobytes()) for name, a in items], {"format": "pt"})
        for name, a in items:
            weight_map[name] = shard
            total += a.nbytes
    with open(os.path.join(OUT, "sharded", "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
