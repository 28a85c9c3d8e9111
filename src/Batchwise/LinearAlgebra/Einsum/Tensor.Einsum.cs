using Batchwise.LinearAlgebra.Einsum;

namespace Batchwise;

public static partial class Tensor
{
    /// <summary>
    /// <c>np.einsum</c>: the sum over every label not in the output of the product of the operands,
    /// <c>out[o] = Σ_{labels ∉ o} Π_p operand_p[labels_p]</c>. NumPy's syntax in full: an explicit
    /// output after <c>-&gt;</c> or the implicit one (the <c>...</c> dimensions, then the labels seen
    /// exactly once, sorted with uppercase before lowercase); <c>...</c> broadcasts in any operand; a
    /// label repeated in one operand takes its diagonal (<c>"ii"</c> is the trace, <c>"ii-&gt;i"</c> the
    /// diagonal); spaces are ignored. As in NumPy, a dimension of extent 1 broadcasts against the same
    /// label elsewhere.
    /// </summary>
    /// <remarks>
    /// The contraction order is planned from the shapes alone (see <see cref="EinsumPath{T}"/>): every
    /// order for up to four operands, greedy beyond, minimising the flop count. Each pairwise contraction
    /// that sums labels is one batched <see cref="MatMul{T}"/> on views of the operands (no broadcast is
    /// materialised); the rest are elementwise products and sums. NaN and Inf propagate as in the sums
    /// and products; summing an empty label gives zeros. With a single operand whose labels are all
    /// distinct, or only diagonals and transpositions, the result is a view of it (as NumPy's).
    /// </remarks>
    /// <param name="subscripts">The equation, e.g. <c>"bij,bjk-&gt;bik"</c>.</param>
    /// <param name="operands">One tensor per comma-separated term.</param>
    /// <exception cref="InvalidValueException">Malformed subscripts (a character other than a letter,
    /// a stray '.', two ellipses in a term), a term count that differs from the operand count, a term
    /// whose label count does not match its operand's rank, an output label absent from the inputs or
    /// repeated, or broadcast '...' dimensions missing from an explicit output.</exception>
    /// <exception cref="ShapeException">A label repeated in one operand over unequal dimensions, or a
    /// label whose extents differ across operands (other than 1).</exception>
    public static Tensor<T> Einsum<T>(string subscripts, params Tensor<T>[] operands) where T : unmanaged, INumberBase<T>
    {
        EinsumPlan plan = PlanEinsum(subscripts, operands);
        return EinsumExecutor.Execute(plan, operands);
    }

    /// <summary>
    /// The plan <see cref="Einsum{T}"/> follows for these operands, as <c>np.einsum_path</c> prints it:
    /// the path (pairs of positions in the working list; each pair is removed and its result appended),
    /// then the naive and optimised scaling and flop counts, the largest intermediate and one line per
    /// step. Operands reduced alone first (diagonals, private sums, broadcast size-1 dimensions) have
    /// their own lines. Only the shapes are read.
    /// </summary>
    /// <exception cref="InvalidValueException">As <see cref="Einsum{T}"/>.</exception>
    /// <exception cref="ShapeException">As <see cref="Einsum{T}"/>.</exception>
    public static string EinsumPath<T>(string subscripts, params Tensor<T>[] operands) where T : unmanaged =>
        PlanEinsum(subscripts, operands).Describe();

    private static EinsumPlan PlanEinsum<T>(string subscripts, Tensor<T>[] operands) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(subscripts);
        ArgumentNullException.ThrowIfNull(operands);
        var shapes = new int[operands.Length][];
        for (int p = 0; p < operands.Length; p++)
        {
            ArgumentNullException.ThrowIfNull(operands[p]);
            shapes[p] = operands[p].Shape.ToArray();
        }
        return EinsumPlan.Create(subscripts, shapes);
    }
}
