using Batchwise.Kernels;
using Batchwise.Kernels.Gathering;
using Batchwise.Kernels.Gemm;
using Batchwise.Kernels.Settings;
using Batchwise.Kernels.Threading;
using HugePageAdvice = Batchwise.Tensors.Recycling.HugePages;
using Recycling = Batchwise.Tensors.Recycling.BufferRecycling;

namespace Batchwise;

/// <summary>
/// The process-wide knobs of Batchwise in one place: threads, vector width, GEMM block sizes, buffer
/// recycling, huge pages, the TLB size gathers plan with and the block size of expressions. Each
/// starts from its environment variable, read once when the process first uses the library, and can
/// be changed from code at any time between operations.
/// </summary>
/// <remarks>
/// The values live in plain static fields that the kernels read directly, so a setting costs nothing per
/// call. Changing one while another thread is inside an operation is safe for <see cref="Threads"/> and
/// <see cref="RecycleBuffers"/> (the running operation may still use the old value) but not for
/// <see cref="VectorWidth"/> or the block sizes, which a running kernel may read twice.
/// </remarks>
public static class BatchwiseSettings
{
    /// <summary>
    /// The most threads one operation uses, the calling thread included (<c>BATCHWISE_THREADS</c>).
    /// Every parallel operation (GEMM, element-wise, reductions, softmax, attention, sorting, batched
    /// linear algebra) runs on one shared worker pool that honours it, so 1 makes every operation run on
    /// the calling thread alone.
    /// </summary>
    /// <value>Default: <see cref="Environment.ProcessorCount"/>. A value above it is clamped to it.</value>
    /// <exception cref="InvalidValueException">The value set is below 1.</exception>
    public static int Threads
    {
        get => WorkerPool.MaxDegree;
        set
        {
            if (value < 1)
            {
                ThrowHelper.Value($"BatchwiseSettings.Threads must be at least 1, got {value}");
            }
            WorkerPool.MaxDegree = Math.Min(value, Environment.ProcessorCount);
        }
    }

    /// <summary>
    /// The widest vector path the kernels take (<c>BATCHWISE_ISA</c> = <c>scalar</c>, <c>v128</c>,
    /// <c>v256</c> or <c>v512</c>). Narrowing it lets one machine test every path; results may differ in
    /// the last bits between paths because sums are grouped differently.
    /// </summary>
    /// <value>
    /// Default: <see cref="HardwareVectorWidth"/>. A width above it is clamped to it, so reading back
    /// after a set gives the width actually used.
    /// </value>
    public static VectorWidth VectorWidth
    {
        get => InstructionSet.Width;
        set => InstructionSet.Force(value);
    }

    /// <summary>The widest vector path this machine accelerates.</summary>
    public static VectorWidth HardwareVectorWidth => InstructionSet.Hardware;

    /// <summary>
    /// Forces GEMM's depth block KC, the rows of a packed B panel kept near L1 (<c>BATCHWISE_GEMM_KC</c>);
    /// for tuning on a new machine. Null: derived from the L1 size.
    /// </summary>
    /// <exception cref="InvalidValueException">The value set is not null and below 1.</exception>
    public static int? GemmKc
    {
        get => Blocking.KcOverride;
        set => Blocking.KcOverride = CheckBlock(value, nameof(GemmKc));
    }

    /// <summary>
    /// Forces GEMM's row block MC, the rows of a packed A block kept in L2 (<c>BATCHWISE_GEMM_MC</c>),
    /// rounded down to a multiple of the micro-kernel's rows; for tuning. Null: derived from the L2 size.
    /// </summary>
    /// <exception cref="InvalidValueException">The value set is not null and below 1.</exception>
    public static int? GemmMc
    {
        get => Blocking.McOverride;
        set => Blocking.McOverride = CheckBlock(value, nameof(GemmMc));
    }

    /// <summary>
    /// Forces GEMM's column block NC, the columns of a packed B panel kept in L3 (<c>BATCHWISE_GEMM_NC</c>),
    /// rounded down to a multiple of the micro-kernel's columns; for tuning. Null: 4096.
    /// </summary>
    /// <exception cref="InvalidValueException">The value set is not null and below 1.</exception>
    public static int? GemmNc
    {
        get => Blocking.NcOverride;
        set => Blocking.NcOverride = CheckBlock(value, nameof(GemmNc));
    }

    /// <summary>
    /// Whether the arrays of dead large tensors are reused for new ones instead of fresh memory
    /// (<c>BATCHWISE_RECYCLE=0</c> turns it off). Off, every large tensor gets a new array from the runtime.
    /// </summary>
    /// <value>Default: true.</value>
    public static bool RecycleBuffers
    {
        get => Recycling.Enabled;
        set => Recycling.Enabled = value;
    }

    /// <summary>
    /// Whether buffers of 4 MB and more are advised to Linux for 2 MB pages (transparent huge pages), as
    /// NumPy does (<c>BATCHWISE_HUGE_PAGES=0</c> turns it off). Gathers over large tables then miss the
    /// TLB far less, and fresh results fault in 2 MB at a time. Applies to buffers allocated afterwards;
    /// nothing happens on other systems or where the kernel has no huge pages.
    /// </summary>
    /// <value>Default: true.</value>
    public static bool HugePages
    {
        get => HugePageAdvice.Enabled;
        set => HugePageAdvice.Enabled = value;
    }

    /// <summary>
    /// The entries of one core's second-level data TLB for 4 KiB pages (<c>BATCHWISE_TLB_ENTRIES</c>),
    /// which gathers plan with: one that reads a page per element (an entry picked from each long row)
    /// splits across cores once its pages outnumber half of them. For a machine whose CPUID misreports.
    /// </summary>
    /// <value>Default: what CPUID reports (AMD's leaf 0x80000006, Intel's 0x18), 4,096 where it reports nothing.</value>
    /// <exception cref="InvalidValueException">The value set is below 1.</exception>
    public static int TlbEntries
    {
        get => TlbReach.Entries;
        set
        {
            if (value < 1)
            {
                ThrowHelper.Value($"BatchwiseSettings.TlbEntries must be at least 1, got {value}");
            }
            TlbReach.Entries = value;
        }
    }

    /// <summary>
    /// The elements of one block when an expression runs block by block (<c>BATCHWISE_EXPRESSION_BLOCK</c>):
    /// <see cref="Expressions.Expression"/> evaluates a chain of element-wise steps, slices, joins,
    /// reductions along given axes and stacked matrix products over a result of a million elements or
    /// more one block of the result at a time, so its temporaries stay in cache instead of streaming
    /// through memory. 0 evaluates every expression whole, step by step.
    /// </summary>
    /// <value>Default: 16,384.</value>
    /// <exception cref="InvalidValueException">The value set is negative.</exception>
    public static int ExpressionBlockElements
    {
        get => Expressions.BlockedEvaluation.BlockElements;
        set
        {
            if (value < 0)
            {
                ThrowHelper.Value($"BatchwiseSettings.ExpressionBlockElements must be at least 0, got {value}");
            }
            Expressions.BlockedEvaluation.BlockElements = value;
        }
    }

    /// <summary>
    /// Reads every setting's environment variable again and applies it, as at startup: for a host that
    /// changes the variables in-process (a benchmark switching block sizes between rounds).
    /// </summary>
    public static void ReloadFromEnvironment()
    {
        EnvironmentSettings read = EnvironmentSettings.Read();
        WorkerPool.MaxDegree = read.Threads;
        InstructionSet.Force(read.VectorWidth ?? VectorWidth.Vector512);
        Blocking.KcOverride = read.GemmKc;
        Blocking.McOverride = read.GemmMc;
        Blocking.NcOverride = read.GemmNc;
        Recycling.Enabled = read.RecycleBuffers;
        HugePageAdvice.Enabled = read.HugePages;
        TlbReach.Entries = read.TlbEntries ?? TlbReach.Detected;
        Expressions.BlockedEvaluation.BlockElements = read.ExpressionBlock ?? Expressions.BlockedEvaluation.DefaultBlockElements;
    }

    private static int? CheckBlock(int? value, string name)
    {
        if (value < 1)
        {
            ThrowHelper.Value($"BatchwiseSettings.{name} must be null or at least 1, got {value}");
        }
        return value;
    }
}
