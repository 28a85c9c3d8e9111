#!/usr/bin/env bash
# Prints the x86-64-v4 (AVX-512) machine code of Batchwise's 512-bit kernels, on any x64 Linux
# machine, AVX-512 or not: NativeAOT compiles them with the same JIT the runtime uses, told that the
# CPU has AVX-512, and objdump prints each kernel into OUT/NAME.s with addresses blanked out, so that
# two trees compare with `diff -r`:
#
#   tools/Avx512Disassembly/disasm.sh /tmp/before /tmp/dis-before   # a worktree of the old commit
#   tools/Avx512Disassembly/disasm.sh . /tmp/dis-after
#   diff -r /tmp/dis-before /tmp/dis-after
#   tools/Avx512Disassembly/disasm.sh . /tmp/dis-avx2 x86-64-v3      # the same kernels for AVX2 machines
#
# Used to show that moving the hand-written kernels onto Avx512Ops left their instructions unchanged,
# and that the AVX-512 micro-kernel's four-step k loop keeps its 24 accumulators in registers.
set -euo pipefail
tree=$(cd "${1:-.}" && pwd)
out=${2:-/tmp/batchwise-disasm}
isa=${3:-x86-64-v4}
here=$(cd "$(dirname "$0")" && pwd)
publish=$(mktemp -d)
trap 'rm -rf "$publish"' EXIT

# A private copy of the project, so that publishing one tree never reuses another tree's obj/.
cp "$here/Avx512Disassembly.csproj" "$here/Program.cs" "$publish/"
dotnet publish "$publish/Avx512Disassembly.csproj" -c Release -p:KernelsTree="$tree" -p:IlcInstructionSet="$isa" -o "$publish/out" > "$publish/publish.log" \
    || { cat "$publish/publish.log"; exit 1; }
binary="$publish/out/Batchwise.Tests"

mkdir -p "$out"
# The micro-kernel's packed-A tile holds the k loop (Run only dispatches on A's column step, inlined).
tile='Tile<Batchwise_Kernels_Batchwise_Kernels_Gemm_MicroKernels_PackedSixRows>'
kernels=(
    "GemmKernel6x4V512_1<Single>__$tile" "GemmKernel6x4V512_1<Double>__$tile"
    'Rows4x4_2<.*Vector512Ops_1<Single>>__Run' Rows16x16V512__Run Batched3x3V512__Run
    'DotBlocks_3<.*DotBlock16V512>__Dot$' 'DotBlocks_3<.*DotBlock16V512>__Rows$' Roots__Copy
    'RowPasses_3<Single__.*Vector512Ops_1<Single>>__ExpAndSum$' 'RegisterRuns__Run<.*Vector512Ops_1<Single>__.*Logistic_1<.*GeluTanhForm>>$'
    'RegisterRuns__Run<.*Vector512Ops_1<Single>__.*SinCosRuns_Sine>$'
    "GemmKernel6x2_3<Single__S_P_CoreLib_System_Runtime_Intrinsics_Vector256_1<Single>" "GemmKernel6x2_3<Double__S_P_CoreLib_System_Runtime_Intrinsics_Vector256_1<Double>"
    RowPanels__Columns OneVectorRows__Run DotKernels__Dot
)
for kernel in "${kernels[@]}"; do
    # Each name is an extended regular expression over the NativeAOT symbol, after its namespace.
    symbol=$(nm "$binary" | awk '{print $3}' | grep -E -- "_${kernel}" | grep -v -e '^__' -e '_lsda' | { [[ $kernel == GemmKernel6x2* ]] && grep -F "PackedSixRows" || cat; } | head -n 1 || true)
    file="$out/$(echo "$kernel" | tr -d '$.*' | tr -c 'A-Za-z0-9_\n' '_').s"
    if [ -z "$symbol" ]; then
        echo "not found: $kernel (inlined or renamed?)" >&2
        continue
    fi
    objdump -d --no-show-raw-insn -M intel --disassemble="$symbol" "$binary" \
        | sed -n '/>:$/,$p' \
        | sed -E 's/^ *[0-9a-f]+:\s*//; s/0x[0-9a-f]+/ADDR/g; s/[0-9a-f]{6,} <[^>]*>/TARGET/g' > "$file"
    echo "$kernel: $(($(wc -l < "$file") - 1)) instructions, $(grep -c zmm "$file" || true) on zmm registers -> $file"
done
