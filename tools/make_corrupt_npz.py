#!/usr/bin/python3
"""Writes corrupted .npz fixtures for Batchwise's reader tests, and checks NumPy refuses each one.

Run from the repository root with Debian's NumPy:  /usr/bin/python3 tools/make_corrupt_npz.py
Output: tests/Batchwise.Tests/TestData/npz-corrupt/*.npz and manifest.json ({file: NumPy's error}).

  valid.npz            np.savez of a = arange(20, float32): the control
  bitflip_stored.npz   one bit of the stored member's data flipped (13.0 reads as 13.000244)
  badcrc_stored.npz    the CRC-32 fields (local header and central directory) set to 0xDEADBEEF
  bitflip_deflated.npz one bit of np.savez_compressed's deflate stream flipped
  overdeclared.npz     a deflated member whose directory declares 2 GiB from a few hundred bytes
"""
import io
import json
import os
import struct
import zipfile

import numpy as np

OUT = os.path.join("tests", "Batchwise.Tests", "TestData", "npz-corrupt")
LOCAL, CENTRAL = b"PK\x03\x04", b"PK\x01\x02"


def saved(compressed):
    buffer = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(buffer, a=np.arange(20, dtype=np.float32))
    return bytearray(buffer.getvalue())


def set_crc(data, crc):
    local, central = data.find(LOCAL), data.find(CENTRAL)
    struct.pack_into("<I", data, local + 14, crc)
    struct.pack_into("<I", data, central + 16, crc)


def overdeclared():
    # zipfile writes plain 32-bit size fields here (no zip64), so the declaration is easy to change.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        member = io.BytesIO()
        np.save(member, np.zeros(1000, dtype=np.float32))
        z.writestr("a.npy", member.getvalue())
    data = bytearray(buffer.getvalue())
    struct.pack_into("<I", data, data.find(LOCAL) + 22, 2**31)
    struct.pack_into("<I", data, data.find(CENTRAL) + 24, 2**31)
    return data


def main():
    os.makedirs(OUT, exist_ok=True)
    files = {"valid.npz": saved(False)}
    flip = saved(False)
    flip[flip.find(struct.pack("<f", 13.0)) + 1] ^= 0x01
    files["bitflip_stored.npz"] = flip
    bad = saved(False)
    set_crc(bad, 0xDEADBEEF)
    files["badcrc_stored.npz"] = bad
    deflated = saved(True)
    local = deflated.find(LOCAL)
    name_length, extra_length = struct.unpack_from("<HH", deflated, local + 26)
    deflated[local + 30 + name_length + extra_length + 20] ^= 0x10
    files["bitflip_deflated.npz"] = deflated
    files["overdeclared.npz"] = overdeclared()

    manifest = {}
    for name, data in files.items():
        path = os.path.join(OUT, name)
        with open(path, "wb") as f:
            f.write(data)
        try:
            with np.load(path) as archive:
                archive["a"]
            manifest[name] = "ok"
        except Exception as e:  # NumPy's verdict, recorded for the tests' messages
            manifest[name] = f"{type(e).__name__}: {e}"
        print(f"{name}: {manifest[name]}")
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
