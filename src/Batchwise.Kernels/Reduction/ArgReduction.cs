using Batchwise.Kernels.Iteration;

namespace Batchwise.Kernels.Reduction;

/// <summary>
/// Index of the largest (or smallest) element along one axis, NumPy's <c>argmax</c>/<c>argmin</c>:
/// the first occurrence wins, and the first NaN wins over everything.
/// </summary>
/// <remarks>
/// Assumptions: the nest's innermost dimension is the reduced axis (extent ≥ 1, never coalesced away),
/// operand 0 is the long output with stride 0 along it, operand 1 is the input.
/// </remarks>
public static unsafe class ArgReduction
{
    /// <summary>Writes the winning index of every run.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(in LoopNest nest, long* output, T* input, bool findMax) where T : unmanaged, INumber<T>
    {
        long runs = nest.RunCount;
        int r = nest.Rank - 1;
        int n = nest.Extent(r);
        nint si = nest.Stride(1, r);
        var cursor = new OuterCursor(nest, 0);
        for (long run = 0; run < runs; run++)
        {
            T* p = input + cursor.Offset1;
            long best = 0;
            T bestValue = p[0];
            if (!T.IsNaN(bestValue))
            {
                for (int i = 1; i < n; i++)
                {
                    T v = p[i * si];
                    if (T.IsNaN(v))
                    {
                        best = i;
                        break;
                    }
                    if (findMax ? v > bestValue : v < bestValue)
                    {
                        best = i;
                        bestValue = v;
                    }
                }
            }
            output[cursor.Offset0] = best;
            cursor.MoveNext(nest);
        }
    }
}
