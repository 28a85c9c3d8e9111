// The namespaces most of the library's files use, imported once for the whole project.
global using System.Numerics;
global using Batchwise.Shapes;
