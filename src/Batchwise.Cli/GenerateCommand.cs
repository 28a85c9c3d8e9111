using System.Globalization;
using Batchwise.Models;

namespace Batchwise.Cli;

/// <summary>
/// <c>batchwise generate --model DIR (--prompt TEXT | --prompt-ids 15496,995) [--max-new-tokens N]
/// [--temperature T] [--top-k K] [--top-p P] [--seed S] [--batch B] [--weights FILE] [--print-ids]</c>.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "A directory with config.json and safetensors weights.", Required = true };
        var prompt = new Option<string?>("--prompt") { Description = "The prompt as text (GPT-2's tokenizer; the model's vocabulary must be GPT-2's)." };
        var promptIds = new Option<string?>("--prompt-ids") { Description = "The prompt as comma-separated token ids." };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Tokens to generate.", DefaultValueFactory = _ => 32 };
        var temperature = new Option<double>("--temperature") { Description = "0 is greedy; otherwise sample at this temperature.", DefaultValueFactory = _ => 0 };
        var topK = new Option<int>("--top-k") { Description = "Sample among the K most likely tokens (0: all).", DefaultValueFactory = _ => 0 };
        var topP = new Option<double>("--top-p") { Description = "Sample among the most likely tokens up to probability P.", DefaultValueFactory = _ => 1 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the sampler.", DefaultValueFactory = _ => 0 };
        var batch = new Option<int>("--batch") { Description = "Run the prompt as a batch of B sequences (for timing).", DefaultValueFactory = _ => 1 };
        var weights = new Option<string?>("--weights") { Description = "A safetensors file or index in the model directory (e.g. model-bf16.safetensors)." };
        var runs = new Option<int>("--runs") { Description = "Generate this many times and report the fastest run (for timing; JIT warm-up falls in the first).", DefaultValueFactory = _ => 1 };
        var printIds = new Option<bool>("--print-ids") { Description = "Print only the generated ids, comma-separated, on one line; timings go to stderr." };
        var command = new Command("generate", "Generate text with a GPT-2 or Llama model from safetensors weights, printing tokens as they come and the prefill and decode speed.")
        {
            model, prompt, promptIds, maxNew, temperature, topK, topP, seed, batch, weights, runs, printIds,
        };
        command.SetAction(parsed =>
        {
            string? text = parsed.GetValue(prompt), ids = parsed.GetValue(promptIds);
            if ((text is null) == (ids is null))
            {
                throw new UsageException("give exactly one of --prompt and --prompt-ids");
            }
            int sequences = parsed.GetValue(batch);
            if (sequences < 1)
            {
                throw new UsageException("--batch must be at least 1");
            }
            var sampling = new SamplingOptions(parsed.GetValue(temperature), parsed.GetValue(topK), parsed.GetValue(topP), parsed.GetValue(seed));
            try
            {
                sampling.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new UsageException(e.Message.Split(Environment.NewLine)[0]);
            }
            CausalLanguageModel lm = ModelLoader.Load(parsed.GetValue(model)!, parsed.GetValue(weights));
            Gpt2Tokenizer? tokenizer = lm.Config.VocabSize == Gpt2Tokenizer.VocabularySize ? new Gpt2Tokenizer() : null;
            long[] promptTokens = ids is not null ? ParseIds(ids, lm.Config.VocabSize)
                : tokenizer?.Encode(text!) ?? throw new UsageException($"the model's vocabulary has {lm.Config.VocabSize} tokens, not GPT-2's {Gpt2Tokenizer.VocabularySize}: give --prompt-ids");
            bool onlyIds = parsed.GetValue(printIds);
            int repeats = parsed.GetValue(runs);
            if (repeats < 1)
            {
                throw new UsageException("--runs must be at least 1");
            }
            GenerationResult? result = null;
            for (int run = 0; run < repeats; run++)
            {
                // Batchwise's seeded generator: the same tokens for a seed on every machine and version.
                var random = new Batchwise.Randomness.Generator(sampling.Seed);
                GenerationResult timed = TextGeneration.Generate(lm, [.. Enumerable.Repeat(promptTokens, sequences)], parsed.GetValue(maxNew), new Sampler(sampling, random.NextDouble),
                    onToken: onlyIds || run > 0 ? null : (sequence, token) =>
                    {
                        if (sequence == 0)
                        {
                            output.Write(tokenizer is null ? $"{token} " : tokenizer.Decode([token]));
                            output.Flush();
                        }
                    });
                result = result is null ? timed : new GenerationResult(timed.Tokens, Min(result.Prefill, timed.Prefill), Min(result.Decode, timed.Decode), timed.PromptTokens, timed.DecodeSteps);
            }
            TextWriter report = onlyIds ? error : output;
            GenerationResult best = result!;
            if (onlyIds)
            {
                output.WriteLine(string.Join(",", best.Tokens[0]));
            }
            else
            {
                output.WriteLine();
            }
            report.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"prefill: {best.PromptTokens} tokens in {best.Prefill.TotalMilliseconds:F1} ms ({best.PrefillTokensPerSecond:F1} tokens/s); " +
                $"decode: {best.DecodeSteps * best.Tokens.Length} tokens in {best.Decode.TotalMilliseconds:F1} ms ({best.DecodeTokensPerSecond:F1} tokens/s)"));
            return CommandLine.Success;
        });
        return command;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static long[] ParseIds(string text, int vocabulary)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var ids = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out ids[i]) || ids[i] < 0 || ids[i] >= vocabulary)
            {
                throw new UsageException($"--prompt-ids: '{parts[i]}' is not a token id in [0, {vocabulary})");
            }
        }
        return ids.Length > 0 ? ids : throw new UsageException("--prompt-ids: no ids given");
    }
}
