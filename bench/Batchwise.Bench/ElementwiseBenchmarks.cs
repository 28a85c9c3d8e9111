using BenchmarkDotNet.Attributes;

namespace Batchwise.Bench;

/// <summary>Broadcast add (4096,4096) + (4096,) allocating and into a given tensor, and the 1-element call overhead.</summary>
[MemoryDiagnoser]
public class ElementwiseBenchmarks
{
    private Tensor<float> _x = null!, _v = null!, _out = null!, _a1 = null!, _b1 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _x = Tensor.Rand<float>([4096, 4096], seed: 1);
        _v = Tensor.Rand<float>([4096], seed: 2);
        _out = Tensor.Zeros<float>(4096, 4096);
        _a1 = Tensor.Rand<float>([1], seed: 3);
        _b1 = Tensor.Rand<float>([1], seed: 4);
    }

    [Benchmark]
    public Tensor<float> AddBroadcastAllocating() => _x + _v;

    [Benchmark]
    public Tensor<float> AddBroadcastInto() => Tensor.Add(_x, _v, _out);

    [Benchmark]
    public Tensor<float> AddOneElement() => _a1 + _b1;

    [Benchmark]
    public Tensor<float> ViewChain() => _x[TensorIndex.Ellipsis, TensorIndex.NewAxis].MT.Squeeze(-2);
}
