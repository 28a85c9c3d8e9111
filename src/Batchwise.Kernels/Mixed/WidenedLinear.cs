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
        Debug.Assert(first <= end);
        int m = job->M;
        for (int row = first; row < end; row++)
        {
            // Rows of x in groups of four keep eight accumulators in registers; the weight row is
            // widened again for each group, from L1.
            for (int r = 0; r < m; r += 4)
            {
                if (m - r == 1)
                {
                    One(job, row, r);
                }
                else
                {
                    Group(job, row, r, Math.Min(4, m - r));
                }
            }
        }
    }

    /// <summary>One row of x (a decode step of one sequence): four independent accumulators, 32 weights a step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void One(Job* job, int row, int r)
    {
        int k = job->K;
        ushort* w = job->W + (long)row * k;
        float* x = job->X + (long)r * k;
        Vector256<float> a = default, b = default, c = default, d = default;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 32 <= k; i += 32)
            {
                (Vector256<uint> l0, Vector256<uint> h0) = Vector256.Widen(Vector256.Load(w + i));
                (Vector256<uint> l1, Vector256<uint> h1) = Vector256.Widen(Vector256.Load(w + i + 16));
                a = Vector256.FusedMultiplyAdd(Vector256.Load(x + i), Vector256.ShiftLeft(l0, 16).AsSingle(), a);
                b = Vector256.FusedMultiplyAdd(Vector256.Load(x + i + 8), Vector256.ShiftLeft(h0, 16).AsSingle(), b);
                c = Vector256.FusedMultiplyAdd(Vector256.Load(x + i + 16), Vector256.ShiftLeft(l1, 16).AsSingle(), c);
                d = Vector256.FusedMultiplyAdd(Vector256.Load(x + i + 24), Vector256.ShiftLeft(h1, 16).AsSingle(), d);
            }
        }
        Store(job, row, r, x, w, i, Vector256.Sum((a + b) + (c + d)), job->Bias is null ? 0f : job->Bias[row]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Group(Job* job, int row, int r0, int rows)
    {
        int k = job->K;
        ushort* w = job->W + (long)row * k;
        float* x0 = job->X + (long)r0 * k;
        float* x1 = rows > 1 ? x0 + k : x0, x2 = rows > 2 ? x0 + 2 * k : x0, x3 = rows > 3 ? x0 + 3 * k : x0;
        Vector256<float> a0 = default, b0 = default, a1 = default, b1 = default, a2 = default, b2 = default, a3 = default, b3 = default;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 16 <= k; i += 16)
            {
                (Vector256<uint> low, Vector256<uint> high) = Vector256.Widen(Vector256.Load(w + i));
                Vector256<float> w0 = Vector256.ShiftLeft(low, 16).AsSingle(), w1 = Vector256.ShiftLeft(high, 16).AsSingle();
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(x0 + i), w0, a0);
                b0 = Vector256.FusedMultiplyAdd(Vector256.Load(x0 + i + 8), w1, b0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Load(x1 + i), w0, a1);
                b1 = Vector256.FusedMultiplyAdd(Vector256.Load(x1 + i + 8), w1, b1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Load(x2 + i), w0, a2);
                b2 = Vector256.FusedMultiplyAdd(Vector256.Load(x2 + i + 8), w1, b2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Load(x3 + i), w0, a3);
                b3 = Vector256.FusedMultiplyAdd(Vector256.Load(x3 + i + 8), w1, b3);
            }
        }
        float bias = job->Bias is null ? 0f : job->Bias[row];
        Store(job, row, r0, x0, w, i, Vector256.Sum(a0 + b0), bias);
        if (rows > 1)
        {
            Store(job, row, r0 + 1, x1, w, i, Vector256.Sum(a1 + b1), bias);
        }
        if (rows > 2)
        {
            Store(job, row, r0 + 2, x2, w, i, Vector256.Sum(a2 + b2), bias);
        }
        if (rows > 3)
        {
            Store(job, row, r0 + 3, x3, w, i, Vector256.Sum(a3 + b3), bias);
        }
    }

    /// <summary>Adds the scalar tail from element <paramref name="from"/>, then the bias, and stores y[r, row].</summary>
    private static void Store(Job* job, int row, int r, float* x, ushort* w, int from, float sum, float bias)
    {
        for (int j = from; j < job->K; j++)
        {
            sum = MathF.FusedMultiplyAdd(x[j], BitConverter.UInt32BitsToSingle((uint)w[j] << 16), sum);
        }
        job->Y[(long)r * job->N + row] = sum + bias;
    }
}
