namespace Batchwise.LinearAlgebra.Einsum;

/// <summary>
/// Runs an <see cref="EinsumPlan"/>. Operands travel as (tensor, labels) pairs whose axes carry
/// distinct labels. A pairwise contraction that sums labels becomes one batched
/// <see cref="Tensor.MatMul{T}"/> of (batch..., m, k) @ (batch..., k, n) views — strided and
/// transposed views go to the GEMM engine as they are, and a group of labels is merged into one
/// matrix axis by a reshape that copies only when the strides cannot express it. Products that sum
/// nothing (Hadamard, outer) and dot products without free labels use the elementwise engine.
/// </summary>
internal static class EinsumExecutor
{
    private readonly record struct Term<T>(Tensor<T> Value, int[] Labels) where T : unmanaged;

    public static Tensor<T> Execute<T>(EinsumPlan plan, Tensor<T>[] operands) where T : unmanaged, INumberBase<T>
    {
        var work = new List<Term<T>>(operands.Length);
        for (int p = 0; p < operands.Length; p++)
        {
            work.Add(Prepare(operands[p], plan.Equation.Inputs[p], plan.Prepared[p], plan.Sizes));
        }
        int[] output = plan.Equation.Output;
        for (int s = 0; s < plan.Steps.Length; s++)
        {
            EinsumStep step = plan.Steps[s];
            Term<T> left = work[step.Left], right = work[step.Right];
            work.RemoveAt(step.Right);
            work.RemoveAt(step.Left);
            bool last = s == plan.Steps.Length - 1;
            work.Add(Contract(left, right, step.Result, last ? output : null, plan.Sizes));
        }
        Term<T> final = work[0];
        var permutation = new int[output.Length];
        for (int i = 0; i < output.Length; i++)
        {
            permutation[i] = Array.IndexOf(final.Labels, output[i]);
        }
        return final.Value.Transpose(permutation);
    }

    /// <summary>
    /// One operand alone: repeated labels become one axis of summed strides (the diagonal), size-1
    /// axes that broadcast are dropped, and labels in <paramref name="keep"/>'s complement are summed.
    /// </summary>
    private static Term<T> Prepare<T>(Tensor<T> x, int[] labels, int[] keep, int[] sizes) where T : unmanaged, INumberBase<T>
    {
        var distinct = new List<int>(labels.Length);
        var shape = new List<int>(labels.Length);
        var strides = new List<int>(labels.Length);
        for (int axis = 0; axis < labels.Length; axis++)
        {
            int label = labels[axis];
            if (x.Shape[axis] == 1 && sizes[label] != 1)
            {
                continue;
            }
            int at = distinct.IndexOf(label);
            if (at >= 0)
            {
                strides[at] += x.Strides[axis];
                continue;
            }
            distinct.Add(label);
            shape.Add(x.Shape[axis]);
            strides.Add(x.Strides[axis]);
        }
        Tensor<T> view = distinct.Count == labels.Length
            ? x
            : x.WithLayout(x.Layout.With([.. shape], [.. strides], x.Layout.Offset));
        return SumOut(new Term<T>(view, [.. distinct]), label => keep.Contains(label));
    }

    /// <summary>Sums the axes whose label fails <paramref name="keep"/>; the term itself when none does.</summary>
    private static Term<T> SumOut<T>(Term<T> term, Func<int, bool> keep) where T : unmanaged, INumberBase<T>
    {
        var axes = new List<int>();
        var kept = new List<int>();
        for (int axis = 0; axis < term.Labels.Length; axis++)
        {
            if (keep(term.Labels[axis]))
            {
                kept.Add(term.Labels[axis]);
            }
            else
            {
                axes.Add(axis);
            }
        }
        return axes.Count == 0 ? term : new Term<T>(Tensor.Sum(term.Value, [.. axes]), [.. kept]);
    }

    /// <summary>
    /// <c>result[R] = Σ left[A] · right[B]</c> over the labels not in <paramref name="result"/>.
    /// When <paramref name="output"/> is given (the last step) the labels are ordered as the output
    /// wants them wherever that costs no copy, so the answer is usually contiguous.
    /// </summary>
    private static Term<T> Contract<T>(Term<T> left, Term<T> right, int[] result, int[]? output, int[] sizes)
        where T : unmanaged, INumberBase<T>
    {
        // Labels only one side has and the result does not keep cannot occur in a plan; sum them if they do.
        left = SumOut(left, label => result.Contains(label) || right.Labels.Contains(label));
        right = SumOut(right, label => result.Contains(label) || left.Labels.Contains(label));

        if (output is not null && PrefersSwap(left, right, output))
        {
            (left, right) = (right, left);
        }
        int[] batch = [.. left.Labels.Where(l => right.Labels.Contains(l) && result.Contains(l))];
        int[] summed = [.. left.Labels.Where(l => right.Labels.Contains(l) && !result.Contains(l))];
        int[] rows = [.. left.Labels.Where(l => !right.Labels.Contains(l))];
        int[] cols = [.. right.Labels.Where(l => !left.Labels.Contains(l))];

        if (output is not null)
        {
            batch = [.. output.Where(batch.Contains)];
        }
        else
        {
            batch = ByStride(left, batch);
        }
        rows = Arrange(left, rows, output);
        cols = Arrange(right, cols, output);

        if (summed.Length == 0)
        {
            // Nothing is summed: an elementwise (Hadamard or outer) product with broadcasting.
            int[] labels = [.. batch, .. rows, .. cols];
            return new Term<T>(Tensor.Multiply(View(left, labels), View(right, labels)), labels);
        }
        summed = ArrangeSummed(left, right, summed);
        int[] batchShape = [.. batch.Select(l => sizes[l])];
        if (rows.Length == 0 && cols.Length == 0)
        {
            // Batched dot products: (batch, 1, k) @ (batch, k, 1) runs the GEMM engine's dot kernels,
            // with no product-sized temporary (the quadratic form's last step).
            int depth = Product(summed, sizes);
            Tensor<T> row = View(left, [.. batch, .. summed]).Reshape([.. batchShape, 1, depth]);
            Tensor<T> column = View(right, [.. batch, .. summed]).Reshape([.. batchShape, depth, 1]);
            return new Term<T>(Tensor.MatMul(row, column).Reshape(batchShape), batch);
        }

        int m = Product(rows, sizes), k = Product(summed, sizes), n = Product(cols, sizes);
        Tensor<T> a = View(left, [.. batch, .. rows, .. summed]).Reshape([.. batchShape, m, k]);
        Tensor<T> b = View(right, [.. batch, .. summed, .. cols]).Reshape([.. batchShape, k, n]);
        Tensor<T> c = Tensor.MatMul(a, b);
        int[] resultShape = [.. batchShape, .. rows.Select(l => sizes[l]), .. cols.Select(l => sizes[l])];
        return new Term<T>(c.Reshape(resultShape), [.. batch, .. rows, .. cols]);
    }

    /// <summary>True when the output lists a right-only label before every left-only one (compute Cᵀ = Bᵀ·Aᵀ's layout).</summary>
    private static bool PrefersSwap<T>(Term<T> left, Term<T> right, int[] output) where T : unmanaged
    {
        foreach (int label in output)
        {
            bool inLeft = left.Labels.Contains(label), inRight = right.Labels.Contains(label);
            if (inLeft != inRight)
            {
                return inRight;
            }
        }
        return false;
    }

    /// <summary>
    /// The order of a free-label group: the output's (last step) when it merges without a copy,
    /// otherwise by decreasing stride, which merges whenever the operand's memory allows.
    /// </summary>
    private static int[] Arrange<T>(Term<T> term, int[] group, int[]? output) where T : unmanaged
    {
        if (output is not null)
        {
            int[] wanted = [.. output.Where(group.Contains)];
            if (Mergeable(term, wanted))
            {
                return wanted;
            }
        }
        return ByStride(term, group);
    }

    /// <summary>The summed labels in an order both operands can merge, if there is one (left's memory order first).</summary>
    private static int[] ArrangeSummed<T>(Term<T> left, Term<T> right, int[] summed) where T : unmanaged
    {
        int[] byLeft = ByStride(left, summed);
        if (Mergeable(right, byLeft))
        {
            return byLeft;
        }
        int[] byRight = ByStride(right, summed);
        return Mergeable(left, byRight) ? byRight : byLeft;
    }

    private static int[] ByStride<T>(Term<T> term, int[] group) where T : unmanaged =>
        [.. group.OrderByDescending(l => Math.Abs(term.Value.Strides[Array.IndexOf(term.Labels, l)]))];

    /// <summary>Whether the axes of <paramref name="group"/>, in this order, form one strided axis.</summary>
    private static bool Mergeable<T>(Term<T> term, int[] group) where T : unmanaged
    {
        int previous = -1;
        for (int i = 0; i < group.Length; i++)
        {
            int axis = Array.IndexOf(term.Labels, group[i]);
            int extent = term.Value.Shape[axis];
            if (extent == 0)
            {
                return true;
            }
            if (extent == 1)
            {
                continue;
            }
            if (previous >= 0 && term.Value.Strides[previous] != term.Value.Strides[axis] * extent)
            {
                return false;
            }
            previous = axis;
        }
        return true;
    }

    /// <summary>The term seen over <paramref name="labels"/>: its own axes permuted, extent 1 (stride 0) for labels it lacks.</summary>
    private static Tensor<T> View<T>(Term<T> term, int[] labels) where T : unmanaged
    {
        var shape = new int[labels.Length];
        var strides = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            int axis = Array.IndexOf(term.Labels, labels[i]);
            shape[i] = axis < 0 ? 1 : term.Value.Shape[axis];
            strides[i] = axis < 0 ? 0 : term.Value.Strides[axis];
        }
        return term.Value.WithLayout(term.Value.Layout.With(shape, strides, term.Value.Layout.Offset));
    }

    private static int Product(int[] labels, int[] sizes)
    {
        long product = 1;
        foreach (int label in labels)
        {
            product *= sizes[label];
        }
        return checked((int)product);
    }
}
