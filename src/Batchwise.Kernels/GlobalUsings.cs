// The System namespaces nearly every kernel file uses, imported once for the whole project.
global using System.Diagnostics;
global using System.Numerics;
global using System.Runtime.CompilerServices;
global using System.Runtime.InteropServices;
global using System.Runtime.Intrinsics;
global using System.Runtime.Intrinsics.X86;

// The widening lanes of each register width, for the float sums that accumulate in double.
global using Widening128 = Batchwise.Kernels.Reduction.WideningLanes<System.Runtime.Intrinsics.Vector128<float>, System.Runtime.Intrinsics.Vector128<double>,
    Batchwise.Kernels.Isa.Vector128Ops<float>, Batchwise.Kernels.Isa.Vector128Ops<double>>;
global using Widening256 = Batchwise.Kernels.Reduction.WideningLanes<System.Runtime.Intrinsics.Vector256<float>, System.Runtime.Intrinsics.Vector256<double>,
    Batchwise.Kernels.Isa.Vector256Ops<float>, Batchwise.Kernels.Isa.Vector256Ops<double>>;
global using Widening512 = Batchwise.Kernels.Reduction.WideningLanes<System.Runtime.Intrinsics.Vector512<float>, System.Runtime.Intrinsics.Vector512<double>,
    Batchwise.Kernels.Isa.Vector512Ops<float>, Batchwise.Kernels.Isa.Vector512Ops<double>>;
