using Batchwise.Expressions;

namespace Batchwise.Tests.Expressions;

/// <summary>
/// The inputs of an evaluation: narrow element types compute in the types expressions know (Half as
/// float32, small integers as int64), names are matched exactly whatever dictionary holds them, and
/// the caller's dictionary is read, never changed.
/// </summary>
public class EvaluatorInputTests
{
    [Fact]
    public void NarrowInputs_ComputeAsFloat32AndInt64()
    {
        var half = Tensor.FromArray(new[] { (Half)1.5f, (Half)(-2f) }, 2);
        var bytes = Tensor.FromArray(new byte[] { 7, 250 }, 2);
        var inputs = new Dictionary<string, object> { ["h"] = half, ["u"] = bytes };

        var doubled = Assert.IsType<Tensor<float>>(Expression.Evaluate(ExpressionParser.Parse("h * 2"), inputs));
        var sum = Assert.IsType<Tensor<long>>(Expression.Evaluate(ExpressionParser.Parse("u + u"), inputs));

        Assert.Equal([3f, -4f], doubled.ToArray());
        Assert.Equal([14L, 500L], sum.ToArray()); // int64: 250 + 250 does not wrap as uint8 would
        Assert.Same(half, inputs["h"]);
        Assert.Same(bytes, inputs["u"]);
    }

    [Fact]
    public void ReadyInputs_AreUsedAsGivenAndLeftUnchanged()
    {
        var a = Tensor.FromArray(new[] { 1f, 2f }, 2);
        var inputs = new Dictionary<string, object> { ["a"] = a };

        var result = Assert.IsType<Tensor<float>>(Expression.Evaluate(ExpressionParser.Parse("a + a"), inputs));

        Assert.Equal([2f, 4f], result.ToArray());
        Assert.Single(inputs);
        Assert.Same(a, inputs["a"]);
        Assert.Equal([1f, 2f], a.ToArray());
    }

    [Fact]
    public void CaseInsensitiveDictionary_NamesStillMatchExactly()
    {
        var inputs = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase) { ["a"] = Tensor.FromArray(new[] { 1f }, 1) };

        var error = Assert.Throws<ExpressionException>(() => Expression.Evaluate(ExpressionParser.Parse("A + 1"), inputs));

        Assert.Contains("'A' is not defined", error.Message);
    }
}
