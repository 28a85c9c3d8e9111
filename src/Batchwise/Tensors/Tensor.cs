using System.Diagnostics;
using Batchwise.Layouts;
using Batchwise.Tensors;

namespace Batchwise;

/// <summary>
/// An N-dimensional strided array with NumPy's semantics. A tensor is a <see cref="Layouts.Layout"/>
/// (shape, element strides, offset) over a storage that views share: indexing, transposing,
/// broadcasting and most reshapes return views without copying. Element types: <see cref="float"/>
/// and <see cref="double"/> fully; <see cref="bool"/> for masks; <see cref="int"/> and <see cref="long"/>
/// for indices and counts.
/// </summary>
/// <typeparam name="TElement">The element type.</typeparam>
[DebuggerDisplay("{DebuggerDisplay,nq}")]
public sealed partial class Tensor<TElement> : IStorageHolder where TElement : unmanaged
{
    internal Tensor(TensorStorage<TElement> storage, Layout layout)
    {
        Debug.Assert(layout.Size == 0 || layout.Offset >= 0);
        Storage = storage;
        Layout = layout;
    }

    internal TensorStorage<TElement> Storage { get; }

    IReleasable IStorageHolder.Storage => Storage;

    /// <summary>Shape, strides and offset.</summary>
    public Layout Layout { get; }

    /// <summary>The extent of each axis.</summary>
    public ReadOnlySpan<int> Shape => Layout.Shape;

    /// <summary>The element stride of each axis (0 on broadcast axes, negative on reversed ones).</summary>
    public ReadOnlySpan<int> Strides => Layout.Strides;

    /// <summary>Number of axes (NumPy's <c>ndim</c>).</summary>
    public int Rank => Layout.Rank;

    /// <summary>Number of elements.</summary>
    public int Size => Layout.Size;

    /// <summary>True when the elements are row-major contiguous, so <see cref="AsSpan"/> works.</summary>
    public bool IsContiguous => Layout.IsRowMajorContiguous;

    /// <summary>The shape as NumPy prints it, e.g. <c>(2,3)</c>.</summary>
    public string ShapeString => ShapeText.Format(Shape);

    /// <summary>A reference to the element at index [0, 0, ...] (the view's origin).</summary>
    internal ref TElement Origin => ref Storage[Layout.Offset];

    /// <summary>Allocates a new row-major tensor, uninitialised unless <paramref name="zeroed"/>.</summary>
    internal static Tensor<TElement> Allocate(ReadOnlySpan<int> shape, bool zeroed = false)
    {
        Layout layout = Layout.RowMajor(shape);
        return new Tensor<TElement>(TensorStorage<TElement>.Allocate(layout.Size, zeroed), layout);
    }

    /// <summary>Allocates a new tensor laid out by <paramref name="canonical"/> (shared: layouts are immutable).</summary>
    internal static Tensor<TElement> Allocate(Layout canonical)
    {
        Debug.Assert(canonical.IsCanonical);
        return new Tensor<TElement>(TensorStorage<TElement>.Allocate(canonical.Size, zeroed: false), canonical);
    }

    /// <summary>A view of the same storage with another layout.</summary>
    internal Tensor<TElement> WithLayout(Layout layout) => new(Storage, layout);

    /// <summary>The contiguous elements as a span.</summary>
    /// <exception cref="InvalidOperationException">The tensor is not row-major contiguous (call <see cref="Contiguous"/>).</exception>
    public Span<TElement> AsSpan()
    {
        if (!IsContiguous)
        {
            throw new InvalidOperationException($"AsSpan needs a contiguous tensor; this view of shape {ShapeString} has strides {ShapeText.Format(Strides)}. Call Contiguous() first.");
        }
        return Size == 0 ? Span<TElement>.Empty : Storage.Span.Slice(Layout.Offset, Size);
    }

    /// <summary>The element at a full index (negative values count from the end).</summary>
    /// <exception cref="AxisIndexException">Wrong number of indices, or one out of bounds.</exception>
    public TElement GetItem(params ReadOnlySpan<int> index) => Storage[ElementOffset(index)];

    /// <summary>Sets the element at a full index.</summary>
    public void SetItem(TElement value, params ReadOnlySpan<int> index) => Storage[ElementOffset(index)] = value;

    /// <summary>The only element of a tensor of size 1 (NumPy's <c>item()</c>).</summary>
    /// <exception cref="InvalidValueException">The tensor does not have exactly one element.</exception>
    public TElement ToScalar()
    {
        if (Size != 1)
        {
            ThrowHelper.Value($"can only convert an array of size 1 to a scalar; this one has shape {ShapeString}");
        }
        return Origin;
    }

    private int ElementOffset(ReadOnlySpan<int> index)
    {
        if (index.Length != Rank)
        {
            ThrowHelper.Index($"{index.Length} indices given for an array of dimension {Rank}");
        }
        int offset = Layout.Offset;
        for (int axis = 0; axis < Rank; axis++)
        {
            offset += NormalizeIndex(index[axis], axis) * Strides[axis];
        }
        return offset;
    }

    /// <summary>Wraps a negative index once and checks bounds, in NumPy's words.</summary>
    internal int NormalizeIndex(int index, int axis)
    {
        int extent = Shape[axis];
        int i = index < 0 ? index + extent : index;
        if ((uint)i >= (uint)extent)
        {
            ThrowHelper.Index($"index {index} is out of bounds for axis {axis} with size {extent}");
        }
        return i;
    }

    /// <summary>The elements in row-major order, copied into a new array.</summary>
    public TElement[] ToArray()
    {
        var result = new TElement[Size];
        Contiguous().AsSpan().CopyTo(result);
        return result;
    }

    /// <summary>Element type name as NumPy spells it (float32, float64, bool, int32, int64).</summary>
    public static string DTypeName => DTypes.NameOf<TElement>();

    private string DebuggerDisplay => $"Tensor<{typeof(TElement).Name}> shape {ShapeString}";

    /// <summary>
    /// Whether two tensors share storage (views of one another or of a common base, or tensors that
    /// <see cref="Tensor.FromArray{T}(T[], ReadOnlySpan{int})"/> made over the same array).
    /// </summary>
    /// <remarks>
    /// Compares the backing arrays, not the storage objects: two <c>FromArray</c> calls over one array
    /// wrap it twice, and the overlap checks of assignments and <c>into:</c> destinations must see that.
    /// </remarks>
    public bool SharesStorageWith(Tensor<TElement> other) => ReferenceEquals(Storage.Array, other.Storage.Array);

    /// <summary>The elements as NumPy's <c>str()</c> prints them, with <see cref="PrintOptions.Current"/>.</summary>
    public override string ToString() => Printing.TensorPrinter.Format(this, PrintOptions.Current);

    /// <summary>The elements as NumPy prints them, with the given options.</summary>
    public string ToString(PrintOptions options) => Printing.TensorPrinter.Format(this, options);
}
