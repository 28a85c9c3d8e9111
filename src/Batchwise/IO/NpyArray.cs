using Batchwise.Layouts;
using Batchwise.Tensors;

namespace Batchwise.IO;

/// <summary>
/// A .npy array read into memory without a static element type: the <see cref="Header"/> (dtype, order,
/// shape) and the elements, already byte-swapped into this machine's order, held as the type they load as
/// (<see cref="NpyDType.ClrType"/>; half precision becomes <see cref="float"/>). Get a tensor with
/// <see cref="ToTensor{T}(bool)"/>.
/// </summary>
public sealed class NpyArray
{
    private readonly int[] _shape;

    internal NpyArray(NpyHeader header, Array elements)
    {
        Header = header;
        Elements = elements;
        _shape = new int[header.Shape.Length];
        for (int i = 0; i < _shape.Length; i++)
        {
            if (header.Shape[i] > int.MaxValue)
            {
                throw new NotSupportedException($".npy: dimension {header.Shape[i]} of shape {header.ShapeString} is larger than a tensor axis can be");
            }
            _shape[i] = (int)header.Shape[i];
        }
    }

    /// <summary>The file's header.</summary>
    public NpyHeader Header { get; }

    /// <summary>The stored dtype (<c>&lt;f4</c>, <c>&gt;f8</c>...).</summary>
    public NpyDType DType => Header.DType;

    /// <summary>The extent of each axis.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The .NET type the elements load as.</summary>
    public Type ElementType => DType.ClrType;

    /// <summary>The elements in file order (row-major, or column-major when <c>Header.FortranOrder</c>).</summary>
    internal Array Elements { get; }

    /// <summary>
    /// The array as a tensor of <typeparamref name="T"/>. When <typeparamref name="T"/> is the load type
    /// (<see cref="ElementType"/>) the tensor wraps the loaded elements without copying, so tensors from
    /// repeated calls share them. With <paramref name="convert"/> another type gets a converted copy, as
    /// NumPy's <c>astype</c>: floats to integers truncate toward zero and saturate (NaN becomes 0), anything
    /// to bool is "not zero". A Fortran-ordered file gives a strided view (the transpose of a row-major
    /// tensor of the reversed shape); call <see cref="Tensor{TElement}.Contiguous"/> for row-major memory.
    /// </summary>
    /// <exception cref="InvalidCastException"><typeparamref name="T"/> is not the load type (nor Half for a float16 file) and <paramref name="convert"/> is false.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not float, double, int, long, bool or Half.</exception>
    public Tensor<T> ToTensor<T>(bool convert = false) where T : unmanaged
    {
        T[] data;
        // The exact type: the runtime would let a uint[] pass as an int[].
        if (Elements.GetType() == typeof(T[]))
        {
            data = (T[])Elements;
        }
        else if (convert || (typeof(T) == typeof(Half) && DType.Type == NpyElementType.Float16))
        {
            // A float16 file loads as float (exact); asking for Half gives the stored values back, also exact.
            data = NpyCodec.Convert<T>(Elements);
        }
        else
        {
            throw new InvalidCastException($".npy: the file holds {DType.Name} ({DType.Descr}), which loads as {ElementType.Name}, not {typeof(T).Name}; load it as {ElementType.Name} or pass convert: true");
        }
        return Wrap(data, _shape, Header.FortranOrder);
    }

    /// <summary>A tensor over elements stored row-major, or column-major when <paramref name="fortranOrder"/>.</summary>
    internal static Tensor<T> Wrap<T>(T[] data, int[] shape, bool fortranOrder) where T : unmanaged
    {
        if (!fortranOrder || shape.Length < 2)
        {
            return new Tensor<T>(TensorStorage<T>.Wrap(data), Layout.RowMajor(shape));
        }
        // Column-major (i, j, k) is row-major (k, j, i) transposed: same bytes, reversed strides.
        var reversed = shape.AsSpan().ToArray();
        Array.Reverse(reversed);
        int[] strides = Layout.RowMajorStrides(reversed);
        Array.Reverse(strides);
        return new Tensor<T>(TensorStorage<T>.Wrap(data), Layout.RowMajor(shape).With(shape, strides, 0));
    }

    /// <inheritdoc/>
    public override string ToString() => Header.ToString();
}
