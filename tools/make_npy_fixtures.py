#!/usr/bin/python3
"""Writes the .npy/.npz fixtures Batchwise's IO tests load, with a manifest of what each holds.

Run from the repository root with Debian's NumPy:  /usr/bin/python3 tools/make_npy_fixtures.py
Output: tests/Batchwise.Tests/TestData/npy/*.npy, *.npz and manifest.json. Deterministic: the same
NumPy writes the same bytes, so the fixtures only change when this script does.

Manifest values are strings in C (row-major) order whatever the file's order, floats written so .NET's
double.Parse reads them exactly ("NaN", "Infinity", "-0.0", repr digits), bools as "true"/"false".
"""
import json
import os
import zipfile

import numpy as np

OUT = os.path.join("tests", "Batchwise.Tests", "TestData", "npy")


def values_of(a):
    flat = np.ascontiguousarray(a).reshape(-1)
    out = []
    for x in flat.tolist():
        if isinstance(x, bool):
            out.append("true" if x else "false")
        elif isinstance(x, int):
            out.append(str(x))
        elif x != x:
            out.append("NaN")
        elif x == float("inf"):
            out.append("Infinity")
        elif x == float("-inf"):
            out.append("-Infinity")
        else:
            out.append(repr(float(x)))
    return out


def sample(descr, shape):
    """Deterministic values exercising each type: signs, fractions, extremes, NaN/Inf/-0 for floats."""
    n = int(np.prod(shape, dtype=np.int64))
    kind = descr[1]
    size = int(descr[2:])
    if kind == "b":
        flat = np.array([(i * 7) % 3 == 0 for i in range(n)], dtype=bool)
    elif kind == "i":
        info = np.iinfo(np.dtype("i%d" % size))
        base = [0, 1, -1, info.max, info.min, 123456 % (info.max + 1), -98765 % (info.max + 1)]
        flat = np.array([base[i] if i < len(base) else ((i * 2654435761) % 1000003 - 500000) % (info.max + 1) for i in range(n)], dtype="i%d" % size)
    elif kind == "u":
        info = np.iinfo(np.dtype("u%d" % size))
        base = [0, 1, info.max, info.max - 1, 200, 123456 % (info.max + 1)]
        flat = np.array([base[i] if i < len(base) else ((i * 2654435761) % 1000003) % (info.max + 1) for i in range(n)], dtype="u%d" % size)
    else:
        dt = np.dtype("f%d" % size)
        info = np.finfo(dt)
        base = [0.0, -0.0, 1.5, -2.25, np.nan, np.inf, -np.inf, float(info.max), float(info.tiny), float(info.smallest_subnormal)]
        flat = np.array([base[i] if i < len(base) else (i * 0.37 - 3.1) for i in range(n)], dtype=dt)
    return flat.reshape(shape).astype(np.dtype(descr))


def write_npy(manifest, name, descr, shape, fortran=False, version=(1, 0)):
    a = sample(descr, shape)
    if fortran:
        a = np.asfortranarray(a)
        assert a.flags.f_contiguous
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        np.lib.format.write_array(f, a, version=version)
    back = np.load(path)
    assert back.dtype.str == np.dtype(descr).str and back.shape == tuple(shape)
    manifest["files"].append({
        "file": name,
        "descr": np.dtype(descr).str,
        "fortran": bool(fortran and a.ndim > 1),
        "version": version[0],
        "shape": list(shape),
        "values": values_of(a),
    })


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        os.remove(os.path.join(OUT, old))
    manifest = {"numpy": np.__version__, "files": [], "npz": []}

    descrs = ["<f4", "<f8", ">f4", ">f8", "<i4", "<i8", ">i4", ">i8", "|b1", "<f2", ">f2",
              "|i1", "|u1", "<i2", ">i2", "<u2", ">u2", "<u4", ">u4", "<u8", ">u8"]
    tag = {"<": "le", ">": "be", "|": "na"}
    for d in descrs:
        base = "%s_%s%s" % (tag[d[0]], d[1], d[2:])
        write_npy(manifest, base + "_c_v1.npy", d, (3, 4))
        write_npy(manifest, base + "_f_v1.npy", d, (3, 4), fortran=True)
    for v in (2, 3):
        for d, fortran in (("<f8", False), (">f4", True), ("|b1", False), ("<i8", True), ("<f2", False)):
            name = "%s_%s%s_%s_v%d.npy" % (tag[d[0]], d[1], d[2:], "f" if fortran else "c", v)
            write_npy(manifest, name, d, (2, 3, 2), fortran=fortran, version=(v, 0))
    write_npy(manifest, "scalar_f8.npy", "<f8", ())
    write_npy(manifest, "empty_f4.npy", "<f4", (0, 3))
    write_npy(manifest, "vector_i4.npy", "<i4", (7,))
    write_npy(manifest, "rank4_f_f4.npy", "<f4", (2, 3, 1, 2), fortran=True)

    for name, compressed in (("stored.npz", False), ("deflated.npz", True)):
        arrays = {"weights": sample("<f4", (2, 3)), "counts": sample("<i8", (4,)), "mask": sample("|b1", (2, 2)),
                  "big_endian": sample(">f8", (3,))}
        path = os.path.join(OUT, name)
        (np.savez_compressed if compressed else np.savez)(path, **arrays)
        with zipfile.ZipFile(path) as z:
            kinds = {i.compress_type for i in z.infolist()}
            assert kinds == {zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED}, kinds
        manifest["npz"].append({
            "file": name,
            "compressed": compressed,
            "arrays": [{"name": k, "descr": a.dtype.str, "shape": list(a.shape), "values": values_of(a)} for k, a in arrays.items()],
        })

    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print("wrote %d .npy and %d .npz fixtures to %s" % (len(manifest["files"]), len(manifest["npz"]), OUT))


if __name__ == "__main__":
    main()
