namespace Batchwise.Shapes;

/// <summary>
/// A dimension the shape rules can reason about: a concrete size at run time (<see cref="Dim"/>), or a
/// name such as <c>b1</c> in the symbolic checker. Shape rules are written once, generic over this
/// interface, so the runtime and the checker cannot disagree.
/// </summary>
public interface IDimension<TSelf> : IEquatable<TSelf>
    where TSelf : struct, IDimension<TSelf>
{
    /// <summary>The dimension of size 1.</summary>
    static abstract TSelf One { get; }

    /// <summary>True when the dimension is known to be 1 (it broadcasts).</summary>
    bool IsOne { get; }

    /// <summary>True when the dimension is known to be 0 (an empty axis).</summary>
    bool IsZero { get; }
}

/// <summary>A concrete dimension: a non-negative size.</summary>
public readonly record struct Dim(int Size) : IDimension<Dim>
{
    /// <inheritdoc/>
    public static Dim One => new(1);

    /// <inheritdoc/>
    public bool IsOne => Size == 1;

    /// <inheritdoc/>
    public bool IsZero => Size == 0;

    /// <inheritdoc/>
    public override string ToString() => Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
