using System.Numerics;
using Batchwise.Kernels.Linalg.Cholesky;
using Batchwise.Kernels.Linalg.Eigh;
using Batchwise.Kernels.Linalg.Lu;
using Batchwise.Kernels.Linalg.Svd;

namespace Batchwise.Tests.Kernels.Linalg;

/// <summary>
/// The batch-vectorised small-matrix kernels against the general per-matrix kernels, for every order
/// they cover and batch counts that leave partial tiles (1, lanes - 1, lanes + 3, ...).
/// </summary>
public sealed class SmallBatchKernelTests
{
    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        foreach (int n in new[] { 1, 2, 3, 4, 5, 6, 7, 8 })
        {
            foreach (int count in new[] { 1, 7, 19 })
            {
                data.Add(n, count);
            }
        }
        return data;
    }

    private static T[] Random<T>(int length, int seed, int n, T diagonalBoost) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var values = new T[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = T.CreateTruncating(random.NextDouble() * 2 - 1);
            if (n > 0 && i % (n * n) % (n + 1) == 0)
            {
                values[i] += diagonalBoost;
            }
        }
        return values;
    }

    private static void AssertClose<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = double.CreateTruncating(expected[i]), a = double.CreateTruncating(actual[i]);
            Assert.True(Math.Abs(e - a) <= tolerance * (1 + Math.Abs(e)), $"element {i}: expected {e}, got {a}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SmallLu_SolveInverseDeterminant_MatchGeneralLu(int n, int count)
    {
        Check<float>(n, count, 1e-4);
        Check<double>(n, count, 1e-12);
    }

    private static void Check<T>(int n, int count, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = 3;
        T[] a = Random(count * n * n, 1, n, T.CreateTruncating(n));
        T[] b = Random<T>(count * n * k, 2, 0, T.Zero);
        T[] x = (T[])b.Clone(), inverse = new T[a.Length], det = new T[count];
        Span<T> scratch = new T[SmallLuBatch.ScratchSize<T>(n, Math.Max(n, k))];
        Assert.Equal(-1, SmallLuBatch.Solve<T>(a, x, count, n, k, scratch));
        Assert.Equal(-1, SmallLuBatch.Inverse<T>(a, inverse, count, n, scratch));
        SmallLuBatch.Determinant<T>(a, det, count, n, scratch);
        var pivots = new int[n];
        for (int i = 0; i < count; i++)
        {
            T[] lu = a.AsSpan(i * n * n, n * n).ToArray();
            Assert.Equal(-1, LuKernels.Factor<T>(lu, n, pivots, default));
            T[] expected = b.AsSpan(i * n * k, n * k).ToArray();
            LuKernels.Solve<T>(lu, n, pivots, expected, k, default);
            AssertClose<T>(expected, x.AsSpan(i * n * k, n * k), tolerance);
            var expectedInverse = new T[n * n];
            LuKernels.Inverse<T>(lu, n, pivots, expectedInverse, default);
            AssertClose<T>(expectedInverse, inverse.AsSpan(i * n * n, n * n), tolerance);
            AssertClose<T>([LuKernels.Determinant<T>(lu, n, pivots)], [det[i]], tolerance);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    public void SmallLu_SingularMatrix_ReportsTheFirstIndex_AndDeterminantZero(int n)
    {
        int count = 21;
        double[] a = Random(count * n * n, 3, n, (double)n);
        foreach (int bad in new[] { 17, 9 })
        {
            a.AsSpan(bad * n * n + n, n).Clear(); // a zero row
        }
        double[] inverse = new double[a.Length], det = new double[count];
        Span<double> scratch = new double[SmallLuBatch.ScratchSize<double>(n, n)];
        Assert.Equal(9, SmallLuBatch.Inverse<double>(a, inverse, count, n, scratch));
        SmallLuBatch.Determinant<double>(a, det, count, n, scratch);
        Assert.Equal(0.0, det[9]);
        Assert.Equal(0.0, det[17]);
        Assert.NotEqual(0.0, det[8]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SmallCholesky_MatchesGeneralCholesky(int n, int count)
    {
        double[] g = Random(count * n * n, 4, 0, 0.0);
        var a = new double[g.Length];
        for (int m = 0; m < count; m++)
        {
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double s = i == j ? n : 0;
                    for (int p = 0; p < n; p++)
                    {
                        s += g[m * n * n + i * n + p] * g[m * n * n + j * n + p];
                    }
                    a[m * n * n + i * n + j] = s;
                }
            }
        }
        double[] factor = new double[a.Length];
        Assert.Equal(-1, SmallCholeskyBatch.Factor<double>(a, factor, count, n, false, new double[SmallCholeskyBatch.ScratchSize<double>(n)]));
        for (int m = 0; m < count; m++)
        {
            double[] expected = a.AsSpan(m * n * n, n * n).ToArray();
            Assert.Equal(-1, CholeskyKernels.Factor<double>(expected, n, default));
            AssertClose<double>(expected, factor.AsSpan(m * n * n, n * n), 1e-12);
        }
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(4, 9)]
    [InlineData(10, 3)]
    [InlineData(16, 5)]
    public void SmallJacobiEigh_MatchesScalarJacobi(int n, int count)
    {
        double[] a = Random(count * n * n, 5, 0, 0.0);
        double[] w = new double[count * n], v = new double[count * n * n];
        SmallJacobiEighBatch.Decompose<double>(a, w, v, count, n, lower: true, new double[SmallJacobiEighBatch.ScratchSize<double>(n)]);
        for (int m = 0; m < count; m++)
        {
            double[] copy = a.AsSpan(m * n * n, n * n).ToArray();
            double[] expected = new double[n];
            JacobiEigh.Decompose<double>(copy, n, lower: true, expected, Span<double>.Empty);
            AssertClose<double>(expected, w.AsSpan(m * n, n), 1e-12);
        }
    }

    [Theory]
    [InlineData(3, 5, 4)]
    [InlineData(6, 2, 9)]
    [InlineData(16, 16, 3)]
    public void SmallJacobiSvd_MatchesScalarJacobi(int m, int n, int count)
    {
        int k = Math.Min(m, n);
        double[] a = Random(count * m * n, 6, 0, 0.0);
        double[] s = new double[count * k];
        SmallJacobiSvdBatch.Decompose<double>(a, count, m, n, s, default, default, false, new double[SmallJacobiSvdBatch.ScratchSize<double>(m, n)]);
        for (int i = 0; i < count; i++)
        {
            double[] expected = new double[k];
            JacobiSvd.Decompose<double>(a.AsSpan(i * m * n, m * n), m, n, expected, default, default, false, new double[JacobiSvd.ScratchSize(m, n)]);
            AssertClose<double>(expected, s.AsSpan(i * k, k), 1e-12);
        }
    }
}
