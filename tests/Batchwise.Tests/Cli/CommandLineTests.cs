using Batchwise.Cli;
using Batchwise.Conformance;

namespace Batchwise.Tests.Cli;

/// <summary>End-to-end runs of each `batchwise` command: output, stderr and exit code.</summary>
public sealed class CommandLineTests
{
    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        int code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Shape_SeedRecipe_PrintsSymbolicShape()
    {
        var (code, output, error) = Run("shape", "l[..., None, :] @ r", "l=b1,b2,m", "r=b1,b2,m,n");
        Assert.Equal(0, code);
        Assert.Equal("(b1,b2,1,n)\n", output);
        Assert.Equal("", error);
    }

    [Fact]
    public void Shape_Explain_PrintsAWorkedExample()
    {
        var (code, output, _) = Run("shape", "(l @ r[..., None]).squeeze(-1)", "l=b,m,n", "r=b,n", "--explain");
        Assert.Equal(0, code);
        Assert.Equal(
            "l                               ->  (b,m,n)\n" +
            "r                               ->  (b,n)\n" +
            "r[..., None]                    ->  (b,n,1)\n" +
            "l @ r[..., None]                ->  (b,m,1)\n" +
            "(l @ r[..., None]).squeeze(-1)  ->  (b,m)\n" +
            "(b,m)\n", output);
    }

    [Fact]
    public void Shape_Mistake_ExplainsOnStderrWithExitCode1()
    {
        var (code, output, error) = Run("shape", "A @ x", "A=b,m,n", "x=b,n");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal("batchwise: in `A @ x`: matmul: contracted dimensions differ: n (A, axis -1) vs b (x, axis -2); shapes (b,m,n) and (b,n)\n  did you mean x[..., None]?\n", error);
    }

    [Fact]
    public void Shape_SyntaxError_PointsAtTheColumn()
    {
        var (code, _, error) = Run("shape", "(a + b))", "a=2", "b=2");
        Assert.Equal(1, code);
        Assert.Contains("column 8", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_IndicesAndMaskInputs_GatherWithNumPysTypes()
    {
        var (code, output, _) = Run("eval", "(w[ids] * 0).sum(-1).astype('int64') + ids", "w=random:7,3", "ids=indices:2,4:int64:7");
        Assert.Equal(0, code);
        Assert.Matches(@"^\[\[[ 0-6]+\]\s*\[[ 0-6]+\]\]", output.Trim());
        var (maskCode, maskOutput, _) = Run("eval", "count_nonzero(m) + 0 * m.sum()", "m=mask50:64:bool");
        Assert.Equal(0, maskCode);
        Assert.InRange(long.Parse(maskOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture), 1, 63);
    }

    [Fact]
    public void Eval_GeneratedInputs_PrintsLikeNumPy()
    {
        var (code, output, _) = Run("eval", "a.sum(-1) * 0 + 1", "a=random:2,3");
        Assert.Equal(0, code);
        Assert.Equal("[1. 1.]\n", output);
    }

    [Fact]
    public void Eval_SpdInput_IsSymmetric()
    {
        var (code, output, _) = Run("eval", "abs(a - a.mT).max()", "a=spd:4,4:float64");
        Assert.Equal(0, code);
        Assert.Equal("0.0\n", output.Replace("0.\n", "0.0\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Eval_OutThenNpyInput_RoundTripsThroughAFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bw-eval-{Guid.NewGuid():N}.npy");
        try
        {
            var (saveCode, saveOutput, _) = Run("eval", "a * 0 + 2", "a=random:2,3:float64", "--out", path);
            Assert.Equal(0, saveCode);
            Assert.Equal($"saved float64 array (2,3) to {path}\n", saveOutput);
            var (code, output, _) = Run("eval", "x.sum()", $"x={path}");
            Assert.Equal(0, code);
            Assert.Equal("12.0\n", output.Replace("12.\n", "12.0\n", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Eval_MissingFile_IsAUserError()
    {
        var (code, _, error) = Run("eval", "x", "x=/nonexistent/x.npy");
        Assert.Equal(1, code);
        Assert.Contains("no such file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_HugeResult_IsRefusedBeforeAllocating()
    {
        var (code, _, error) = Run("eval", "a[:, None] * b", "a=random:1000000", "b=random:1000000");
        Assert.Equal(1, code);
        Assert.Contains("refusing to allocate", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_HugeInput_IsRefusedBeforeAllocating()
    {
        var (code, _, error) = Run("eval", "a", "a=random:1000000,1000000");
        Assert.Equal(1, code);
        Assert.Contains("refusing to allocate", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_UnknownName_IsAUserError()
    {
        var (code, _, error) = Run("eval", "a + c", "a=random:2");
        Assert.Equal(1, code);
        Assert.Contains("'c'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_Json_PrintsOneObject()
    {
        var (code, output, _) = Run("bench", "a + b", "a=random:8", "b=random:8", "--repeat", "3", "--json");
        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal("a + b", json.RootElement.GetProperty("expr").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("repeats").GetInt32());
        Assert.True(json.RootElement.GetProperty("min_s").GetDouble() <= json.RootElement.GetProperty("median_s").GetDouble());
    }

    [Fact]
    public void Conformance_Family_PrintsTableAndSummaryLine()
    {
        var (code, output, _) = Run("conformance", TestData.Path("conformance-cases.jsonl"), "--family", "recipe");
        Assert.Equal(0, code);
        Assert.Contains("recipe", output, StringComparison.Ordinal);
        Assert.EndsWith("conformance: 64 passed, 0 failed\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Conformance_FailingCase_ExitsWith1AndExplainsWhenVerbose()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bw-conformance-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(path, """{"id":"mine-0001","family":"mine","expr":"a + a","ast":["bin","+",["var","a"],["var","a"]],"inputs":{"a":{"dtype":"float64","shape":[1],"data":[1.0]}},"expect":{"dtype":"float64","shape":[1],"data":[3.0]},"tol":{"rtol":0,"atol":0},"source":"numpy","notes":""}""" + "\n");
        try
        {
            var (code, output, _) = Run("conformance", path, "--verbose");
            Assert.Equal(1, code);
            Assert.Contains("FAIL mine-0001: a + a", output, StringComparison.Ordinal);
            Assert.EndsWith("conformance: 0 passed, 1 failed\n", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("frob")]
    [InlineData("shape")]
    [InlineData("eval", "a", "a")]
    [InlineData("bench", "a", "a=random:2", "--repeat", "0")]
    public void BadUsage_ExitsWith2(params string[] args)
    {
        var (code, _, error) = Run(args);
        Assert.Equal(2, code);
        Assert.StartsWith("batchwise: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_NpzInputs_MemberOrOnlyMember()
    {
        string directory = Directory.CreateTempSubdirectory("batchwise-npz").FullName;
        try
        {
            string two = Path.Combine(directory, "two.npz");
            Batchwise.IO.Npz.Save(two, ("a", Tensor.FromArray(new float[] { 1, 2 }, 2)), ("b", Tensor.FromArray(new float[] { 10, 20 }, 2)));
            string one = Path.Combine(directory, "one.npz");
            Batchwise.IO.Npz.Save(one, ("w", Tensor.FromArray(new float[] { 3, 4 }, 2)));

            var (code, output, _) = Run("eval", "x + y + z", $"x={two}:a", $"y={two}:b", $"z={one}");
            Assert.Equal(0, code);
            Assert.Equal("[14. 26.]\n", output);

            var (ambiguous, _, error) = Run("eval", "x", $"x={two}");
            Assert.Equal(2, ambiguous);
            Assert.Contains("holds 2 arrays (a, b)", error, StringComparison.Ordinal);

            var (missing, _, missingError) = Run("eval", "x", $"x={two}:c");
            Assert.Equal(1, missing);
            Assert.Contains("no array 'c'", missingError, StringComparison.Ordinal);

            var (corrupt, _, corruptError) = Run("eval", "x", $"x={TestData.Path(Path.Combine("npz-corrupt", "bitflip_stored.npz"))}:a");
            Assert.Equal(1, corrupt);
            Assert.Contains("bad CRC-32", corruptError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("(2147483648, 0)", "<f4")]
    [InlineData("(4294967296, 4294967296, 4294967296, 0)", "<f4")]
    [InlineData("(2147483600,)", "|b1")]
    public void Eval_NpyBeyondDotNetLimits_ExitsWithOneLine(string shape, string descr)
    {
        // These crashed the tool with exit 134 and a stack trace (an unhandled NotSupportedException).
        string path = Path.Combine(Path.GetTempPath(), $"batchwise-huge-{Guid.NewGuid():N}.npy");
        try
        {
            string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
            header = header.PadRight(((header.Length + 11) / 64 + 1) * 64 - 11) + "\n";
            using (FileStream file = File.Create(path))
            {
                file.Write("\x93NUMPY\x01\x00"u8);
                file.Write(BitConverter.GetBytes((ushort)header.Length));
                file.Write(System.Text.Encoding.ASCII.GetBytes(header));
                if (descr == "|b1")
                {
                    file.SetLength(file.Length + 2147483600L);
                }
            }
            var (code, _, error) = Run("eval", "x", $"x={path}");
            Assert.Equal(1, code);
            Assert.Single(error.TrimEnd('\n').Split('\n'));
            Assert.StartsWith("batchwise: ", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Eval_MessagesAboutHugeValuesAndNames_AreExactAndShort()
    {
        // Before: "'reshape' must be an integer, got int" (it is an int), and matrix_power refused any n past 2^31.
        var (reshape, _, reshapeError) = Run("eval", "a.reshape(2147483648, 0)", "a=random:0");
        Assert.Equal(1, reshape);
        Assert.Contains("'shape' is 2147483648, outside the 32-bit range", reshapeError, StringComparison.Ordinal);
        var (power, powerOutput, _) = Run("eval", "linalg.matrix_power(a, 3000000000)", "a=random:2,2:float64");
        Assert.Equal(0, power);
        Assert.StartsWith("[[", powerOutput, StringComparison.Ordinal);
        // Before: a 120 KB unknown name was echoed twice in full.
        string name = new('x', 120_000);
        var (unknown, _, unknownError) = Run("eval", name + " + a", "a=random:2");
        Assert.Equal(1, unknown);
        Assert.True(unknownError.Length < 300, $"{unknownError.Length} characters");
        Assert.Contains("(120,000 characters)", unknownError, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_NamesTheToolBatchwise()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("batchwise [command] [options]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Batchwise.Cli", output, StringComparison.Ordinal);
    }
}
