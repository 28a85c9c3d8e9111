using BenchmarkDotNet.Attributes;

namespace Batchwise.Bench;

/// <summary>The matmul family's targets of issue #4.</summary>
[MemoryDiagnoser]
public class MatMulBenchmarks
{
    private Tensor<float> _a1024 = null!, _b1024 = null!, _s3a = null!, _s3b = null!, _s4a = null!, _s4b = null!, _shared4 = null!;
    private Tensor<float> _dotA = null!, _dotB = null!, _x = null!, _w = null!, _bias = null!, _m4a = null!, _m4b = null!;
    private Tensor<float> _v4096 = null!, _w4096 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _a1024 = Tensor.Rand<float>([1024, 1024], seed: 1);
        _b1024 = Tensor.Rand<float>([1024, 1024], seed: 2);
        _s3a = Tensor.Rand<float>([100000, 3, 3], seed: 3);
        _s3b = Tensor.Rand<float>([100000, 3, 3], seed: 4);
        _s4a = Tensor.Rand<float>([100000, 4, 4], seed: 5);
        _s4b = Tensor.Rand<float>([100000, 4, 4], seed: 6);
        _shared4 = Tensor.Rand<float>([4, 4], seed: 7);
        _dotA = Tensor.Rand<float>([80, 20, 64], seed: 8);
        _dotB = Tensor.Rand<float>([80, 20, 64], seed: 9);
        _x = Tensor.Rand<float>([256, 512], seed: 10);
        _w = Tensor.Rand<float>([1024, 512], seed: 11);
        _bias = Tensor.Rand<float>([1024], seed: 12);
        _m4a = Tensor.Rand<float>([4, 4], seed: 13);
        _m4b = Tensor.Rand<float>([4, 4], seed: 14);
        _v4096 = Tensor.Rand<float>([4096], seed: 15);
        _w4096 = Tensor.Rand<float>([4096, 4096], seed: 16);
    }

    [Benchmark]
    public Tensor<float> Sgemm1024() => Tensor.MatMul(_a1024, _b1024);

    [Benchmark]
    public Tensor<float> Stack3x3() => Tensor.MatMul(_s3a, _s3b);

    [Benchmark]
    public Tensor<float> Stack4x4() => Tensor.MatMul(_s4a, _s4b);

    [Benchmark]
    public Tensor<float> Stack4x4Shared() => Tensor.MatMul(_s4a, _shared4);

    [Benchmark]
    public Tensor<float> BatchedDotMatMulForm() =>
        Tensor.MatMul(_dotA[TensorIndex.Ellipsis, TensorIndex.NewAxis, ..], _dotB[TensorIndex.Ellipsis, TensorIndex.NewAxis]).Squeeze();

    [Benchmark]
    public Tensor<float> BatchedDotMulSumForm() => Tensor.Sum(_dotA * _dotB, -1);

    [Benchmark]
    public Tensor<float> LinearLayer() => NN.Functional.Linear(_x, _w, _bias);

    [Benchmark]
    public Tensor<float> OneSmallProduct() => Tensor.MatMul(_m4a, _m4b);

    /// <summary>Batch-1 inference: one 64 MB matrix streamed from memory (DotBlock8V256.DotsInterleaved).</summary>
    [Benchmark]
    public Tensor<float> WideGemv() => Tensor.MatMul(_w4096, _v4096);

    /// <summary>The same matrix from the left (DirectKernels.RowStreamed256).</summary>
    [Benchmark]
    public Tensor<float> WideVectorMatrix() => Tensor.MatMul(_v4096, _w4096);
}
