namespace Batchwise.Bench;

/// <summary>
/// The input generator of shared/bench/workloads.json ("portable_uniform"): an integer hash of the flat
/// index and the input's 1-based position, so C# rebuilds NumPy's inputs bit for bit.
/// </summary>
internal static class PortableUniform
{
    public static double At(long index, int seed)
    {
        uint x = unchecked((uint)(index + (long)seed * 0x9E3779B9L));
        x ^= x >> 16;
        x = unchecked(x * 0x7FEB352Du);
        x ^= x >> 15;
        x = unchecked(x * 0x846CA68Bu);
        x ^= x >> 16;
        return x * Math.Pow(2, -31) - 1;
    }

    public static double[] Fill(int count, int seed)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = At(i, seed);
        }
        return values;
    }
}
