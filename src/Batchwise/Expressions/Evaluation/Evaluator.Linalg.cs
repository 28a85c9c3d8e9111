namespace Batchwise.Expressions;

internal sealed partial class Evaluator<T>
{
    /// <summary><c>linalg.NAME(...)</c>: the batched numpy.linalg functions, bound with NumPy's signatures.</summary>
    private static object? CallLinalg(string name, Arguments args)
    {
        object? result = name switch
        {
            "solve" => Linalg.Solve(Arg(args, 0, "a"), Arg(args, 1, "b")),
            "inv" => Linalg.Inv(Arg(args, 0, "a")),
            "det" => Linalg.Det(Arg(args, 0, "a")),
            "slogdet" => SlogDet(args),
            "cholesky" => Linalg.Cholesky(Arg(args, 0, "a"), Bool(args.Optional(1, "upper", false), "upper")),
            "qr" => Qr(args),
            "eigh" => Eigh(args),
            "eigvalsh" => Linalg.EigvalsH(Arg(args, 0, "a"), Text(args.Optional(1, "UPLO", "L"), "UPLO")),
            "svd" => Svd(args),
            "svdvals" => Linalg.SvdVals(Arg(args, 0, "x")),
            "norm" => Norm(args),
            "pinv" => Linalg.Pinv(Arg(args, 0, "a"), Number(args.Optional(1, "rcond", 1e-15))),
            "matrix_power" => Linalg.MatrixPower(Arg(args, 0, "a"), Long(args.Required(1, "n"), "n")),
            "matrix_rank" => Linalg.MatrixRank(Arg(args, 0, "A")),
            "cross" => Linalg.Cross(Arg(args, 0, "x1"), Arg(args, 1, "x2")),
            "multi_dot" => Linalg.MultiDot(Array.ConvertAll(args.Rest(0) is [object?[] list] ? list : args.Rest(0), v => Tensor(v, "multi_dot"))),
            _ => throw new ExpressionException($"unknown function 'linalg.{name}'"),
        };
        args.CheckAllUsed();
        return result;
    }

    private static object?[] SlogDet(Arguments args)
    {
        (Tensor<T> sign, Tensor<T> log) = Linalg.SlogDet(Arg(args, 0, "a"));
        return [sign, log];
    }

    private static object? Qr(Arguments args)
    {
        Tensor<T> a = Arg(args, 0, "a");
        QrMode mode = Text(args.Optional(1, "mode", "reduced"), "mode") switch
        {
            "reduced" => QrMode.Reduced,
            "complete" => QrMode.Complete,
            "r" => QrMode.R,
            var other => throw new InvalidValueException($"qr: unrecognized mode '{other}'"),
        };
        (Tensor<T>? q, Tensor<T> r) = Linalg.Qr(a, mode);
        return q is null ? r : new object?[] { q, r };
    }

    private static object?[] Eigh(Arguments args)
    {
        (Tensor<T> w, Tensor<T> v) = Linalg.Eigh(Arg(args, 0, "a"), Text(args.Optional(1, "UPLO", "L"), "UPLO"));
        return [w, v];
    }

    private static object? Svd(Arguments args)
    {
        Tensor<T> a = Arg(args, 0, "a");
        bool full = Bool(args.Optional(1, "full_matrices", true), "full_matrices");
        bool uv = Bool(args.Optional(2, "compute_uv", true), "compute_uv");
        _ = Bool(args.Optional(3, "hermitian", false), "hermitian");
        if (!uv)
        {
            return Linalg.SvdVals(a);
        }
        (Tensor<T> u, Tensor<T> s, Tensor<T> vh) = Linalg.Svd(a, full);
        return new object?[] { u, s, vh };
    }

    private static Tensor<T> Norm(Arguments args)
    {
        Tensor<T> x = Arg(args, 0, "x");
        NormOrder? ord = args.Optional(1, "ord", null) switch
        {
            null => null,
            long i => (double)i,
            double d => d,
            string s => NormOrder.Parse(s),
            var other => throw new InvalidValueException($"norm: invalid norm order {Describe(other)}"),
        };
        int[]? axis = Axes(args.Optional(2, "axis", null), "axis");
        bool keepDims = Bool(args.Optional(3, "keepdims", false), "keepdims");
        return Linalg.Norm(x, ord, axis, keepDims);
    }

    private static string Text(object? value, string name) => value as string
        ?? throw new InvalidValueException($"'{name}' must be a string, got {Describe(value)}");
}
