using System.Diagnostics;
using System.Text.Json;
using Batchwise.IO;
using Xunit.Abstractions;

namespace Batchwise.Tests.IO;

/// <summary>
/// Files Batchwise writes, loaded by real NumPy through /usr/bin/python3. Where NumPy is absent the test
/// passes with a note in its output saying it checked nothing (xunit 2 has no runtime skip).
/// </summary>
public class NumPyCompatibilityTests(ITestOutputHelper output)
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import json, sys
        import numpy as np
        out = {}
        for path in sys.argv[1:]:
            if path.endswith('.npz'):
                with np.load(path) as z:
                    for k in z.files:
                        a = z[k]
                        out[path + ':' + k] = [a.dtype.str, list(a.shape), [repr(float(x)) for x in a.reshape(-1).tolist()]]
            else:
                a = np.load(path, allow_pickle=False)
                out[path] = [a.dtype.str, list(a.shape), [repr(float(x)) for x in a.reshape(-1).tolist()], bool(a.flags.f_contiguous and not a.flags.c_contiguous)]
        print(json.dumps(out))
        """;

    [Fact]
    public void Save_EveryTypeAndOrder_LoadsInNumPy()
    {
        if (!NumPyAvailable(out string why))
        {
            output.WriteLine($"NOT CHECKED: NumPy is not available ({why}); install python3-numpy to run this test.");
            return;
        }
        string folder = Path.Combine(Path.GetTempPath(), $"bw-numpy-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var expected = new Dictionary<string, (string Descr, int[] Shape, double[] Values, bool Fortran)>();
            void Add<T>(string name, Tensor<T> tensor, string descr, Func<T, double> toDouble) where T : unmanaged
            {
                string path = Path.Combine(folder, name);
                Npy.Save(path, tensor);
                bool fortran = !tensor.IsContiguous && tensor.Rank >= 2 && tensor.Transpose().IsContiguous;
                expected[path] = (descr, tensor.Shape.ToArray(), tensor.ToArray().Select(toDouble).ToArray(), fortran);
            }
            Add("f4.npy", Tensor.Arange(-1f, 5f, 0.5f).Reshape(3, 4), "<f4", x => x);
            Add("f4t.npy", Tensor.Arange(-1f, 5f, 0.5f).Reshape(3, 4).T, "<f4", x => x);
            Add("f8.npy", Tensor.FromArray([double.NegativeInfinity, -0.0, 1e-300, 1.0 / 3]), "<f8", x => x);
            Add("f8t3.npy", Tensor.Arange(0.0, 24.0, 1.0).Reshape(2, 3, 4).Transpose(), "<f8", x => x);
            Add("i4.npy", Tensor.FromArray([int.MinValue, -1, 0, int.MaxValue], 2, 2), "<i4", x => x);
            Add("i8.npy", Tensor.FromArray([-(1L << 40), 7L, 1L << 50]), "<i8", x => x);
            Add("b1.npy", Tensor.FromArray([true, false, true]), "|b1", x => x ? 1 : 0);
            Add("f2.npy", Tensor.FromArray([(Half)0.5, Half.MaxValue, (Half)(-3)]), "<f2", x => (double)x);
            Add("scalar.npy", Tensor.Scalar(4.25), "<f8", x => x);
            Add("empty.npy", Tensor.Zeros<float>(0, 5), "<f4", x => x);
            Add("view.npy", Tensor.Arange(0, 12, 1).Reshape(3, 4).Transpose(1, 0).Reshape(2, 6), "<i4", x => x);
            string npz = Path.Combine(folder, "mixed.npz");
            using (NpzWriter writer = Npz.Create(npz, compressed: true))
            {
                writer.Add("a", Tensor.Arange(0f, 6f, 1f).Reshape(2, 3)).Add("b", Tensor.FromArray([true, false]));
            }

            string json = RunPython([.. expected.Keys, npz]);
            using JsonDocument result = JsonDocument.Parse(json);
            foreach (var (path, want) in expected)
            {
                JsonElement got = result.RootElement.GetProperty(path);
                Assert.Equal(want.Descr, got[0].GetString());
                Assert.Equal(want.Shape, got[1].EnumerateArray().Select(d => d.GetInt32()).ToArray());
                Assert.Equal(want.Values, got[2].EnumerateArray().Select(Number).ToArray());
                Assert.Equal(want.Fortran, got[3].GetBoolean());
            }
            Assert.Equal([0.0, 1, 2, 3, 4, 5], result.RootElement.GetProperty(npz + ":a")[2].EnumerateArray().Select(Number));
            Assert.Equal("|b1", result.RootElement.GetProperty(npz + ":b")[0].GetString());
            output.WriteLine($"NumPy loaded {expected.Count} .npy files and one .npz written by Batchwise.");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Python's repr of a float ('inf', '-inf', 'nan', '1e-300') as a double.</summary>
    private static double Number(JsonElement value) => value.GetString() switch
    {
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" => double.NaN,
        string s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture),
        null => throw new InvalidDataException("null value"),
    };

    private static bool NumPyAvailable(out string why)
    {
        if (!File.Exists(Python))
        {
            why = $"{Python} does not exist";
            return false;
        }
        try
        {
            using Process process = Start(["-c", "import numpy"]);
            process.WaitForExit(30_000);
            why = process.StandardError.ReadToEnd().Trim();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            why = e.Message;
            return false;
        }
    }

    private static string RunPython(string[] files)
    {
        using Process process = Start(["-c", Script, .. files]);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "python timed out");
        Assert.True(process.ExitCode == 0, $"NumPy failed to load Batchwise's files:\n{stderr}");
        return stdout.Result;
    }

    private static Process Start(string[] arguments)
    {
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments)
        {
            info.ArgumentList.Add(a);
        }
        return Process.Start(info)!;
    }
}
