namespace Batchwise;

/// <summary>What went wrong, in the four kinds NumPy users know.</summary>
public enum ErrorKind
{
    /// <summary>Shapes or ranks are incompatible (NumPy's ValueError for broadcasting, matmul...).</summary>
    Shape,
    /// <summary>An index or an axis is out of range (NumPy's IndexError and AxisError).</summary>
    Index,
    /// <summary>Any other invalid argument (NumPy's ValueError).</summary>
    Value,
    /// <summary>A numerical failure in linear algebra (NumPy's LinAlgError).</summary>
    LinAlg,
}

/// <summary>The base of every error Batchwise raises on bad input; <see cref="Kind"/> says which kind.</summary>
public abstract class BatchwiseException : Exception
{
    private protected BatchwiseException(string message)
        : base(message)
    {
    }

    /// <summary>The kind of error.</summary>
    public abstract ErrorKind Kind { get; }
}

/// <summary>Shapes or ranks are incompatible: <c>operands could not be broadcast together with shapes (2,3) (4,)</c>.</summary>
public sealed class ShapeException : BatchwiseException
{
    /// <summary>Creates the exception with its message.</summary>
    public ShapeException(string message)
        : base(message)
    {
        Reason = message;
    }

    /// <summary>Creates the exception with its message and the usual fix, which ends the message as
    /// <c>did you mean x[..., None]?</c>.</summary>
    public ShapeException(string message, string? suggestion)
        : base(suggestion is null ? message : $"{message}\n  did you mean {suggestion}?")
    {
        Reason = message;
        Suggestion = suggestion;
    }

    /// <summary>The message without the suggestion.</summary>
    public string Reason { get; }

    /// <summary>A likely fix as source text (<c>x[..., None]</c>), or null.</summary>
    public string? Suggestion { get; }

    /// <inheritdoc/>
    public override ErrorKind Kind => ErrorKind.Shape;
}

/// <summary>An index or axis is out of range: <c>index 5 is out of bounds for axis 0 with size 3</c>.</summary>
public sealed class AxisIndexException : BatchwiseException
{
    /// <summary>Creates the exception with its message.</summary>
    public AxisIndexException(string message)
        : base(message)
    {
    }

    /// <inheritdoc/>
    public override ErrorKind Kind => ErrorKind.Index;
}

/// <summary>An invalid argument value: a slice step of 0, a repeated axis, the max of an empty array.</summary>
public sealed class InvalidValueException : BatchwiseException
{
    /// <summary>Creates the exception with its message.</summary>
    public InvalidValueException(string message)
        : base(message)
    {
    }

    /// <inheritdoc/>
    public override ErrorKind Kind => ErrorKind.Value;
}

/// <summary>A numerical failure in linear algebra: <c>Singular matrix</c>.</summary>
public sealed class LinAlgException : BatchwiseException
{
    /// <summary>Creates the exception with its message and, for batches, the failing element.</summary>
    public LinAlgException(string message, long? batchIndex = null)
        : base(batchIndex is long b ? $"{message} (batch element {b})" : message)
    {
        BatchIndex = batchIndex;
    }

    /// <summary>The flat index of the batch element that failed, when known.</summary>
    public long? BatchIndex { get; }

    /// <inheritdoc/>
    public override ErrorKind Kind => ErrorKind.LinAlg;
}
