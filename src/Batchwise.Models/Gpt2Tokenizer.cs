using Microsoft.ML.Tokenizers;

namespace Batchwise.Models;

/// <summary>GPT-2's byte-level BPE (the r50k_base vocabulary of 50,257 tokens), from Microsoft.ML.Tokenizers.</summary>
public sealed class Gpt2Tokenizer
{
    /// <summary>Tokens in GPT-2's vocabulary.</summary>
    public const int VocabularySize = 50257;

    private readonly Tokenizer _tokenizer = TiktokenTokenizer.CreateForEncoding("r50k_base");

    /// <summary>The token ids of <paramref name="text"/>.</summary>
    public long[] Encode(string text) => [.. _tokenizer.EncodeToIds(text).Select(id => (long)id)];

    /// <summary>The text of <paramref name="ids"/>.</summary>
    public string Decode(IEnumerable<long> ids) => _tokenizer.Decode(ids.Select(id => checked((int)id))) ?? "";
}
