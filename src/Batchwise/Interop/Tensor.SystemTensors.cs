using System.Numerics.Tensors;
using Batchwise.Tensors;

namespace Batchwise;

/// <summary>Conversions to System.Numerics.Tensors.</summary>
public sealed partial class Tensor<TElement>
{
    /// <summary>
    /// This tensor as a <see cref="System.Numerics.Tensors.Tensor{T}"/>. Shares the elements (no copy, writes
    /// through either are seen by both) whenever System.Numerics.Tensors can express the layout: any view with
    /// non-negative strides, broadcast (stride 0) and transposed views included. A view with a negative stride
    /// (a reversed axis) is copied first, and so is an empty tensor. A 0-d tensor becomes a 1-d tensor of
    /// length 1 (System.Numerics.Tensors has no 0-d tensors).
    /// </summary>
    public System.Numerics.Tensors.Tensor<TElement> ToSystemTensor()
    {
        if (Size == 0)
        {
            return System.Numerics.Tensors.Tensor.CreateFromShape<TElement>(ToNint(Shape));
        }
        Tensor<TElement> source = HasNegativeStride ? Copy() : this;
        (nint[] lengths, nint[] strides) = source.SystemLayout();
        return System.Numerics.Tensors.Tensor.Create(source.Storage.Export(), source.Storage.Start + source.Layout.Offset, lengths, strides);
    }

    /// <summary>
    /// A <see cref="TensorSpan{T}"/> over this tensor's elements, without copying: writes through it change
    /// this tensor. A 0-d tensor gives a 1-d span of length 1.
    /// </summary>
    /// <exception cref="InvalidOperationException">The view has a negative stride, which tensor spans cannot express (call <see cref="Copy"/> first).</exception>
    public TensorSpan<TElement> AsTensorSpan()
    {
        if (HasNegativeStride)
        {
            throw new InvalidOperationException($"AsTensorSpan: this view of shape {ShapeString} has strides {ShapeText.Format(Strides)}; tensor spans cannot have negative strides. Call Copy() first.");
        }
        if (Size == 0)
        {
            return new TensorSpan<TElement>(Array.Empty<TElement>(), 0, ToNint(Shape), new nint[Rank]);
        }
        (nint[] lengths, nint[] strides) = SystemLayout();
        return new TensorSpan<TElement>(Storage.Export(), Storage.Start + Layout.Offset, lengths, strides);
    }

    /// <summary>
    /// A <see cref="ReadOnlyTensorSpan{T}"/> over this tensor's elements: without copying, except for a view
    /// with a negative stride, which is copied first (read-only, so the copy cannot be told apart).
    /// </summary>
    public ReadOnlyTensorSpan<TElement> AsReadOnlyTensorSpan() =>
        (HasNegativeStride ? Copy() : this).AsTensorSpan();

    private bool HasNegativeStride
    {
        get
        {
            for (int i = 0; i < Rank; i++)
            {
                if (Strides[i] < 0 && Shape[i] > 1)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>Lengths and strides in System.Numerics.Tensors' terms: rank at least 1, extent-1 axes with stride 0.</summary>
    private (nint[] Lengths, nint[] Strides) SystemLayout()
    {
        if (Rank == 0)
        {
            return ([1], [0]);
        }
        var lengths = new nint[Rank];
        var strides = new nint[Rank];
        for (int i = 0; i < Rank; i++)
        {
            lengths[i] = Shape[i];
            strides[i] = Shape[i] == 1 ? 0 : Strides[i];
        }
        return (lengths, strides);
    }

    private static nint[] ToNint(ReadOnlySpan<int> values)
    {
        var result = new nint[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }
        return result;
    }
}

/// <summary>Conversions from System.Numerics.Tensors.</summary>
public static partial class Tensor
{
    /// <summary>
    /// A Batchwise tensor with the shape and elements of <paramref name="source"/>, copied into new row-major
    /// storage (System.Numerics.Tensors does not expose a tensor's backing array, so sharing is impossible).
    /// </summary>
    /// <exception cref="ShapeException">A length over <see cref="int.MaxValue"/>, or more elements than a tensor holds.</exception>
    public static Tensor<T> FromSystemTensor<T>(System.Numerics.Tensors.Tensor<T> source) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(source);
        return FromTensorSpan(source.AsReadOnlyTensorSpan());
    }

    /// <summary>A Batchwise tensor with the shape and elements of <paramref name="source"/>, copied (a span cannot be kept).</summary>
    /// <inheritdoc cref="FromSystemTensor{T}(System.Numerics.Tensors.Tensor{T})"/>
    public static Tensor<T> FromTensorSpan<T>(TensorSpan<T> source) where T : unmanaged => FromTensorSpan((ReadOnlyTensorSpan<T>)source);

    /// <inheritdoc cref="FromTensorSpan{T}(TensorSpan{T})"/>
    public static Tensor<T> FromTensorSpan<T>(ReadOnlyTensorSpan<T> source) where T : unmanaged
    {
        var shape = new int[source.Rank];
        for (int i = 0; i < shape.Length; i++)
        {
            nint length = source.Lengths[i];
            if (length > int.MaxValue)
            {
                ThrowHelper.Shape($"FromTensorSpan: length {length} of axis {i} is larger than a tensor axis can be");
            }
            shape[i] = (int)length;
        }
        Tensor<T> result = Tensor<T>.Allocate(shape);
        if (result.Size > 0)
        {
            source.FlattenTo(result.AsSpan());
        }
        return result;
    }
}

/// <summary>Extension methods that turn System.Numerics.Tensors values into Batchwise tensors (copies; see <see cref="Tensor.FromSystemTensor{T}"/>).</summary>
public static class SystemTensorsExtensions
{
    /// <summary>A Batchwise copy of <paramref name="source"/>.</summary>
    public static Tensor<T> ToBatchwise<T>(this System.Numerics.Tensors.Tensor<T> source) where T : unmanaged => Tensor.FromSystemTensor(source);

    /// <summary>A Batchwise copy of <paramref name="source"/>.</summary>
    public static Tensor<T> ToBatchwise<T>(this TensorSpan<T> source) where T : unmanaged => Tensor.FromTensorSpan(source);

    /// <summary>A Batchwise copy of <paramref name="source"/>.</summary>
    public static Tensor<T> ToBatchwise<T>(this ReadOnlyTensorSpan<T> source) where T : unmanaged => Tensor.FromTensorSpan(source);
}
