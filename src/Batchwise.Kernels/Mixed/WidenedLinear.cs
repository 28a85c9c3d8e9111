using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Batchwise.Kernels.Threading;

namespace Batchwise.Kernels.Mixed;

/// <summary>
/// <c>y = x · Wᵀ + b</c> for a few rows of float32 x against bfloat16 weights W (n × k, row-major, as
/// nn.Linear stores them): each weight row is widened in registers (a 16-bit shift) and used by every
/// row of x, so W is read once, at half the bytes of float32. This is the decode step of a language
/// model, whose time is reading the weights; prefill (many rows) widens W and runs the float GEMM.
/// </summary>
/// <remarks>
/// Assumptions: x is m × k and y m × n, both row-major and dense; bias is null or n long;
/// 1 ≤ m ≤ <see cref="MaxRows"/>. Rows of W are split across the worker pool.
/// </remarks>
public static unsafe class WidenedLinear
{
    /// <summary>The most rows of x the kernel takes (its accumulators live on the stack).</summary>
    public const int MaxRows = 16;

    // Below this many weights a split across threads costs more than it saves.
    private const long ParallelWeights = 1 << 16;

    // Weight rows per part: enough to amortise the claim, small enough to balance two cores.
    private const int RowsPerPart = 32;

    private struct Job
    {
        public float* X;
        public ushort* W;
        public float* Bias;
        public float* Y;
        public int M, N, K;
    }

    /// <summary>Computes y (m × n) = x (m × k) · Wᵀ + bias with W (n × k) given as bfloat16 bits.</summary>
    public static void Run(ReadOnlySpan<float> x, ReadOnlySpan<ushort> w, ReadOnlySpan<float> bias, Span<float> y, int m, int n, int k)
    {
        if (m < 1 || m > MaxRows || x.Length < m * k || w.Length < (long)n * k || y.Length < m * n || (!bias.IsEmpty && bias.Length < n))
        {
            throw new ArgumentException($"WidenedLinear: x {x.Length}, W {w.Length}, y {y.Length}, bias {bias.Length} do not fit m={m} (1..{MaxRows}), n={n}, k={k}");
        }
        fixed (float* px = x, pb = bias, py = y)
        fixed (ushort* pw = w)
        {
            var job = new Job { X = px, W = pw, Bias = bias.IsEmpty ? null : pb, Y = py, M = m, N = n, K = k };
            int parts = (int)Math.Min((n + RowsPerPart - 1) / RowsPerPart, 4L * WorkerPool.MaxDegree);
            if ((long)n * k < ParallelWeights || parts <= 1)
            {
                Rows(&job, 0, n);
            }
            else
            {
                WorkerPool.Run(&Part, &job, parts);
            }
        }
    }

    private static void Part(void* state, int part, int parts)
    {
        var job = (Job*)state;
        long n = job->N;
        Rows(job, (int)(n * part / parts), (int)(n * (part + 1) / parts));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows(Job* job, int first, int end)
    {
        int m = job->M, k = job->K, n = job->N;
        Vector256<float>* sums = stackalloc Vector256<float>[MaxRows];
        for (int row = first; row < end; row++)
        {
            ushort* w = job->W + (long)row * k;
            int i = 0;
            for (int r = 0; r < m; r++)
            {
                sums[r] = Vector256<float>.Zero;
            }
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i + 16 <= k; i += 16)
                {
                    (Vector256<uint> low, Vector256<uint> high) = Vector256.Widen(Vector256.Load(w + i));
                    Vector256<float> w0 = Vector256.ShiftLeft(low, 16).AsSingle(), w1 = Vector256.ShiftLeft(high, 16).AsSingle();
                    float* x = job->X + i;
                    for (int r = 0; r < m; r++, x += k)
                    {
                        sums[r] = Vector256.FusedMultiplyAdd(Vector256.Load(x), w0, sums[r]);
                        sums[r] = Vector256.FusedMultiplyAdd(Vector256.Load(x + 8), w1, sums[r]);
                    }
                }
            }
            float bias = job->Bias is null ? 0f : job->Bias[row];
            for (int r = 0; r < m; r++)
            {
                float sum = Vector256.Sum(sums[r]);
                float* x = job->X + (long)r * k;
                for (int j = i; j < k; j++)
                {
                    sum = MathF.FusedMultiplyAdd(x[j], BitConverter.UInt32BitsToSingle((uint)w[j] << 16), sum);
                }
                job->Y[(long)r * n + row] = sum + bias;
            }
        }
        Debug.Assert(first <= end);
    }
}
