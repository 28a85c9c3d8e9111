using Batchwise.NN;

namespace Batchwise.Tests.Operations;

/// <summary>
/// Every element type through every join, split and gather: each result must equal the int64 result
/// element for element (data movement never looks at the values, so the type must not matter).
/// </summary>
public class JoiningDTypeTests
{
    [Fact]
    public void JoinAndGather_EveryElementType_MatchInt64()
    {
        Sweep<sbyte>(v => (sbyte)v, v => v);
        Sweep<byte>(v => (byte)v, v => v);
        Sweep<short>(v => (short)v, v => v);
        Sweep<ushort>(v => (ushort)v, v => v);
        Sweep<int>(v => (int)v, v => v);
        Sweep<long>(v => v, v => v);
        Sweep<Half>(v => (Half)v, v => (long)v);
        Sweep<float>(v => v, v => (long)v);
        Sweep<double>(v => v, v => (long)v);
        Sweep<bool>(v => v % 2 == 1, v => v ? 1 : 0, modulo: 2);
    }

    private static void Sweep<T>(Func<long, T> from, Func<T, long> to, int modulo = 100) where T : unmanaged
    {
        var random = new Random(typeof(T).Name.Length);
        long[] data = Enumerable.Range(0, 60).Select(_ => (long)random.Next(modulo)).ToArray();
        Tensor<long> xl = Tensor.FromArray(data, 3, 4, 5);
        Tensor<T> xt = Tensor.FromArray(data.Select(from).ToArray(), 3, 4, 5);
        Tensor<long> ids = Tensor.FromArray(new long[] { 2, 0, -1, 2 }, 2, 2);
        Tensor<int> ids32 = Tensor.FromArray(new[] { 1, 1, 0 });
        Tensor<long> along = Tensor.FromArray(Enumerable.Range(0, 30).Select(i => (long)(i % 4)).ToArray(), 3, 2, 5);
        Tensor<bool> mask = Tensor.FromArray(Enumerable.Range(0, 12).Select(i => i % 3 == 1).ToArray(), 3, 4);

        void Same(Tensor<long> expected, Tensor<T> actual)
        {
            Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
            Assert.Equal(expected.ToArray(), actual.ToArray().Select(to).ToArray());
        }

        Same(Tensor.Concatenate([xl, xl[.., 1..3]], 1), Tensor.Concatenate([xt, xt[.., 1..3]], 1));
        Same(Tensor.Concatenate([xl.Transpose(), xl.Transpose()], null), Tensor.Concatenate([xt.Transpose(), xt.Transpose()], null));
        Same(Tensor.Stack([xl, xl], -1), Tensor.Stack([xt, xt], -1));
        Same(Tensor.ArraySplit(xl, 3, 2)[1], Tensor.ArraySplit(xt, 3, 2)[1]);
        Same(Tensor.Tile(xl, 2, 1, 1, 2), Tensor.Tile(xt, 2, 1, 1, 2));
        Same(Tensor.Repeat(xl, [1, 0, 2, 1], 1), Tensor.Repeat(xt, [1, 0, 2, 1], 1));
        Same(Tensor.Repeat(xl, 3, -1), Tensor.Repeat(xt, 3, -1));
        Same(Tensor.Roll(xl, [1, -2], [0, 2]), Tensor.Roll(xt, [1, -2], [0, 2]));
        Same(Tensor.Flip(xl, 1), Tensor.Flip(xt, 1));
        Same(Tensor.Pad(xl, [(1, 0), (0, 2), (3, 1)], PadMode.Reflect), Tensor.Pad(xt, [(1, 0), (0, 2), (3, 1)], PadMode.Reflect));
        Same(Tensor.Pad(xl, [(1, 2)], PadMode.Edge), Tensor.Pad(xt, [(1, 2)], PadMode.Edge));
        Same(Tensor.Pad(xl, [(1, 2)], PadMode.Constant, 1), Tensor.Pad(xt, [(1, 2)], PadMode.Constant, from(1)));
        Same(Tensor.Tril(xl, -1), Tensor.Tril(xt, -1));
        Same(Tensor.Triu(xl.Transpose(), 1), Tensor.Triu(xt.Transpose(), 1));
        Same(Tensor.Take(xl, ids, 1), Tensor.Take(xt, ids, 1));
        Same(Tensor.Take(xl, ids32), Tensor.Take(xt, ids32));
        Same(Tensor.TakeAlongAxis(xl, along, 1), Tensor.TakeAlongAxis(xt, along, 1));
        Same(Tensor.Gather(xl, 1, along), Tensor.Gather(xt, 1, along));
        Same(Tensor.IndexSelect(xl, 2, ids32), Tensor.IndexSelect(xt, 2, ids32));
        Same(Functional.Embedding(ids32, xl[0]), Functional.Embedding(ids32, xt[0]));
        Same(xl[ids, TensorIndex.All, ids32[..2]], xt[ids, TensorIndex.All, ids32[..2]]);
        Same(xl[mask], xt[mask]);
        Assert.Equal(Tensor.ArgWhere(xl).ToArray(), Tensor.ArgWhere(xt).ToArray());

        Tensor<long> yl = xl.Copy();
        Tensor<T> yt = xt.Copy();
        yl[TensorIndex.Ellipsis, ids32] = xl[.., .., ..3];
        yt[TensorIndex.Ellipsis, ids32] = xt[.., .., ..3];
        Tensor.PutAlongAxis(yl, along, xl[.., ..2], 1);
        Tensor.PutAlongAxis(yt, along, xt[.., ..2], 1);
        Same(yl, yt);
    }
}
