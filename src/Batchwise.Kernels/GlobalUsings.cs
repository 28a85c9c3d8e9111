// The System namespaces nearly every kernel file uses, imported once for the whole project.
global using System.Diagnostics;
global using System.Numerics;
global using System.Runtime.CompilerServices;
global using System.Runtime.InteropServices;
global using System.Runtime.Intrinsics;
global using System.Runtime.Intrinsics.X86;
