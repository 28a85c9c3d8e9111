using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Attention;

/// <summary>
/// One row of an accumulator tile: <see cref="Registers"/> registers side by side. A micro-kernel
/// written over rows exists once for every tile width; the JIT specialises it per row struct and
/// promotes the struct's fields to registers, as if each register were a local of its own.
/// </summary>
/// <typeparam name="TSelf">The row struct itself.</typeparam>
/// <typeparam name="TV">The register type.</typeparam>
internal unsafe interface IRegisterRow<TSelf, TV>
    where TSelf : struct, IRegisterRow<TSelf, TV>
{
    /// <summary>Registers per row.</summary>
    static abstract int Registers { get; }

    /// <summary>Reads <see cref="Registers"/> consecutive registers from <paramref name="source"/>.</summary>
    static abstract TSelf Load<TOps, T>(T* source)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged;

    /// <summary>Writes the registers to <paramref name="destination"/>, consecutively.</summary>
    static abstract void Store<TOps, T>(TSelf row, T* destination)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged;

    /// <summary><c>b·x + acc</c>, register by register (b is one broadcast value).</summary>
    static abstract TSelf Fma<TOps, T>(TV b, TSelf x, TSelf acc)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged;
}

/// <summary>A row of one register.</summary>
internal struct Row1<TV> : IRegisterRow<Row1<TV>, TV>
{
    public TV R0;

    public static int Registers => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Row1<TV> Load<TOps, T>(T* source)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged =>
        new() { R0 = TOps.Load(source) };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store<TOps, T>(Row1<TV> row, T* destination)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged =>
        TOps.Store(row.R0, destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Row1<TV> Fma<TOps, T>(TV b, Row1<TV> x, Row1<TV> acc)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged =>
        new() { R0 = TOps.Fma(b, x.R0, acc.R0) };
}

/// <summary>A row of two registers.</summary>
internal struct Row2<TV> : IRegisterRow<Row2<TV>, TV>
{
    public TV R0, R1;

    public static int Registers => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Row2<TV> Load<TOps, T>(T* source)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged =>
        new() { R0 = TOps.Load(source), R1 = TOps.Load(source + TOps.Count) };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store<TOps, T>(Row2<TV> row, T* destination)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged
    {
        TOps.Store(row.R0, destination);
        TOps.Store(row.R1, destination + TOps.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Row2<TV> Fma<TOps, T>(TV b, Row2<TV> x, Row2<TV> acc)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged =>
        new() { R0 = TOps.Fma(b, x.R0, acc.R0), R1 = TOps.Fma(b, x.R1, acc.R1) };
}

/// <summary>A row of three registers: the widest value tile of four rows that 16 registers hold.</summary>
internal struct Row3<TV> : IRegisterRow<Row3<TV>, TV>
{
    public TV R0, R1, R2;

    public static int Registers => 3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Row3<TV> Load<TOps, T>(T* source)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged
    {
        int w = TOps.Count;
        return new() { R0 = TOps.Load(source), R1 = TOps.Load(source + w), R2 = TOps.Load(source + 2 * w) };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store<TOps, T>(Row3<TV> row, T* destination)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged
    {
        int w = TOps.Count;
        TOps.Store(row.R0, destination);
        TOps.Store(row.R1, destination + w);
        TOps.Store(row.R2, destination + 2 * w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Row3<TV> Fma<TOps, T>(TV b, Row3<TV> x, Row3<TV> acc)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged =>
        new() { R0 = TOps.Fma(b, x.R0, acc.R0), R1 = TOps.Fma(b, x.R1, acc.R1), R2 = TOps.Fma(b, x.R2, acc.R2) };
}

/// <summary>A row of four registers: a whole query block (Br = 4·W) in the score tile.</summary>
internal struct Row4<TV> : IRegisterRow<Row4<TV>, TV>
{
    public TV R0, R1, R2, R3;

    public static int Registers => 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Row4<TV> Load<TOps, T>(T* source)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged
    {
        int w = TOps.Count;
        return new() { R0 = TOps.Load(source), R1 = TOps.Load(source + w), R2 = TOps.Load(source + 2 * w), R3 = TOps.Load(source + 3 * w) };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store<TOps, T>(Row4<TV> row, T* destination)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged
    {
        int w = TOps.Count;
        TOps.Store(row.R0, destination);
        TOps.Store(row.R1, destination + w);
        TOps.Store(row.R2, destination + 2 * w);
        TOps.Store(row.R3, destination + 3 * w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Row4<TV> Fma<TOps, T>(TV b, Row4<TV> x, Row4<TV> acc)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged =>
        new() { R0 = TOps.Fma(b, x.R0, acc.R0), R1 = TOps.Fma(b, x.R1, acc.R1), R2 = TOps.Fma(b, x.R2, acc.R2), R3 = TOps.Fma(b, x.R3, acc.R3) };
}
