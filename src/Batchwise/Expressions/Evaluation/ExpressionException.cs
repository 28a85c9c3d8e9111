namespace Batchwise.Expressions;

/// <summary>
/// An expression refers to something Batchwise does not have yet (a function of the vocabulary whose
/// API is still to be built) or to an unknown name. Not a <see cref="BatchwiseException"/>: the
/// expression is at fault, or the library, not the data.
/// </summary>
public sealed class ExpressionException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public ExpressionException(string message)
        : base(message)
    {
    }

    /// <summary>A name as messages quote it: names of hostile length are cut, so a message stays one readable line.</summary>
    internal static string Shorten(string name) =>
        name.Length <= 64 ? name : $"{name[..48]}... ({name.Length:N0} characters)";
}
