using System.Text.Json;
using Batchwise.Cli;

namespace Batchwise.Tests.Cli;

/// <summary><c>batchwise generate</c> on the committed tiny checkpoints.</summary>
public sealed class GenerateCommandTests
{
    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string Model(string name) => TestData.Path(Path.Combine("models", name));

    [Theory]
    [InlineData("gpt2-tiny")]
    [InlineData("llama-tiny")]
    public void Generate_PrintIds_PrintsPyTorchsGreedyTokensOnly(string name)
    {
        JsonElement reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(Model(name), "reference.json"))).RootElement;
        string prompt = string.Join(",", reference.GetProperty("prompt").EnumerateArray().Select(e => e.GetInt64()));
        long[] greedy = [.. reference.GetProperty("greedy").GetProperty("tokens").EnumerateArray().Select(e => e.GetInt64())];

        (int code, string output, string error) = Run("generate", "--model", Model(name), "--prompt-ids", prompt, "--max-new-tokens", "12", "--print-ids");

        Assert.Equal(0, code);
        Assert.Equal(string.Join(",", greedy[..12]) + Environment.NewLine, output);
        Assert.Contains("tokens/s", error);
    }

    [Fact]
    public void Generate_SameSeed_SameSample_AndPrintsSpeed()
    {
        string[] args = ["generate", "--model", Model("llama-tiny"), "--prompt-ids", "5,6,7", "--max-new-tokens", "10", "--temperature", "0.9", "--top-k", "40", "--top-p", "0.95", "--seed", "11"];
        (int first, string a, _) = Run(args);
        (int second, string b, _) = Run(args);
        Assert.Equal(0, first + second);
        Assert.Equal(a.Split('\n')[0], b.Split('\n')[0]);
        Assert.Contains("prefill: 3 tokens", a);
        Assert.Contains("decode: 9 tokens", a);
    }

    [Theory]
    [InlineData("--prompt-ids", "1,2,x", "not a token id")]
    [InlineData("--prompt-ids", "512", "not a token id")]
    [InlineData("--prompt", "hello", "give --prompt-ids")]
    public void Generate_BadPrompt_IsAUsageOrUserError(string option, string value, string message)
    {
        (int code, _, string error) = Run("generate", "--model", Model("gpt2-tiny"), option, value);
        Assert.NotEqual(0, code);
        Assert.NotEqual(70, code);
        Assert.Contains(message, error);
    }

    [Fact]
    public void Generate_MissingModel_IsAUserError()
    {
        (int code, _, string error) = Run("generate", "--model", Path.Combine(Path.GetTempPath(), "no-such-model"), "--prompt-ids", "1");
        Assert.Equal(1, code);
        Assert.Contains("config.json", error);
    }
}
