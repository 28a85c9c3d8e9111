namespace Batchwise.Kernels.Linalg;

/// <summary>One Jacobi method's plane rotation of the pair (p, q), p &lt; q.</summary>
internal interface IJacobiRotation
{
    /// <summary>Rotates the pair; false when it was already negligible and nothing changed.</summary>
    bool Rotate(int p, int q);
}

/// <summary>
/// The sweep order of the cyclic Jacobi methods (<see cref="Eigh.JacobiEigh"/>, the one-sided SVD),
/// written once: each sweep visits every pair p &lt; q &lt; n row by row, and the method has converged
/// when a whole sweep rotates nothing.
/// </summary>
internal static class JacobiSweeps
{
    /// <summary>Sweeps before giving up: convergence is quadratic, so a sound matrix needs far fewer.</summary>
    public const int MaxSweeps = 60;

    /// <summary>Sweeps until no pair rotates, or <see cref="MaxSweeps"/> sweeps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<TRotation>(int n, TRotation rotation)
        where TRotation : IJacobiRotation, allows ref struct
    {
        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    rotated |= rotation.Rotate(p, q);
                }
            }
            if (!rotated)
            {
                break;
            }
        }
    }
}
