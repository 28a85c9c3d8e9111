using System.Numerics;
using Batchwise.Expressions;
using Batchwise.Tensors.Recycling;

namespace Batchwise.Tests.LinearAlgebra.Einsum;

/// <summary>
/// Einsum against the brute-force oracle (<see cref="NaiveEinsum"/>) over a table of equations. The
/// table only grows: a past failure stays in it for good (opt_einsum's practice).
/// </summary>
public sealed class EinsumTests
{
    /// <summary>Equation and operand shapes ("(3,2);(2,1)"; "()" is 0-d).</summary>
    public static readonly TheoryData<string, string> Table = new()
    {
        // The conformance family's templates (NumPy's cases), at their own and at larger shapes.
        { "ij,jk", "(3,2);(2,1)" },
        { "ij,jk", "(5,7);(7,4)" },
        { "ii", "(2,2)" },
        { "ii", "(5,5)" },
        { "...ii->...", "(2,2)" },
        { "...ii->...", "(3,4,4)" },
        { "...i,...i->...", "(1);(1)" },
        { "...i,...i->...", "(2,1,5);(3,5)" },
        { "iii->i", "(1,1,1)" },
        { "iii->i", "(3,3,3)" },
        { "ab,cd->abcd", "(1,3);(1,1)" },
        { "ab,cd->abcd", "(2,3);(4,2)" },
        { "...ij->...ji", "(1,2)" },
        { "...ij->...ji", "(2,3,4)" },
        { "i", "(1)" },
        { "i", "(6)" },
        { "j,ij->i", "(2);(3,2)" },
        { "...ij,j->...i", "(2,2,3);(3)" },
        { "ij->ji", "(2,2)" },
        { "i,i->", "(1);(1)" },
        { "i,i->", "(17);(17)" },
        { "i,j", "(1);(1)" },
        { "i,j", "(3);(4)" },
        { "ij,ij->ij", "(2,2);(2,2)" },
        { "ijk->kji", "(1,3,2)" },
        { "ijk->j", "(2,2,2)" },
        { "ijk->j", "(2,3,1)" },
        { "ij,jk,kl->il", "(2,2);(2,2);(2,2)" },
        { "ij,jk,kl->il", "(1,3);(3,3);(3,2)" },
        { "ij,jk,kl->il", "(1,2);(2,1);(1,3)" },
        { "ij,jk,kl->il", "(10,30);(30,30);(30,1)" },
        { "...i,...i->...", "(2);(1,2)" },
        { "...,...->...", "();()" },
        { "ba,ca", "(1,3);(3,3)" },
        { "ba,ca", "(2,2);(3,2)" },
        { "ba,ca", "(0,0);(0,0)" },
        { "i->", "(3)" },
        { "ijk,jk->i", "(1,1,3);(1,3)" },
        { "ijk,jk->i", "(4,2,3);(2,3)" },
        { "ij,jk->ik", "(2,2);(2,3)" },
        { "ij,jk->ik", "(2,1);(3,2)" },
        { "bij,bjk->bik", "(1,3,3);(1,3,3)" },
        { "bij,bjk->bik", "(4,3,5);(4,5,2)" },
        { "bij,bjk->bik", "(0,0,1);(0,1,3)" },
        { "...ij,...jk->...ik", "(1,1,1);(1,2)" },
        { "...ij,...jk->...ik", "(3,1,2,4);(2,4,5)" },
        { "...ii->...i", "(3,3)" },
        { "...ii->...i", "(1,1)" },
        { "ij->", "(1,1)" },
        { "ij->", "(3,4)" },
        { "bhqd,bhkd->bhqk", "(1,2,2,1);(1,2,3,1)" },
        { "bhqd,bhkd->bhqk", "(2,3,5,4);(2,3,6,4)" },
        { "i,ij,j->", "(3);(3,3);(3)" },
        { "i...->...", "(1)" },
        { "i...->...", "(3,2,4)" },
        { "iij->j", "(1,1,3)" },
        { "iij->j", "(3,3,2)" },
        { "ij,ji->", "(1,1);(1,1)" },
        { "ij,ji->", "(3,4);(4,3)" },
        { "ij,kj->ik", "(2,1);(3,1)" },
        { "ij,kj->ik", "(2,1);(1,1)" },
        { "ijj->i", "(3,2,2)" },
        { "ji", "(1,3)" },
        { "i,j->ij", "(3);(2)" },
        { "i,j->ij", "(3);(1)" },
        { "ijk,ikl->ijl", "(1,2,3);(1,3,1)" },
        { "ijk,ikl->ijl", "(3,3,0);(3,0,3)" },
        { "ij,ij->", "(3,1);(3,1)" },
        { "Ab,bC->AC", "(2,1);(1,0)" },
        { "i,i,i->i", "(2);(2);(2)" },
        // Our own: three and four operands, ellipsis in the middle, diagonals, uppercase, zero sizes, scalars.
        { "ij,jk,kl,lm->im", "(3,4);(4,5);(5,2);(2,6)" },
        { "ab,bc,cd,de->ae", "(2,9);(9,1);(1,7);(7,3)" },
        { "ij,jk,kl,lm,mn->in", "(3,4);(4,5);(5,2);(2,6);(6,3)" },
        { "a,b,c,d,e,f->", "(2);(3);(1);(2);(2);(3)" },
        { "ea,fb,abcd,gc,hd->efgh", "(3,2);(2,3);(2,3,2,2);(2,2);(3,2)" },
        { "i...j,j...k->i...k", "(2,3,4);(4,3,5)" },
        { "a...b,b->...a", "(2,3,1,4);(4)" },
        { "ii,jj->ij", "(3,3);(2,2)" },
        { "iji->j", "(3,2,3)" },
        { "ijij->ij", "(2,3,2,3)" },
        { "iiii->", "(2,2,2,2)" },
        { "ii,i->i", "(4,4);(4)" },
        { "ii,ij->j", "(1,1);(3,2)" },
        { "ABc,cD->ABD", "(2,3,4);(4,2)" },
        { "aA,Aa->aA", "(3,2);(2,3)" },
        { "Zz,zZ", "(3,4);(4,3)" },
        { "ij,jk->ik", "(0,3);(3,4)" },
        { "ij,jk->ik", "(2,0);(0,4)" },
        { "ij,jk->ik", "(2,3);(3,0)" },
        { "i,i->i", "(0);(0)" },
        { "->", "()" },
        { ",->", "();()" },
        { ",i->i", "();(4)" },
        { "i,->i", "(4);()" },
        { "", "()" },
        { " i j , j k -> i k ", "(2,3);(3,4)" },
        { "bij,bjk->bik", "(1,3,4);(5,4,2)" },
        { "bij,bjk->bik", "(5,3,4);(1,4,2)" },
        { "bij,jk->bik", "(3,4,5);(5,2)" },
        { "bij,bjk->kib", "(3,4,5);(3,5,2)" },
        { "ijk,ijl->kl", "(3,4,5);(3,4,2)" },
        { "bn,bn->b", "(5,7);(5,7)" },
        { "bn,bn->bn", "(5,7);(1,7)" },
        { "abc,cba->", "(2,3,4);(4,3,2)" },
        { "abcd,cdef->abef", "(2,3,4,5);(4,5,2,3)" },
        { "abcd,cdef->efab", "(2,3,4,5);(4,5,2,3)" },
        { "abcd,dcfe->abef", "(2,3,4,5);(5,4,3,2)" },
        { "ij,jk->ki", "(3,4);(4,5)" },
        { "i,i,j,j->", "(3);(3);(2);(2)" },
        { "bhqd,bhkd->bhqk", "(2,1,5,4);(1,3,6,4)" },
        { "...ij,...jk", "(2,1,3,4);(5,4,2)" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Einsum_Equation_MatchesNaiveDouble(string subscripts, string shapes) => Check<double>(subscripts, shapes, strided: false);

    [Theory]
    [MemberData(nameof(Table))]
    public void Einsum_Equation_MatchesNaiveFloat(string subscripts, string shapes) => Check<float>(subscripts, shapes, strided: false);

    [Theory]
    [MemberData(nameof(Table))]
    public void Einsum_StridedOperands_MatchesNaive(string subscripts, string shapes) => Check<double>(subscripts, shapes, strided: true);

    private static void Check<T>(string subscripts, string shapeText, bool strided) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int[][] shapes = ParseShapes(shapeText);
        var operands = new Tensor<T>[shapes.Length];
        var data = new double[shapes.Length][];
        for (int p = 0; p < shapes.Length; p++)
        {
            Tensor<T> x = Tensor.Randn<T>(shapes[p], (ulong)(17 * p + 3));
            if (strided)
            {
                // The same values behind reversed strides (a transposed copy seen transposed back).
                x = x.Transpose().Copy().Transpose();
            }
            operands[p] = x;
            data[p] = x.ToArray().Select(v => double.CreateChecked(v)).ToArray();
        }
        double[] expected = NaiveEinsum.Evaluate(subscripts, shapes, data, out int[] expectedShape);
        Tensor<T> actual = Tensor.Einsum(subscripts, operands);
        Assert.Equal(expectedShape, actual.Shape.ToArray());
        T[] values = actual.ToArray();
        double tolerance = typeof(T) == typeof(float) ? 1e-4 : 1e-12;
        for (int i = 0; i < expected.Length; i++)
        {
            double v = double.CreateChecked(values[i]);
            Assert.True(Math.Abs(v - expected[i]) <= tolerance * (1 + Math.Abs(expected[i])) * 10,
                $"{subscripts} {shapeText}: element {i} is {v}, expected {expected[i]}");
        }
    }

    [Fact]
    public void Einsum_RandomEquations_MatchNaive()
    {
        // Random equations over a few labels (repeats, size-1 broadcasting, ellipses, implicit and
        // explicit outputs); a failure found here joins the table above.
        var random = new Random(1234);
        const string pool = "abcdAB";
        for (int trial = 0; trial < 300; trial++)
        {
            var size = pool.ToDictionary(c => c, _ => random.Next(1, 4));
            int operands = random.Next(1, 5), ellipsis = random.Next(0, 3);
            bool useEllipsis = random.Next(3) == 0;
            var terms = new List<string>();
            var shapes = new List<int[]>();
            for (int p = 0; p < operands; p++)
            {
                string term = new(Enumerable.Range(0, random.Next(0, 4)).Select(_ => pool[random.Next(pool.Length)]).ToArray());
                var shape = term.Select(c => random.Next(6) == 0 ? 1 : size[c]).ToList();
                // A repeated label needs equal dimensions within its operand.
                for (int i = 0; i < term.Length; i++)
                {
                    shape[i] = shape[term.IndexOf(term[i])];
                }
                if (useEllipsis)
                {
                    int own = random.Next(0, ellipsis + 1);
                    shape.InsertRange(0, Enumerable.Range(ellipsis - own, own).Select(e => random.Next(4) == 0 ? 1 : 2 + e));
                    term = "..." + term;
                }
                terms.Add(term);
                shapes.Add([.. shape]);
            }
            string subscripts = string.Join(",", terms);
            if (random.Next(2) == 0)
            {
                string letters = new(string.Concat(terms).Where(char.IsAsciiLetter).Distinct().Where(_ => random.Next(2) == 0).OrderBy(_ => random.Next()).ToArray());
                subscripts += "->" + (useEllipsis ? "..." : "") + letters;
            }
            string shapeText = string.Join(";", shapes.Select(s => "(" + string.Join(",", s) + ")"));
            Check<double>(subscripts, shapeText, strided: trial % 2 == 1);
        }
    }

    private static int[][] ParseShapes(string text) =>
        [.. text.Split(';').Select(s => s.Trim('(', ')')).Select(s => s.Length == 0 ? [] : s.Split(',').Select(int.Parse).ToArray())];

    [Fact]
    public void Einsum_SingleOperandDiagonal_IsAView()
    {
        Tensor<double> a = Tensor.Randn<double>([4, 4], 1);
        Tensor<double> d = Tensor.Einsum("ii->i", a);
        Assert.True(d.SharesStorageWith(a));
        Assert.Equal(a.GetItem(2, 2), d.GetItem(2));
    }

    [Fact]
    public void Einsum_AttentionScores_MatchesMatMulOfTransposedKeys()
    {
        Tensor<float> q = Tensor.Randn<float>([2, 3, 16, 8], 5), k = Tensor.Randn<float>([2, 3, 12, 8], 6);
        Tensor<float> expected = Tensor.MatMul(q, k.MT);
        Tensor<float> actual = Tensor.Einsum("bhqd,bhkd->bhqk", q, k);
        Assert.True(actual.IsContiguous);
        Assert.Equal(expected.ToArray(), actual.ToArray());
    }

    [Fact]
    public void Einsum_AttentionScores_CopiesNoOperand()
    {
        // The keys are consumed as a transposed view: einsum allocates what MatMul(q, k.mT) allocates,
        // plus its plan (a few kB), and nowhere near the 256 kB a copy of k would take.
        Tensor<float> q = Tensor.Randn<float>([2, 2, 256, 64], 7), k = Tensor.Randn<float>([2, 2, 256, 64], 8);
        // Both results are allocated fresh: a recycled result would allocate nothing and hide a copy.
        bool recycling = BufferRecycling.Enabled;
        BufferRecycling.Enabled = false;
        try
        {
            Tensor.MatMul(q, k.MT);
            Tensor.Einsum("bhqd,bhkd->bhqk", q, k);
            long matmul = AllocationProbe.Measure(() => Tensor.MatMul(q, k.MT));
            long einsum = AllocationProbe.Measure(() => Tensor.Einsum("bhqd,bhkd->bhqk", q, k));
            Assert.True(einsum < matmul + 64 * 1024, $"einsum allocated {einsum} bytes, MatMul {matmul}");
        }
        finally
        {
            BufferRecycling.Enabled = recycling;
        }
    }

    [Fact]
    public void Einsum_NanInOperand_Propagates()
    {
        Tensor<double> a = Tensor.Ones<double>(2, 3), b = Tensor.Ones<double>(3, 2);
        a.SetItem(double.NaN, 0, 1);
        Tensor<double> c = Tensor.Einsum("ij,jk->ik", a, b);
        Assert.True(double.IsNaN(c.GetItem(0, 0)));
        Assert.Equal(3.0, c.GetItem(1, 1));
    }

    [Theory]
    [InlineData("i1", "(2,3)")]
    [InlineData("ij", "(2,3);(3,2)")]
    [InlineData("ij,jk", "(2,3)")]
    [InlineData("ij->k", "(2,3)")]
    [InlineData("ij->ii", "(2,3)")]
    [InlineData("i..j", "(2,3)")]
    [InlineData("...i...", "(2,3)")]
    [InlineData("...ij->ij", "(4,2,3)")]
    [InlineData("ij-", "(2,3)")]
    [InlineData("ij->j->i", "(2,3)")]
    [InlineData("i>j", "(2,3)")]
    [InlineData("ij->i,j", "(2,3)")]
    public void Einsum_BadSubscripts_ThrowsInvalidValue(string subscripts, string shapes)
    {
        Tensor<double>[] operands = [.. ParseShapes(shapes).Select(s => Tensor.Zeros<double>(s))];
        Assert.Throws<InvalidValueException>(() => Tensor.Einsum(subscripts, operands));
        Assert.Throws<InvalidValueException>(() => Tensor.EinsumPath(subscripts, operands));
    }

    [Theory]
    [InlineData("ijk", "(2,3)")]
    [InlineData("i", "(2,3)")]
    [InlineData("...ijk", "(2,3)")]
    public void Einsum_OperandRankDisagreesWithSubscripts_ThrowsShape(string subscripts, string shapes)
    {
        // A shape error, as NumPy's own einsum tests classify it and as the checker reports it.
        Tensor<double>[] operands = [.. ParseShapes(shapes).Select(s => Tensor.Zeros<double>(s))];
        Assert.Throws<ShapeException>(() => Tensor.Einsum(subscripts, operands));
        Assert.Equal(ErrorKind.Shape, Assert.Throws<ShapeCheckException>(() => ShapeChecker.Check($"einsum('{subscripts}', a)", ("a", shapes.Trim('(', ')')))).Kind);
    }

    [Fact]
    public void Einsum_NoOperands_ThrowsInvalidValue() =>
        Assert.Throws<InvalidValueException>(() => Tensor.Einsum<double>("->"));

    [Theory]
    [InlineData("ii", "(2,3)")]
    [InlineData("ii", "(1,3)")]
    [InlineData("ij,jk->ik", "(2,3);(4,2)")]
    [InlineData("i,i", "(2);(3)")]
    [InlineData("...i,...i", "(2,3);(4,3)")]
    [InlineData("bij,bjk->bik", "(2,3,4);(3,4,5)")]
    public void Einsum_MismatchedDimensions_ThrowsShape(string subscripts, string shapes)
    {
        Tensor<double>[] operands = [.. ParseShapes(shapes).Select(s => Tensor.Zeros<double>(s))];
        Assert.Throws<ShapeException>(() => Tensor.Einsum(subscripts, operands));
    }

    [Fact]
    public void EinsumPath_Chain_ContractsTheCheapPairFirst()
    {
        Tensor<double> a = Tensor.Zeros<double>(10, 100), b = Tensor.Zeros<double>(100, 100), c = Tensor.Zeros<double>(100, 1);
        string path = Tensor.EinsumPath("ij,jk,kl->il", a, b, c);
        string[] lines = path.Split('\n');
        Assert.Equal("['einsum_path', (1, 2), (0, 1)]", lines[0]);
        Assert.Contains("  Complete contraction:  ij,jk,kl->il", lines);
        Assert.Contains("         Naive scaling:  4", lines);
        Assert.Contains("     Optimized scaling:  3", lines);
        Assert.Contains("      Naive FLOP count:  4.000e+05", lines);
        Assert.Contains("  Optimized FLOP count:  2.200e+04", lines);
        Assert.Contains(lines, line => line.Contains("jk,kl->jl", StringComparison.Ordinal) && line.Contains("ij,jl->il", StringComparison.Ordinal));
    }

    [Fact]
    public void EinsumPath_EllipsisAndDiagonal_NamesFreeLettersAndPreparation()
    {
        Tensor<float> a = Tensor.Zeros<float>(2, 3, 3), b = Tensor.Zeros<float>(3);
        string path = Tensor.EinsumPath("...ii,i->...", a, b);
        Assert.StartsWith("['einsum_path', (0, 1)]", path, StringComparison.Ordinal);
        Assert.Contains("Complete contraction:  zii,i->z", path, StringComparison.Ordinal);
        Assert.Contains("zii->zi", path, StringComparison.Ordinal);
    }

    [Fact]
    public void EinsumPath_FiveOperands_IsGreedyAndComplete()
    {
        Tensor<double>[] ops = [Tensor.Zeros<double>(3, 4), Tensor.Zeros<double>(4, 5), Tensor.Zeros<double>(5, 2), Tensor.Zeros<double>(2, 6), Tensor.Zeros<double>(6, 3)];
        string first = Tensor.EinsumPath("ij,jk,kl,lm,mn->in", ops).Split('\n')[0];
        Assert.Equal(4, first.Count(c => c == '('));
    }

    [Fact]
    public void Einsum_SixtyFourOperands_PlansAndMatches_SixtyFiveRefused()
    {
        // 1,000 operands used to plan for 44 s; NumPy 2 takes at most 64.
        Tensor<double>[] vectors = [.. Enumerable.Range(0, 64).Select(i => Tensor.Full(i % 2 == 0 ? 1.0 : 0.5, 3, 2))];
        string subscripts = string.Join(",", Enumerable.Repeat("ij", 64)) + "->i";
        Assert.Equal(Enumerable.Repeat(2 * Math.Pow(0.5, 32), 3), Tensor.Einsum(subscripts, vectors).ToArray());
        Tensor<double>[] tooMany = [.. vectors, vectors[0]];
        var error = Assert.Throws<InvalidValueException>(() => Tensor.Einsum(string.Join(",", Enumerable.Repeat("ij", 65)) + "->i", tooMany));
        Assert.Contains("at most 64", error.Message, StringComparison.Ordinal);
    }
}
