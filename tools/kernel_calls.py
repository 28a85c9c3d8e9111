#!/usr/bin/python3
"""Lists the kernel helpers the JIT left as calls: register loads, FMAs, broadcasts, vector operators.

Kernels are written over small AggressiveInlining helpers (IVectorOps, register rows, Vector*
intrinsics) and are fast only while every one of them is inlined. A kernel that outgrows the JIT's
inlining budget calls them one by one instead, and runs several times slower on that path only
(fused attention on the 256-bit path, fixed in db666d8). This script reads a disassembly dump of the
kernels, one per vector path, and prints each optimised method that still calls such a helper.

    B=bench/Batchwise.Bench/bin/Release/net10.0/Batchwise.Bench.dll
    for avx512 in 1 0; do
      DOTNET_EnableAVX512=$avx512 DOTNET_JitDisasm='Batchwise.Kernels*:*' DOTNET_JitStdOutFile=/tmp/k$avx512.asm \\
        dotnet $B workloads ../shared/bench/workloads.json --repeats 1 --out /tmp/k.json
      /usr/bin/python3 tools/kernel_calls.py /tmp/k$avx512.asm
    done

Expected on a clean tree: nothing in an inner loop. Calls to TileStore.Store (once per GEMM tile),
and on the 256-bit path to Vector512 and Avx512Ops.Model methods from branches it never takes, are
listed but harmless.
"""
import collections
import re
import sys

# Matched against the called method's class, without generic arguments: a kernel's own methods
# take these types as type arguments and are calls on purpose.
HELPERS = re.compile(
    r"Vector(128|256|512)Ops`|ScalarOps`|Row[124]`|Avx512Ops|FastExp|TileStore|"
    r"^System\.Runtime\.Intrinsics\.Vector(128|256|512)$")


UNOPTIMISED = {"Tier0", "Instrumented Tier0", "MinOpts"}


def main(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    found = collections.Counter()
    for listing in re.split(r"(?m)^; Assembly listing for method ", text)[1:]:
        header = listing.split("\n", 1)[0]
        if header.rsplit("(", 1)[-1].rstrip(")") in UNOPTIMISED:
            continue  # such code calls everything; "Tier0-FullOpts" is optimised and counts
        method = header.split("(")[0]
        for call in re.finditer(r"call\s+\[([^\]]+)\]", listing):
            target = call.group(1).split("(")[0]
            owner = target.split(":")[0].split("[")[0]
            if HELPERS.search(owner):
                found[(method, target)] += 1
    for (method, target), count in sorted(found.items()):
        print(f"{count} x {method}\n      -> {target}")
    print(f"{len(found)} kernel methods call a helper" if found else "no helper left as a call")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
