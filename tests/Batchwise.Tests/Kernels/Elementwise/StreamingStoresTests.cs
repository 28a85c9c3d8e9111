using System.Numerics;
using System.Runtime.Intrinsics.X86;
using Batchwise.Kernels;
using Batchwise.Kernels.Elementwise;

namespace Batchwise.Tests.Kernels.Elementwise;

/// <summary>
/// Results of 32 MB and more go through streaming (non-temporal) stores on AVX2 and AVX-512; these
/// sizes are the only ones that reach that path, so they are checked element by element.
/// </summary>
public sealed class StreamingStoresTests
{
    [Theory]
    [InlineData(2048, 4096)]   // rows of whole cache lines
    [InlineData(2048, 4097)]   // rows that end mid-line: every other row starts misaligned
    public void Add_LargeFreshBroadcastResult_MatchesElementwiseReference(int rows, int cols)
    {
        var x = Tensor.Rand<float>([rows, cols], seed: 1);
        var v = Tensor.Rand<float>([cols], seed: 2);
        Tensor<float> sum = x + v;
        float[] xs = x.ToArray(), vs = v.ToArray(), result = sum.ToArray();
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                if (result[i * cols + j] != xs[i * cols + j] + vs[j])
                {
                    Assert.Fail($"element ({i}, {j}) is {result[i * cols + j]}, expected {xs[i * cols + j] + vs[j]}");
                }
            }
        }
    }

    [Fact]
    public void Add_LargeReusedMisalignedDestination_MatchesElementwiseReference()
    {
        // A reused destination streams too, and a view one element into its buffer starts every row off a line.
        const int rows = 2048, cols = 4097;
        var x = Tensor.Rand<float>([rows, cols], seed: 4);
        var v = Tensor.Rand<float>([cols], seed: 5);
        Tensor<float> into = Tensor.Full(7f, rows * cols + 1)[1..].Reshape(rows, cols);
        Tensor.Add(x, v, into);
        Tensor.Add(x, v, into); // the second call writes over a destination already written
        float[] xs = x.ToArray(), vs = v.ToArray(), result = into.ToArray();
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                if (result[i * cols + j] != xs[i * cols + j] + vs[j])
                {
                    Assert.Fail($"element ({i}, {j}) is {result[i * cols + j]}, expected {xs[i * cols + j] + vs[j]}");
                }
            }
        }
    }

    [Fact]
    public void SubtractAndDivide_LargeScalarOnTheLeft_MatchElementwiseReference()
    {
        var x = Tensor.Rand<double>([1024, 4099], seed: 6) + 0.5;
        double[] xs = x.ToArray();
        double[] difference = Tensor.Subtract(2.0, x).ToArray();
        Tensor<double> into = Tensor.Zeros<double>(1024, 4099);
        double[] quotient = Tensor.Divide(3.0, x, into).ToArray();
        for (int i = 0; i < xs.Length; i++)
        {
            if (difference[i] != 2.0 - xs[i] || quotient[i] != 3.0 / xs[i])
            {
                Assert.Fail($"element {i}: 2 - x is {difference[i]} (expected {2.0 - xs[i]}), 3 / x is {quotient[i]} (expected {3.0 / xs[i]})");
            }
        }
    }

    [Fact]
    public void Multiply_LargeFreshScalarBroadcast_MatchesElementwiseReference()
    {
        var x = Tensor.Rand<double>([1024, 4099], seed: 3);
        Tensor<double> product = x * Tensor.Scalar(3.0).BroadcastTo(1, 4099);
        double[] xs = x.ToArray(), result = product.ToArray();
        for (int i = 0; i < xs.Length; i++)
        {
            if (result[i] != xs[i] * 3.0)
            {
                Assert.Fail($"element {i} is {result[i]}, expected {xs[i] * 3.0}");
            }
        }
    }
}

/// <summary>
/// The register-form streaming kernel, run directly on every offset of the destination within a
/// register and on lengths around the register width, for each operator that has a register form.
/// </summary>
[Collection("InstructionSet")]
public sealed unsafe class StreamingFromRegistersTests
{
    public static TheoryData<VectorWidth> StreamingWidths() => new(VectorWidth.Vector256, VectorWidth.Vector512);

    [Theory]
    [MemberData(nameof(StreamingWidths))]
    public void BinaryFromRegisters_EveryOffsetAndLength_MatchesScalarOperator(VectorWidth width)
    {
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            Check<float, AddOperator<float>>();
            Check<float, SubtractOperator<float>>();
            Check<float, MultiplyOperator<float>>();
            Check<float, DivideOperator<float>>();
            Check<double, AddOperator<double>>();
            Check<double, DivideOperator<double>>();
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }

    private static void Check<T, TOp>()
        where T : unmanaged, INumberBase<T>
        where TOp : IBinaryOperator<T, T>
    {
        Assert.True(TOp.HasRegisterForm);
        const int Capacity = 160;
        T[] x = new T[Capacity], y = new T[Capacity], d = GC.AllocateArray<T>(Capacity + 64 / sizeof(T), pinned: true);
        for (int i = 0; i < Capacity; i++)
        {
            x[i] = T.CreateChecked(1.5 + i * 0.25);
            y[i] = T.CreateChecked(i % 7 - 3.5);
        }
        fixed (T* px = x, py = y, pd = d)
        {
            int misalignment = (int)((nint)pd & 63) / sizeof(T);
            T* aligned = pd + (misalignment == 0 ? 0 : 64 / sizeof(T) - misalignment);
            foreach ((nint sx, nint sy) in new (nint, nint)[] { (1, 1), (1, 0), (0, 1) })
            {
                for (int offset = 0; offset < 64 / sizeof(T); offset++)
                {
                    foreach (int n in new[] { 0, 1, 7, 8, 15, 16, 17, 31, 33, 64, 65, 130 })
                    {
                        T* into = aligned + offset;
                        new Span<T>(into, n + 1).Fill(T.CreateChecked(-99));
                        StreamingStores.BinaryFromRegisters<T, T, TOp>(px, sx, py, sy, into, n);
                        if (Sse.IsSupported)
                        {
                            Sse.StoreFence();
                        }
                        for (int i = 0; i < n; i++)
                        {
                            T expected = TOp.Invoke(px[i * sx], py[i * sy]);
                            if (!into[i].Equals(expected))
                            {
                                Assert.Fail($"{typeof(TOp).Name}, sx {sx}, sy {sy}, offset {offset}, n {n}: element {i} is {into[i]}, expected {expected}");
                            }
                        }
                        Assert.Equal(T.CreateChecked(-99), into[n]); // nothing written past the run
                    }
                }
            }
        }
    }
}
