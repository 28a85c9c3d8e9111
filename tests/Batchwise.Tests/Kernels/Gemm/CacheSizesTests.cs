using Batchwise.Kernels.Gemm;
using Xunit;

namespace Batchwise.Tests.Kernels.Gemm;

/// <summary>The cache sizes the blocking comes from are real ones: a bogus read (zero, a unit off, a VM's nonsense) fails here.</summary>
public class CacheSizesTests
{
    [Fact]
    public void Sizes_AreThoseOfARealCacheHierarchy()
    {
        Assert.InRange(CacheSizes.L1Data, 8 * 1024, 512 * 1024);
        Assert.InRange(CacheSizes.L2, CacheSizes.L1Data * 2, 64 * 1024 * 1024);
        Assert.InRange(CacheSizes.L3, 1024 * 1024, 64 * 1024 * 1024);
        Assert.Equal(0, CacheSizes.L1Data % 1024);
        Assert.Equal(0, CacheSizes.L2 % 1024);
    }

    [Fact]
    public void Sizes_MatchSysfs_WhereItListsThem()
    {
        const string Root = "/sys/devices/system/cpu/cpu0/cache";
        if (!Directory.Exists(Root))
        {
            return; // nothing to compare with here; the CPUID path is checked by the ranges above
        }

        foreach (string dir in Directory.EnumerateDirectories(Root, "index*"))
        {
            string level = File.ReadAllText(Path.Combine(dir, "level")).Trim();
            string type = File.ReadAllText(Path.Combine(dir, "type")).Trim();
            string size = File.ReadAllText(Path.Combine(dir, "size")).Trim();
            long bytes = long.Parse(size.TrimEnd('K', 'M')) * (size.EndsWith('K') ? 1024 : size.EndsWith('M') ? 1024 * 1024 : 1);
            if (level == "1" && type == "Data")
            {
                Assert.Equal(bytes, CacheSizes.L1Data);
            }
            else if (level == "2" && type == "Unified")
            {
                Assert.Equal(bytes, CacheSizes.L2);
            }
        }
    }
}
