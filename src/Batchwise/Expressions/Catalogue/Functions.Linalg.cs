namespace Batchwise.Expressions;

internal static partial class Functions<T>
{
    /// <summary><c>linalg.NAME</c>: the batched numpy.linalg functions with NumPy's signatures.</summary>
    private static IEnumerable<FunctionEntry> Linalgs() =>
    [
        Entry("linalg.solve", "a, b", a => Linalg.Solve(A(a, "a"), A(a, "b")), a => new SymbolicArray(LinalgRule.Solve<SymbolicDim>(S(a, "a").Shape, S(a, "b").Shape))),
        Entry("linalg.inv", "a", a => Linalg.Inv(A(a, "a")), a => Square(a, "inv")),
        Entry("linalg.det", "a", a => Linalg.Det(A(a, "a")), a => new SymbolicArray(Batch(Square(a, "det")))),
        Entry("linalg.slogdet", "a", a => SlogDet(A(a, "a")), a => new object?[] { new SymbolicArray(Batch(Square(a, "slogdet"))), new SymbolicArray(Batch(Square(a, "slogdet"))) }),
        Entry("linalg.cholesky", "a, upper=False", a => Linalg.Cholesky(A(a, "a"), a.Bool("upper")), a => Square(a, "cholesky")),
        Entry("linalg.qr", "a, mode='reduced'", Qr, QrShape),
        Entry("linalg.eigh", "a, UPLO='L'", a => Eigh(A(a, "a"), a.Text("UPLO")), a => new object?[] { new SymbolicArray([.. Batch(Square(a, "eigh")), S(a, "a").Shape[^1]]), S(a, "a") }),
        Entry("linalg.eigvalsh", "a, UPLO='L'", a => Linalg.EigvalsH(A(a, "a"), a.Text("UPLO")), a => new SymbolicArray([.. Batch(Square(a, "eigvalsh")), S(a, "a").Shape[^1]])),
        Entry("linalg.svd", "a, full_matrices=True, compute_uv=True, hermitian=False", Svd, SvdShape),
        Entry("linalg.svdvals", "x", a => Linalg.SvdVals(A(a, "x")), a => new SymbolicArray([.. Batch(Matrix(a, "x", "svdvals")), MinDim(S(a, "x"))])),
        Entry("linalg.norm", "x, ord=None, axis=None, keepdims=False",
            a => Linalg.Norm(A(a, "x"), Order(a), a.Axes("axis"), a.Bool("keepdims")),
            a => S(a, "x") with { Shape = NormRule.Apply<SymbolicDim>(S(a, "x").Shape, Order(a), a.Axes("axis"), a.Axes("axis") is not null, a.Bool("keepdims")).Shape }),
        Entry("linalg.pinv", "a, rcond=1e-15", a => Linalg.Pinv(A(a, "a"), a.Number("rcond")),
            a => new SymbolicArray([.. Batch(Matrix(a, "a", "pinv")), S(a, "a").Shape[^1], S(a, "a").Shape[^2]])),
        Entry("linalg.matrix_power", "a, n", a => Linalg.MatrixPower(A(a, "a"), a.Long("n")), a =>
        {
            _ = a.Long("n");
            return Square(a, "matrix_power");
        }),
        Entry("linalg.matrix_rank", "A", a => Linalg.MatrixRank(A(a, "A")), a => S(a, "A").Shape.Length < 2 ? new SymbolicArray([]) : new SymbolicArray(Batch(S(a, "A")))),
        Entry("linalg.lstsq", "a, b, rcond=None", Lstsq, LstsqShape),
        Entry("linalg.cross", "x1, x2", a => Linalg.Cross(A(a, "x1"), A(a, "x2")), a => new SymbolicArray(SymbolicShapes.Broadcast(S(a, "x1").Shape, S(a, "x2").Shape))),
        Entry("linalg.multi_dot", "*arrays", a => Linalg.MultiDot([.. Arrays(a).Select(v => Tensor(v, "multi_dot"))]),
            a => Arrays(a).Select(v => SymbolicShapes.Array(v, "multi_dot")).Aggregate(SymbolicShapes.MatMul)),
    ];

    private static object?[] Lstsq(BoundArguments a)
    {
        (Tensor<T> x, Tensor<T> residuals, Tensor<long> rank, Tensor<T> s) = Linalg.Lstsq(A(a, "a"), A(a, "b"), a["rcond"] is null ? null : a.Number("rcond"));
        return [x, residuals, rank, s];
    }

    /// <summary>The residuals' length depends on the ranks found (the data), so it stays a name.</summary>
    private static object?[] LstsqShape(BoundArguments a)
    {
        SymbolicArray m = Matrix(a, "a", "lstsq"), b = S(a, "b");
        SymbolicDim[] batch = Batch(m);
        bool vector = b.Shape.Length == 1;
        if (b.Shape.Length == 0 || !(vector ? b.Shape[0] : b.Shape[^2]).Equals(m.Shape[^2]))
        {
            throw new ShapeException($"lstsq: incompatible dimensions: shapes {m} and {b}");
        }
        SymbolicDim[] solutionBatch = vector ? batch : SymbolicShapes.Broadcast(batch, b.Shape[..^2]);
        SymbolicArray x = new(vector ? [.. solutionBatch, m.Shape[^1]] : [.. solutionBatch, m.Shape[^1], b.Shape[^1]]);
        return [x, new SymbolicArray([SymbolicDim.Named("residuals")]), new SymbolicArray(batch), new SymbolicArray([.. batch, MinDim(m)])];
    }

    private static object?[] Arrays(BoundArguments a) => a.Rest("arrays") is [object?[] list] ? list : a.Rest("arrays");

    private static object?[] SlogDet(Tensor<T> a)
    {
        (Tensor<T> sign, Tensor<T> log) = Linalg.SlogDet(a);
        return [sign, log];
    }

    private static object?[] Eigh(Tensor<T> a, string uplo)
    {
        (Tensor<T> w, Tensor<T> v) = Linalg.Eigh(a, uplo);
        return [w, v];
    }

    private static QrMode Mode(BoundArguments a) => a.Text("mode") switch
    {
        "reduced" => QrMode.Reduced,
        "complete" => QrMode.Complete,
        "r" => QrMode.R,
        var other => throw new InvalidValueException($"qr: unrecognized mode '{other}'"),
    };

    private static object? Qr(BoundArguments a)
    {
        (Tensor<T>? q, Tensor<T> r) = Linalg.Qr(A(a, "a"), Mode(a));
        return q is null ? r : new object?[] { q, r };
    }

    private static object? QrShape(BoundArguments a)
    {
        SymbolicArray x = Matrix(a, "a", "qr");
        SymbolicDim[] batch = Batch(x);
        SymbolicDim m = x.Shape[^2], n = x.Shape[^1], k = MinDim(x);
        return Mode(a) switch
        {
            QrMode.R => new SymbolicArray([.. batch, k, n]),
            QrMode.Complete => new object?[] { new SymbolicArray([.. batch, m, m]), new SymbolicArray([.. batch, m, n]) },
            _ => new object?[] { new SymbolicArray([.. batch, m, k]), new SymbolicArray([.. batch, k, n]) },
        };
    }

    private static object? Svd(BoundArguments a)
    {
        _ = a.Bool("hermitian");
        if (!a.Bool("compute_uv"))
        {
            return Linalg.SvdVals(A(a, "a"));
        }
        (Tensor<T> u, Tensor<T> s, Tensor<T> vh) = Linalg.Svd(A(a, "a"), a.Bool("full_matrices"));
        return new object?[] { u, s, vh };
    }

    private static object? SvdShape(BoundArguments a)
    {
        _ = a.Bool("hermitian");
        SymbolicArray x = Matrix(a, "a", "svd");
        SymbolicDim[] batch = Batch(x);
        SymbolicDim m = x.Shape[^2], n = x.Shape[^1], k = MinDim(x);
        bool full = a.Bool("full_matrices");
        var s = new SymbolicArray([.. batch, k]);
        return !a.Bool("compute_uv") ? s : new object?[] { new SymbolicArray([.. batch, m, full ? m : k]), s, new SymbolicArray([.. batch, full ? n : k, n]) };
    }

    private static NormOrder? Order(BoundArguments a) => a["ord"] switch
    {
        null => null,
        long i => (double)i,
        double d => d,
        string s => NormOrder.Parse(s),
        var other => throw BoundArguments.Expected("ord", "a number, 'fro' or 'nuc'", other),
    };

    /// <summary>A (..., m, n) argument.</summary>
    private static SymbolicArray Matrix(BoundArguments a, string name, string function)
    {
        SymbolicArray x = S(a, name);
        LinalgRule.RequireMatrix(function, x.Shape);
        return x;
    }

    /// <summary>A (..., n, n) argument named "a".</summary>
    private static SymbolicArray Square(BoundArguments a, string function)
    {
        SymbolicArray x = S(a, "a");
        LinalgRule.RequireSquare<SymbolicDim>(function, x.Shape);
        return x;
    }

    private static SymbolicDim[] Batch(SymbolicArray x) => x.Shape[..^2];

    private static SymbolicDim MinDim(SymbolicArray x)
    {
        SymbolicDim m = x.Shape[^2], n = x.Shape[^1];
        return m.IsKnown && n.IsKnown ? SymbolicDim.Of(Math.Min(m.Size, n.Size)) : m.Equals(n) ? m : SymbolicDim.Named($"min({m},{n})");
    }
}
