using Batchwise.Kernels.Elementwise;
using Batchwise.Operations;

namespace Batchwise;

// One-input element-wise functions: each maps x to a tensor of x's shape.
public static partial class Tensor
{
    // The functions on a WidenedOperator compute float results in double and round once (within an
    // ulp); the others run TensorPrimitives in x's own type, whose float kernels are accurate enough.

    /// <summary><c>e^x</c> element-wise.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Exp<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IExponentialFunctions<T> =>
        ElementwiseEngine.Unary<T, T, ExpOperator<T>>("exp", x, into);

    /// <summary><c>ln x</c> element-wise (NaN below 0, -inf at 0).</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Log<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, ILogarithmicFunctions<T> =>
        ElementwiseEngine.Unary<T, T, LogOperator<T>>("log", x, into);

    /// <summary><c>√x</c> element-wise (NaN below 0).</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Sqrt<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IRootFunctions<T> =>
        ElementwiseEngine.Unary<T, T, SqrtOperator<T>>("sqrt", x, into);

    /// <summary><c>|x|</c> element-wise.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Abs<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Unary<T, T, AbsOperator<T>>("absolute", x, into);

    /// <summary><c>tanh x</c> element-wise.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Tanh<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IHyperbolicFunctions<T> =>
        ElementwiseEngine.Unary<T, T, TanhOperator<T>>("tanh", x, into);

    /// <summary><c>⌊x⌋</c> element-wise, exact; ±0, ±inf and NaN are unchanged.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Floor<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, FloorOperator<T>>("floor", x, into);

    /// <summary><c>⌈x⌉</c> element-wise, exact; ±0, ±inf and NaN are unchanged.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Ceil<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, CeilingOperator<T>>("ceil", x, into);

    /// <summary>x rounded to the nearest integer, ties to even (0.5 → 0, 1.5 → 2, −2.5 → −2), exact; ±0, ±inf and NaN are unchanged.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Round<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, RoundOperator<T>>("round", x, into);

    /// <summary>x rounded toward zero, exact; ±0, ±inf and NaN are unchanged.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Trunc<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, TruncateOperator<T>>("trunc", x, into);

    /// <summary>
    /// <c>sign x</c> element-wise: −1, 0 or 1 in x's type (ints too). NaN gives NaN (NumPy; torch would
    /// give 0); ±inf give ±1.
    /// </summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Sign<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Unary<T, T, SignOperator<T>>("sign", x, into);

    /// <summary><c>sin x</c> element-wise (radians). ±inf and NaN give NaN; ±0 stays ±0; huge arguments are reduced accurately. Float results are within 1e-6 (absolute plus relative) of the correctly rounded value.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Sin<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, SinOperator<T>>("sin", x, into);

    /// <summary><c>cos x</c> element-wise (radians). ±inf and NaN give NaN. Float results are within 1e-6 (absolute plus relative) of the correctly rounded value.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Cos<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, CosOperator<T>>("cos", x, into);

    /// <summary><c>tan x</c> element-wise (radians). ±inf and NaN give NaN; ±0 stays ±0.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Tan<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleTan>>("tan", x, into);

    /// <summary><c>arcsin x</c> element-wise, in [−π/2, π/2]. |x| &gt; 1 and NaN give NaN; ±0 stays ±0.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Asin<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleAsin>>("arcsin", x, into);

    /// <summary><c>arccos x</c> element-wise, in [0, π]. |x| &gt; 1 and NaN give NaN.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Acos<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleAcos>>("arccos", x, into);

    /// <summary><c>arctan x</c> element-wise, in [−π/2, π/2]; ±inf give ±π/2, NaN gives NaN.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Atan<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleAtan>>("arctan", x, into);

    /// <summary><c>sinh x = (eˣ − e⁻ˣ)/2</c> element-wise; overflows to ±inf, ±inf stay ±inf, NaN gives NaN.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Sinh<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleSinh>>("sinh", x, into);

    /// <summary><c>cosh x = (eˣ + e⁻ˣ)/2</c> element-wise; overflows to +inf, ±inf give +inf, NaN gives NaN.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Cosh<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleCosh>>("cosh", x, into);

    /// <summary><c>2ˣ</c> element-wise; overflows to +inf, −inf gives 0, NaN gives NaN.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Exp2<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleExp2>>("exp2", x, into);

    /// <summary><c>log₂ x</c> element-wise: ±0 gives −inf, x &lt; 0 NaN, +inf +inf; subnormals are honoured.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Log2<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleLog2>>("log2", x, into);

    /// <summary><c>log₁₀ x</c> element-wise: ±0 gives −inf, x &lt; 0 NaN, +inf +inf; subnormals are honoured.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Log10<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleLog10>>("log10", x, into);

    /// <summary><c>ln(1 + x)</c> element-wise, accurate for tiny x: −1 gives −inf, x &lt; −1 NaN, ±0 stays ±0.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Log1p<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleLog1p>>("log1p", x, into);

    /// <summary><c>eˣ − 1</c> element-wise, accurate for tiny x: overflows to +inf, −inf gives −1, ±0 stays ±0.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Expm1<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleExpm1>>("expm1", x, into);

    /// <summary><c>∛x</c> element-wise, keeping the sign; ±0, ±inf and NaN unchanged.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Cbrt<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleCbrt>>("cbrt", x, into);

    /// <summary><c>1/√x</c> element-wise (torch's <c>rsqrt</c>): ±0 gives ±inf, x &lt; 0 NaN, +inf 0.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Rsqrt<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleRsqrt>>("rsqrt", x, into);

    /// <summary><c>erf x = 2/√π ∫₀ˣ e^−t² dt</c> element-wise (torch's and SciPy's <c>erf</c>): ±inf give ±1, NaN gives NaN, ±0 stays ±0.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Erf<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleErf>>("erf", x, into);

    /// <summary><c>x²</c> element-wise (ints too); floats overflow to +inf, NaN stays NaN.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Square<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Unary<T, T, SquareOperator<T>>("square", x, into);

    /// <summary><c>1/x</c> element-wise: ±0 gives ±inf, ±inf gives ±0, NaN stays NaN.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Reciprocal<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, ReciprocalOperator<T>>("reciprocal", x, into);

    /// <summary><c>σ(x) = 1/(1 + e⁻ˣ)</c> element-wise (torch's <c>sigmoid</c>): +inf gives 1, −inf 0, NaN NaN.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Sigmoid<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, SigmoidOperator<T>>("sigmoid", x, into);

    /// <summary>True where x is NaN (NumPy's <c>isnan</c>); false everywhere for integers.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/predicate/*"/>
    public static Tensor<bool> IsNaN<T>(Tensor<T> x, Tensor<bool>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Unary<T, bool, IsNaNOperator<T>>("isnan", x, into);

    /// <summary>True where x is +inf or −inf (NumPy's <c>isinf</c>).</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/predicate/*"/>
    public static Tensor<bool> IsInf<T>(Tensor<T> x, Tensor<bool>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Unary<T, bool, IsInfinityOperator<T>>("isinf", x, into);

    /// <summary>True where x is neither ±inf nor NaN (NumPy's <c>isfinite</c>); true everywhere for integers.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/predicate/*"/>
    public static Tensor<bool> IsFinite<T>(Tensor<T> x, Tensor<bool>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Unary<T, bool, IsFiniteOperator<T>>("isfinite", x, into);
}
