namespace Batchwise.Kernels.Iteration;

/// <summary>
/// How <c>count</c> items of work (batch items, blocks of a product) are cut into parts for the
/// <see cref="Threading.WorkerPool"/>, which hands part 0 to the caller, part 1 to the first worker
/// and the rest to whichever thread is free first, in order.
/// </summary>
/// <remarks>
/// <para><see cref="Equal"/>: parts of one size; one per thread for short calls, so that repeated
/// calls find each half still in the same core's L2.</para>
/// <para><see cref="Guided"/> (guided self-scheduling): each part takes a 2 x threads-th of the items
/// still left, no fewer than a minimum, so the threads start on large parts and end on small ones and
/// finish close together even when one of them runs slower (as a virtual core sharing its host often does).</para>
/// <para>With <c>align</c> 16, part boundaries fall on multiples of 16 items, so that kernels that run
/// 16 items at a time (dots, small matrices) see whole blocks.</para>
/// </remarks>
internal readonly struct WorkParts(long count, int parts, int threads, long minItems, long align, bool guided)
{
    /// <summary>The number of parts.</summary>
    public int Count => parts;

    /// <summary><paramref name="parts"/> parts of about the same size (the last one takes the remainder).</summary>
    public static WorkParts Equal(long count, int parts, long align = 1)
    {
        Validate(count, align);
        return new WorkParts(count, (int)Math.Clamp(parts, 1, count), threads: 1, minItems: 1, align, guided: false);
    }

    /// <summary>Parts that shrink from a 2 x <paramref name="threads"/>-th of the batch down to <paramref name="minItems"/> items.</summary>
    public static WorkParts Guided(long count, int threads, long minItems, long align = 1)
    {
        Validate(count, align);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minItems, 1);
        long smallest = Math.Max(minItems, align);
        var sizing = new WorkParts(count, 0, threads, smallest, align, guided: true);
        int parts = 0;
        for (long start = 0; start < count; start = sizing.End(start))
        {
            parts++;
        }

        return new WorkParts(count, parts, threads, smallest, align, guided: true);
    }

    /// <summary>The items [Start, End) of part <paramref name="part"/>.</summary>
    public (long Start, long End) Range(int part)
    {
        if (!guided)
        {
            long mask = ~(align - 1);
            long start = count * part / parts & mask;
            long end = part + 1 == parts ? count : count * (part + 1) / parts & mask;
            return (start, end);
        }

        long s = 0;
        for (int p = 0; p < part; p++)
        {
            s = End(s);
        }

        return (s, End(s));
    }

    /// <summary>The end of the guided part that starts at <paramref name="start"/>.</summary>
    private long End(long start)
    {
        long left = count - start;
        long share = (left + 2 * threads - 1) / (2 * threads);
        long size = Math.Max(minItems, (share + align - 1) / align * align);
        return Math.Min(count, start + size);
    }

    private static void Validate(long count, long align)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (align < 1 || (align & (align - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(align), align, "The alignment must be a power of two.");
        }
    }
}
