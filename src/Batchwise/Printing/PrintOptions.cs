namespace Batchwise;

/// <summary>How tensors print, NumPy's <c>set_printoptions</c>: the defaults are NumPy's.</summary>
public sealed record PrintOptions
{
    /// <summary>Digits after the decimal point (at most; trailing zeros are dropped).</summary>
    public int Precision { get; init; } = 8;

    /// <summary>Tensors with more elements than this print summarised with <c>...</c>.</summary>
    public int Threshold { get; init; } = 1000;

    /// <summary>Items shown at each end of a summarised axis.</summary>
    public int EdgeItems { get; init; } = 3;

    /// <summary>Characters per line before wrapping.</summary>
    public int LineWidth { get; init; } = 75;

    /// <summary>Print small numbers as fixed point (0.0001 as 0.0001 rather than 1.e-04).</summary>
    public bool Suppress { get; init; }

    /// <summary>The options <see cref="Tensor{TElement}.ToString()"/> uses; settable process-wide.</summary>
    public static PrintOptions Current { get; set; } = new();
}
