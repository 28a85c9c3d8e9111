namespace Batchwise.Tests.Tensors;

/// <summary>
/// Factories. The pinned random numbers were computed by an independent Python transcription of
/// SplitMix64 + xoshiro256** (53-bit doubles, Box–Muller with the cosine first), so a change of
/// generator, seeding or conversion shows up here.
/// </summary>
public class FactoryTests
{
    [Fact]
    public void Rand_Seed42_GivesThePinnedNumbers()
    {
        Assert.Equal([0.08386297105988216, 0.3789802506626686, 0.6800434110281394, 0.9246929453253876], Tensor.Rand<double>([4], seed: 42).ToArray());
        Assert.Equal([1.8023059287187584, 0.11500491789513712, 2.358509847505679], Tensor.Rand<double>([3], seed: 7, low: -1, high: 3).ToArray());
        Assert.Equal((float)0.08386297105988216, Tensor.Rand<float>([1], seed: 42).ToScalar());
    }

    [Fact]
    public void Randn_Seed42_GivesThePinnedNumbers()
    {
        double[] expected = [-0.303263064678738, 0.28846173882942383, 1.3438117634372806, -0.6879751798977497];
        double[] actual = Tensor.Randn<double>([2, 2], seed: 42).ToArray();
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-15);
        }
    }

    [Fact]
    public void Rand_SameSeed_SameNumbersAndDifferentSeedDifferentNumbers()
    {
        Assert.Equal(Tensor.Rand<float>([5, 7], seed: 9).ToArray(), Tensor.Rand<float>([5, 7], seed: 9).ToArray());
        Assert.NotEqual(Tensor.Rand<float>([5, 7], seed: 9).ToArray(), Tensor.Rand<float>([5, 7], seed: 10).ToArray());
        Assert.Equal(Tensor.Randn<double>([11], seed: 1).ToArray(), Tensor.Randn<double>([11], seed: 1).ToArray());
        float[] uniform = Tensor.Rand<float>([100_000], seed: 5, low: 2, high: 3).ToArray();
        Assert.All(uniform, v => Assert.True(v >= 2 && v < 3));
        Assert.InRange(uniform.Average(), 2.49, 2.51);
        double[] normal = Tensor.Randn<double>([100_000], seed: 5).ToArray();
        Assert.InRange(normal.Average(), -0.02, 0.02);
        Assert.InRange(Math.Sqrt(normal.Select(v => v * v).Average()), 0.98, 1.02);
        Assert.Equal([2.0, 2.0], Tensor.Rand<double>([2], seed: 1, low: 2, high: 2).ToArray());
    }

    [Fact]
    public void Arange_StartStopStep_MatchesNumPy()
    {
        Assert.Equal([0, 1, 2, 3, 4], Tensor.Arange(5).ToArray());
        Assert.Equal([10, 7, 4, 1], Tensor.Arange(10, 0, -3).ToArray());
        Assert.Equal([0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9], Tensor.Arange(0.0, 1.0, 0.1).ToArray());
        Assert.Empty(Tensor.Arange(5, 1, 1).ToArray());
        Assert.Empty(Tensor.Arange(0).ToArray());
        Assert.Equal("arange: step must not be zero", Assert.Throws<InvalidValueException>(() => Tensor.Arange(0, 5, 0)).Message);
    }

    [Fact]
    public void Linspace_EndpointAndCount_MatchNumPy()
    {
        Assert.Equal([0.0, 0.16666666666666666, 0.3333333333333333, 0.5, 0.6666666666666666, 0.8333333333333333, 1.0], Tensor.Linspace(0.0, 1.0, 7).ToArray());
        Assert.Equal([2.0, 2.25, 2.5, 2.75], Tensor.Linspace(2.0, 3.0, 4, endpoint: false).ToArray());
        Assert.Equal([5.0], Tensor.Linspace(5.0, 9.0, 1).ToArray());
        Assert.Empty(Tensor.Linspace(0.0, 1.0, 0).ToArray());
        Assert.Throws<InvalidValueException>(() => Tensor.Linspace(0.0, 1.0, -1));
    }

    [Fact]
    public void Eye_DiagonalOffsets_MatchNumPy()
    {
        Assert.Equal([1.0, 0, 0, 0, 1, 0, 0, 0, 1], Tensor.Eye<double>(3).ToArray());
        Assert.Equal([0.0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], Tensor.Eye<double>(3, 4, k: 1).ToArray());
        Assert.Equal([0f, 0, 0, 1, 0, 0, 0, 1, 0], Tensor.Eye<float>(3, k: -1).ToArray());
        Assert.Equal([0, 0], Tensor.Eye<float>(0).Shape.ToArray());
    }

    [Fact]
    public void FromArray_FlatAndMultiDimensional_KeepRowMajorOrder()
    {
        double[,,] cube = { { { 1, 2 }, { 3, 4 }, { 5, 6 } }, { { 7, 8 }, { 9, 10 }, { 11, 12 } } };
        Tensor<double> t = Tensor.FromArray<double>(cube);
        Assert.Equal([2, 3, 2], t.Shape.ToArray());
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (double)i), t.ToArray());
        Assert.Equal(10.0, t.GetItem(1, 1, 1));
        Assert.Equal([0, 3], Tensor.FromArray<float>(new float[0, 3]).Shape.ToArray());
        Assert.Throws<InvalidValueException>(() => Tensor.FromArray<float>(cube));

        int[] data = [1, 2, 3, 4, 5, 6];
        Tensor<int> m = Tensor.FromArray(data, 3, 2);
        Assert.Equal(4, m.GetItem(1, 1));
        data[3] = 40; // not copied
        Assert.Equal(40, m.GetItem(1, 1));
        Assert.Equal([6], Tensor.FromArray(data).Shape.ToArray());
        Assert.Equal(0, Tensor.FromArray([3.0]).Rank);
        Assert.Equal("cannot make an array of shape (4,) from 6 elements", Assert.Throws<ShapeException>(() => Tensor.FromArray(data, 4)).Message);
    }

    [Fact]
    public void ZerosOnesFullEmptyScalar_HaveTheirShapesAndValues()
    {
        Assert.Equal(new double[6], Tensor.Zeros<double>(2, 3).ToArray());
        Assert.Equal([1f, 1f], Tensor.Ones<float>(2).ToArray());
        Assert.Equal([7L, 7L, 7L], Tensor.Full(7L, 3).ToArray());
        Assert.Equal([4, 0], Tensor.Empty<float>(4, 0).Shape.ToArray());
        Tensor<bool> scalar = Tensor.Scalar(true);
        Assert.Equal(0, scalar.Rank);
        Assert.Equal(1, scalar.Size);
        Assert.True(scalar.ToScalar());
        Assert.Equal("float32", Tensor<float>.DTypeName);
        Assert.Equal("int64", Tensor<long>.DTypeName);
        Assert.Equal("(2,3)", Tensor.Zeros<int>(2, 3).ShapeString);
        Assert.Throws<InvalidValueException>(() => Tensor.Zeros<double>(2, -1));
    }

    [Fact]
    public void Closeness_IsCloseAllCloseArrayEqual_FollowNumPy()
    {
        Tensor<double> a = Tensor.FromArray([1.0, double.NaN, double.PositiveInfinity, 1e-9], 4);
        Tensor<double> b = Tensor.FromArray([1.0 + 1e-6, double.NaN, double.PositiveInfinity, 0.0], 4);
        Assert.Equal([true, false, true, true], Tensor.IsClose(a, b).ToArray());
        Assert.Equal([true, true, true, true], Tensor.IsClose(a, b, equalNan: true).ToArray());
        Assert.False(Tensor.AllClose(a, b));
        Assert.True(Tensor.AllClose(a, b, equalNan: true));
        Assert.False(Tensor.AllClose(Tensor.FromArray([1.0], 1), Tensor.FromArray([1.1], 1)));
        Assert.True(Tensor.AllClose(Tensor.FromArray([1.0], 1), Tensor.FromArray([1.1], 1), rtol: 0.1));
        Assert.False(Tensor.AllClose(Tensor.FromArray([double.PositiveInfinity], 1), Tensor.FromArray([double.NegativeInfinity], 1)));
        Assert.True(Tensor.AllClose(Tensor.Ones<double>(2, 3), Tensor.Ones<double>(3)));
        Assert.Throws<ShapeException>(() => Tensor.AllClose(Tensor.Ones<double>(2), Tensor.Ones<double>(3)));
        Assert.True(Tensor.ArrayEqual(Tensor.Arange(3), Tensor.FromArray([0, 1, 2], 3)));
        Assert.False(Tensor.ArrayEqual(Tensor.Arange(3), Tensor.Arange(3).Reshape(3, 1)));
        Assert.False(Tensor.ArrayEqual(a, a));
        Assert.True(Tensor.ArrayEqual(a, a, equalNan: true));
    }
}
