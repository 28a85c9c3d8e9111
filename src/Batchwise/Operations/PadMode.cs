namespace Batchwise;

/// <summary>How <see cref="Tensor.Pad{T}"/> fills the added elements (NumPy's <c>mode</c>).</summary>
public enum PadMode
{
    /// <summary>A constant value (NumPy's <c>'constant'</c>, the default).</summary>
    Constant,
    /// <summary>The nearest edge element repeated (NumPy's <c>'edge'</c>).</summary>
    Edge,
    /// <summary>A mirror image that does not repeat the edge element (NumPy's <c>'reflect'</c>): 3 2 | 1 2 3 4 | 3 2.</summary>
    Reflect,
}
