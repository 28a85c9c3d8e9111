using Batchwise.Kernels.Linalg.Qr;
using Batchwise.LinearAlgebra.Decompositions;

namespace Batchwise;

/// <summary>What <see cref="Linalg.Qr"/> returns (NumPy's <c>mode</c>).</summary>
public enum QrMode
{
    /// <summary>Q (..., m, k) and R (..., k, n), k = min(m, n).</summary>
    Reduced,
    /// <summary>Q (..., m, m) and R (..., m, n).</summary>
    Complete,
    /// <summary>Only R (..., k, n); Q is null.</summary>
    R,
}

public static partial class Linalg
{
    /// <summary>
    /// QR factorization of each matrix of a (..., m, n) stack (<c>numpy.linalg.qr</c>): <c>a == Q @ R</c>
    /// with orthonormal columns in Q and R upper triangular.
    /// </summary>
    /// <remarks>Householder reflections with LAPACK's sign convention (R's diagonal may be negative).</remarks>
    /// <exception cref="ShapeException">a has fewer than two dimensions.</exception>
    public static (Tensor<T>? Q, Tensor<T> R) Qr<T>(Tensor<T> a, QrMode mode = QrMode.Reduced) where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireMatrix("qr", a);
        int m = a.Shape[^2], n = a.Shape[^1], k = Math.Min(m, n);
        ReadOnlySpan<int> batch = a.Shape[..^2];
        int qCols = mode == QrMode.Complete ? m : k;
        int rRows = mode == QrMode.Complete ? m : k;
        bool wantQ = mode != QrMode.R;
        Tensor<T> source = a.Contiguous();
        Tensor<T>? q = wantQ ? Tensor<T>.Allocate(Concat(batch, m, qCols)) : null;
        Tensor<T> r = Tensor<T>.Allocate(Concat(batch, rRows, n));
        int count = BatchCount(a.Shape);
        if (count == 0)
        {
            return (q, r);
        }
        if (m == 0 || n == 0)
        {
            r.AsSpan().Clear();
            q?.CopyFrom(Tensor.Eye<T>(m, qCols));
            return (q, r);
        }
        int qColumnsForKernel = wantQ ? qCols : 0;
        BatchRunner.ForEach<T>(count, 4L * m * n * k, HouseholderQr.ScratchSize(m, n, qColumnsForKernel), (i, scratch) =>
        {
            HouseholderQr.Decompose<T>(source.AsSpan().Slice(i * m * n, m * n), m, n,
                wantQ ? q!.AsSpan().Slice(i * m * qCols, m * qCols) : Span<T>.Empty, qColumnsForKernel,
                r.AsSpan().Slice(i * rRows * n, rRows * n), rRows, scratch);
            return true;
        });
        return (q, r);
    }
}
