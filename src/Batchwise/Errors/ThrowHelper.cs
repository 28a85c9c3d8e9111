using System.Diagnostics.CodeAnalysis;

namespace Batchwise;

/// <summary>Throw helpers, so hot paths keep their throw sites out of line.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Shape(string message) => throw new ShapeException(message);

    [DoesNotReturn]
    public static void Index(string message) => throw new AxisIndexException(message);

    [DoesNotReturn]
    public static void Value(string message) => throw new InvalidValueException(message);

    [DoesNotReturn]
    public static T Shape<T>(string message) => throw new ShapeException(message);

    [DoesNotReturn]
    public static T Value<T>(string message) => throw new InvalidValueException(message);
}
