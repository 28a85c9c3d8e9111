using Batchwise.NN;
using BenchmarkDotNet.Attributes;

namespace Batchwise.Bench;

/// <summary>Softmax and attention targets of issue #5.</summary>
[MemoryDiagnoser]
public class AttentionBenchmarks
{
    private Tensor<float> _x = null!, _q = null!, _k = null!, _v = null!;

    [GlobalSetup]
    public void Setup()
    {
        _x = Tensor.Rand<float>([4096, 4096], seed: 1);
        _q = Tensor.Rand<float>([8, 8, 512, 64], seed: 2);
        _k = Tensor.Rand<float>([8, 8, 512, 64], seed: 3);
        _v = Tensor.Rand<float>([8, 8, 512, 64], seed: 4);
    }

    [Benchmark]
    public Tensor<float> Softmax4096() => Functional.Softmax(_x, -1);

    [Benchmark]
    public Tensor<float> Attention() => Functional.ScaledDotProductAttention(_q, _k, _v);

    [Benchmark]
    public Tensor<float> AttentionCausal() => Functional.ScaledDotProductAttention(_q, _k, _v, isCausal: true);
}
