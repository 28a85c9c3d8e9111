using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Batchwise.Layouts;
using Batchwise.Tensors;

namespace Batchwise;

/// <summary>Conversions to .NET arrays, spans and memory.</summary>
public sealed partial class Tensor<TElement>
{
    /// <summary>
    /// The elements copied into a new multi-dimensional .NET array of the same shape (<c>float[,]</c> for a
    /// matrix, <c>double[,,]</c> for rank 3, <c>T[]</c> for rank 1).
    /// </summary>
    /// <exception cref="InvalidOperationException">A 0-d tensor (use <see cref="ToScalar"/>).</exception>
    public Array ToMultiDimensionalArray()
    {
        if (Rank == 0)
        {
            throw new InvalidOperationException("ToMultiDimensionalArray: a 0-d tensor has no array shape; use ToScalar()");
        }
        Array result = Array.CreateInstance(typeof(TElement), Shape.ToArray());
        if (Size > 0)
        {
            // Multi-dimensional arrays are row-major and contiguous, so the flat copy is exact.
            var destination = MemoryMarshal.CreateSpan(ref Unsafe.As<byte, TElement>(ref MemoryMarshal.GetArrayDataReference(result)), Size);
            Contiguous().AsSpan().CopyTo(destination);
        }
        return result;
    }

    /// <summary>The elements of a matrix copied into a new <c>T[rows, columns]</c>.</summary>
    /// <exception cref="ShapeException">The tensor is not 2-d.</exception>
    public TElement[,] ToArray2D() => Rank == 2 ? (TElement[,])ToMultiDimensionalArray() : ThrowHelper.Shape<TElement[,]>($"ToArray2D needs a 2-d tensor; this one has shape {ShapeString}");

    /// <summary>The elements of a rank-3 tensor copied into a new <c>T[,,]</c>.</summary>
    /// <exception cref="ShapeException">The tensor is not 3-d.</exception>
    public TElement[,,] ToArray3D() => Rank == 3 ? (TElement[,,])ToMultiDimensionalArray() : ThrowHelper.Shape<TElement[,,]>($"ToArray3D needs a 3-d tensor; this one has shape {ShapeString}");

    /// <summary>
    /// The contiguous elements as <see cref="Memory{T}"/>, without copying (the memory is the tensor's
    /// storage: writes through it change the tensor). Row-major order.
    /// </summary>
    /// <exception cref="InvalidOperationException">The tensor is not row-major contiguous (call <see cref="Contiguous"/>).</exception>
    public Memory<TElement> AsMemory()
    {
        if (!IsContiguous)
        {
            throw new InvalidOperationException($"AsMemory needs a contiguous tensor; this view of shape {ShapeString} has strides {ShapeText.Format(Strides)}. Call Contiguous() first.");
        }
        return Size == 0 ? Memory<TElement>.Empty : Storage.Export().AsMemory(Storage.Start + Layout.Offset, Size);
    }

    /// <summary>Copies the elements in row-major order into <paramref name="destination"/> (any layout; strided views are gathered).</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Size"/>.</exception>
    public void CopyTo(Span<TElement> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"CopyTo: the destination holds {destination.Length} elements; the tensor of shape {ShapeString} has {Size}", nameof(destination));
        }
        if (IsContiguous)
        {
            AsSpan().CopyTo(destination);
            return;
        }
        // A strided view is gathered into a temporary first: the strided copy kernels write into tensors,
        // and a tensor cannot be laid over a caller's span.
        Copy().AsSpan().CopyTo(destination);
    }
}

/// <summary>Conversions from .NET spans and memory.</summary>
public static partial class Tensor
{
    /// <summary>A new tensor holding a copy of <paramref name="data"/>, with the given shape (default: 1-D).</summary>
    /// <exception cref="ShapeException">The shape's size is not the span's length.</exception>
    public static Tensor<T> FromSpan<T>(ReadOnlySpan<T> data, params ReadOnlySpan<int> shape) where T : unmanaged
    {
        int[] dims = shape.IsEmpty && data.Length != 1 ? [data.Length] : shape.ToArray();
        if (Layout.SizeOf(dims) != data.Length)
        {
            ThrowHelper.Shape($"cannot make an array of shape {ShapeText.Format(dims)} from {data.Length} elements");
        }
        Tensor<T> result = Tensor<T>.Allocate(dims);
        data.CopyTo(result.AsSpan());
        return result;
    }

    /// <summary>
    /// A tensor over <paramref name="data"/> with the given shape (default: 1-D). Shares the memory when it is
    /// backed by an array (the usual case: <c>array.AsMemory(start, length)</c>), so writes through either are
    /// seen by both; memory from a <see cref="System.Buffers.MemoryManager{T}"/> (native memory) is copied.
    /// </summary>
    /// <exception cref="ShapeException">The shape's size is not the memory's length.</exception>
    public static Tensor<T> FromMemory<T>(Memory<T> data, params ReadOnlySpan<int> shape) where T : unmanaged
    {
        int[] dims = shape.IsEmpty && data.Length != 1 ? [data.Length] : shape.ToArray();
        if (Layout.SizeOf(dims) != data.Length)
        {
            ThrowHelper.Shape($"cannot make an array of shape {ShapeText.Format(dims)} from {data.Length} elements");
        }
        if (!MemoryMarshal.TryGetArray((ReadOnlyMemory<T>)data, out ArraySegment<T> segment) || segment.Array is null)
        {
            return FromSpan<T>(data.Span, dims);
        }
        Layout rowMajor = Layout.RowMajor(dims);
        return new Tensor<T>(TensorStorage<T>.Wrap(segment.Array), rowMajor.With(dims, rowMajor.Strides.ToArray(), segment.Offset));
    }
}
