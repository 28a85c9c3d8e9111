using BenchmarkDotNet.Attributes;

namespace Batchwise.Bench;

/// <summary>Sums over the last and the first axis of (4096,4096): the inner and the outer reduction strategies.</summary>
[MemoryDiagnoser]
public class ReductionBenchmarks
{
    private Tensor<float> _x = null!;

    [GlobalSetup]
    public void Setup() => _x = Tensor.Rand<float>([4096, 4096], seed: 1);

    [Benchmark]
    public Tensor<float> SumLastAxis() => Tensor.Sum(_x, -1);

    [Benchmark]
    public Tensor<float> SumFirstAxis() => Tensor.Sum(_x, 0);

    [Benchmark]
    public Tensor<float> SumAll() => Tensor.Sum(_x);
}
