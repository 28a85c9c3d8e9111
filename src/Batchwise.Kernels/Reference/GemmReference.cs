using Batchwise.Kernels.Gemm;

namespace Batchwise.Kernels.Reference;

/// <summary>
/// Plain triple-loop twin of <see cref="BatchedGemm.Multiply{T}"/>: the test oracle, and the path
/// every element type other than <see cref="float"/> and <see cref="double"/> takes.
/// </summary>
public static class GemmReference
{
    /// <summary>
    /// C[b] = A[b] @ B[b] (+ bias over rows) (+ C[b] when <paramref name="accumulate"/>), for every b
    /// in <paramref name="batchShape"/>; same contract as <see cref="BatchedGemm.Multiply{T}"/>.
    /// </summary>
    public static void Multiply<T>(ReadOnlySpan<int> batchShape, int m, int n, int k,
        in StridedMatrix<T> a, in StridedMatrix<T> b, in StridedMatrix<T> c,
        ReadOnlySpan<T> bias = default, bool accumulate = false)
        where T : unmanaged, INumberBase<T>
    {
        long count = 1;
        foreach (int d in batchShape)
        {
            count *= d;
        }

        if (count == 0 || m == 0 || n == 0)
        {
            return;
        }

        Span<int> index = batchShape.Length <= 16 ? stackalloc int[batchShape.Length] : new int[batchShape.Length];
        index.Clear();
        for (long item = 0; item < count; item++)
        {
            nint offA = 0, offB = 0, offC = 0;
            for (int d = 0; d < batchShape.Length; d++)
            {
                offA += index[d] * a.BatchStrides[d];
                offB += index[d] * b.BatchStrides[d];
                offC += index[d] * c.BatchStrides[d];
            }

            ref T a0 = ref Unsafe.Add(ref a.Origin, offA);
            ref T b0 = ref Unsafe.Add(ref b.Origin, offB);
            ref T c0 = ref Unsafe.Add(ref c.Origin, offC);
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    T sum = T.Zero;
                    for (int p = 0; p < k; p++)
                    {
                        sum += Unsafe.Add(ref a0, i * a.RowStride + p * a.ColStride)
                            * Unsafe.Add(ref b0, p * b.RowStride + j * b.ColStride);
                    }

                    if (!bias.IsEmpty)
                    {
                        sum += bias[j];
                    }

                    ref T cij = ref Unsafe.Add(ref c0, i * c.RowStride + j * c.ColStride);
                    cij = accumulate ? cij + sum : sum;
                }
            }

            // Odometer step over the batch index, last axis fastest.
            for (int d = batchShape.Length - 1; d >= 0; d--)
            {
                if (++index[d] < batchShape[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }
    }
}
