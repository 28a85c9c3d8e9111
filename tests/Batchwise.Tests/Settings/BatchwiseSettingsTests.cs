using Batchwise.Kernels;
using Batchwise.Kernels.Gemm;
using Batchwise.Kernels.Settings;
using Batchwise.Kernels.Threading;
using Xunit;

namespace Batchwise.Tests.Settings;

/// <summary>
/// The settings object: each property reaches the field its kernels read, rejects what it documents,
/// and <see cref="BatchwiseSettings.ReloadFromEnvironment"/> parses the variables as at startup.
/// It runs alone: block sizes and vector widths change other tests' results while set.
/// </summary>
[Collection("Alone")]
public sealed class BatchwiseSettingsTests
{
    [Fact]
    public void Threads_Set_ReachesWorkerPoolClampedToProcessors()
    {
        int saved = BatchwiseSettings.Threads;
        try
        {
            BatchwiseSettings.Threads = 1;
            Assert.Equal(1, WorkerPool.MaxDegree);
            BatchwiseSettings.Threads = 10_000;
            Assert.Equal(Environment.ProcessorCount, BatchwiseSettings.Threads);
        }
        finally
        {
            BatchwiseSettings.Threads = saved;
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Threads_BelowOne_Throws(int threads)
    {
        int saved = BatchwiseSettings.Threads;
        var error = Assert.Throws<InvalidValueException>(() => BatchwiseSettings.Threads = threads);
        Assert.Contains(threads.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.Equal(saved, BatchwiseSettings.Threads);
    }

    [Fact]
    public void GemmBlocks_Set_ReachBlocking()
    {
        (int? kc, int? mc, int? nc) = (BatchwiseSettings.GemmKc, BatchwiseSettings.GemmMc, BatchwiseSettings.GemmNc);
        try
        {
            BatchwiseSettings.GemmKc = 200;
            BatchwiseSettings.GemmMc = 100;
            BatchwiseSettings.GemmNc = 100;
            Assert.Equal(200, Blocking.Kc<float>(16));
            Assert.Equal(96, Blocking.Mc<float>(6, 200));
            Assert.Equal(96, Blocking.Nc(16));
        }
        finally
        {
            BatchwiseSettings.GemmKc = BatchwiseSettings.GemmMc = BatchwiseSettings.GemmNc = null;
        }
        Assert.Null(Blocking.KcOverride);
        Assert.Equal(Math.Max(16, 4096 / 16 * 16), Blocking.Nc(16));
        (BatchwiseSettings.GemmKc, BatchwiseSettings.GemmMc, BatchwiseSettings.GemmNc) = (kc, mc, nc); // as the environment set them
    }

    [Fact]
    public void GemmBlocks_Forced_ProductStillCorrect()
    {
        Tensor<double> a = Tensor.Rand<double>([70, 90], seed: 1), b = Tensor.Rand<double>([90, 50], seed: 2);
        Tensor<double> expected = Tensor.MatMul(a, b);
        (int? kc, int? mc, int? nc) = (BatchwiseSettings.GemmKc, BatchwiseSettings.GemmMc, BatchwiseSettings.GemmNc);
        try
        {
            BatchwiseSettings.GemmKc = 16;
            BatchwiseSettings.GemmMc = 12;
            BatchwiseSettings.GemmNc = 16;
            Tensor<double> actual = Tensor.MatMul(a, b);
            Assert.True(Tensor.AllClose(actual, expected, rtol: 1e-12, atol: 1e-12));
        }
        finally
        {
            (BatchwiseSettings.GemmKc, BatchwiseSettings.GemmMc, BatchwiseSettings.GemmNc) = (kc, mc, nc);
        }
    }

    [Fact]
    public void GemmKc_BelowOne_Throws()
    {
        int? before = BatchwiseSettings.GemmKc; // BATCHWISE_GEMM_KC may have set it
        Assert.Throws<InvalidValueException>(() => BatchwiseSettings.GemmKc = 0);
        Assert.Equal(before, BatchwiseSettings.GemmKc);
    }

    [Fact]
    public void VectorWidth_Set_ClampedToHardware()
    {
        VectorWidth saved = BatchwiseSettings.VectorWidth;
        try
        {
            BatchwiseSettings.VectorWidth = VectorWidth.Scalar;
            Assert.Equal(VectorWidth.Scalar, InstructionSet.Width);
            BatchwiseSettings.VectorWidth = VectorWidth.Vector512;
            Assert.Equal(BatchwiseSettings.HardwareVectorWidth, BatchwiseSettings.VectorWidth);
        }
        finally
        {
            VectorWidths.Restore(saved);
        }
    }

    [Fact]
    public void RecycleBuffers_Set_ReachesBufferRecycling() =>
        AssertSwitchReaches(() => BatchwiseSettings.RecycleBuffers, v => BatchwiseSettings.RecycleBuffers = v,
            () => Batchwise.Tensors.Recycling.BufferRecycling.Enabled);

    [Fact]
    public void HugePages_Set_ReachesTheAdvice() =>
        AssertSwitchReaches(() => BatchwiseSettings.HugePages, v => BatchwiseSettings.HugePages = v,
            () => Batchwise.Tensors.Recycling.HugePages.Enabled);

    [Fact]
    public void TlbEntries_Set_ReachesTheGatherPlan_BelowOneThrows()
    {
        int saved = BatchwiseSettings.TlbEntries; // BATCHWISE_TLB_ENTRIES may have set it
        try
        {
            BatchwiseSettings.TlbEntries = 512;
            Assert.Equal(512, Batchwise.Kernels.Gathering.TlbReach.Entries);
            Assert.Equal(256, Batchwise.Kernels.Gathering.TlbReach.PagesPerWorker);
            Assert.Throws<InvalidValueException>(() => BatchwiseSettings.TlbEntries = 0);
            Assert.Equal(512, BatchwiseSettings.TlbEntries);
        }
        finally
        {
            BatchwiseSettings.TlbEntries = saved;
        }
    }

    [Fact]
    public void ExpressionBlockElements_Set_ReachesTheEvaluator_NegativeThrows()
    {
        int saved = BatchwiseSettings.ExpressionBlockElements; // BATCHWISE_EXPRESSION_BLOCK may have set it
        try
        {
            BatchwiseSettings.ExpressionBlockElements = 4096;
            Assert.Equal(4096, Batchwise.Expressions.BlockedEvaluation.BlockElements);
            BatchwiseSettings.ExpressionBlockElements = 0;
            Assert.Equal(0, Batchwise.Expressions.BlockedEvaluation.BlockElements);
            Assert.Throws<InvalidValueException>(() => BatchwiseSettings.ExpressionBlockElements = -1);
            Assert.Equal(0, BatchwiseSettings.ExpressionBlockElements);
        }
        finally
        {
            BatchwiseSettings.ExpressionBlockElements = saved;
        }
    }

    /// <summary>Flips an on/off setting and checks that the component it drives sees the new value; restores it.</summary>
    private static void AssertSwitchReaches(Func<bool> get, Action<bool> set, Func<bool> seen)
    {
        bool saved = get();
        try
        {
            set(!saved);
            Assert.Equal(!saved, seen());
        }
        finally
        {
            set(saved);
        }
    }

    [Theory]
    [InlineData("scalar", VectorWidth.Scalar)]
    [InlineData(" V128 ", VectorWidth.Vector128)]
    [InlineData("avx2", VectorWidth.Vector256)]
    [InlineData("vector512", VectorWidth.Vector512)]
    [InlineData("fast", null)]
    [InlineData(null, null)]
    public void ParseWidth_IsaNames_AsDocumented(string? text, VectorWidth? expected) =>
        Assert.Equal(expected, EnvironmentSettings.ParseWidth(text));

    [Fact]
    public void ReloadFromEnvironment_Variables_AppliedAndRestored()
    {
        string[] names = ["BATCHWISE_THREADS", "BATCHWISE_GEMM_KC", "BATCHWISE_GEMM_MC", "BATCHWISE_GEMM_NC", "BATCHWISE_RECYCLE", "BATCHWISE_HUGE_PAGES", "BATCHWISE_ISA", "BATCHWISE_TLB_ENTRIES", "BATCHWISE_EXPRESSION_BLOCK"];
        string?[] saved = [.. names.Select(Environment.GetEnvironmentVariable)];
        VectorWidth savedWidth = BatchwiseSettings.VectorWidth;
        try
        {
            Environment.SetEnvironmentVariable("BATCHWISE_THREADS", "1");
            Environment.SetEnvironmentVariable("BATCHWISE_GEMM_KC", "128");
            Environment.SetEnvironmentVariable("BATCHWISE_GEMM_MC", "-4");
            Environment.SetEnvironmentVariable("BATCHWISE_GEMM_NC", "abc");
            Environment.SetEnvironmentVariable("BATCHWISE_RECYCLE", "0");
            Environment.SetEnvironmentVariable("BATCHWISE_HUGE_PAGES", "0");
            Environment.SetEnvironmentVariable("BATCHWISE_ISA", "scalar");
            Environment.SetEnvironmentVariable("BATCHWISE_TLB_ENTRIES", "512");
            Environment.SetEnvironmentVariable("BATCHWISE_EXPRESSION_BLOCK", "0");
            BatchwiseSettings.ReloadFromEnvironment();
            Assert.Equal(1, BatchwiseSettings.Threads);
            Assert.Equal(128, BatchwiseSettings.GemmKc);
            Assert.Null(BatchwiseSettings.GemmMc);
            Assert.Null(BatchwiseSettings.GemmNc);
            Assert.False(BatchwiseSettings.RecycleBuffers);
            Assert.False(BatchwiseSettings.HugePages);
            Assert.Equal(VectorWidth.Scalar, BatchwiseSettings.VectorWidth);
            Assert.Equal(512, BatchwiseSettings.TlbEntries);
            Assert.Equal(0, BatchwiseSettings.ExpressionBlockElements);
        }
        finally
        {
            for (int i = 0; i < names.Length; i++)
            {
                Environment.SetEnvironmentVariable(names[i], saved[i]);
            }
            BatchwiseSettings.ReloadFromEnvironment();
            VectorWidths.Restore(savedWidth);
        }
        Assert.Equal(EnvironmentSettings.Read().Threads, BatchwiseSettings.Threads);
        Assert.Equal(EnvironmentSettings.Read().TlbEntries ?? Batchwise.Kernels.Gathering.TlbReach.Detected, BatchwiseSettings.TlbEntries);
        Assert.Equal(EnvironmentSettings.Read().ExpressionBlock ?? Batchwise.Expressions.BlockedEvaluation.DefaultBlockElements, BatchwiseSettings.ExpressionBlockElements);
    }
}
